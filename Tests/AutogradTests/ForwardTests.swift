import Autograd
import CKernels
import Foundation
import Testing

@Suite("Forward values")
struct ForwardTests {
    @Test func broadcastingMatchesNumPy() {
        let a = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect((a + Tensor(shape: [3], data: [10, 20, 30])).data == [11, 22, 33, 14, 25, 36])
        #expect((a * Tensor(shape: [2, 1], data: [2, -1])).data == [2, 4, 6, -4, -5, -6])
        let outer = Tensor(shape: [3, 1], data: [1, 2, 3]) - Tensor(shape: [1, 2], data: [1, 10])
        #expect(outer.shape == [3, 2] && outer.data == [0, -9, 1, -8, 2, -7])
        #expect((Tensor(shape: [4, 1, 3], data: Array(repeating: 1, count: 12)) * Tensor.ones([2, 1])).shape == [4, 2, 3])
    }

    @Test func softmaxIsStableForHugeLogits() {
        let x = Tensor(shape: [1, 3], data: [1000, 1001, -1000])
        let p = x.softmax()
        #expect(p.data.allSatisfy { $0.isFinite })
        let total: Float = p.data.reduce(0, +)
        #expect(abs(total - 1) < 1e-6)
        let logP = x.logSoftmax()
        #expect(abs(logP.data[1] - (-0.31326166)) < 1e-4)     // Float32 spacing near 1000 is 6e-5
        #expect(logP.data[2] == -2001.3132)
    }

