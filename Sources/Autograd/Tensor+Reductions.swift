// Reductions along one axis view the tensor as [outer, n, inner]: `n` is the reduced axis,
// `outer` the axes before it, `inner` the axes after it.

import CKernels

extension Tensor {
    /// (outer, n, inner) for reducing `axis` (negative counts from the end).
    func axisSplit(_ axis: Int) -> (outer: Int, n: Int, inner: Int, axis: Int) {
        let ax = axis < 0 ? axis + rank : axis
        precondition(ax >= 0 && ax < rank, "axis \(axis) out of range for shape \(shape)")
        return (shape[..<ax].reduce(1, *), shape[ax], shape[(ax + 1)...].reduce(1, *), ax)
    }

    func reducedShape(_ ax: Int, keepDims: Bool) -> [Int] {
        var s = shape
        if keepDims { s[ax] = 1 } else { s.remove(at: ax) }
        return s
    }

    /// Σ of all values → scalar.   ∂x = g everywhere.
    public func sum() -> Tensor {
        var total: Double = 0                    // Float64 accumulator: sums of 10⁵ values stay exact-ish
        for v in data { total += Double(v) }
        return Tensor(shape: [], data: [Float(total)], parents: [self]) { out in
            let g = out.grad![0]
            self.accumulateGrad { dst in for i in 0..<dst.count { dst[i] += g } }
        }
    }

    /// Mean of all values → scalar.   ∂x = g / count.
    public func mean() -> Tensor { sum().scaled(by: 1 / Float(Swift.max(count, 1))) }

    /// Σ along `axis`.   ∂x[o, i, j] = g[o, j].
    public func sum(axis: Int, keepDims: Bool = false) -> Tensor {
        let (outer, n, inner, ax) = axisSplit(axis)
        let out = [Float](unsafeUninitializedCapacity: outer * inner) { out, filled in    // pointers: no checks
            data.withUnsafeBufferPointer { x in
                for o in 0..<outer { for j in 0..<inner {      // each sum in a register, i in order
                    var total: Float = 0
                    for i in 0..<n { total += x[(o * n + i) * inner + j] }
                    out[o * inner + j] = total
                } }
            }
            filled = outer * inner
        }
        return Tensor(shape: reducedShape(ax, keepDims: keepDims), data: out, parents: [self]) { r in
            r.grad!.withUnsafeBufferPointer { g in
                self.accumulateGrad(writing: { dst, first in    // written: 0 + g, the bits of g added to zeros
                    for o in 0..<outer { for i in 0..<n { for j in 0..<inner {
                        let k = (o * n + i) * inner + j
                        dst[k] = (first ? 0 : dst[k]) + g[o * inner + j]
                    } } }
                })
            }
        }
    }

    /// Mean along `axis`.
    public func mean(axis: Int, keepDims: Bool = false) -> Tensor {
        sum(axis: axis, keepDims: keepDims).scaled(by: 1 / Float(Swift.max(axisSplit(axis).n, 1)))
    }

    /// Index of the largest value along `axis` (first one on ties). Not differentiable.
    public func argmax(axis: Int = -1) -> [Int] {
        let (outer, n, inner, _) = axisSplit(axis)
        precondition(n > 0, "argmax over an empty axis")
        var result = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer { for j in 0..<inner {
            var best = 0
            for i in 1..<n where data[(o * n + i) * inner + j] > data[(o * n + best) * inner + j] { best = i }
            result[o * inner + j] = best
        } }
        return result
    }

    /// Largest value along `axis`.   ∂x = g at the (first) argmax, 0 elsewhere.
    public func max(axis: Int, keepDims: Bool = false) -> Tensor {
        let (_, n, inner, ax) = axisSplit(axis)
        let winners = argmax(axis: ax)
        let out = winners.indices.map { r in data[((r / inner) * n + winners[r]) * inner + r % inner] }
        return Tensor(shape: reducedShape(ax, keepDims: keepDims), data: out, parents: [self]) { res in
            let g = res.grad!
            self.accumulateGrad { dst in
                for r in winners.indices { dst[((r / inner) * n + winners[r]) * inner + r % inner] += g[r] }
            }
        }
    }
}

// MARK: - Softmax

extension Tensor {
    /// log softmax(x)ᵢ = xᵢ − m − ln Σⱼ e^(xⱼ − m), m = maxⱼ xⱼ (stable for any x).
    ///
    ///     ∂xᵢ = gᵢ − softmax(x)ᵢ · Σⱼ gⱼ
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let (outer, n, inner, _) = axisSplit(axis)
        var out = data
        forEachLane(outer, n, inner) { idx in
            var m = -Float.infinity
            for i in idx { m = Swift.max(m, data[i]) }
            var s: Float = 0
            for i in idx { s += _exp(data[i] - m) }
            let logZ = m + _logf(s)
            for i in idx { out[i] = data[i] - logZ }
        }
        return Tensor(shape: shape, data: out, parents: [self]) { y in
            let g = y.grad!
            self.accumulateGrad { dst in
                forEachLane(outer, n, inner) { idx in
                    var gSum: Float = 0
                    for i in idx { gSum += g[i] }
                    for i in idx { dst[i] += g[i] - _exp(y.data[i]) * gSum }
                }
            }
        }
    }

    /// softmax(x)ᵢ = e^(xᵢ − m) / Σⱼ e^(xⱼ − m).
    ///
    ///     ∂xᵢ = yᵢ · (gᵢ − Σⱼ gⱼ yⱼ)
    public func softmax(axis: Int = -1) -> Tensor {
        let (outer, n, inner, _) = axisSplit(axis)
        if inner == 1 { return softmaxOfRows(outer, n) }
        var out = data
        forEachLane(outer, n, inner) { idx in
            var m = -Float.infinity
            for i in idx { m = Swift.max(m, data[i]) }
            var s: Float = 0
            for i in idx { out[i] = _exp(data[i] - m); s += out[i] }
            for i in idx { out[i] /= s }
        }
        return Tensor(shape: shape, data: out, parents: [self]) { y in
            let g = y.grad!
            self.accumulateGrad { dst in
                forEachLane(outer, n, inner) { idx in
                    var dot: Float = 0
                    for i in idx { dot += g[i] * y.data[i] }
                    for i in idx { dst[i] += y.data[i] * (g[i] - dot) }
                }
            }
        }
    }
}

extension Tensor {
    /// softmax(axis:) along contiguous rows of n, in C (`lf_softmax_rows`: the same operations in
    /// the same order as the general loops above).
    func softmaxOfRows(_ rows: Int, _ n: Int) -> Tensor {
        let out = [Float](unsafeUninitializedCapacity: rows * n) { y, filled in
            lf_softmax_rows(rows, n, data, y.baseAddress)
            filled = rows * n
        }
        return Tensor(shape: shape, data: out, parents: [self]) { y in
            let g = y.grad!
            self.accumulateGrad { dst in lf_softmax_rows_backward(rows, n, y.data, g, dst.baseAddress) }
        }
    }
}

/// Calls `body` with the flat indices of each 1-D lane along the middle axis of [outer, n, inner].
@inline(__always)
func forEachLane(_ outer: Int, _ n: Int, _ inner: Int, _ body: (StrideTo<Int>) -> Void) {
    for o in 0..<outer {
        for j in 0..<inner {
            let start = o * n * inner + j
            body(stride(from: start, to: start + n * inner, by: inner))
        }
    }
}
