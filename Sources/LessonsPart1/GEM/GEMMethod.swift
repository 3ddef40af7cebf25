import Autograd
import Continual
import Datasets
import Foundation
import LessonCore

/// The gem lesson's methods, with the GEM paper's learning rates (its `run_experiments.sh`), each on
/// the one training loop: single (fine-tuning), independent (one small network per task), EWC,
/// GEM and A-GEM.
public struct GEMMethod: Sendable, Hashable {
    /// `single`, `independent`, `ewc`, `gem`, `agem`: the key prefix in `results.json`.
    public let key: String
    public let title: String

    public static let single = GEMMethod(key: "single", title: "single")
    public static let independent = GEMMethod(key: "independent", title: "independent")
    public static let ewc = GEMMethod(key: "ewc", title: "EWC")
    public static let gem = GEMMethod(key: "gem", title: "GEM")
    public static let agem = GEMMethod(key: "agem", title: "A-GEM")
    public static let all = [single, independent, ewc, gem, agem]

    /// The two task sequences of the paper.
    public enum Sequence: String, Sendable, CaseIterable { case permuted, rotated }

    /// The paper's learning rate: single 0.03 on permutations and 0.003 on rotations, EWC 0.1 and
    /// 0.01, the others 0.1 (A-GEM as GEM).
    public func learningRate(_ s: Sequence) -> Float {
        switch key {
        case "single": s == .permuted ? 0.03 : 0.003
        case "ewc": s == .permuted ? 0.1 : 0.01
        default: 0.1
        }
    }

    /// EWC's strength λ: the paper's 3 on permutations; 10 on rotations, not its 1000, which
    /// diverges with our per-example Fisher under SGD at 0.01 (README, "gem").
    public static func ewcStrength(_ s: Sequence) -> Float { s == .permuted ? 3 : 10 }

    /// One run: R and the seconds it took.
    public struct Run: Sendable { public let rows: [[Double]]; public let seconds: Double }

    /// Learns `tasks` with this method from a network drawn from `seed`, measuring what `scoring`
    /// names of R (`learnSequence`; "independent" measures all of it).
    public func run(_ tasks: [ContinualTask], _ sequence: Sequence, setup: GEMSetup, memories: Int, seed: UInt64,
                    scoring: StageScoring = .everyTask) throws -> Run {
        let start = Date()
        var training = setup.training
        training.learningRate = learningRate(sequence)
        if key == "independent" {
            training.hidden = setup.training.hidden.map { max(1, $0 / tasks.count) }      // T times fewer units, as the paper
            let rows = try oneModelPerTaskRows(tasks, seed: seed) { training.learner(using: &$0) }
            return Run(rows: rows, seconds: Date().timeIntervalSince(start))
        }
        var rng = SeededGenerator(seed: seed)
        var own = rng.fork(0x67656D)
        let strategy: (any Strategy)? = switch key {
        case "ewc": QuadraticPenalty(lambda: GEMMethod.ewcStrength(sequence), estimator: EWCImportance(samples: memories, rng: own.fork(1)))
        case "gem": GEM(memoriesPerTask: memories, margin: setup.gemMargin)
        case "agem": AGEM(memoriesPerTask: memories, rng: own.fork(2))
        default: nil
        }
        let learner = training.learner(using: &rng, strategies: strategy.map { [$0] } ?? [])
        return Run(rows: try learnSequence(tasks, learner: learner, using: &rng, scoring: scoring).rows, seconds: Date().timeIntervalSince(start))
    }
}

/// The gem lesson's settings: the paper's protocol, scaled by `tasks`.
public struct GEMSetup: Sendable {
    /// One pass over 1,000 examples a task, batch 10, a 784-100-100-10 MLP, plain SGD.
    public var training = DigitTraining()
    public var tasks = 11, trainPerTask = 1000, testPerTask = 1000
    /// m, memories per task (GEM, A-GEM; EWC's Fisher reads as many examples).
    public var memories = 256
    /// Part 3: memories per task to try.
    public var memorySweep = [4, 16, 64, 256]
    /// GEM's margin: v ≥ margin in the dual, the paper's code's "memory strength" (0.5 in its runs;
    /// 0 is the paper's equation). See README, "gem", for what it changes.
    public var gemMargin = 0.5

    public init(quick: Bool = false) {
        (training.hidden, training.batchSize, training.epochs, training.evaluateEvery) = ([100, 100], 10, 1, 0)
        if quick { (tasks, trainPerTask, testPerTask, memories, memorySweep) = (4, 300, 200, 32, [8, 32]) }
    }

    public func taskList(_ data: DigitData, _ sequence: GEMMethod.Sequence, seed: UInt64) -> [ContinualTask] {
        switch sequence {
        case .permuted: DigitSequences.permuted(data, count: tasks, trainPerTask: trainPerTask, testPerTask: testPerTask, seed: seed)
        case .rotated: DigitSequences.rotated(data, degrees: (0..<tasks).map { 180 * Float($0) / Float(tasks) },
                                              trainPerTask: trainPerTask, testPerTask: testPerTask, seed: seed)
        }
    }
}
