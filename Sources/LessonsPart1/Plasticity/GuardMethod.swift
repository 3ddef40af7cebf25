import Autograd
import Continual
import LessonCore

/// The plasticity lesson's guards: the slide's bᵢ = 0, 1 and ∞, and the five methods that
/// estimate bᵢ, each a strategy on the one training loop (`QuadraticPenalty` + an estimator).
public struct GuardMethod: Sendable, Hashable {
    /// `naive`, `l2`, `freeze`, `ewc`, `si`, `mas`, `rwalk`, `scp`: the key prefix in `results.json`.
    public let key: String
    public let title: String
    /// Whether the method has a strength λ (b = 0 and b = ∞ do not).
    public var hasStrength: Bool { !["naive", "freeze"].contains(key) }

    public static let naive = GuardMethod(key: "naive", title: "b = 0")
    public static let l2 = GuardMethod(key: "l2", title: "b = 1")
    public static let freeze = GuardMethod(key: "freeze", title: "b = ∞")
    public static let ewc = GuardMethod(key: "ewc", title: "EWC")
    public static let si = GuardMethod(key: "si", title: "SI")
    public static let mas = GuardMethod(key: "mas", title: "MAS")
    public static let rwalk = GuardMethod(key: "rwalk", title: "RWalk")
    public static let scp = GuardMethod(key: "scp", title: "SCP")

    /// The five estimators of the lecture's list.
    public static let estimators = [ewc, si, mas, rwalk, scp]
    public static let all = [naive, l2, freeze] + estimators

    public static func named(_ key: String) -> GuardMethod? { all.first { $0.key == key } }

    /// The strategies for one run, with strength λ and `samples` training examples for the
    /// importances that average over examples (EWC, MAS, SCP); random choices (EWC's sampled labels, SCP's
    /// slices, the examples an importance reads) come from `rng`.
    public func strategies(strength lambda: Float, samples: Int = 500, using rng: inout SeededGenerator) -> [any Strategy] {
        func guarded(_ estimator: any ImportanceEstimator) -> [any Strategy] { [QuadraticPenalty(lambda: lambda, estimator: estimator)] }
        switch key {
        case "l2": return guarded(UniformImportance())
        case "freeze": return [Freeze()]
        case "ewc": return guarded(EWCImportance(samples: samples, rng: rng.fork(1)))
        case "si": return guarded(SIImportance())
        case "mas": return guarded(MASImportance(samples: samples, rng: rng.fork(2)))
        case "rwalk": return guarded(RWalkImportance())
        case "scp": return guarded(SCPImportance(samples: samples, rng: rng.fork(3)))
        default: return []
        }
    }

    /// Learns `tasks` in order from a network drawn from `seed`. Every method sees the same
    /// network and the same batches for the same seed: the guard's own random choices come from a
    /// generator forked once, whatever the method. `scoring`: what of R to measure (`learnSequence`).
    public func run(_ tasks: [ContinualTask], strength: Float, training: DigitTraining, seed: UInt64, samples: Int = 500,
                    scoring: StageScoring = .everyTask) throws -> (SequenceRun, Learner) {
        var rng = SeededGenerator(seed: seed)
        var guardRNG = rng.fork(0x6775_6172_64)
        let learner = training.learner(using: &rng, strategies: strategies(strength: strength, samples: samples, using: &guardRNG))
        return (try learnSequence(tasks, learner: learner, using: &rng, scoring: scoring), learner)
    }
}
