import Autograd
import Testing

@Suite("Seeded generator")
struct GeneratorTests {
    @Test func sameSeedSameStreamOtherSeedOtherStream() {
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let xa = (0..<100).map { _ in a.next() }
        #expect(xa == (0..<100).map { _ in b.next() })
        #expect(xa != (0..<100).map { _ in c.next() })
    }

    /// Pins the algorithm: if xoshiro256** or SplitMix64 seeding ever changes, every stored
    /// result would silently change with it. (First outputs for seed 0, computed independently.)
    @Test func streamIsXoshiro256StarStarSeededBySplitMix64() {
        var g = SeededGenerator(seed: 0)
        #expect((0..<3).map { _ in g.next() } == Reference.seedZero)
    }

    @Test func drawsStayInRangeAndLookUniform() {
        var g = SeededGenerator(seed: 1)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let f = g.nextFloat()
            #expect(f >= 0 && f < 1)
            counts[g.int(below: 10)] += 1
        }
        #expect(counts.allSatisfy { abs($0 - 10_000) < 500 })
    }

    @Test func normalHasMeanZeroAndUnitVariance() {
        var g = SeededGenerator(seed: 2)
        let xs = (0..<200_000).map { _ in Double(g.normal()) }
        let mean = xs.reduce(0, +) / Double(xs.count)
        let variance = xs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(xs.count)
        #expect(abs(mean) < 0.01 && abs(variance - 1) < 0.01)
    }

    @Test func permutationIsAPermutation() {
        var g = SeededGenerator(seed: 3)
        let p = g.permutation(1000)
        #expect(p.sorted() == Array(0..<1000) && p != Array(0..<1000))
    }

    @Test func forksAreDeterministicAndDistinct() {
        var a = SeededGenerator(seed: 9), b = SeededGenerator(seed: 9), c = SeededGenerator(seed: 9)
        var fa = a.fork(1), fb = b.fork(1), fc = c.fork(2)
        let first = fa.next()
        #expect(first == fb.next())          // same parent, same label: same stream
        #expect(first != fc.next())          // another label: another stream
    }
}

enum Reference {
    /// xoshiro256** outputs for the state SplitMix64(0) gives, from the published reference C code
    /// (transcribed to Python to compute them).
    static let seedZero: [UInt64] = [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0]
}
