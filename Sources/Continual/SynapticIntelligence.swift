import Autograd
import NN

/// **Synaptic Intelligence** (Zenke, Poole & Ganguli 2017, arXiv 1703.04200): how much each
/// parameter's movement lowered the loss along the task's whole training path,
///
///     ωᵢ = Σ_steps −gᵢ Δθᵢ          (the path integral of the gradient, step by step)
///     bᵢ = max(0, ωᵢ / ((θᵢ_end − θᵢ_start)² + ξ))
///
/// g is the gradient the step followed (the task loss plus the guard, as van de Ven & Tolias's
/// implementation takes it), Δθ the step's change. ξ (damping) keeps bᵢ finite for a parameter
/// that came back to where it started. A parameter that on balance *raised* the loss (ω < 0, rare
/// and noise) gets b = 0. The importances add up over tasks.
public final class SIImportance: ImportanceEstimator {
    public let name = "SI"
    /// ξ, the damping.
    public let damping: Float
    var start: [[Float]] = [], before: [[Float]] = [], gradient: [[Float]] = [], omega: [[Float]] = []

    public init(damping: Float = 0.1) { self.damping = damping }

    public func beginTask(_ context: TaskContext) {
        start = context.model.parameters.map(\.data)
        omega = start.map { [Float](repeating: 0, count: $0.count) }
    }

    public func afterBackward(_ batch: Batch, _ context: TaskContext) {
        let parameters = context.model.parameters
        (before, gradient) = (parameters.map(\.data), parameters.map { $0.grad ?? [Float](repeating: 0, count: $0.count) })
    }

    public func afterStep(_ batch: Batch, _ context: TaskContext) {
        for (k, p) in context.model.parameters.enumerated() {
            let (theta, old, g) = (p.data, before[k], gradient[k])
            omega[k].withUnsafeMutableBufferPointer { w in for i in w.indices { w[i] -= g[i] * (theta[i] - old[i]) } }
        }
    }

    public func importance(_ context: TaskContext) -> [[Float]] {
        zip(context.model.parameters, zip(omega, start)).map { p, ws in
            zip(p.data, zip(ws.0, ws.1)).map { theta, w0 in
                let d = theta - w0.1
                return max(0, w0.0 / (d * d + damping))
            }
        }
    }
}
