import Autograd
import Continual
import LessonCore

/// The evaluation lesson's three ways of learning a task sequence, each built on the one training
/// loop, and the names of their numbers in `results.json`.
public struct SequenceBaseline: Sendable {
    /// `naive`, `joint`, `perTask`: the key prefix in `results.json`.
    public let key: String
    public let title: String
    /// A short name for legends.
    public let shortTitle: String
    /// The (T+1)×T rows of R for `tasks`, every network drawn from `seed`.
    public let rows: @Sendable ([ContinualTask], DigitTraining, UInt64) throws -> [[Double]]

    /// One network, fine-tuned on each task in turn (no defence against forgetting).
    public static let naive = SequenceBaseline(key: "naive", title: "naive fine-tuning", shortTitle: "naive") { tasks, training, seed in
        var rng = SeededGenerator(seed: seed)
        return try learnSequence(tasks, learner: training.learner(using: &rng), using: &rng).rows
    }

    /// Multi-task training: after each task, a fresh network on all the data seen so far.
    public static let joint = SequenceBaseline(key: "joint", title: "multi-task (joint)", shortTitle: "multi-task") { tasks, training, seed in
        try jointEvaluationRows(tasks, seed: seed) { training.learner(using: &$0) }
    }

    /// One network per task; task j is scored with its own network once it exists (before that,
    /// with the newest one).
    public static let perTask = SequenceBaseline(key: "perTask", title: "one model per task", shortTitle: "per task") { tasks, training, seed in
        try oneModelPerTaskRows(tasks, seed: seed) { training.learner(using: &$0) }
    }

    public static let all = [naive, joint, perTask]

    // MARK: - Result keys

    /// The sequences: permuted digits (the main one, keys without a prefix) and rotated digits.
    public enum Sequence: String, Sendable, CaseIterable { case permuted, rotated }
    /// The three numbers computed from R.
    public enum Metric: String, Sendable, CaseIterable { case ACC, BWT, FWT }

    /// `naive.ACC` for permuted digits, `rotated.naive.ACC` for rotated.
    public func key(_ metric: Metric, _ sequence: Sequence) -> ResultKey { ResultKey(prefix(sequence) + "\(key).\(metric.rawValue)") }
    /// `naive.R` / `rotated.naive.R` in `results.json`'s matrices.
    public func matrixKey(_ sequence: Sequence) -> String { prefix(sequence) + "\(key).R" }
    private func prefix(_ sequence: Sequence) -> String { sequence == .permuted ? "" : "\(sequence.rawValue)." }

    /// The keys of the evaluation lesson's `results.json` scalars.
    public static let resultKeys: [ResultKey] = Sequence.allCases.flatMap { s in all.flatMap { b in Metric.allCases.map { b.key($0, s) } } }
}
