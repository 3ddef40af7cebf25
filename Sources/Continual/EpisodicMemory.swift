import Autograd
import NN

/// Examples kept from finished tasks (GEM's and A-GEM's episodic memory): the **first m** training
/// examples of each task in the order the task stores them (the digit tasks store a seeded random
/// subsample, so these are a random choice already), with their labels and task ids.
public final class EpisodicMemory {
    /// m, the examples kept per task.
    public let perTask: Int
    /// Each finished task's memories, in the order the tasks were learned.
    public private(set) var tasks: [(id: Int, batch: Batch)] = []

    public init(perTask: Int) {
        precondition(perTask >= 1, "a memory holds at least one example per task")
        self.perTask = perTask
    }

    /// Keeps the first `perTask` training examples of the task just learned.
    public func remember(_ context: TaskContext) {
        let count = min(perTask, context.task.train.count)
        tasks.append((context.task.id, context.task.train.batch(Array(0..<count), task: context.task.id)))
    }

    /// Examples stored in all (the memory's total size).
    public var totalExamples: Int { tasks.reduce(0) { $0 + $1.batch.count } }

    /// The memories of tasks other than `current`.
    public func others(than current: Int) -> [Batch] { tasks.filter { $0.id != current }.map(\.batch) }
}

extension Layer {
    /// ∂loss/∂θ of the objective's loss on `batch`, flattened (the model's gradients are cleared).
    func flatGradient(of objective: Objective, on batch: Batch) -> [Float] {
        zeroGrad()
        objective.loss(objective.forward(self, batch), batch).backward()
        return flatGradients()
    }
}
