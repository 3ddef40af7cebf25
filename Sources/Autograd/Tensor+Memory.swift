import CKernels

/// The two ops a memory network needs beyond an MLP's: a sentence as a weighted bag of its
/// words' embeddings, and a matrix product per example (attention over memory slots).
extension Tensor {
    /// Sentence embeddings from this `[vocabulary, D]` table: row n of `ids` (`[N, L]`, word ids,
    /// 0 = padding, which adds nothing) becomes
    ///
    ///     out[n] = Σ_j  w(J, j) ∘ table[ids[n, j]]      ∂table[ids[n, j]] += w(J, j) ∘ ∂out[n]
    ///
    /// where J is the number of words in the sentence and `weights(J)` gives its J × D weights
    /// (all ones: a plain bag of words; MemN2N's position encoding otherwise). `weights` is
    /// `[L + 1][L · D]`, indexed by J.
    public func bagOfWords(_ ids: [Int32], words length: Int, weights: [[Float]]) -> Tensor {
        precondition(rank == 2, "an embedding table is [vocabulary, dimension]; shape is \(shape)")
        precondition(length > 0 && ids.count % length == 0, "\(ids.count) ids are not rows of \(length) words")
        precondition(weights.count == length + 1, "position weights for sentences of 0…\(length) words are needed")
        let (d, rows, vocabulary) = (shape[1], ids.count / length, shape[0])
        let counts = (0..<rows).map { n in (0..<length).reduce(0) { $0 + (ids[n * length + $1] != 0 ? 1 : 0) } }
        var out = [Float](repeating: 0, count: rows * d)
        for n in 0..<rows where counts[n] > 0 {
            let w = weights[counts[n]]
            var j = 0
            for slot in 0..<length where ids[n * length + slot] != 0 {
                let id = Int(ids[n * length + slot])
                precondition(id < vocabulary, "word id \(id) outside the vocabulary of \(vocabulary)")
                for k in 0..<d { out[n * d + k] += w[j * d + k] * data[id * d + k] }
                j += 1
            }
        }
        return Tensor(shape: [rows, d], data: out, parents: [self]) { result in
            let g = result.grad!
            self.accumulateGrad { dst in
                for n in 0..<rows where counts[n] > 0 {
                    let w = weights[counts[n]]
                    var j = 0
                    for slot in 0..<length where ids[n * length + slot] != 0 {
                        let id = Int(ids[n * length + slot])
                        for k in 0..<d { dst[id * d + k] += w[j * d + k] * g[n * d + k] }
                        j += 1
                    }
                }
            }
        }
    }

    /// One matrix product per example: `[B, M, K]` · `[B, K, N]` → `[B, M, N]` (with `transposeB`,
    /// the second is stored `[B, N, K]`).
    ///
    ///     C_b = A_b·B_b      ∂A_b = ∂C_b·B_bᵀ      ∂B_b = A_bᵀ·∂C_b
    public func batchedMatmul(_ b: Tensor, transposeB: Bool = false) -> Tensor {
        let a = self
        precondition(a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0], "batchedMatmul needs [B, M, K] and [B, K, N], got \(a.shape) and \(b.shape)")
        let (batch, m, k) = (a.shape[0], a.shape[1], a.shape[2])
        let n = transposeB ? b.shape[1] : b.shape[2]
        precondition((transposeB ? b.shape[2] : b.shape[1]) == k, "batchedMatmul: inner sizes differ, \(a.shape) · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let (aStride, bStride, cStride) = (m * k, k * n, m * n)
        var out = [Float](repeating: 0, count: batch * cStride)
        out.withUnsafeMutableBufferPointer { c in
            for e in 0..<batch {
                product(false, transposeB, m, n, k, a.data, e * aStride, k, b.data, e * bStride, b.shape[2], c.baseAddress! + e * cStride, n)
            }
        }
        return Tensor(shape: [batch, m, n], data: out, parents: [a, b]) { result in
            let g = result.grad!
            a.accumulateGrad { dst in          // ∂A_b = ∂C_b · op(B_b)ᵀ
                for e in 0..<batch { product(false, !transposeB, m, k, n, g, e * cStride, n, b.data, e * bStride, b.shape[2], dst.baseAddress! + e * aStride, k) }
            }
            b.accumulateGrad { dst in
                for e in 0..<batch {
                    if transposeB {            // B_b stored [N, K]: ∂B_b = ∂C_bᵀ · A_b
                        product(true, false, n, k, m, g, e * cStride, n, a.data, e * aStride, k, dst.baseAddress! + e * bStride, k)
                    } else {                   // ∂B_b = A_bᵀ · ∂C_b
                        product(true, false, k, n, m, a.data, e * aStride, k, g, e * cStride, n, dst.baseAddress! + e * bStride, n)
                    }
                }
            }
        }
    }
}

/// C += op(A)·op(B) for matrices that start at `aOffset` / `bOffset` inside larger arrays.
@inline(__always)
private func product(_ ta: Bool, _ tb: Bool, _ m: Int, _ n: Int, _ k: Int, _ a: [Float], _ aOffset: Int, _ lda: Int,
                     _ b: [Float], _ bOffset: Int, _ ldb: Int, _ c: UnsafeMutablePointer<Float>, _ ldc: Int) {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            lf_sgemm(ta ? 1 : 0, tb ? 1 : 0, Int32(m), Int32(n), Int32(k), 1, a.baseAddress! + aOffset, Int32(lda),
                     b.baseAddress! + bOffset, Int32(ldb), 1, c, Int32(ldc))
        }
    }
}
