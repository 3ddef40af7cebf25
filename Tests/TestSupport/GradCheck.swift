import Autograd

/// How a gradient check's inputs are drawn, so that no input sits on a kink or outside a domain.
public enum InputKind: Sendable {
    /// N(0, 1).
    case normal
    /// U[0.5, 2): for log, sqrt, division, fractional powers.
    case positive
    /// N(0, 1) pushed at least 0.1 away from zero: for relu.
    case awayFromZero
    /// A shuffled grid 0.1 apart: for max (no ties within the finite-difference step).
    case distinct
}

/// Random inputs of the given shapes and kind, requiring gradients.
public func makeInputs(_ shapes: [[Int]], kind: InputKind, seed: UInt64) -> [Tensor] {
    var rng = SeededGenerator(seed: seed)
    return shapes.map { shape in
        let n = shape.reduce(1, *)
        var values: [Float]
        switch kind {
        case .normal: values = (0..<n).map { _ in rng.normal() }
        case .positive: values = (0..<n).map { _ in rng.uniform(0.5, 2) }
        case .awayFromZero: values = (0..<n).map { _ in let v = rng.normal(); return v < 0 ? v - 0.1 : v + 0.1 }
        case .distinct: values = rng.permutation(n).map { Float($0) * 0.1 - Float(n) * 0.05 }
        }
        return Tensor(shape: shape, data: values, requiresGrad: true)
    }
}

/// The worst disagreement between autograd and central finite differences.
public struct GradCheckResult: CustomStringConvertible, Sendable {
    /// max over all input elements of |analytic − numeric| / (atol/rtol + |numeric|), scaled so that
    /// a value ≤ 1 passes: |a − n| ≤ atol + rtol·|n|.
    public var worst: Double
    public var detail: String
    public var passed: Bool { worst <= 1 }
    public var description: String { detail }
}

/// Checks ∂L/∂x for every input x, where L = Σᵢ wᵢ·f(x)ᵢ with fixed random weights w (so that
/// every output element matters differently), against the central difference
///
///     ∂L/∂xⱼ ≈ (L(x + h·eⱼ) − L(x − h·eⱼ)) / 2h
///
/// The numeric side sums in Float64; only f itself runs in Float32.
public func gradientCheck(_ inputs: [Tensor], step h: Float = 1e-2, atol: Double = 2e-3, rtol: Double = 2e-2,
                          _ f: ([Tensor]) -> Tensor) -> GradCheckResult {
    let probe = withNoGrad { f(inputs) }
    var rng = SeededGenerator(seed: 99)
    let weights = (0..<probe.count).map { _ in rng.uniform(-1, 1) }
    func loss() -> Double {
        let out = withNoGrad { f(inputs) }
        return zip(out.data, weights).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }
    for x in inputs { x.zeroGrad() }
    (f(inputs) * Tensor(shape: probe.shape, data: weights)).sum().backward()
    var result = GradCheckResult(worst: 0, detail: "all gradients match")
    for (k, x) in inputs.enumerated() where x.requiresGrad {
        let analytic = x.grad ?? [Float](repeating: 0, count: x.count)
        for j in 0..<x.count {
            let saved = x.data[j]
            x.data[j] = saved + h; let plus = loss()
            x.data[j] = saved - h; let minus = loss()
            x.data[j] = saved
            let numeric = (plus - minus) / (2 * Double(h))
            let score = abs(Double(analytic[j]) - numeric) / (atol + rtol * abs(numeric))
            if score > result.worst {
                result.worst = score
                result.detail = "input \(k) element \(j): autograd \(analytic[j]), finite difference \(numeric)"
            }
        }
    }
    return result
}
