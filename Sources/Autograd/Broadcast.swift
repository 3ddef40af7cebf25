import CKernels

/// NumPy broadcasting: shapes are aligned on their last axis; an axis of size 1 (or a missing
/// leading axis) stretches to match the other. `[B, N] + [N]` adds a row to every row.
struct Broadcast {
    let shape: [Int]
    /// Per output axis, how far one step moves in each input (0 where that input is stretched).
    let stridesA: [Int], stridesB: [Int]

    init(_ a: [Int], _ b: [Int]) {
        let rank = max(a.count, b.count)
        let pa = Array(repeating: 1, count: rank - a.count) + a
        let pb = Array(repeating: 1, count: rank - b.count) + b
        var shape: [Int] = []
        for (x, y) in zip(pa, pb) {
            precondition(x == y || x == 1 || y == 1, "shapes \(a) and \(b) do not broadcast")
            shape.append(x == 1 ? y : x)
        }
        self.shape = shape
        stridesA = Broadcast.strides(pa, in: shape)
        stridesB = Broadcast.strides(pb, in: shape)
    }

    /// Row-major strides of `shape`, with 0 on axes where it is stretched to `outShape`.
    static func strides(_ shape: [Int], in outShape: [Int]) -> [Int] {
        var strides = [Int](repeating: 0, count: shape.count)
        var step = 1
        for axis in shape.indices.reversed() {
            strides[axis] = shape[axis] == 1 && outShape[axis] != 1 ? 0 : step
            step *= shape[axis]
        }
        return strides
    }

    /// When b only repeats along leading axes (a bias row `[N]` added to `[B, N]`), its length:
    /// then b's index is simply `out % n`. Nil otherwise.
    var bRepeatsAlongRows: Int? {
        let n = stridesB.count
        guard n >= 1, stridesA == Broadcast.strides(shape, in: shape) else { return nil }
        var width = 1, axis = n - 1
        while axis >= 0, stridesB[axis] == width, shape[axis] > 1 || width == 1 { width *= shape[axis]; axis -= 1 }
        while axis >= 0, stridesB[axis] == 0 || shape[axis] == 1 { axis -= 1 }
        return axis < 0 ? width : nil
    }

    /// Calls `body(out, ia, ib)` for every output index with the matching input indices.
    /// The last axis runs in a tight loop; an odometer carries into the axes before it.
    @inline(__always)
    func forEach(_ body: (Int, Int, Int) -> Void) {
        let count = shape.reduce(1, *)
        guard count > 0 else { return }
        let last = shape.count - 1
        guard last >= 0 else { body(0, 0, 0); return }
        let n = shape[last], sa = stridesA[last], sb = stridesB[last]
        var index = [Int](repeating: 0, count: shape.count)
        var ia = 0, ib = 0, out = 0
        while out < count {
            for j in 0..<n { body(out + j, ia + j * sa, ib + j * sb) }
            out += n
            var axis = last - 1
            while axis >= 0 {                     // carry: next position on the outer axes
                index[axis] += 1
                ia += stridesA[axis]; ib += stridesB[axis]
                if index[axis] < shape[axis] { break }
                ia -= stridesA[axis] * shape[axis]; ib -= stridesB[axis] * shape[axis]
                index[axis] = 0
                axis -= 1
            }
        }
    }
}

extension Tensor {
    /// Sums a gradient of the broadcast `outShape` back down to this tensor's shape.
    func addBroadcastGrad(_ g: [Float], plan: Broadcast, isA: Bool) {
        guard requiresGrad else { return }
        if plan.shape == shape {
            if grad == nil { grad = g; return }              // first gradient: adopt it, no copy
            accumulateGrad { dst in g.withUnsafeBufferPointer { lf_accumulate(g.count, $0.baseAddress, dst.baseAddress) } }
            return
        }
        accumulateGrad { dst in
            g.withUnsafeBufferPointer { g in
                if !isA, let n = plan.bRepeatsAlongRows {    // bias: column sums of [rows, n]
                    lf_sum_rows(g.count / Swift.max(n, 1), n, g.baseAddress, dst.baseAddress)
                } else if isA {
                    plan.forEach { o, ia, _ in dst[ia] += g[o] }
                } else {
                    plan.forEach { o, _, ib in dst[ib] += g[o] }
                }
            }
        }
    }
}
