import CKernels

extension Tensor {
    /// Matrix product of `[M, K]` and `[K, N]` → `[M, N]`, on the packed SIMD GEMM in CKernels.
    ///
    ///     C = A·B      ∂A = ∂C·Bᵀ      ∂B = Aᵀ·∂C
    ///
    /// `transposeA` / `transposeB` multiply by Aᵀ or Bᵀ without copying (A stored `[K, M]`, B `[N, K]`).
    public func matmul(_ b: Tensor, transposeA: Bool = false, transposeB: Bool = false) -> Tensor {
        let a = self
        precondition(a.rank == 2 && b.rank == 2, "matmul needs two matrices, got \(a.shape) and \(b.shape)")
        let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
        let (k2, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
        precondition(k == k2, "matmul: inner sizes differ, \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let out = [Float](unsafeUninitializedCapacity: m * n) { buffer, filled in   // beta 0: C is only written
            gemm(transposeA, transposeB, m, n, k, a.data, a.shape[1], b.data, b.shape[1], 0, buffer, n)
            filled = m * n
        }
        return Tensor(shape: [m, n], data: out, parents: [a, b]) { c in
            let g = c.grad!
            if a.requiresGrad {        // ∂A (or ∂Aᵀ) accumulates into a's own layout (β = 0: the first write)
                a.accumulateGrad { dst, first in
                    if transposeA {    // a is [K, M]: ∂a = op(B)·∂Cᵀ
                        gemm(transposeB, true, k, m, n, b.data, b.shape[1], g, n, first ? 0 : 1, dst, m)
                    } else {           // ∂a = ∂C·op(B)ᵀ
                        gemm(false, !transposeB, m, k, n, g, n, b.data, b.shape[1], first ? 0 : 1, dst, k)
                    }
                }
            }
            if b.requiresGrad {
                b.accumulateGrad { dst, first in
                    if transposeB {    // b is [N, K]: ∂b = ∂Cᵀ·op(A)
                        gemm(true, transposeA, n, k, m, g, n, a.data, a.shape[1], first ? 0 : 1, dst, k)
                    } else {           // ∂b = op(A)ᵀ·∂C
                        gemm(!transposeA, false, k, n, m, a.data, a.shape[1], g, n, first ? 0 : 1, dst, n)
                    }
                }
            }
        }
    }
}

extension Tensor {
    /// A linear layer's affine map, `[M, K]` · `[K, N]` plus a bias row `[N]` → `[M, N]`, and with
    /// `relu` its ReLU too:
    ///
    ///     Z = X·W + 1·bᵀ      ∂X = ∂Z·Wᵀ      ∂W = Xᵀ·∂Z      ∂b = Σ_rows ∂Z
    ///     Y = max(Z, 0)       ∂Z = ∂Y where Y > 0, else 0
    ///
    /// The same products and sums as `x.matmul(w) + b` (then `.relu()`), bit for bit, as one op: the
    /// bias (and the ReLU) applied where the product left its output: no second `[M, N]` buffer, no
    /// node in between.
    public func linear(_ w: Tensor, _ b: Tensor, relu: Bool = false) -> Tensor {
        let x = self
        precondition(x.rank == 2 && w.rank == 2 && b.shape == [w.shape[1]], "linear needs [M, K]·[K, N] + [N], got \(x.shape)·\(w.shape) + \(b.shape)")
        let (m, k, n) = (x.shape[0], x.shape[1], w.shape[1])
        precondition(k == w.shape[0], "linear: inner sizes differ, \(x.shape) · \(w.shape)")
        let out = [Float](unsafeUninitializedCapacity: m * n) { buffer, filled in
            gemm(false, false, m, n, k, x.data, k, w.data, n, 0, buffer, n)
            b.data.withUnsafeBufferPointer { (relu ? lf_add_row_relu_in_place : lf_add_row_in_place)(m, n, buffer.baseAddress, $0.baseAddress) }
            filled = m * n
        }
        return Tensor(shape: [m, n], data: out, parents: [x, w, b]) { y in
            let g = relu ? [Float](unsafeUninitializedCapacity: m * n) { gz, filled in       // ∂Z: ∂Y gated
                y.data.withUnsafeBufferPointer { yv in y.grad!.withUnsafeBufferPointer { lf_relu_gate(m * n, yv.baseAddress, $0.baseAddress, gz.baseAddress) } }
                filled = m * n
            } : y.grad!
            b.accumulateGrad { db in g.withUnsafeBufferPointer { lf_sum_rows(m, n, $0.baseAddress, db.baseAddress) } }
            x.accumulateGrad { dst, first in gemm(false, true, m, k, n, g, n, w.data, n, first ? 0 : 1, dst, k) }
            w.accumulateGrad { dst, first in gemm(true, false, k, n, m, x.data, k, g, n, first ? 0 : 1, dst, n) }
        }
    }
}

/// C = op(A)·op(B) + beta·C on Swift arrays (row-major, leading dimensions given).
@inline(__always)
func gemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ lda: Int,
          _ b: [Float], _ ldb: Int, _ beta: Float, _ c: UnsafeMutableBufferPointer<Float>, _ ldc: Int) {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            lf_sgemm(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a.baseAddress, Int32(lda),
                     b.baseAddress, Int32(ldb), beta, c.baseAddress, Int32(ldc))
        }
    }
}

@inline(__always)
func gemm(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ lda: Int,
          _ b: [Float], _ ldb: Int, _ beta: Float, _ c: inout [Float], _ ldc: Int) {
    c.withUnsafeMutableBufferPointer { gemm(ta, tb, m, n, k, a, lda, b, ldb, beta, $0, ldc) }
}

/// The GEMM kernel in use on this CPU ("avx512", "avx2" or "generic").
public var gemmKernelName: String { String(cString: lf_sgemm_isa()) }
