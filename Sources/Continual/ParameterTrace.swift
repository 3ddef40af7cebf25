import NN

/// Records the parameters as a flat vector at the start of every task and after every step: the
/// path θ takes (the error-surface lesson draws it). Hooks: `beginTask`, `afterStep`.
public final class ParameterTrace: Strategy {
    /// `paths[task id]`: θ before the task's first step, then after each step.
    public private(set) var paths: [Int: [[Float]]] = [:]

    public init() {}

    public func beginTask(_ context: TaskContext) { paths[context.task.id] = [context.model.flatParameters()] }
    public func afterStep(_ batch: Batch, _ context: TaskContext) { paths[context.task.id]!.append(context.model.flatParameters()) }
}
