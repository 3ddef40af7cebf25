// Ops that move values without changing them: reshape, transpose/permute, slice, gather,
// concatenate, embedding lookup. Each backward routes the gradient back to where a value came from.

import CKernels

extension Tensor {
    /// The same values under a new shape (one axis may be −1: inferred).   ∂x = g reshaped back.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var s = newShape
        if let hole = s.firstIndex(of: -1) {
            let known = s.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            s[hole] = count / known
        }
        precondition(s.reduce(1, *) == count, "cannot reshape \(shape) (\(count) values) to \(newShape)")
        return Tensor(shape: s, data: data, parents: [self]) { out in
            out.grad!.withUnsafeBufferPointer { g in
                self.accumulateGrad(writing: { dst, first in     // written: 0 + g, the bits of g added to zeros
                    if first { for i in 0..<dst.count { dst[i] = 0 + g[i] } } else { lf_accumulate(dst.count, g.baseAddress, dst.baseAddress) }
                })
            }
        }
    }

    /// Axes reordered: output axis i is input axis `axes[i]`.   ∂x = g permuted back.
    public func permuted(_ axes: [Int]) -> Tensor {
        precondition(axes.sorted() == Array(0..<rank), "\(axes) is not a permutation of \(rank) axes")
        let outShape = axes.map { shape[$0] }
        let inStrides = Broadcast.strides(shape, in: shape)
        var map = [Int](repeating: 0, count: count)               // output index → input index
        var index = [Int](repeating: 0, count: rank)
        for o in 0..<count {
            var src = 0
            for (i, ax) in axes.enumerated() { src += index[i] * inStrides[ax] }
            map[o] = src
            var d = rank - 1
            while d >= 0 { index[d] += 1; if index[d] < outShape[d] { break }; index[d] = 0; d -= 1 }
        }
        return gathered(flatIndices: map, shape: outShape)
    }

    /// A matrix's transpose (or the last two axes swapped).
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed() needs at least two axes; shape is \(shape)")
        var axes = Array(0..<rank)
        axes.swapAt(rank - 1, rank - 2)
        return permuted(axes)
    }

    /// Elements `range` along `axis`.   ∂x = g in that range, 0 elsewhere.
    /// For each index before `axis` the slice is one contiguous block, copied (and, backward, added
    /// to) as a block.
    public func slice(axis: Int, _ range: Range<Int>) -> Tensor {
        let (outer, n, inner, ax) = axisSplit(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= n, "slice \(range) out of 0..<\(n)")
        let block = range.count * inner
        func start(_ o: Int) -> Int { (o * n + range.lowerBound) * inner }
        var out: [Float] = []
        out.reserveCapacity(outer * block)
        for o in 0..<outer { out.append(contentsOf: data[start(o)..<(start(o) + block)]) }
        var s = shape
        s[ax] = range.count
        return Tensor(shape: s, data: out, parents: [self]) { res in
            res.grad!.withUnsafeBufferPointer { g in
                self.accumulateGrad { dst in
                    guard block > 0 else { return }
                    for o in 0..<outer { lf_accumulate(block, g.baseAddress! + o * block, dst.baseAddress! + start(o)) }
                }
            }
        }
    }

    /// Asks for the rows at `indices` to be on their way into cache while this thread's next matrix
    /// products run, so that gathering them afterwards copies from cache instead of waiting on
    /// main memory: a training loop calls it with the next batch's rows (a batch of 256 digits
    /// from a 60,000-image set spends ~85 µs on that wait otherwise). Changes no value; rows
    /// add to what this thread's earlier calls still wait for (see `lf_prefetch_rows_soon`).
    public func prefetchRows(_ indices: [Int]) {
        precondition(rank >= 1, "prefetchRows needs at least one axis")
        let width = shape.dropFirst().reduce(1, *)
        for r in indices { precondition(r >= 0 && r < shape[0], "row \(r) out of 0..<\(shape[0])") }
        data.withUnsafeBufferPointer { rows in
            lf_prefetch_rows_soon(rows.baseAddress, indices, Int32(indices.count), width)
        }
    }

    /// Rows picked by index (repeats allowed): x `[N, …]` → `[indices.count, …]`. Copies whole rows,
    /// so it is also how a training loop cuts a mini-batch out of a dataset.
    /// ∂x[r] = Σ of g over the positions that picked row r.
    public func gatherRows(_ indices: [Int]) -> Tensor {
        precondition(rank >= 1, "gatherRows needs at least one axis")
        let width = shape.dropFirst().reduce(1, *)
        for r in indices { precondition(r >= 0 && r < shape[0], "row \(r) out of 0..<\(shape[0])") }
        let out = data.withUnsafeBufferPointer { src in      // every row is written: no zeros first
            [Float](unsafeUninitializedCapacity: indices.count * width) { dst, filled in
                for (i, r) in indices.enumerated() {
                    dst.baseAddress!.advanced(by: i * width).initialize(from: src.baseAddress!.advanced(by: r * width), count: width)
                }
                filled = indices.count * width
            }
        }
        return Tensor(shape: [indices.count] + shape.dropFirst(), data: out, parents: [self]) { res in
            self.accumulateGrad { dst in
                res.grad!.withUnsafeBufferPointer { g in
                    for (i, r) in indices.enumerated() {
                        for j in 0..<width { dst[r * width + j] += g[i * width + j] }
                    }
                }
            }
        }
    }

    /// Embedding lookup: rows of this `[vocabulary, D]` table for integer ids of any `idShape`
    /// → `idShape + [D]`. The gradient of a row sums over every use of its id.
    public func embedding(_ ids: [Int], shape idShape: [Int]) -> Tensor {
        precondition(rank == 2, "an embedding table is [vocabulary, dimension]; shape is \(shape)")
        precondition(ids.count == idShape.reduce(1, *), "\(ids.count) ids do not fill shape \(idShape)")
        return gatherRows(ids).reshaped(idShape + [shape[1]])
    }

    /// out[i] = self[map[i]] — the primitive behind slice, gather and permute.
    /// ∂self[map[i]] += g[i].
    func gathered(flatIndices map: [Int], shape outShape: [Int]) -> Tensor {
        let out = map.map { data[$0] }
        return Tensor(shape: outShape, data: out, parents: [self]) { res in
            let g = res.grad!
            self.accumulateGrad { dst in for i in 0..<map.count { dst[map[i]] += g[i] } }
        }
    }

    /// Tensors joined along `axis`; all other axes must agree.   Each ∂xₖ is its slice of g.
    public static func concat(_ parts: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!parts.isEmpty, "concat needs at least one tensor")
        let first = parts[0]
        let ax = axis < 0 ? axis + first.rank : axis
        for p in parts {
            precondition(p.rank == first.rank && p.shape.enumerated().allSatisfy { $0.offset == ax || $0.element == first.shape[$0.offset] },
                         "concat along axis \(ax): shapes \(parts.map(\.shape)) differ elsewhere")
        }
        let outer = first.shape[..<ax].reduce(1, *), inner = first.shape[(ax + 1)...].reduce(1, *)
        var out: [Float] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for o in 0..<outer {
            for p in parts { let w = p.shape[ax] * inner; out.append(contentsOf: p.data[(o * w)..<((o + 1) * w)]) }
        }
        var s = first.shape
        s[ax] = parts.reduce(0) { $0 + $1.shape[ax] }
        return Tensor(shape: s, data: out, parents: parts) { res in
            let g = res.grad!
            var offset = 0
            for o in 0..<outer {
                for p in parts {
                    let w = p.shape[ax] * inner
                    let base = offset
                    p.accumulateGrad { dst in for i in 0..<w { dst[o * w + i] += g[base + i] } }
                    offset += w
                }
            }
        }
    }
}
