import Autograd
import Continual
import Datasets
import Foundation
import LessonCore
import NN

/// The replay lesson's methods, each on the one training loop: none (fine-tuning), exact replay
/// (a budget of stored images), generative replay (a VAE) and joint training (all data at once).
public struct ReplayMethod: Sendable, Hashable {
    /// `none`, `exact`, `generative`, `joint`: the key prefix in `results.json`.
    public let key: String
    public let title: String

    public static let none = ReplayMethod(key: "none", title: "none")
    public static let exact = ReplayMethod(key: "exact", title: "exact replay")
    public static let generative = ReplayMethod(key: "generative", title: "generative replay")
    public static let joint = ReplayMethod(key: "joint", title: "joint (all data)")
    public static let all = [none, exact, generative, joint]
    /// The methods that learn the tasks one after another (joint learns them together).
    public static let sequential = [none, exact, generative]

    /// One run: R (T + 1 rows; joint: its untrained row and its final row), the generator's
    /// gallery after each task (generative replay), what the method keeps between tasks, and the
    /// seconds it took.
    public struct Run: Sendable {
        public let rows: [[Double]]
        public let gallery: [[[Float]]]
        /// Bytes kept between tasks besides the solver: stored images at one byte a pixel (exact),
        /// or the generator and the old solver as 32-bit floats (generative).
        public let storedBytes: Int
        public let seconds: Double
        /// Accuracy on every task after the last.
        public var final: [Double] { rows.last! }
    }

    /// Learns the split-digit `tasks` with this method, from networks drawn from `seed`.
    public func run(_ tasks: [ContinualTask], setup: ReplaySetup, seed: UInt64) throws -> Run {
        let start = Date()
        var rng = SeededGenerator(seed: seed)
        var own = rng.fork(0x7265706C)
        if key == "joint" {
            var plan = setup.plan
            plan.iterations = setup.iterations * tasks.count
            let learner = Learner(model: setup.solver(using: &rng), plan: plan)
            let untrained = learner.scores(on: tasks)
            let final = try learnJointly(tasks, learner: learner, using: &rng)
            return Run(rows: [untrained, final], gallery: [], storedBytes: 0, seconds: Date().timeIntervalSince(start))
        }
        let strategy: (any Strategy)? = switch key {
        case "exact": ExactReplay(budget: setup.budget, rng: own.fork(1))
        case "generative": GenerativeReplay(generator: setup.generator(using: &own), plan: setup.plan, galleryCount: setup.galleryCount, rng: own.fork(2))
        default: nil
        }
        let learner = Learner(model: setup.solver(using: &rng), plan: setup.plan, strategies: strategy.map { [$0] } ?? [])
        let run = try learnSequence(tasks, learner: learner, using: &rng)
        var (gallery, bytes) = ([[[Float]]](), 0)
        if let exact = strategy as? ExactReplay { bytes = exact.memory.totalExamples * DigitSet.pixels }
        if let generative = strategy as? GenerativeReplay {
            gallery = generative.gallery.map { images in (0..<images.shape[0]).map { Array(images.data[($0 * DigitSet.pixels)..<(($0 + 1) * DigitSet.pixels)]) } }
            bytes = 4 * generative.storedParameters(solver: learner.model)
        }
        return Run(rows: run.rows, gallery: gallery, storedBytes: bytes, seconds: Date().timeIntervalSince(start))
    }
}

/// The replay lesson's settings (README, "replay", says why these).
public struct ReplaySetup: Sendable {
    /// The solver's and the generator's hidden layers.
    public var hidden = [100, 100]
    /// z, the generator's code size (the paper's is 100; README, "replay", says why 32 here).
    public var latent = 32
    /// Steps a task, for the solver and for the generator alike.
    public var iterations = 300
    public var batchSize = 128
    public var learningRate: Float = 1e-3
    /// Exact replay: images stored in all.
    public var budget = 1000
    /// Part 4: exact replay's budgets to try (the first seed).
    public var budgetSweep = [100, 300, 1000, 3000]
    /// Codes decoded after each task for the gallery figure.
    public var galleryCount = 12
    /// The digit pairs, one task each.
    public var groups = [[0, 1], [2, 3], [4, 5], [6, 7], [8, 9]]

    public init(quick: Bool = false) {
        if quick { (hidden, latent, iterations, batchSize, budget, budgetSweep, galleryCount) = ([64, 64], 16, 50, 64, 200, [50, 200], 6) }
    }

    /// Adam at `learningRate`, `iterations` steps of `batchSize` a task (a fresh optimizer per task).
    public var plan: TrainingPlan { TrainingPlan(epochs: 1, iterations: iterations, batchSize: batchSize, optimizer: .adam(learningRate: learningRate)) }

    /// The solver: 784-hidden-10, ReLU, one 10-way output for all tasks.
    public func solver(using rng: inout SeededGenerator) -> MLP { MLP([DigitSet.pixels] + hidden + [10], using: &rng) }

    /// The generator: a VAE 784-hidden-z and back.
    public func generator(using rng: inout SeededGenerator) -> VariationalAutoencoder {
        VariationalAutoencoder(inputs: DigitSet.pixels, hidden: hidden, latent: latent, using: &rng)
    }

    /// Split digits, class-incremental: one task per pair, labels 0–9 kept (no task id at test time).
    public func tasks(_ data: DigitData) -> [ContinualTask] {
        let (train, test) = (DigitTasks.split(data.train, groups: groups, scenario: .classIncremental),
                             DigitTasks.split(data.test, groups: groups, scenario: .classIncremental))
        return groups.indices.map { ContinualTask(name: groups[$0].map(String.init).joined(separator: "/"), train: train[$0], test: test[$0]) }
    }
}
