import CKernels

/// The two ops a memory network needs beyond an MLP's: a sentence as a weighted bag of its
/// words' embeddings, and a matrix product per example (attention over memory slots).
extension Tensor {
    /// Sentence embeddings from this `[vocabulary, D]` table, one per row of `bags`:
    ///
    ///     out[n] = Σ_j  w(J, j) ∘ table[id_nj]      ∂table[id_nj] += w(J, j) ∘ ∂out[n]
    ///
    /// over the J words id_n1…id_nJ of sentence n, where `weights[J]` holds the J × D weights
    /// w(J, j) (all ones: a plain bag of words; MemN2N's position encoding otherwise).
    public func bagOfWords(_ bags: WordBags, weights: [[Float]]) -> Tensor {
        precondition(rank == 2, "an embedding table is [vocabulary, dimension]; shape is \(shape)")
        precondition(weights.count > bags.longest, "position weights for sentences of 0…\(bags.longest) words are needed")
        precondition(weights.allSatisfy { $0.count == weights[0].count }, "position weights: words × D values for every sentence length")
        precondition(bags.largestID < shape[0], "word id \(bags.largestID) outside the vocabulary of \(shape[0])")
        let (d, rows) = (shape[1], bags.count)
        let out = [Float](unsafeUninitializedCapacity: rows * d) { out, filled in       // every row written
            data.withUnsafeBufferPointer { table in bags.addWords(weights, d, from: table, to: out, backward: false) }
            filled = rows * d
        }
        return Tensor(shape: [rows, d], data: out, parents: [self]) { result in
            let g = result.grad!
            self.accumulateGrad { dst in
                g.withUnsafeBufferPointer { g in bags.addWords(weights, d, from: g, to: dst, backward: true) }
            }
        }
    }

    /// `bagOfWords` for rows of `length` word ids, 0 padding (a padded slot adds nothing).
    public func bagOfWords(_ ids: [Int32], words length: Int, weights: [[Float]]) -> Tensor {
        bagOfWords(WordBags(ids, words: length), weights: weights)
    }

    /// One matrix product per example: `[B, M, K]` · `[B, K, N]` → `[B, M, N]` (with `transposeB`,
    /// the second is stored `[B, N, K]`). The matrices are small (attention over memory slots),
    /// so plain loops beat a packed GEMM here.
    ///
    ///     C_b = A_b·B_b      ∂A_b = ∂C_b·B_bᵀ      ∂B_b = A_bᵀ·∂C_b
    public func batchedMatmul(_ b: Tensor, transposeB: Bool = false) -> Tensor {
        let a = self
        precondition(a.rank == 3 && b.rank == 3 && a.shape[0] == b.shape[0], "batchedMatmul needs [B, M, K] and [B, K, N], got \(a.shape) and \(b.shape)")
        let (batch, m, k) = (a.shape[0], a.shape[1], a.shape[2])
        let n = transposeB ? b.shape[1] : b.shape[2]
        precondition((transposeB ? b.shape[2] : b.shape[1]) == k, "batchedMatmul: inner sizes differ, \(a.shape) · \(b.shape)\(transposeB ? "ᵀ" : "")")
        // Element (p, j) of op(B_b) sits at p·bRow + j·bColumn.
        let (bRow, bColumn) = transposeB ? (1, k) : (n, 1)
        let out = [Float](unsafeUninitializedCapacity: batch * m * n) { out, filled in      // every element written
            multiplyEach(batch, m, n, k, a.data, (k, 1), b.data, (bRow, bColumn), out, (n, 1), write: true)
            filled = batch * m * n
        }
        return Tensor(shape: [batch, m, n], data: out, parents: [a, b]) { result in
            let g = result.grad!
            a.accumulateGrad(writing: { dst, first in     // ∂A_b (m × k) = ∂C_b (m × n) · op(B_b)ᵀ: element (j, p) of op(B)ᵀ at j·bColumn + p·bRow
                multiplyEach(batch, m, k, n, g, (n, 1), b.data, (bColumn, bRow), dst, (k, 1), write: first)
            })
            b.accumulateGrad(writing: { dst, first in     // ∂op(B_b) (k × n) = A_bᵀ · ∂C_b, written back through op's layout
                multiplyEach(batch, k, n, m, a.data, (1, k), g, (n, 1), dst, (bRow, bColumn), write: first)
            })
        }
    }
}

