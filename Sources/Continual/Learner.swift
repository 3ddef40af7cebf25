import Autograd
import NN

/// How a task is trained: epochs of mini-batches, the objective and the optimizer rule.
public struct TrainingPlan {
    public var epochs: Int
    /// Steps a task, when set: exactly this many, the batches running on across reshuffled epochs
    /// (the papers' "iterations a task"); `epochs` is then ignored.
    public var iterations: Int?
    public var batchSize: Int
    /// Shuffle the examples every epoch (from the run's generator); `false` serves them in
    /// storage order, which with `batchSize` = the task's size is full-batch gradient descent.
    public var shuffle = true
    /// Evaluate every this many steps within a task (0: only when a task ends).
    public var evaluateEvery = 0
    public var objective: Objective
    public var optimizer: OptimizerRule

    public init(epochs: Int, iterations: Int? = nil, batchSize: Int, objective: Objective = .classification, optimizer: OptimizerRule,
                shuffle: Bool = true, evaluateEvery: Int = 0) {
        (self.epochs, self.iterations, self.batchSize, self.objective, self.optimizer) = (epochs, iterations, batchSize, objective, optimizer)
        (self.shuffle, self.evaluateEvery) = (shuffle, evaluateEvery)
    }
}

/// Training that cannot go on.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    /// The loss became NaN or infinite.
    case nonFiniteLoss(task: String, step: Int, value: Float)
    /// A task has fewer training examples than one batch.
    case tooFewExamples(task: String, count: Int, batchSize: Int)

    public var description: String {
        switch self {
        case .nonFiniteLoss(let task, let step, let value):
            "training diverged: the loss is \(value.isNaN ? "NaN" : value > 0 ? "+∞" : "−∞") at step \(step) of \(task) (try a smaller learning rate)"
        case .tooFewExamples(let task, let count, let batchSize):
            "\(task) has \(count) training examples, fewer than one batch of \(batchSize)"
        }
    }
}

/// A model, the strategies that guard it, and **the one training loop** every method shares.
public final class Learner {
    public let model: any Layer
    public var strategies: [any Strategy]
    public var plan: TrainingPlan
    /// Optimizer steps taken over all tasks so far.
    public private(set) var steps = 0

    public init(model: any Layer, plan: TrainingPlan, strategies: [any Strategy] = []) {
        (self.model, self.plan, self.strategies) = (model, plan, strategies)
    }

    /// An independent learner in the same state: a copy of the model and of every strategy, the
    /// same plan and step count. Every strategy must be a `CopyableStrategy`.
    public func copy() -> Learner {
        let copies = strategies.map { s -> any Strategy in
            guard let s = s as? any CopyableStrategy else { preconditionFailure("\(type(of: s)) cannot be copied: a learner using it cannot be forked") }
            return s.copy()
        }
        let fork = Learner(model: model.copy(), plan: plan, strategies: copies)
        fork.steps = steps
        return fork
    }

    /// A copy of this learner (`copy()`) with `strategies` added after its own, as though they had
    /// guarded `task` — the task it has just learned — from its start: their `endTask` for it runs
    /// now. Only for strategies that leave a task alone until their first `endTask` (no `beginTask`
    /// state, the batches, loss and gradients unchanged, no random draws, no `predict`): the copy is
    /// then in the state a learner holding them all along would be in (`learnBranches`).
    public func joined(by strategies: [any Strategy], after task: TaskInfo) throws -> Learner {
        let fork = copy()
        fork.strategies += strategies
        for s in strategies { try s.endTask(fork.context(task, step: stepsPerTask(task))) }
        return fork
    }

    /// Optimizer steps `learn` takes on `task`: `plan.iterations`, or `plan.epochs` epochs of whole batches.
    func stepsPerTask(_ task: TaskInfo) -> Int { plan.iterations ?? plan.epochs * (task.train.count / max(plan.batchSize, 1)) }

