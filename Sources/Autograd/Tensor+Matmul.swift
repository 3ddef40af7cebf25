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
