import Autograd
import BabIWorld
import Continual
import Datasets
import Foundation
import LessonCore
import NN

/// The bAbI lesson's settings (README, "babi", says why these).
public struct BabISetup: Sendable {
    /// The memory network: embedding size d, memory slots (the story's last sentences), hops.
    public var dimension = 50
    public var slots = 50
    public var hops = 3
    /// Epochs a task (sequential and replay); the multi-task run takes `jointEpochs` over all 20 tasks.
    public var epochs = 20
    public var jointEpochs = 20
    public var batchSize = 32
    public var learningRate: Float = 0.005
    /// Adam's L2 weight decay: without it task 5 fits its 1,000 training questions (98–100%) and
    /// generalises to 84–92% after tasks 1–4; with it, 92–97% (0.002 costs the multi-task run 3 points) (README, "babi").
    public var weightDecay: Float = 0.001
    /// Replay: questions (with their stories) stored in all, shared evenly by the finished tasks.
    public var replayBudget = 2000
    /// The task whose forgetting the lesson follows (the slide's task 5), and how often to look at it.
    public var watched = 5
    public var probesPerTask = 4
    /// Questions a task and split (nil: all; the released 1k files and the built-in tasks have 1,000).
    public var questions: Int?
    /// Which release of the real corpus to read: `en` (1k, the default) or `en-10k`.
    public var size = BabI.Size.oneThousand

    public init(quick: Bool = false) {
        if quick { (dimension, epochs, jointEpochs, replayBudget, questions) = (20, 4, 3, 200, 200) }
    }

    /// Adam at `learningRate` with `weightDecay`, `epochs` epochs of `batchSize` questions (a fresh optimizer per task).
    public var plan: TrainingPlan {
        TrainingPlan(epochs: epochs, batchSize: batchSize, optimizer: .adam(learningRate: learningRate, weightDecay: weightDecay))
    }

    /// A memory network for `data`'s vocabulary and sentence length, weights from `rng`.
    public func model(_ data: BabIData, using rng: inout SeededGenerator) -> MemoryNetwork {
        MemoryNetwork(vocabulary: data.vocabulary.count, dimension: dimension, slots: slots, words: data.vocabulary.longestSentence, hops: hops, using: &rng)
    }

    /// The 20 tasks as continual-learning tasks: the questions as word ids for the memory network.
    public func tasks(_ data: BabIData) -> [ContinualTask] {
        data.tasks.map { task in
            let encode = { StoryExamples($0, vocabulary: data.vocabulary, slots: slots, words: data.vocabulary.longestSentence) }
            return ContinualTask(name: "\(task.number)", train: encode(task.train), test: encode(task.test))
        }
    }
}

/// The stories a bAbI lesson learns: the released corpus when it is on disk, the built-in tasks otherwise.
public struct BabIData: Sendable {
    public var tasks: [BabITask]
    public var identity: DatasetIdentity
    public var vocabulary: Vocabulary
    /// One line saying which data this is and why.
    public var note: String

    /// The built-in tasks' generator seed: the stories are the same for every lesson seed.
    public static let generatorSeed: UInt64 = 2015

    /// Looks for the corpus in `--data` (`dataOption`), else `LIFELONG_DATA`, else the cache folder
    /// (`en/` or `en-10k/` at any of three levels, `BabI.folder`); `--data builtin` or no corpus
    /// found: the built-in tasks. An explicit `--data` folder with neither bAbI nor MNIST is an
    /// error (a typo never changes the data); one holding MNIST only falls back, saying so.
    public static func load(dataOption: String?, size: BabI.Size, questions: Int?,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws -> BabIData {
        let builtin = dataOption == DataLocation.builtin
        let root = DataLocation.root(option: builtin ? nil : dataOption, environment: environment)
        if !builtin, let folder = BabI.folder(in: root, size: size) {
            var (tasks, identity) = try BabI.load(from: folder)
            if let questions { tasks = tasks.map { BabITask(number: $0.number, name: $0.name, train: Array($0.train.prefix(questions)), test: Array($0.test.prefix(questions))) } }
            for task in tasks where task.train.isEmpty || task.test.isEmpty {
                throw DataFileError(path: folder.appendingPathComponent(BabI.fileName(task: task.number, split: task.train.isEmpty ? "train" : "test")).path,
                                    problem: "holds no questions: a lesson cannot train or be scored on nothing")
            }
            return BabIData(tasks: tasks, identity: identity, vocabulary: Vocabulary(tasks), note: "bAbI from \(folder.path) (\(grouped(identity.size)) questions)")
        }
        if let dataOption, !dataOption.isEmpty, !builtin, DataLocation.mnistFolder(in: root) == nil {
            throw DataFileError(path: root.path, problem: "holds no bAbI tasks (\(size.rawValue)/qa1_single-supporting-fact_train.txt and the rest); run `lifelong download babi --data \(dataOption)`")
        }
        let (tasks, identity) = try BabIGenerator(seed: generatorSeed).corpus(questions: questions ?? 1000)
        let reason = builtin ? "--data builtin" : "no bAbI \(size.rawValue)/ in \(root.path); `lifelong download babi` fetches it"
        return BabIData(tasks: tasks, identity: identity, vocabulary: Vocabulary(tasks), note: "built-in bAbI tasks (\(reason))")
    }
}
