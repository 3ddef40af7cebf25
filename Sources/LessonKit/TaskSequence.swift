import Autograd
import Datasets
import NN

/// Tasks learned in order, each with a training set and a test set.
public struct TaskSequence: Sendable {
    public var names: [String]
    public var train: [DigitSet]
    public var test: [DigitSet]

    /// `count` permuted-digit tasks (task 1 = plain digits), each from its own subsample.
    public static func permuted(_ data: DigitData, count: Int, trainPerTask: Int, testPerTask: Int, seed: UInt64) -> TaskSequence {
        let perms = DigitTasks.permutations(count: count, seed: seed)
        return make(names: (1...count).map { "Task \($0)" }, data, trainPerTask, testPerTask, seed) { DigitTasks.permuted($0, perms[$1]) }
    }

    /// One rotated-digit task per angle.
    public static func rotated(_ data: DigitData, degrees: [Float], trainPerTask: Int, testPerTask: Int, seed: UInt64) -> TaskSequence {
        make(names: degrees.map { "\(Int($0))°" }, data, trainPerTask, testPerTask, seed) { DigitTasks.rotated($0, degrees: degrees[$1]) }
    }

    static func make(names: [String], _ data: DigitData, _ trainCount: Int, _ testCount: Int, _ seed: UInt64,
                     _ transform: (DigitSet, Int) -> DigitSet) -> TaskSequence {
        let train = names.indices.map { transform(data.train.subsample(trainCount, seed: seed &+ UInt64($0)), $0) }
        let test = names.indices.map { transform(data.test.subsample(testCount, seed: seed &+ 100 &+ UInt64($0)), $0) }
        return TaskSequence(names: names, train: train, test: test)
    }
}

/// How a sequence of tasks is learned, for comparison in an R matrix.
public enum SequenceMethod: String, CaseIterable, Sendable {
    /// One network, fine-tuned on each task in turn (no defence against forgetting).
    case naive
    /// Multi-task training: after each task, a fresh network on all the data seen so far.
    case joint
    /// One network per task; task j is always scored with its own network once it exists
    /// (before that, with the newest one).
    case perTask

    /// A short name for legends.
    public var shortTitle: String {
        switch self {
        case .naive: "naive"
        case .joint: "multi-task"
        case .perTask: "per task"
        }
    }

    public var title: String {
        switch self {
        case .naive: "naive fine-tuning"
        case .joint: "multi-task (joint)"
        case .perTask: "one model per task"
        }
    }
}

/// The (T+1)×T matrix R for `method`: row 0 is the untrained network, row i the accuracies on every
/// task after learning task i. Every network starts from the same initialisation (drawn from `seed`).
public func evaluationMatrix(_ tasks: TaskSequence, method: SequenceMethod, settings: TwoTaskSettings, seed: UInt64) -> [[Double]] {
    func fresh() -> (MLP, SeededGenerator) {
        var rng = SeededGenerator(seed: seed)
        return (MLP([784] + settings.hidden + [10], using: &rng), rng)
    }
    func train(_ model: MLP, _ set: DigitSet, _ rng: inout SeededGenerator) {
        trainClassifier(model, on: set, epochs: settings.epochs, batchSize: settings.batchSize,
                        optimizer: SGD(model.parameters, learningRate: settings.learningRate, momentum: settings.momentum), using: &rng)
    }
    func scores(_ model: MLP) -> [Double] { tasks.test.map { accuracy(of: model, on: $0) } }
    var (model, rng) = fresh()
    var rows = [scores(model)]
    var perTaskModels: [MLP] = []
    for i in tasks.train.indices {
        switch method {
        case .naive:
            train(model, tasks.train[i], &rng)
            rows.append(scores(model))
        case .joint:
            (model, rng) = fresh()
            train(model, DigitSet.concatenated(Array(tasks.train[...i])), &rng)
            rows.append(scores(model))
        case .perTask:
            (model, rng) = fresh()
            train(model, tasks.train[i], &rng)
            perTaskModels.append(model)
            rows.append(tasks.test.indices.map { j in accuracy(of: j <= i ? perTaskModels[j] : model, on: tasks.test[j]) })
        }
    }
    return rows
}
