import Autograd
import Testing
import TestSupport

/// Gradient checks on shapes drawn at random: pairs that broadcast (size-1 axes, missing leading
/// axes, scalars) through every binary op, and random matmul sizes.
@Suite("Random shapes")
struct RandomShapeTests {
    /// A random shape of rank 0...3 with sizes 1...4, and a second shape that broadcasts with it.
    static func broadcastPair(_ rng: inout SeededGenerator) -> ([Int], [Int]) {
        let a = (0..<rng.int(below: 4)).map { _ in 1 + rng.int(below: 4) }
        var b = a.map { rng.int(below: 3) == 0 ? 1 : $0 }       // stretch some axes
        b.removeFirst(rng.int(below: b.count + 1))                 // drop some leading axes
        return rng.int(below: 2) == 0 ? (a, b) : (b, a)
    }

    @Test(arguments: 0..<25)
    func binaryOpsBroadcastAndDifferentiate(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(seed))
        let (sa, sb) = Self.broadcastPair(&rng)
        let ops: [(String, (Tensor, Tensor) -> Tensor)] = [("+", +), ("-", -), ("*", *), ("/", /)]
        for (name, op) in ops {
            let inputs = makeInputs([sa, sb], kind: .positive, seed: UInt64(seed * 7 + name.count))
            let result = gradientCheck(inputs) { op($0[0], $0[1]) }
            #expect(result.passed, "\(sa) \(name) \(sb): \(result)")
        }
    }

    @Test(arguments: 0..<10)
    func matmulOnRandomSizes(seed: Int) {
        var rng = SeededGenerator(seed: UInt64(100 + seed))
        let (m, n, k) = (1 + rng.int(below: 40), 1 + rng.int(below: 40), 1 + rng.int(below: 40))
        let ta = rng.int(below: 2) == 0, tb = rng.int(below: 2) == 0
        let inputs = makeInputs([ta ? [k, m] : [m, k], tb ? [n, k] : [k, n]], kind: .normal, seed: UInt64(seed))
        let result = gradientCheck(inputs) { $0[0].matmul($0[1], transposeA: ta, transposeB: tb) }
        #expect(result.passed, "\(m)×\(k)·\(k)×\(n) ta=\(ta) tb=\(tb): \(result)")
    }
}
