import Autograd
import Continual
import Datasets
import Foundation
import LessonCore

/// The bAbI lesson's methods, each on the one training loop: sequential fine-tuning through the
/// 20 tasks, the same with replay of stored stories, and all 20 tasks at once (multi-task).
public enum BabIMethod: String, Sendable, Hashable, CaseIterable {
    case sequential, replay, multitask

    public var title: String {
        switch self {
        case .sequential: "sequential (1 → 20)"
        case .replay: "sequential + replay"
        case .multitask: "multi-task (all at once)"
        }
    }

    /// One run: R (21 rows; multi-task: its untrained row and its final row), the watched task's
    /// accuracy along training (x in stages: 1.0 = the end of the first task), and the model's
    /// answers to the watched task's test questions after each stage (sequential methods).
    public struct Run: Sendable {
        public let rows: [[Double]]
        public let curve: [(stage: Double, accuracy: Double)]
        public let answers: [[Int]]
        public var final: [Double] { rows.last! }
    }

    /// Learns the 20 `tasks` with this method from a memory network drawn from `seed`.
    public func run(_ tasks: [ContinualTask], data: BabIData, setup: BabISetup, seed: UInt64) throws -> Run {
        var rng = SeededGenerator(seed: seed)
        var own = rng.fork(0x62616269)
        let model = setup.model(data, using: &rng)
        if self == .multitask {
            var plan = setup.plan
            plan.epochs = setup.jointEpochs
            let learner = Learner(model: model, plan: plan)
            let untrained = learner.scores(on: tasks)
            return Run(rows: [untrained, try learnJointly(tasks, learner: learner, using: &rng)], curve: [], answers: [])
        }
        let watched = setup.watched - 1, stepsPerTask = setup.epochs * (tasks[watched].train.count / setup.batchSize)
        let probe = TaskProbe(watching: tasks[watched].test, task: watched, every: max(1, stepsPerTask / setup.probesPerTask))
        let replay: [any Strategy] = self == .replay ? [ExactReplay(budget: setup.replayBudget, rng: own.fork(1))] : []
        let learner = Learner(model: model, plan: setup.plan, strategies: replay + [probe])
        let run = try learnSequence(tasks, learner: learner, using: &rng)
        let curve = [(0.0, run.rows[0][watched])] + probe.curve.map { (Double($0.step) / Double(stepsPerTask), $0.accuracy) }
        return Run(rows: run.rows, curve: curve, answers: probe.answers)
    }

    /// Every method for every seed on the cores, multi-task and replay (the slow ones) first.
    public static func all(_ data: BabIData, setup: BabISetup, seeds: [UInt64], progress: (String) -> Void) throws -> [BabIMethod: [Run]] {
        let tasks = setup.tasks(data)
        return try runsByMethod(allCases, titles: allCases.map(\.title), seeds: seeds, slow: [.replay, .multitask], progress: progress) { method, seed in
            try method.run(tasks, data: data, setup: setup, seed: seed)
        }
    }
}

/// What kind of word an answer is: the watched task's own kinds (people, objects) or a later task's.
public enum AnswerKind: String, Sendable, CaseIterable {
    case person, object, place, yesNo = "yes/no/maybe", number, direction, other = "other (colour, animal, feeling, …)"

    static let people: Set = ["mary", "john", "sandra", "daniel", "bill", "fred", "jeff", "julie", "sumit", "yann", "jason", "antoine",
                              "gertrude", "winona", "emily", "jessica", "lily", "bernhard", "greg", "julius", "brian"]
    static let objects: Set = ["football", "milk", "apple", "pajamas", "nothing"]
    static let places: Set = ["bathroom", "hallway", "office", "bedroom", "kitchen", "garden", "school", "park", "cinema"]

    /// The kind of an answer word (a list such as `apple,milk` counts as objects, `n,w` as directions).
    public static func of(_ word: String) -> AnswerKind {
        let parts = word.split(separator: ",").map(String.init)
        if parts.count > 1 { return parts.allSatisfy { ["n", "s", "e", "w"].contains($0) } ? .direction : .object }
        if people.contains(word) { return .person }
        if objects.contains(word) { return .object }
        if places.contains(word) { return .place }
        if ["yes", "no", "maybe"].contains(word) { return .yesNo }
        if ["none", "one", "two", "three"].contains(word) { return .number }
        return .other
    }

    /// The share of each kind among `answers` (word ids of `vocabulary`), in `allCases` order.
    public static func shares(_ answers: [Int], vocabulary: Vocabulary) -> [Double] {
        var counts = [Int](repeating: 0, count: allCases.count)
        for a in answers { counts[allCases.firstIndex(of: of(vocabulary.words[a]))!] += 1 }
        return counts.map { Double($0) / Double(max(answers.count, 1)) }
    }
}
