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
        precondition(bags.largestID < shape[0], "word id \(bags.largestID) outside the vocabulary of \(shape[0])")
        let (d, rows) = (shape[1], bags.count)
        var out = [Float](repeating: 0, count: rows * d)
        data.withUnsafeBufferPointer { table in
            out.withUnsafeMutableBufferPointer { out in
                bags.forEachWord(weights) { n, id, w in addProduct(out.baseAddress! + n * d, w, table.baseAddress! + id * d, d) }
            }
        }
        return Tensor(shape: [rows, d], data: out, parents: [self]) { result in
            let g = result.grad!
            self.accumulateGrad { dst in
                g.withUnsafeBufferPointer { g in
                    bags.forEachWord(weights) { n, id, w in addProduct(dst.baseAddress! + id * d, w, g.baseAddress! + n * d, d) }
                }
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
        var out = [Float](repeating: 0, count: batch * m * n)
        multiplyEach(batch, m, n, k, a.data, (k, 1), b.data, (bRow, bColumn), &out, (n, 1))
        return Tensor(shape: [batch, m, n], data: out, parents: [a, b]) { result in
            let g = result.grad!
            a.accumulateGrad { dst in     // ∂A_b (m × k) = ∂C_b (m × n) · op(B_b)ᵀ: element (j, p) of op(B)ᵀ at j·bColumn + p·bRow
                multiplyEach(batch, m, k, n, g, (n, 1), b.data, (bColumn, bRow), dst, (k, 1))
            }
            b.accumulateGrad { dst in     // ∂op(B_b) (k × n) = A_bᵀ · ∂C_b, written back through op's layout
                multiplyEach(batch, k, n, m, a.data, (1, k), g, (n, 1), dst, (bRow, bColumn))
            }
        }
    }
}

/// dst[k] += w[k] · x[k] for k < count, eight at a time (each element as the scalar loop has it).
@inline(__always)
private func addProduct(_ dst: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ count: Int) {
    var k = 0
    while k + 8 <= count {
        let (d, wk, xk) = (UnsafeMutableRawPointer(dst + k), UnsafeRawPointer(w + k), UnsafeRawPointer(x + k))
        d.storeBytes(of: d.loadUnaligned(as: SIMD8<Float>.self) + wk.loadUnaligned(as: SIMD8<Float>.self) * xk.loadUnaligned(as: SIMD8<Float>.self), as: SIMD8<Float>.self)
        k += 8
    }
    for k in k..<count { dst[k] += w[k] * x[k] }
}

/// C_e += A_e·B_e for e < batch, each matrix read through (row, column) strides within its
/// example's block (A: rows × inner, B: inner × columns, C: rows × columns).
///
/// Each element of C is one sum Σ_p A(i, p)·B(p, j), taken in order from 0 — eight of them at a
/// time, one per SIMD lane (along j, or along i when C is a column), so the results are those
/// of the plain triple loop to the bit while the eight sums no longer wait on each other.
private func multiplyEach(_ batch: Int, _ rows: Int, _ columns: Int, _ inner: Int,
                          _ a: [Float], _ aStrides: (Int, Int), _ b: [Float], _ bStrides: (Int, Int),
                          _ c: UnsafeMutableBufferPointer<Float>, _ cStrides: (Int, Int)) {
    let (aBlock, bBlock, cBlock) = (rows * inner, inner * columns, rows * columns)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            for e in 0..<batch {
                let (ae, be, ce) = (a.baseAddress! + e * aBlock, b.baseAddress! + e * bBlock, c.baseAddress! + e * cBlock)
                if columns >= rows {      // lanes along a row of C: A(i, p) is shared, B(p, j…j+7) differs
                    for i in 0..<rows {
                        laneSums(count: columns, inner: inner, c: ce + i * cStrides.0, cStride: cStrides.1,
                                 shared: ae + i * aStrides.0, sharedStride: aStrides.1, lanes: be, laneStride: bStrides.1, laneInnerStride: bStrides.0)
                    }
                } else {                  // lanes down a column of C: B(p, j) is shared, A(i…i+7, p) differs
                    for j in 0..<columns {
                        laneSums(count: rows, inner: inner, c: ce + j * cStrides.1, cStride: cStrides.0,
                                 shared: be + j * bStrides.1, sharedStride: bStrides.0, lanes: ae, laneStride: aStrides.0, laneInnerStride: aStrides.1)
                    }
                }
            }
        }
    }
}

/// c[l·cStride] += Σ_p shared[p·sharedStride] · lanes[l·laneStride + p·laneInnerStride] for
/// l < count, each sum from 0 in order of p; eight values of l per step.
@inline(__always)
private func laneSums(count: Int, inner: Int, c: UnsafeMutablePointer<Float>, cStride: Int,
                      shared: UnsafePointer<Float>, sharedStride: Int,
                      lanes: UnsafePointer<Float>, laneStride: Int, laneInnerStride: Int) {
    var l = 0
    while l + 8 <= count {
        var sum = SIMD8<Float>()
        for p in 0..<inner {
            sum += SIMD8(repeating: shared[p * sharedStride]) * load8(lanes + l * laneStride + p * laneInnerStride, laneStride)
        }
        for k in 0..<8 { c[(l + k) * cStride] += sum[k] }
        l += 8
    }
    for l in l..<count {
        var sum: Float = 0
        for p in 0..<inner { sum += shared[p * sharedStride] * lanes[l * laneStride + p * laneInnerStride] }
        c[l * cStride] += sum
    }
}

/// Eight floats `stride` apart.
@inline(__always)
private func load8(_ p: UnsafePointer<Float>, _ stride: Int) -> SIMD8<Float> {
    if stride == 1 { return UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self) }
    return SIMD8(p[0], p[stride], p[2 * stride], p[3 * stride], p[4 * stride], p[5 * stride], p[6 * stride], p[7 * stride])
}

private func multiplyEach(_ batch: Int, _ rows: Int, _ columns: Int, _ inner: Int,
                          _ a: [Float], _ aStrides: (Int, Int), _ b: [Float], _ bStrides: (Int, Int),
                          _ c: inout [Float], _ cStrides: (Int, Int)) {
    c.withUnsafeMutableBufferPointer { multiplyEach(batch, rows, columns, inner, a, aStrides, b, bStrides, $0, cStrides) }
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

    /// Calls `body(sentence, word id, the word's D weights)` for every word, in order.
    @inline(__always)
    func forEachWord(_ weights: [[Float]], _ body: (Int, Int, UnsafePointer<Float>) -> Void) {
        for n in 0..<count where starts[n + 1] > starts[n] {
            let length = starts[n + 1] - starts[n]
            weights[length].withUnsafeBufferPointer { w in
                let d = w.count / max(weights.count - 1, 1)
                for j in 0..<length { body(n, Int(ids[starts[n] + j]), w.baseAddress! + j * d) }
            }
        }
    }
}
