import Autograd
import NN

/// The lecture's guard (selective synaptic plasticity): after a task, keep its parameters θᵇ and
/// an importance bᵢ for every parameter, and while learning later tasks minimise
///
///     L′(θ) = L(θ) + λ Σᵢ bᵢ (θᵢ − θᵢᵇ)²
///
/// bᵢ = 0 is naive fine-tuning (forgetting); a huge bᵢ holds θᵢ still (intransigence); methods
/// such as EWC, SI and MAS differ only in how they estimate bᵢ (`importance`). After several
/// tasks the importances add up and θᵇ is the latest task's parameters (the online form).
/// Hooks: `endTask` (θᵇ and b), `loss` (the penalty).
public final class QuadraticPenalty: Strategy {
    /// λ, the strength of the guard.
    public let lambda: Float
    /// bᵢ for the task just learned, one array per parameter tensor, in `model.parameters` order.
    let importance: (TaskContext) -> [[Float]]
    /// θᵇ and Σ b, once a task has been learned.
    public private(set) var anchor: [Tensor] = [], guards: [Tensor] = []

    public init(lambda: Float, importance: @escaping (TaskContext) -> [[Float]]) {
        (self.lambda, self.importance) = (lambda, importance)
    }

    public func endTask(_ context: TaskContext) {
        let parameters = context.model.parameters
        let b = importance(context)
        precondition(b.count == parameters.count && zip(b, parameters).allSatisfy { $0.count == $1.count }, "one importance per parameter")
        anchor = parameters.map { Tensor(shape: $0.shape, data: $0.data) }
        guards = guards.isEmpty ? zip(b, parameters).map { Tensor(shape: $1.shape, data: $0) }
                                : zip(guards, b).map { old, new in Tensor(shape: old.shape, data: zip(old.data, new).map { $0 + $1 }) }
    }

    public func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor {
        guard !anchor.isEmpty else { return loss }
        let terms = zip(context.model.parameters, zip(anchor, guards)).map { p, ab in ((p - ab.0).pow(2) * ab.1).sum() }
        return loss + terms.dropFirst().reduce(terms[0], +) * lambda
    }
}
