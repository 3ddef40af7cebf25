import Autograd
import Continual
import Datasets
import LessonCore
import NN

/// Shared by the `forgetting` and `curriculum` lessons: the noisy/clean digit tasks, their
/// settings, their result keys and the slide's numbers (figures: `NoisyCleanFigures.swift`).
public enum NoisyClean {
    /// Names each task in figures and tables.
    public static let taskNames = ["Task 1 (noisy)", "Task 2 (clean)"]

    /// The two tasks: the same images, with and without the corruption.
    public struct Tasks: Sendable {
        public var train: [DigitSet]
        public var test: [DigitSet]
        /// Task 1 and Task 2 for the training loop.
        public var sequence: [ContinualTask] { (0..<2).map { ContinualTask(name: taskNames[$0], train: train[$0], test: test[$0]) } }
    }

    /// The lecture's pair: Task 1 = noisy digits, Task 2 = clean digits — the same images, with and
    /// without the corruption (drawn by `seed`). The test set is used whole for both, noisy for
    /// Task 1, its corruption drawn from a fixed seed so every run is scored on the same images.
    public static func tasks(_ data: DigitData, corruption: Corruption, seed: UInt64) -> Tasks {
        let noisyTrain = DigitTasks.corrupted(data.train, corruption, seed: seed &+ 101)
        let noisyTest = DigitTasks.corrupted(data.test, corruption, seed: 20_21)
        return Tasks(train: [noisyTrain, data.train], test: [noisyTest, data.test])
    }

    // MARK: - Training (the one loop in `Continual`, wired for these tasks)

    /// A fresh network learns the tasks in `order`, one stage per task, with no defence against
    /// forgetting; both tasks' test accuracy is sampled along the way.
    public static func sequential(_ tasks: Tasks, order: [Int], settings: DigitTraining, seed: UInt64) throws -> SequenceRun {
        var rng = SeededGenerator(seed: seed)
        return try learnSequence(tasks.sequence, order: order, learner: settings.learner(using: &rng), using: &rng)
    }

    /// Multi-task training: a fresh network on both tasks' data together (the upper bound).
    /// - Returns: test accuracy per task.
    public static func joint(_ tasks: Tasks, settings: DigitTraining, seed: UInt64) throws -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return try learnJointly(tasks.sequence, learner: settings.learner(using: &rng), using: &rng)
    }
}

// MARK: - Result keys and the slide's numbers

extension NoisyClean {
    /// The runs whose numbers `results.json` holds: `seq` (forgetting: Task 1, then Task 2),
    /// `order12` and `order21` (curriculum: each order).
    public enum Run: String, Sendable { case seq, order12, order21 }

    /// Accuracy on Task `test` after learning Task `learned` in `run`: `seq.afterTask2.task1`.
    public static func key(_ run: Run, afterLearning learned: Int, on test: Int) -> ResultKey { ResultKey("\(run.rawValue).afterTask\(learned).task\(test)") }
    /// Accuracy on Task `test` of the network trained on both tasks at once.
    public static func jointKey(on test: Int) -> ResultKey { ResultKey("joint.task\(test)") }
    /// Accuracy on Task `test` of the network trained on that task alone.
    public static func perTaskKey(on test: Int) -> ResultKey { ResultKey("perTask.task\(test)") }
    /// Accuracy on the noisy digits of the network trained on clean digits alone.
    public static let cleanModelKey: ResultKey = "cleanModel.task1"

    /// The keys of the forgetting lesson's `results.json`.
    public static let forgettingKeys: [ResultKey] = [1, 2].flatMap { l in [1, 2].map { key(.seq, afterLearning: l, on: $0) } }
        + [1, 2].map(jointKey) + [1, 2].map(perTaskKey) + [cleanModelKey]
    /// The keys of the curriculum lesson's `results.json`.
    public static let curriculumKeys: [ResultKey] = [Run.order12, .order21].flatMap { run in [1, 2].flatMap { l in [1, 2].map { key(run, afterLearning: l, on: $0) } } }

    /// Accuracy numbers from the slides (fractions).
    public static let slide: [ResultKey: Double] = {
        var s: [ResultKey: Double] = [jointKey(on: 1): 0.89, jointKey(on: 2): 0.98]
        for run in [Run.seq, .order12] {
            (s[key(run, afterLearning: 1, on: 1)], s[key(run, afterLearning: 1, on: 2)]) = (0.90, 0.96)
            (s[key(run, afterLearning: 2, on: 1)], s[key(run, afterLearning: 2, on: 2)]) = (0.80, 0.97)
        }
        (s[key(.order21, afterLearning: 2, on: 1)], s[key(.order21, afterLearning: 2, on: 2)]) = (0.62, 0.97)
        (s[key(.order21, afterLearning: 1, on: 1)], s[key(.order21, afterLearning: 1, on: 2)]) = (0.90, 0.97)
        return s
    }()
}

// MARK: - Settings

extension NoisyClean {
    /// The defaults both lessons use, tuned on real MNIST so that the mean of 3 seeds lands near
    /// the slide's numbers (README, "Lessons"): Gaussian noise (σ from `noise(for:)`), and on half
    /// the images a blanked 10×10 square; 5 epochs of SGD (lr 0.1, batch 64) per task.
    public static let defaults: (corruption: Corruption, training: DigitTraining) = {
        var training = DigitTraining()
        (training.epochs, training.learningRate, training.batchSize, training.evaluateEvery) = (5, 0.1, 64, 500)
        return (Corruption(noise: 0.33, occlusionChance: 0.5, occlusionSize: 10), training)
    }()

    /// Task 1's noise σ for a data set: 0.33 on MNIST (every slide number within 2 points), 0.2 on
    /// the built-in digits, whose clean images are easier and whose noisy ones are harder for this
    /// network (there, 0.2 keeps the slide's story: ≥ 5 points forgotten in order 1→2, ≤ 1 in 2→1).
    public static func noise(for dataset: DatasetIdentity) -> Float { dataset.name == "MNIST" ? 0.33 : 0.2 }

    /// Multi-task training sees both tasks' data, so 4/5 of the epochs give it 1.6× the steps of one
    /// task (the budget tuned against the slide's joint numbers).
    public static func jointSettings(_ s: DigitTraining) -> DigitTraining {
        var joint = s
        joint.epochs = max(1, (s.epochs * 4 + 2) / 5)
        return joint
    }

    /// The settings as name/value pairs for the report and `results.json`.
    public static func describe(_ s: DigitTraining, _ c: Corruption) -> [(String, String)] {
        [("network", s.networkDescription), ("optimizer", "SGD, learning rate \(s.learningRate), batch \(s.batchSize)"),
         ("epochs per task", "\(s.epochs)"), ("epochs of joint training", "\(jointSettings(s).epochs)"),
         ("Task 1 noise", "Gaussian σ = \(c.noise), salt \(c.salt), a blanked \(c.occlusionSize)×\(c.occlusionSize) square on \(Int(c.occlusionChance * 100))% of images"),
         ("accuracy sampled every", "\(s.evaluateEvery) steps")]
    }
}