    @Test func sigmoidIsTheTwoWayFormulaBitForBitWithoutOverflow() {
        // The formula the C loop replaced: a branch on the sign, each way through libm's expf.
        func twoWay(_ x: Float) -> Float { x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x)) }
        var rng = SeededGenerator(seed: 3)
        var xs: [Float] = [0, -0.0, 1e-40, -1e-40, 88, -88, 89, -104, -110, 1e30, -1e30, .infinity, -.infinity, .greatestFiniteMagnitude]
        xs += (0..<20_000).map { _ in Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng)) }.filter { !$0.isNaN }
        xs += (0..<20_000).map { _ in Float.random(in: -20...20, using: &rng) }
        let x = Tensor(shape: [xs.count], data: xs, requiresGrad: true)
        let y = x.sigmoid()
        #expect(zip(xs, y.data).allSatisfy { twoWay($0).bitPattern == $1.bitPattern })
        #expect(y.data.allSatisfy { (0...1).contains($0) })
        #expect(withNoGrad { x.sigmoid() }.data.map(\.bitPattern) == y.data.map(\.bitPattern))
        y.sum().backward()
        #expect(zip(x.grad!, y.data).allSatisfy { $0.bitPattern == ($1 * (1 - $1)).bitPattern }, "∂x = σ(1 − σ)")
        #expect(Tensor(shape: [1], data: [.nan]).sigmoid().item.isNaN)
    }

    /// sum(axis:) keeps each sum in a register, its gradient written when it is the first: the bits
    /// of the loops it replaced, which added into zeros (0 + −0 is +0).
    @Test func sumAlongAnAxisHasTheBitsOfAddingIntoZeros() {
        var rng = SeededGenerator(seed: 5)
        let values = (0..<(3 * 5 * 4)).map { i in i % 7 == 0 ? -0.0 : rng.uniform(-3, 3) }
        for (axis, (outer, n, inner)) in [(1, 3, 20), (3, 5, 4), (15, 4, 1)].enumerated() {
            let x = Tensor(shape: [3, 5, 4], data: values, requiresGrad: true)
            var expected = [Float](repeating: 0, count: outer * inner)
            for o in 0..<outer { for i in 0..<n { for j in 0..<inner { expected[o * inner + j] += values[(o * n + i) * inner + j] } } }
            let y = x.sum(axis: axis)
            #expect(y.data.map(\.bitPattern) == expected.map(\.bitPattern))
            let c = Tensor(shape: y.shape, data: (0..<y.count).map { $0 % 2 == 0 ? -0.0 : Float($0) })
            (y * c).sum().backward()                                  // ∂y = c: −0 for half of y
            let written = x.grad!
            x.grad = [Float](repeating: 0, count: x.count)            // added into zeros instead
            (x.sum(axis: axis) * c).sum().backward()
            #expect(zip(written, x.grad!).allSatisfy { $0.bitPattern == $1.bitPattern })
            #expect(written.allSatisfy { $0 != 0 || $0.sign == .plus }, "0 + (−0) is +0")
        }
        #expect(Tensor(shape: [1, 3], data: [-0.0, -0.0, -0.0]).sum(axis: 1).item.sign == .plus)
    }

    /// softmax along contiguous rows runs in C; along a strided axis, the Swift loops: the same
    /// operations, so the same bits, forward and backward (here on a matrix and its transpose).
    @Test func softmaxAlongRowsHasTheBitsOfTheGeneralLoops() {
        var rng = SeededGenerator(seed: 6)
        let (rows, n) = (7, 50)
        let values = (0..<(rows * n)).map { i in i % 13 == 0 ? -Float.infinity : i % 17 == 0 ? rng.uniform(-80, 80) : rng.uniform(-4, 4) }
        let weights = (0..<(rows * n)).map { _ in rng.uniform(-1, 1) }
        let x = Tensor(shape: [rows, n], data: values, requiresGrad: true)
        let y = x.softmax(axis: -1)
        (y * Tensor(shape: [rows, n], data: weights)).sum().backward()
        let t = Tensor(shape: [n, rows], data: (0..<(rows * n)).map { k in values[(k % rows) * n + k / rows] }, requiresGrad: true)
        let yt = t.softmax(axis: 0)                                   // the same rows, as columns
        (yt * Tensor(shape: [n, rows], data: (0..<(rows * n)).map { k in weights[(k % rows) * n + k / rows] })).sum().backward()
        for r in 0..<rows {
            for j in 0..<n {
                #expect(y.data[r * n + j].bitPattern == yt.data[j * rows + r].bitPattern)
                #expect(x.grad![r * n + j].bitPattern == t.grad![j * rows + r].bitPattern)
            }
        }
    }

    @Test func sumAccumulatesInDoublePrecision() {
        let x = Tensor.full([1_000_000], 0.1)
        #expect(abs(x.sum().item - 100_000) < 0.01)
    }

    @Test func reductionsAndArgmax() {
        let x = Tensor(shape: [2, 3], data: [1, 5, 2, 7, 0, 7])
        #expect(x.sum(axis: 0).data == [8, 5, 9])
        #expect(zip(x.mean(axis: 1).data, [8.0 / 3, 14.0 / 3]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(x.argmax(axis: 1) == [1, 0])          // first of a tie
        #expect(x.max(axis: 0).data == [7, 5, 7])
    }

    @Test func shapeOps() {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(x.transposed().data == [1, 4, 2, 5, 3, 6])
        #expect(x.slice(axis: 1, 1..<3).data == [2, 3, 5, 6])
        #expect(x.gatherRows([1, 1, 0]).data == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        #expect(Tensor.concat([x, x], axis: 1).data == [1, 2, 3, 1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(x.embedding([1, 0], shape: [2]).shape == [2, 3])
    }

    @Test func dropoutKeepsTheExpectedValueAndIsOffInEvaluation() {
        var rng = SeededGenerator(seed: 3)
        let x = Tensor.ones([100_000])
        let y = x.dropout(0.3, training: true, using: &rng)
        let zeros = y.data.filter { $0 == 0 }.count
        #expect(abs(Double(zeros) / 100_000 - 0.3) < 0.01)
        let mean: Float = y.data.reduce(0, +) / 100_000
        #expect(abs(mean - 1) < 0.02)
        #expect(x.dropout(0.3, training: false, using: &rng) === x)
    }

    /// Every kernel this CPU can run, on shapes with edges in every direction, against a naive loop.
    @Test(arguments: ["avx512", "avx2", "generic"])
    func gemmMatchesNaiveProduct(isa: String) throws {
        guard lf_sgemm_force_isa(isa) == 1 else { return }      // this CPU cannot run it
        defer { lf_sgemm_force_isa(nil) }
        var rng = SeededGenerator(seed: 11)
        for (m, n, k) in [(1, 1, 1), (7, 3, 300), (33, 17, 513), (128, 50, 784), (784, 50, 128), (50, 10, 128), (64, 100, 784), (11, 112, 50), (20, 1100, 300), (5, 0, 3), (4, 4, 0)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.randn(ta ? [k, m] : [m, k], using: &rng)
                let b = Tensor.randn(tb ? [n, k] : [k, n], using: &rng)
                let c = a.matmul(b, transposeA: ta, transposeB: tb)
                var worst: Double = 0
                for i in 0..<m { for j in 0..<n {
                    var acc: Double = 0
                    for p in 0..<k {
                        acc += Double(ta ? a.data[p * m + i] : a.data[i * k + p]) * Double(tb ? b.data[j * k + p] : b.data[p * n + j])
                    }
                    worst = max(worst, abs(acc - Double(c.data[i * n + j])))
                } }
                #expect(worst < 1e-3 * Double(max(k, 1)).squareRoot(), "\(isa) \(m)×\(n)×\(k) ta=\(ta) tb=\(tb): error \(worst)")
            }
        }
    }
}