/// C_e += A_e·B_e (or, with `write`, C_e = A_e·B_e) for e < batch, each matrix read through (row,
/// column) strides within its example's block (A: rows × inner, B: inner × columns, C: rows ×
/// columns): `lf_multiply_each`, whose every element of C is one sum Σ_p A(i, p)·B(p, j) taken in
/// order from 0, as the plain triple loop has it to the bit, in AVX-512's or AVX2's lanes with four
/// sums in flight (Swift's SIMD8, one sum at a time in two SSE halves, took 36% of the babi lesson).
private func multiplyEach(_ batch: Int, _ rows: Int, _ columns: Int, _ inner: Int,
                          _ a: [Float], _ aStrides: (Int, Int), _ b: [Float], _ bStrides: (Int, Int),
                          _ c: UnsafeMutableBufferPointer<Float>, _ cStrides: (Int, Int), write: Bool) {
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            lf_multiply_each(batch, rows, columns, inner, a.baseAddress!, aStrides.0, aStrides.1,
                             b.baseAddress!, bStrides.0, bStrides.1, c.baseAddress!, cStrides.0, cStrides.1, write ? 1 : 0)
        }
    }
}

/// Sentences as lists of word ids without their padding, read once per batch and shared by
/// every embedding table that embeds them.
public struct WordBags: Sendable {
    /// Sentence n's ids are `ids[starts[n]..<starts[n + 1]]`.
    let ids: [Int32], starts: [Int]
    public let longest: Int, largestID: Int

    /// From rows of `length` ids with 0 as padding.
    public init(_ padded: [Int32], words length: Int) {
        precondition(length > 0 && padded.count % length == 0, "\(padded.count) ids are not rows of \(length) words")
        var ids: [Int32] = [], starts = [0], longest = 0
        ids.reserveCapacity(padded.count / 4)
        for row in 0..<(padded.count / length) {
            for id in padded[(row * length)..<((row + 1) * length)] where id != 0 { ids.append(id) }
            longest = max(longest, ids.count - starts.last!)
            starts.append(ids.count)
        }
        (self.ids, self.starts, self.longest, self.largestID) = (ids, starts, longest, Int(ids.max() ?? 0))
    }

    /// The number of sentences (rows, empty ones included).
    public var count: Int { starts.count - 1 }

    /// `lf_bag_of_words` over these sentences: forward, to[n] = Σ_j w_j ∘ from[id_j] (every row
    /// written); backward, to[id_j] += w_j ∘ from[n], where w_j is word j's D weights in `weights[J]`.
    func addWords(_ weights: [[Float]], _ d: Int, from x: UnsafeBufferPointer<Float>, to y: UnsafeMutableBufferPointer<Float>, backward: Bool) {
        let wd = weights[0].count / max(weights.count - 1, 1)      // words × D values each
        withPointers(weights) { w in
            ids.withUnsafeBufferPointer { ids in
                starts.withUnsafeBufferPointer { starts in
                    lf_bag_of_words(count, d, ids.baseAddress, starts.baseAddress, w, wd, x.baseAddress, y.baseAddress, backward ? 1 : 0)
                }
            }
        }
    }
}

/// Calls `body` with a pointer to each array's values, valid only inside `body` (for a C kernel that
/// takes several arrays: the memory network's bags of words, GEM's dot products).
public func withPointers(_ arrays: [[Float]], _ body: ([UnsafePointer<Float>?]) -> Void) {
    var pointers: [UnsafePointer<Float>?] = []
    pointers.reserveCapacity(arrays.count)
    func nest(_ i: Int) {
        if i == arrays.count { return body(pointers) }
        arrays[i].withUnsafeBufferPointer { pointers.append($0.baseAddress); nest(i + 1) }
    }
    nest(0)
}
