// Elementwise ops. Binary ops broadcast (see Broadcast.swift); each backward sums its gradient
// back to the input's own shape.

// MARK: - Binary ops

extension Tensor {
    /// f(a, b) elementwise with broadcasting.
    @inline(__always)
    static func broadcastMap(_ a: Tensor, _ b: Tensor, _ plan: Broadcast,
                             _ f: (Float, Float) -> Float) -> [Float] {
        let count = plan.shape.reduce(1, *)
        return [Float](unsafeUninitializedCapacity: count) { o, filled in     // every element is written
            a.data.withUnsafeBufferPointer { x in
                b.data.withUnsafeBufferPointer { y in
                    if a.shape == b.shape {
                        for i in 0..<count { o[i] = f(x[i], y[i]) }
                    } else if let n = plan.bRepeatsAlongRows {   // [B, N] ∘ [N]
                        for row in 0..<(count / n) { for j in 0..<n { o[row * n + j] = f(x[row * n + j], y[j]) } }
                    } else {
                        plan.forEach { i, ia, ib in o[i] = f(x[ia], y[ib]) }
                    }
                }
            }
            filled = count
        }
    }

    /// g ⊙ x and g ⊘ x for a gradient g of the output's shape (x broadcasts into it).
    static func times(_ g: Tensor, _ x: Tensor) -> [Float] { broadcastMap(g, x, Broadcast(g.shape, x.shape), *) }
    static func over(_ g: Tensor, _ x: Tensor) -> [Float] { broadcastMap(g, x, Broadcast(g.shape, x.shape), /) }

    /// a + b.   ∂a = g, ∂b = g (each summed back to its own shape).
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let plan = Broadcast(a.shape, b.shape)
        var sum: [Float]
        if let n = plan.bRepeatsAlongRows, a.count == plan.shape.reduce(1, *) {   // x + bias row: in C
            sum = [Float](unsafeUninitializedCapacity: a.count) { y, filled in
                a.data.withUnsafeBufferPointer { x in b.data.withUnsafeBufferPointer { bias in
                    lf_add_rows(a.count / Swift.max(n, 1), n, x.baseAddress, bias.baseAddress, y.baseAddress)
                } }
                filled = a.count
            }
        } else {
            sum = broadcastMap(a, b, plan, +)
        }
        return Tensor(shape: plan.shape, data: sum, parents: [a, b]) { out in
            a.addBroadcastGrad(out.grad!, plan: plan, isA: true)
            b.addBroadcastGrad(out.grad!, plan: plan, isA: false)
        }
    }

    /// a − b.   ∂a = g, ∂b = −g.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let plan = Broadcast(a.shape, b.shape)
        return Tensor(shape: plan.shape, data: broadcastMap(a, b, plan, -), parents: [a, b]) { out in
            a.addBroadcastGrad(out.grad!, plan: plan, isA: true)
            if b.requiresGrad { b.addBroadcastGrad(out.grad!.map { -$0 }, plan: plan, isA: false) }
        }
    }

    /// a ⊙ b.   ∂a = g·b, ∂b = g·a.  Multiplying by a constant 0/1 tensor is a mask (PackNet).
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let plan = Broadcast(a.shape, b.shape)
        return Tensor(shape: plan.shape, data: broadcastMap(a, b, plan, *), parents: [a, b]) { out in
            let g = Tensor(shape: out.shape, data: out.grad!)
            if a.requiresGrad { a.addBroadcastGrad(times(g, b), plan: plan, isA: true) }
            if b.requiresGrad { b.addBroadcastGrad(times(g, a), plan: plan, isA: false) }
        }
    }

    /// a ⊘ b.   ∂a = g / b, ∂b = −g·a / b² = −g·out / b.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let plan = Broadcast(a.shape, b.shape)
        return Tensor(shape: plan.shape, data: broadcastMap(a, b, plan, /), parents: [a, b]) { out in
            let g = Tensor(shape: out.shape, data: out.grad!)
            if a.requiresGrad { a.addBroadcastGrad(over(g, b), plan: plan, isA: true) }
            if b.requiresGrad {
                let gOut = Tensor(shape: out.shape, data: zip(out.grad!, out.data).map { -$0 * $1 })
                b.addBroadcastGrad(over(gOut, b), plan: plan, isA: false)
            }
        }
    }

    public static func + (a: Tensor, s: Float) -> Tensor { a + Tensor(s) }
    public static func - (a: Tensor, s: Float) -> Tensor { a - Tensor(s) }
    public static func * (a: Tensor, s: Float) -> Tensor { a.scaled(by: s) }
    public static func / (a: Tensor, s: Float) -> Tensor { a.scaled(by: 1 / s) }
    public static func + (s: Float, a: Tensor) -> Tensor { Tensor(s) + a }
    public static func - (s: Float, a: Tensor) -> Tensor { Tensor(s) - a }
    public static func * (s: Float, a: Tensor) -> Tensor { a.scaled(by: s) }
    public static func / (s: Float, a: Tensor) -> Tensor { Tensor(s) / a }
    public static prefix func - (a: Tensor) -> Tensor { a.scaled(by: -1) }
}

// MARK: - Unary ops

