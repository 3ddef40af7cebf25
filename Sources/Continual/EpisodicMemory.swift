import Autograd
import NN

/// Examples kept from finished tasks, with their labels and task ids. GEM and A-GEM keep the
/// **first m** training examples of each task in the order the task stores them (the digit tasks
/// store a seeded random subsample, so these are a random choice already); exact replay keeps a
/// seeded random choice under a total budget and shrinks every task's share as tasks arrive.
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

    /// Keeps `count` training examples of the task just learned, chosen at random from `rng`, in
    /// the order drawn (so shrinking from the end keeps a random subset).
    public func remember(_ context: TaskContext, choosing count: Int, using rng: inout SeededGenerator) {
        let chosen = Array(rng.permutation(context.task.train.count).prefix(count))
        tasks.append((context.task.id, context.task.train.batch(chosen, task: context.task.id)))
    }

    /// Shrinks every task's memory to its first `count` examples (dropping from the end).
    public func keepFirst(_ count: Int) {
        tasks = tasks.map { task in task.batch.count <= count ? task : (task.id, task.batch.rows(Array(0..<count))) }
    }

    /// Examples stored in all (the memory's total size).
    public var totalExamples: Int { tasks.reduce(0) { $0 + $1.batch.count } }

    /// The memories of tasks other than `current`.
    public func others(than current: Int) -> [Batch] { tasks.filter { $0.id != current }.map(\.batch) }

    /// The examples at `indices` of the memories of tasks other than `current`, counted across
    /// them in order (as if concatenated), as one batch in the order of `indices`: only those rows
    /// are copied, not the whole memory.
    public func examples(_ indices: [Int], otherThan current: Int) -> Batch {
        let parts = others(than: current)
        var starts = [0]
        for part in parts { starts.append(starts.last! + part.count) }
        let width = parts[0].inputs.count / max(parts[0].count, 1)
        var inputs = [Float](), labels = [Int](), ids = [Int](), targets = [Float]()
        inputs.reserveCapacity(indices.count * width)
        let withTargets = parts.allSatisfy { $0.targets != nil }
        for index in indices {
            let p = starts.lastIndex { $0 <= index }!, row = index - starts[p], part = parts[p]
            inputs += part.inputs.data[(row * width)..<((row + 1) * width)]
            if !part.labels.isEmpty { labels.append(part.labels[row]) }
            ids.append(part.tasks[row])
            if withTargets, let t = part.targets { let w = t.count / part.count; targets += t.data[(row * w)..<((row + 1) * w)] }
        }
        let shape = [indices.count] + Array(parts[0].inputs.shape.dropFirst())
        let targetShape = parts[0].targets.map { [indices.count] + Array($0.shape.dropFirst()) }
        return Batch(inputs: Tensor(shape: shape, data: inputs), labels: labels,
                     targets: withTargets ? Tensor(shape: targetShape!, data: targets) : nil, tasks: ids)
    }
}

extension Layer {
    /// ∂loss/∂θ of the objective's loss on `batch`, flattened (the model's gradients are cleared).
    func flatGradient(of objective: Objective, on batch: Batch) -> [Float] {
        zeroGrad()
        objective.loss(objective.forward(self, batch), batch).backward()
        return flatGradients()
    }
}
