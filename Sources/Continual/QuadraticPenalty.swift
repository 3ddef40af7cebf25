import Autograd
import CKernels
import NN

/// The lecture's guard (selective synaptic plasticity): after a task, keep its parameters θᵇ and
/// an importance bᵢ for every parameter, and while learning later tasks minimise
///
///     L′(θ) = L(θ) + λ Σᵢ bᵢ (θᵢ − θᵢᵇ)²
///
/// bᵢ = 0 is naive fine-tuning (forgetting); a huge bᵢ holds θᵢ still (intransigence); EWC, SI,
/// MAS, RWalk and SCP differ only in how they estimate bᵢ (an `ImportanceEstimator`).
/// **Over several tasks** the importances add up (b = Σ_tasks b_task, unless the estimator keeps
/// its own running total) and θᵇ is the latest task's parameters: the online form, one penalty
/// whatever the number of tasks (Schwarz et al. 2018's online EWC with γ = 1; SI does the same).
/// Hooks: the estimator's own (a path integral needs every step), `endTask` (θᵇ and b), `loss`.
public final class QuadraticPenalty: Strategy {
    /// λ, the strength of the guard.
    public let lambda: Float
    /// How bᵢ is estimated.
    public let estimator: any ImportanceEstimator
    /// θᵇ and Σ b, once a task has been learned: one array per parameter tensor, in
    /// `model.parameters` order.
    public private(set) var anchor: [[Float]] = [], guards: [[Float]] = []
    /// The importance the estimator gave at the end of each task, in order (what each guard
    /// protects, for the lessons' figures).
    public private(set) var taskImportances: [[[Float]]] = []

    public init(lambda: Float, estimator: any ImportanceEstimator) {
        (self.lambda, self.estimator) = (lambda, estimator)
    }

    /// A guard whose bᵢ a closure gives (the error-surface lesson's hand-set b).
    public convenience init(lambda: Float, importance: @escaping (TaskContext) -> [[Float]]) {
        self.init(lambda: lambda, estimator: GivenImportance(importance))
    }

    public func beginTask(_ context: TaskContext) { estimator.beginTask(context) }
    public func afterBackward(_ batch: Batch, _ context: TaskContext) { estimator.afterBackward(batch, context) }
    public func afterStep(_ batch: Batch, _ context: TaskContext) { estimator.afterStep(batch, context) }

    public func endTask(_ context: TaskContext) {
        let parameters = context.model.parameters
        let b = estimator.importance(context)
        precondition(b.count == parameters.count && zip(b, parameters).allSatisfy { $0.count == $1.count }, "one importance per parameter")
        precondition(b.allSatisfy { $0.allSatisfy { $0 >= 0 && $0.isFinite } }, "importances are finite and nonnegative")
        anchor = parameters.map(\.data)
        taskImportances.append(b)
        guards = guards.isEmpty || !estimator.importancesAdd ? b : zip(guards, b).map { old, new in zip(old, new).map { $0 + $1 } }
    }

    public func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor {
        guard !anchor.isEmpty, lambda != 0 else { return loss }
        return loss + quadraticPenalty(context.model.parameters, anchor: anchor, importance: guards, lambda: lambda)
    }
}

/// λ Σᵢ bᵢ (θᵢ − aᵢ)² over every parameter tensor, as one op (one pass forward, one backward):
///
///     forward   λ Σᵢ bᵢ (θᵢ − aᵢ)²
///     backward  ∂/∂θᵢ = 2λ bᵢ (θᵢ − aᵢ) · upstream
///
/// Written fused because a guarded step must cost little more than a plain one; the anchor and
/// importances are constants.
public func quadraticPenalty(_ parameters: [Tensor], anchor: [[Float]], importance: [[Float]], lambda: Float) -> Tensor {
    var total: Double = 0           // in lanes (C): only the check for a finite loss reads this value
    for (p, (a, b)) in zip(parameters, zip(anchor, importance)) {
        precondition(a.count == p.count && b.count == p.count, "an anchor and an importance per weight")
        total += lf_weighted_squared_distance(p.count, p.data, a, b)
    }
    return Tensor.custom(shape: [], data: [lambda * Float(total)], parents: parameters) { out in
        let scale = 2 * lambda * out.grad![0]
        for (p, (a, b)) in zip(parameters, zip(anchor, importance)) {
            let theta = p.data
            p.accumulateGrad { g in       // through pointers: no bounds checks, so the loop vectorises
                theta.withUnsafeBufferPointer { theta in a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in
                    for i in g.indices { g[i] += scale * b[i] * (theta[i] - a[i]) }
                } } }
            }
        }
    }
}

/// How a guard's bᵢ is estimated for the task just learned. The hooks let an estimator watch the
/// training (SI's and RWalk's path integrals); `importance` is asked once, at the task's end, and
/// must read only the task's **training** data (`context.task.train`), never test data.
public protocol ImportanceEstimator: AnyObject {
    /// A short name for reports ("EWC").
    var name: String { get }
    /// Whether the penalty sums this estimator's per-task importances (true), or the estimator
    /// returns its own running total each time (false: RWalk's running Fisher).
    var importancesAdd: Bool { get }
    func beginTask(_ context: TaskContext)
    func afterBackward(_ batch: Batch, _ context: TaskContext)
    func afterStep(_ batch: Batch, _ context: TaskContext)
    /// bᵢ ≥ 0 for every parameter, one array per tensor in `model.parameters` order.
    func importance(_ context: TaskContext) -> [[Float]]
}

extension ImportanceEstimator {
    public var importancesAdd: Bool { true }
    public func beginTask(_ context: TaskContext) {}
    public func afterBackward(_ batch: Batch, _ context: TaskContext) {}
    public func afterStep(_ batch: Batch, _ context: TaskContext) {}
}

/// bᵢ from a closure.
public final class GivenImportance: ImportanceEstimator {
    public let name = "given"
    let body: (TaskContext) -> [[Float]]
    public init(_ body: @escaping (TaskContext) -> [[Float]]) { self.body = body }
    public func importance(_ context: TaskContext) -> [[Float]] { body(context) }
}

/// bᵢ = 1 for every parameter: the slide's "bᵢ = 1", plain L2 towards the previous task's θᵇ.
public final class UniformImportance: ImportanceEstimator {
    public let name = "b = 1"
    public init() {}
    /// Summing over tasks would make b = t after t tasks; the slide's b stays 1.
    public var importancesAdd: Bool { false }
    public func importance(_ context: TaskContext) -> [[Float]] {
        context.model.parameters.map { [Float](repeating: 1, count: $0.count) }
    }
}
