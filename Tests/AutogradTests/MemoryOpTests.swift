import Autograd
import CKernels
import Testing

/// The memory network's ops (C kernels with sixteen- or eight-wide lanes, four sums in flight, and a
/// last block that overlaps the one before it) against the plain loops they replace, bit for bit:
/// every sum from 0 in order, each term a product then a sum. Each copy the CPU can run (AVX-512,
/// AVX2, the baseline) is checked, forced in turn.
@Suite("Memory-network ops: the plain loops' bits")
struct MemoryOpTests {
    /// The kernels' copies this CPU runs, forced one at a time around `body`.
    static func forEachCopy(_ body: (String) -> Void) {
        for isa in ["avx512", "avx2", "generic"] where lf_lanes_force_isa(isa) == 1 {
            body(isa)
            lf_lanes_force_isa(nil)
        }
    }

    static func random(_ count: Int, _ rng: inout SeededGenerator) -> [Float] { (0..<count).map { _ in rng.uniform(-1, 1) } }

    /// C_e = A_e·op(B_e), ∂A and ∂op(B) for the upstream gradient w, by the triple loop.
    static func plainProducts(_ a: [Float], _ b: [Float], _ w: [Float], batch: Int, m: Int, k: Int, n: Int, transposeB: Bool)
        -> (c: [Float], da: [Float], db: [Float]) {
        func bIndex(_ e: Int, _ p: Int, _ j: Int) -> Int { transposeB ? e * n * k + j * k + p : e * k * n + p * n + j }
        var (c, da, db) = ([Float](repeating: 0, count: batch * m * n), [Float](repeating: 0, count: a.count), [Float](repeating: 0, count: b.count))
        for e in 0..<batch {
            for i in 0..<m { for j in 0..<n {
                var s: Float = 0
                for p in 0..<k { s += a[e * m * k + i * k + p] * b[bIndex(e, p, j)] }
                c[e * m * n + i * n + j] = s
            } }
            for i in 0..<m { for p in 0..<k {
                var s: Float = 0
                for j in 0..<n { s += w[e * m * n + i * n + j] * b[bIndex(e, p, j)] }
                da[e * m * k + i * k + p] = s
            } }
            for p in 0..<k { for j in 0..<n {
                var s: Float = 0
                for i in 0..<m { s += a[e * m * k + i * k + p] * w[e * m * n + i * n + j] }
                db[bIndex(e, p, j)] = s
            } }
        }
        return (c, da, db)
    }

    @Test(arguments: [(1, 1, 1), (3, 5, 1), (7, 9, 1), (8, 1, 8), (13, 50, 1), (1, 20, 50), (1, 50, 33),
                      (41, 4, 41), (50, 1, 50), (50, 50, 1), (9, 7, 12), (33, 3, 6),
                      (1, 12, 16), (16, 5, 1), (1, 9, 17), (31, 2, 1), (1, 3, 64), (70, 6, 1),
                      (22, 50, 1), (1, 22, 50), (37, 19, 1), (1, 17, 37)])
    func batchedMatmulIsTheTripleLoop(shape: (Int, Int, Int)) {
        let (m, k, n) = shape, batch = 3
        Self.forEachCopy { isa in for transposeB in [false, true] {
            var rng = SeededGenerator(seed: UInt64(m * 10_000 + k * 100 + n))
            let (a, b, w) = (Self.random(batch * m * k, &rng), Self.random(batch * k * n, &rng), Self.random(batch * m * n, &rng))
            let ta = Tensor(shape: [batch, m, k], data: a, requiresGrad: true)
            let tb = Tensor(shape: transposeB ? [batch, n, k] : [batch, k, n], data: b, requiresGrad: true)
            let c = ta.batchedMatmul(tb, transposeB: transposeB)
            (c * Tensor(shape: [batch, m, n], data: w)).sum().backward()
            let plain = Self.plainProducts(a, b, w, batch: batch, m: m, k: k, n: n, transposeB: transposeB)
            #expect(c.data == plain.c, "C, \(shape), transposeB \(transposeB), \(isa)")
            #expect(ta.grad == plain.da, "∂A, \(shape), transposeB \(transposeB), \(isa)")
            #expect(tb.grad == plain.db, "∂B, \(shape), transposeB \(transposeB), \(isa)")
        } }
    }

    @Test func aSecondUseAddsToTheGradient() {
        var rng = SeededGenerator(seed: 7)
        let a = Tensor(shape: [2, 11, 9], data: Self.random(198, &rng), requiresGrad: true)
        let b = Tensor(shape: [2, 9, 1], data: Self.random(18, &rng))
        (a.batchedMatmul(b).sum() + a.batchedMatmul(b).sum()).backward()
        let once = Tensor(shape: [2, 11, 9], data: a.data, requiresGrad: true)
        once.batchedMatmul(b).sum().backward()
        #expect(a.grad == once.grad!.map { $0 + $0 })
    }

    @Test(arguments: [3, 8, 10, 16, 20, 50, 70])
    func bagOfWordsIsThePlainLoop(d: Int) { Self.forEachCopy { isa in
        var rng = SeededGenerator(seed: UInt64(d))
        let (vocabulary, words) = (9, 4)
        let ids: [Int32] = [4, 1, 1, 2, 0, 0, 0, 0, 3, 0, 0, 0, 8, 7, 6, 5, 2, 0, 0, 0]    // 4 words (1 twice), none, 1, 4, 1
        let weights = (0...words).map { _ in Self.random(words * d, &rng) }
        let table = Self.random(vocabulary * d, &rng), g = Self.random(5 * d, &rng)
        let t = Tensor(shape: [vocabulary, d], data: table, requiresGrad: true)
        let out = t.bagOfWords(ids, words: words, weights: weights)
        (out * Tensor(shape: [5, d], data: g)).sum().backward()
        var (plainOut, plainGrad) = ([Float](repeating: 0, count: 5 * d), [Float](repeating: 0, count: vocabulary * d))
        for s in 0..<5 {
            let sentence = ids[(s * words)..<((s + 1) * words)].filter { $0 != 0 }.map(Int.init)
            let w = weights[sentence.count]
            for (j, id) in sentence.enumerated() {
                for x in 0..<d {
                    plainOut[s * d + x] += w[j * d + x] * table[id * d + x]
                    plainGrad[id * d + x] += w[j * d + x] * g[s * d + x]
                }
            }
        }
        #expect(out.data == plainOut, "d \(d), \(isa)")
        #expect(t.grad == plainGrad, "d \(d), \(isa)")
    } }
}
