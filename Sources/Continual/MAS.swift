import Autograd
import NN

/// **Memory Aware Synapses** (Aljundi et al. 2018, arXiv 1711.09601): how much the function the
/// network computes moves when θᵢ moves, with no labels at all:
///
///     bᵢ = (1/N) Σₙ | ∂ ‖f(xₙ; θ)‖²₂ / ∂θᵢ |
///
/// where f is the network's output (the logits) and xₙ are N of the task's training inputs, one
/// at a time (the absolute value is taken per example, as the paper's formula reads). The
/// importances add up over tasks.
public final class MASImportance: ImportanceEstimator {
    public let name = "MAS"
    public let samples: Int
    var rng: SeededGenerator

    public init(samples: Int = 500, rng: SeededGenerator) { (self.samples, self.rng) = (samples, rng) }

    public func importance(_ context: TaskContext) -> [[Float]] {
        meanOfPerExampleGradients(context, examples: sampleExamples(context, count: samples, using: &rng),
                                  scalar: { outputs, _ in outputs.pow(2).sum() }, transform: { abs($0) })
    }
}
