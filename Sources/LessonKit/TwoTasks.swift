import Autograd
import Datasets
import NN

/// Two tasks, each a training set and a test set (the lecture's noisy and clean digits).
public struct TaskPair: Sendable {
    public var names: [String]
    public var train: [DigitSet]
    public var test: [DigitSet]
    public init(names: [String], train: [DigitSet], test: [DigitSet]) { (self.names, self.train, self.test) = (names, train, test) }
}

/// How one network is trained on the tasks.
public struct TwoTaskSettings: Sendable {
    public var hidden = [50, 50, 50]
    public var learningRate: Float = 0.1
    public var momentum: Float = 0
    public var batchSize = 64
    public var epochs = 1
    /// Test accuracies are sampled every this many steps (and at each task's end).
    public var evaluateEvery = 100
    public init() {}
}

/// Accuracy on every task's test set, sampled along training.
public struct Trajectory: Sendable {
    public var steps: [Double] = []
    /// accuracy[task][sample].
    public var accuracy: [[Double]]
    /// The step at which each stage ended.
    public var boundaries: [Double] = []
    /// Accuracy on every task after each stage: afterStage[stage][task].
    public var afterStage: [[Double]] = []
    init(tasks: Int) { accuracy = Array(repeating: [], count: tasks) }
}

/// The lecture's pair: Task 1 = noisy digits, Task 2 = clean digits — the same images, with and
/// without the corruption (drawn by `seed`). The test set is used whole for both, noisy for Task 1,
/// its corruption drawn from a fixed seed so every run is scored on the same noisy images.
public func noisyAndCleanDigits(_ data: DigitData, corruption: Corruption, seed: UInt64) -> TaskPair {
    let noisyTrain = DigitTasks.corrupted(data.train, corruption, seed: seed &+ 101)
    let cleanTrain = data.train
    let noisyTest = DigitTasks.corrupted(data.test, corruption, seed: 20_21)
    return TaskPair(names: ["Task 1 (noisy)", "Task 2 (clean)"], train: [noisyTrain, cleanTrain], test: [noisyTest, data.test])
}

/// Trains one fresh network on the tasks in `order` (indices into `tasks`), one stage per task,
/// recording both tasks' test accuracy along the way: sequential learning with no defence.
public func trainSequentially(_ tasks: TaskPair, order: [Int], settings: TwoTaskSettings, seed: UInt64) -> Trajectory {
    var rng = SeededGenerator(seed: seed)
    let model = MLP([784] + settings.hidden + [10], using: &rng)
    let optimizer = SGD(model.parameters, learningRate: settings.learningRate, momentum: settings.momentum)
    var trajectory = Trajectory(tasks: tasks.test.count)
    var step = 0
    func sample() {
        trajectory.steps.append(Double(step))
        for (t, test) in tasks.test.enumerated() { trajectory.accuracy[t].append(accuracy(of: model, on: test)) }
    }
    sample()
    for task in order {
        let start = step
        trainClassifier(model, on: tasks.train[task], epochs: settings.epochs, batchSize: settings.batchSize, optimizer: optimizer,
                        using: &rng, everySteps: settings.evaluateEvery) { s in step = start + s; sample() }
        step = start + settings.epochs * (tasks.train[task].count / settings.batchSize)
        if trajectory.steps.last != Double(step) { sample() }
        trajectory.boundaries.append(Double(step))
        trajectory.afterStage.append(trajectory.accuracy.map { $0.last! })
    }
    return trajectory
}

/// Multi-task training: one network on all tasks' data mixed together (the upper bound).
/// - Returns: test accuracy per task.
public func trainJointly(_ tasks: TaskPair, settings: TwoTaskSettings, seed: UInt64) -> [Double] {
    var rng = SeededGenerator(seed: seed)
    let model = MLP([784] + settings.hidden + [10], using: &rng)
    let all = DigitSet.concatenated(tasks.train)
    trainClassifier(model, on: all, epochs: settings.epochs, batchSize: settings.batchSize,
                    optimizer: SGD(model.parameters, learningRate: settings.learningRate, momentum: settings.momentum), using: &rng)
    return tasks.test.map { accuracy(of: model, on: $0) }
}