extension ForwardTests {
    /// The AVX-512 and AVX2 kernels (different tiles, panels and padding; both with FMA; AVX-512
    /// reading full panels of a row-major B in place, AVX2 packing them) take every sum in the same
    /// order, so a lesson's results are the same bits on either kind of CPU.
    @Test func theAVXKernelsGiveTheSameBits() throws {
        guard lf_sgemm_force_isa("avx512") == 1 else { return }      // this CPU has only one of them
        defer { lf_sgemm_force_isa(nil) }
        var rng = SeededGenerator(seed: 12)
        for (m, n, k) in [(128, 100, 784), (784, 100, 128), (64, 10, 100), (130, 17, 513), (3, 50, 7), (20, 1100, 300)] {
            for (ta, tb) in [(false, false), (true, false), (false, true)] {
                let a = Tensor.randn(ta ? [k, m] : [m, k], using: &rng), b = Tensor.randn(tb ? [n, k] : [k, n], using: &rng)
                let wide = a.matmul(b, transposeA: ta, transposeB: tb).data
                #expect(lf_sgemm_force_isa("avx2") == 1)
                let narrow = a.matmul(b, transposeA: ta, transposeB: tb).data
                _ = lf_sgemm_force_isa("avx512")
                #expect(wide.map(\.bitPattern) == narrow.map(\.bitPattern), "\(m)×\(n)×\(k) ta=\(ta) tb=\(tb)")
            }
        }
    }
}

extension ForwardTests {
    /// A product computed as given or turned (Cᵀ = op(B)ᵀ·op(A)ᵀ: transposing packs, C through a
    /// row-major copy) takes every element's sum in the same order, so the cost model's choice
    /// never changes a bit; a C read back (beta 1) is turned too.
    @Test(arguments: ["avx512", "avx2", "generic"])
    func bothLayoutsGiveTheSameBits(isa: String) throws {
        guard lf_sgemm_force_isa(isa) == 1 else { return }
        defer { lf_sgemm_force_isa(nil); lf_sgemm_force_layout(-1) }
        var rng = SeededGenerator(seed: 13)
        for (m, n, k) in [(128, 50, 784), (784, 50, 128), (128, 100, 784), (9, 13, 300), (130, 17, 513), (1, 50, 784), (50, 1, 7)] {
            for (ta, tb) in [(false, false), (true, false), (false, true), (true, true)] {
                let a = Tensor.randn(ta ? [k, m] : [m, k], using: &rng).data, b = Tensor.randn(tb ? [n, k] : [k, n], using: &rng).data
                let start = Tensor.randn([m, n], using: &rng).data
                let products = [0, 1].map { layout in
                    lf_sgemm_force_layout(Int32(layout))
                    var c = start
                    lf_sgemm(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a, Int32(ta ? m : k), b, Int32(tb ? k : n), 1, &c, Int32(n))
                    return c.map(\.bitPattern)
                }
                let differing = zip(products[0], products[1]).filter { $0 != $1 }.count
                #expect(differing == 0, "\(isa) \(m)×\(n)×\(k) ta=\(ta) tb=\(tb): \(differing) of \(m * n) differ")
                #expect(products[0] != start.map(\.bitPattern))
            }
        }
    }
}

extension ForwardTests {
    /// Each thread that multiplies keeps its scratch buffers (packed panels, a transposed C's copy)
    /// until it ends, and then they are freed: 200 threads that each multiply and end leave none
    /// behind. (Other tests' threads may hold some meanwhile, hence the margin; a leak leaves 200.)
    @Test func productScratchIsFreedWhenItsThreadEnds() {
        let before = lf_sgemm_scratch_threads()
        for _ in 0..<200 {
            var thread = pthread_t()
            let started = pthread_create(&thread, nil, { _ in
                let a = [Float](repeating: 1, count: 64 * 50), b = [Float](repeating: 1, count: 50 * 30)
                var c = [Float](repeating: 0, count: 64 * 30)
                lf_sgemm(0, 0, 64, 30, 50, 1, a, 50, b, 30, 0, &c, 30)
                return nil
            }, nil)
            #expect(started == 0)
            if started == 0 { pthread_join(thread, nil) }
        }
        #expect(lf_sgemm_scratch_threads() - before < 100)
    }