extension Tensor {
    /// out = f(x) elementwise; `df(x, out)` is ∂out/∂x. When a gradient will be wanted, ∂out/∂x is
    /// taken in the same pass as out (both closures inline here), so the backward pass is a plain
    /// ∂x += g · ∂out/∂x rather than a call to `df` per element: the same numbers, a fraction of the time.
    @inline(__always)
    func unary(_ f: (Float) -> Float, _ df: (Float, Float) -> Float) -> Tensor {
        let tracked = GradMode.isEnabled && requiresGrad
        var slope: [Float] = []
        let out = [Float](unsafeUninitializedCapacity: count) { o, filled in
            data.withUnsafeBufferPointer { x in
                guard tracked else { for i in 0..<count { o[i] = f(x[i]) }; return }
                slope = [Float](unsafeUninitializedCapacity: count) { d, made in
                    for i in 0..<count { o[i] = f(x[i]); d[i] = df(x[i], o[i]) }
                    made = count
                }
            }
            filled = count
        }
        return sloped(out, slope)
    }

    /// The output `out` of an elementwise op whose ∂out/∂x is `slope` (empty when no gradient is
    /// wanted).   ∂x += g · slope.
    private func sloped(_ out: [Float], _ slope: [Float]) -> Tensor {
        Tensor(shape: shape, data: out, parents: [self]) { result in
            self.accumulateGrad { dst in
                result.grad!.withUnsafeBufferPointer { g in
                    slope.withUnsafeBufferPointer { d in for i in 0..<dst.count { dst[i] += g[i] * d[i] } }
                }
            }
        }
    }

    /// s·x.   ∂x = s.
    public func scaled(by s: Float) -> Tensor { unary({ $0 * s }) { _, _ in s } }

    /// −x is `scaled(by: -1)`; exp(x).   ∂x = exp(x).
    public func exp() -> Tensor { unary({ _exp($0) }) { _, y in y } }

    /// ln x.   ∂x = 1/x.
    public func log() -> Tensor { unary({ _logf($0) }) { x, _ in 1 / x } }

    /// √x.   ∂x = 1 / (2√x).
    public func sqrt() -> Tensor { unary({ $0.squareRoot() }) { _, y in 0.5 / y } }

    /// xᵖ for a constant p.   ∂x = p·xᵖ⁻¹.
    public func pow(_ p: Float) -> Tensor {
        if p == 2 { return unary({ $0 * $0 }) { x, _ in 2 * x } }
        return unary({ _powf($0, p) }) { x, _ in p * _powf(x, p - 1) }
    }

    /// max(x, 0).   ∂x = g where x > 0, else 0.  (In every hidden layer: its loops are in C.)
    public func relu() -> Tensor {
        let out = [Float](unsafeUninitializedCapacity: count) { y, filled in
            data.withUnsafeBufferPointer { lf_relu_forward(count, $0.baseAddress, y.baseAddress) }
            filled = count
        }
        return Tensor(shape: shape, data: out, parents: [self]) { result in
            self.accumulateGrad { dst, first in          // the first gradient is written, not added to zeros
                result.data.withUnsafeBufferPointer { y in
                    result.grad!.withUnsafeBufferPointer { g in
                        (first ? lf_relu_gate : lf_relu_backward)(dst.count, y.baseAddress, g.baseAddress, dst.baseAddress)
                    }
                }
            }
        }
    }

    /// σ(x) = 1 / (1 + e⁻ˣ), computed without overflow for large |x|.   ∂x = σ(1 − σ).
    /// (A generator's every pixel: its loop is in C, `lf_sigmoid`.)
    public func sigmoid() -> Tensor {
        var slope: [Float] = []
        let out = [Float](unsafeUninitializedCapacity: count) { y, filled in
            data.withUnsafeBufferPointer { x in
                guard GradMode.isEnabled && requiresGrad else { return lf_sigmoid(count, x.baseAddress, y.baseAddress, nil) }
                slope = [Float](unsafeUninitializedCapacity: count) { d, made in
                    lf_sigmoid(count, x.baseAddress, y.baseAddress, d.baseAddress)
                    made = count
                }
            }
            filled = count
        }
        return sloped(out, slope)
    }

    /// A learned binary mask (Piggyback, CPG's "picking"): 1 where x > 0, else 0, with the
    /// **straight-through** gradient ∂x = g — the threshold's true derivative is 0 almost
    /// everywhere, so it is replaced by the identity (Bengio et al. 2013). Not a finite-difference
    /// gradient by design; tested against this definition.
    public func thresholdStraightThrough() -> Tensor { unary({ $0 > 0 ? 1 : 0 }) { _, _ in 1 } }

    /// tanh x.   ∂x = 1 − tanh²x.
    public func tanh() -> Tensor { unary({ _tanhf($0) }) { _, y in 1 - y * y } }
}

import CKernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@inline(__always) func _exp(_ x: Float) -> Float { expf(x) }
@inline(__always) func _logf(_ x: Float) -> Float { logf(x) }
@inline(__always) func _powf(_ x: Float, _ p: Float) -> Float { powf(x, p) }
@inline(__always) func _tanhf(_ x: Float) -> Float { tanhf(x) }