    /// Learns one task: `beginTask`, then `plan.epochs` epochs of mini-batches (the last partial
    /// batch of an epoch is dropped) or `plan.iterations` steps, then `endTask`. `observe(steps)` runs every
    /// `plan.evaluateEvery` steps within the task, except at its last step (the caller evaluates
    /// after `endTask`).
    /// - Throws: `TrainingError` if the task has less than a batch or the loss stops being finite.
    public func learn(_ task: TaskInfo, using rng: inout SeededGenerator, observe: (Int) -> Void = { _ in }) throws {
        let n = task.train.count, size = plan.batchSize
        guard n >= size, size >= 1 else { throw TrainingError.tooFewExamples(task: task.name, count: n, batchSize: size) }
        for s in strategies { s.beginTask(context(task, step: 0)) }
        let optimizer = plan.optimizer.make(model.parameters, task)
        let perEpoch = n / size, total = stepsPerTask(task)
        var order: [Int] = [], step = 0
        while step < total {
            if step % perEpoch == 0 { order = plan.shuffle ? rng.permutation(n) : Array(0..<n) }   // a new epoch
            let first = (step % perEpoch) * size
            let batch = task.train.batch(Array(order[first..<(first + size)]), task: task.id)
            if (step + 1) % perEpoch != 0 && step + 1 < total {      // the next batch, fetched during this step
                task.train.prefetch(Array(order[(first + size)..<(first + 2 * size)]))
            }
            try trainStep(batch, optimizer: optimizer, context: context(task, step: step))
            (step, steps) = (step + 1, steps + 1)
            if plan.evaluateEvery > 0 && step % plan.evaluateEvery == 0 && step < total { observe(steps) }
        }
        for s in strategies { try s.endTask(context(task, step: step)) }
    }

    /// One step: prepare the batch, the loss (plus every strategy's term), backward, gradient
    /// hooks, the optimizer step, after-step hooks.
    func trainStep(_ batch: Batch, optimizer: any Optimizer, context: TaskContext) throws {
        var batch = batch
        for s in strategies { batch = s.prepare(batch, context) }
        model.zeroGrad()
        let outputs = plan.objective.forward(model, batch)
        var loss = plan.objective.loss(outputs, batch)
        for s in strategies { loss = s.loss(loss, outputs: outputs, batch: batch, context) }
        guard loss.item.isFinite else { throw TrainingError.nonFiniteLoss(task: context.task.name, step: context.step + 1, value: loss.item) }
        loss.backward()
        for s in strategies { s.afterBackward(batch, context) }
        optimizer.step()
        for s in strategies { s.afterStep(batch, context) }
    }

    private func context(_ task: TaskInfo, step: Int) -> TaskContext {
        TaskContext(model: model, task: task, objective: plan.objective, step: step)
    }

    // MARK: - Prediction and evaluation

    /// The outputs used to decide: the first strategy that predicts (iCaRL's nearest mean of
    /// exemplars), otherwise the model's outputs. Without gradients.
    public func predict(_ inputs: Tensor, tasks: [Int]) -> Tensor {
        withNoGrad {
            for s in strategies { if let scores = s.predict(inputs, tasks: tasks, model: model) { return scores } }
            return model(inputs, tasks: tasks)
        }
    }

    /// The objective's score on `set` (accuracy for classifiers), from `predict`, in chunks.
    public func score(on set: any ExampleSet, task: Int, chunk: Int = 2048) -> Double {
        guard set.count > 0 else { return 0 }
        var total = 0.0
        for first in stride(from: 0, to: set.count, by: chunk) {
            let batch = set.batch(Array(first..<min(first + chunk, set.count)), task: task)
            total += plan.objective.score(predict(batch.inputs, tasks: batch.tasks), batch)
        }
        return total / Double(set.count)
    }

    /// The score on every task's test set, in task order.
    public func scores(on tasks: [ContinualTask]) -> [Double] {
        tasks.enumerated().map { score(on: $0.element.test, task: $0.offset) }
    }
}
