import CKernels
import Testing
import Autograd

/// A first layer's product skipping the zero pixels of its input (`CKernels/sparse_template.h`) adds
/// the other terms in the dense kernel's order and chunks, so it gives the same bits.
@Suite struct SparseProductTests {
    /// A [m, k] matrix with about `share` of its entries nonzero (some zeros negative: -0.0), and
    /// some rows entirely zero or entirely nonzero.
    static func mostlyZero(_ m: Int, _ k: Int, share: Double, using rng: inout SeededGenerator) -> [Float] {
        let values = Tensor.randn([m, k], using: &rng).data
        return values.indices.map { i in
            let row = i / k
            if row % 7 == 3 { return 0 }
            if row % 11 == 5 { return values[i] }
            let keep = Double(UInt64.random(in: 0..<1_000_000, using: &rng)) / 1_000_000 < share
            return keep ? values[i] : (i % 5 == 0 ? -0.0 : 0)
        }
    }

    /// Forced on and off, on every kernel this CPU runs, for Z = X·W and ∂W = Xᵀ·∂Z, over shapes
    /// with one and several chunks of K (K > 256), columns not a multiple of 16 and wider than a
    /// block of registers, C written (beta 0) and added to (beta 1).
    @Test(arguments: ["avx512", "avx2", "generic"])
    func skippingZerosGivesTheSameBits(isa: String) throws {
        guard lf_sgemm_force_isa(isa) == 1 else { return }      // this CPU cannot run it
        defer { lf_sgemm_force_isa(nil); lf_sgemm_force_sparse(-1) }
        var rng = SeededGenerator(seed: 21)
        for (rows, n, pixels) in [(256, 100, 784), (10, 100, 784), (1, 16, 784), (33, 50, 513), (7, 400, 300), (300, 17, 256), (128, 136, 784), (3, 31, 20)] {
            for share in [0.0, 0.1, 0.25, 0.6, 1.0] {
                let x = Self.mostlyZero(rows, pixels, share: share, using: &rng)
                for transposed in [false, true] {                // Z = X·W: M rows, K pixels; ∂W = Xᵀ·∂Z: M pixels, K rows
                    let (m, k) = transposed ? (pixels, rows) : (rows, pixels)
                    let b = Tensor.randn([k, n], using: &rng).data, start = Tensor.randn([m, n], using: &rng).data
                    for beta: Float in [0, 1] {
                        let products = [0, 1].map { sparse in
                            lf_sgemm_force_sparse(Int32(sparse))
                            var c = start
                            lf_sgemm(transposed ? 1 : 0, 0, Int32(m), Int32(n), Int32(k), 1, x, Int32(pixels), b, Int32(n), beta, &c, Int32(n))
                            return c.map(\.bitPattern)
                        }
                        let differing = zip(products[0], products[1]).filter { $0 != $1 }.count
                        #expect(differing == 0, "\(isa) \(m)×\(n)×\(k) transposed \(transposed) share \(share) beta \(beta): \(differing) of \(m * n) differ")
                    }
                }
            }
        }
    }

    /// The automatic choice: a first layer's output and weight gradient on a mostly-zero batch are
    /// the dense kernel's bits, and so are they on a dense batch (which the count sends to it) —
    /// on every call, while the shape's two ways are being timed and after.
    @Test func theAutomaticChoiceGivesTheSameBits() {
        defer { lf_sgemm_force_sparse(-1) }
        var rng = SeededGenerator(seed: 22)
        for share in [0.2, 0.9] {
            let x = Tensor(shape: [64, 784], data: Self.mostlyZero(64, 784, share: share, using: &rng))
            let w = Tensor(shape: [784, 100], data: Tensor.randn([784, 100], using: &rng).data, requiresGrad: true)
            let bias = Tensor.randn([100], using: &rng)
            for call in 0..<14 {
                let results = [-1, 0].map { choice in
                    lf_sgemm_force_sparse(Int32(choice))
                    w.zeroGrad()
                    let y = x.linear(w, bias, relu: true)
                    y.sum().backward()
                    return (y.data.map(\.bitPattern), w.grad!.map(\.bitPattern))
                }
                #expect(results[0].0 == results[1].0, "share \(share), call \(call): Z")
                #expect(results[0].1 == results[1].1, "share \(share), call \(call): ∂W")
            }
        }
    }

    /// The choice is measured per shape: during its first 10 calls a shape is being timed; then a
    /// batch with 2% of its pixels nonzero skips the zeros (50× fewer terms: faster on any core,
    /// counting included) and one with 60% never does (past the 30% that may); both ways forward
    /// (Z = X·W) and backward (∂W = Xᵀ·∂Z). Shapes no other test uses: the record is per thread.
    @Test func eachShapesChoiceIsMeasured() {
        var rng = SeededGenerator(seed: 23)
        for (rows, share, expected) in [(67, 0.02, Int32(1)), (69, 0.6, Int32(0))] {
            let x: [Float] = (0..<rows * 784).map { _ in Double(UInt64.random(in: 0..<1000, using: &rng)) < share * 1000 ? 0.5 : 0 }
            let w = Tensor.randn([784, 72], using: &rng).data, dz = Tensor.randn([rows, 72], using: &rng).data
            for call in 0..<12 {
                var z = [Float](repeating: 0, count: rows * 72), dw = [Float](repeating: 0, count: 784 * 72)
                lf_sgemm(0, 0, Int32(rows), 72, 784, 1, x, 784, w, 72, 0, &z, 72)
                lf_sgemm(1, 0, 784, 72, Int32(rows), 1, x, 784, dz, 72, 0, &dw, 72)
                let measured = call >= 9
                #expect(lf_sgemm_sparse_trial(0, Int32(rows), 72, 784) == (measured ? expected : -1), "Z, \(rows) rows, call \(call)")
                #expect(lf_sgemm_sparse_trial(1, 784, 72, Int32(rows)) == (measured ? expected : -1), "∂W, \(rows) rows, call \(call)")
            }
        }
    }
}