    /// Rows named for a next batch (`prefetchRows`) are asked for, line by line, by this thread's
    /// following products, which compute the same bits as without; a request past 4 MiB of rows
    /// keeps only its last 65,536 lines.
    @Test func rowsWantedSoonAreAskedForByTheNextProducts() {
        var rng = SeededGenerator(seed: 3)
        let set = Tensor.uniform([500, 784], 0, 1, using: &rng), w = Tensor.uniform([784, 50], -1, 1, using: &rng)
        let x = set.gatherRows(Array(0..<256))
        func drain() { for _ in 0..<20 where lf_prefetch_pending() > 0 { _ = x.matmul(w) } }
        drain()
        #expect(lf_prefetch_pending() == 0)
        let plain = x.matmul(w).data
        let rows = [7, 8, 250, 499]
        let lines = set.data.withUnsafeBufferPointer { p in
            rows.map { r -> Int in
                let start = Int(bitPattern: p.baseAddress! + r * 784), end = start + 784 * 4 - 1
                return end / 64 - start / 64 + 1
            }.reduce(0, +)
        }
        set.prefetchRows(rows)
        #expect(lf_prefetch_pending() == lines)
        #expect(x.matmul(w).data == plain)
        #expect(lf_prefetch_pending() == 0)
        set.prefetchRows(Array(repeating: 3, count: 2_000))            // ~100,000 lines
        #expect(lf_prefetch_pending() == 1 << 16)
        drain()
        #expect(lf_prefetch_pending() == 0)
    }
}

@Suite("Autograd mechanics")
struct AutogradMechanicsTests {
    @Test func gradientsAccumulateOverEveryUse() {
        let x = Tensor(shape: [2], data: [3, -1], requiresGrad: true)
        (x * x + x).sum().backward()
        #expect(x.grad == [7, -1])                          // 2x + 1
    }

    /// `linear` is `matmul` then `+ bias` (then `relu`) fused: the output and all three gradients
    /// are the same bits, on the digits network's shapes and on edges, whatever uses the input besides.
    @Test(arguments: [(128, 784, 100), (64, 50, 10), (7, 3, 5), (2000, 100, 100)], [false, true])
    func linearIsMatmulPlusBiasToTheBit(size: (m: Int, k: Int, n: Int), relu: Bool) {
        let (m, k, n) = size
        var rng = SeededGenerator(seed: UInt64(m * 7 + n))
        let (x0, w0, b0) = (Tensor.randn([m, k], using: &rng), Tensor.randn([k, n], using: &rng), Tensor.randn([n], using: &rng))
        func run(_ layer: (Tensor, Tensor, Tensor) -> Tensor) -> [[Float]] {
            let (x, w, b) = (Tensor(shape: x0.shape, data: x0.data, requiresGrad: true), Tensor(shape: w0.shape, data: w0.data, requiresGrad: true),
                             Tensor(shape: b0.shape, data: b0.data, requiresGrad: true))
            let y = layer(x, w, b)
            ((y * y).sum() + x.sum()).backward()              // x has a second use
            return [y.data, x.grad!, w.grad!, b.grad!]
        }
        let fused = run { $0.linear($1, $2, relu: relu) }
        #expect(fused == run { relu ? ($0.matmul($1) + $2).relu() : $0.matmul($1) + $2 })
        #expect(!relu || fused[0].contains(0) && fused[0].contains { $0 > 0 })   // the ReLU gates some entries
    }

    @Test func noGradRecordsNothing() {
        let x = Tensor.ones([3], requiresGrad: true)
        let y = withNoGrad { (x * 2).exp() }
        #expect(!y.requiresGrad)
        #expect(GradMode.isEnabled)
        #expect((x * 2).requiresGrad)
    }

    @Test func constantsGetNoGradient() {
        let x = Tensor.ones([3], requiresGrad: true), c = Tensor.ones([3])
        (x * c).sum().backward()
        #expect(c.grad == nil && x.grad == [1, 1, 1])
    }

    @Test func deepGraphsDoNotOverflowTheStack() {
        let x = Tensor(shape: [1], data: [1], requiresGrad: true)
        var y = x
        for _ in 0..<20_000 { y = y * 1.0001 }
        y.sum().backward()
        #expect(abs(x.grad![0] - powf(1.0001, 20_000)) < 1e-2)
    }
}

#if canImport(Glibc)
import Glibc
#endif
