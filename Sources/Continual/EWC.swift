import Autograd
import NN

/// **Elastic Weight Consolidation** (Kirkpatrick et al. 2017, arXiv 1612.00796): bᵢ is the
/// diagonal of the Fisher information of the task just learned,
///
///     Fᵢ = (1/N) Σₙ ( ∂ log p(ŷₙ | xₙ; θ) / ∂θᵢ )²,   ŷₙ ~ p(· | xₙ; θ)
///
/// over N training examples. **Which Fisher:** the true one, with labels *sampled from the model*
/// (as the paper defines it), not the empirical Fisher with the data's labels: on a task the
/// network fits well the empirical gradients of correct, confident examples are nearly zero, so
/// the empirical Fisher underrates exactly the weights those examples rely on (Kunstner et al.
/// 2019). **Over tasks:** the Fishers add up and the anchor is the latest θ (one online penalty,
/// `QuadraticPenalty`). The paper writes λ/2 Σ F (θ − θ*)²; our λ Σ b (θ − θᵇ)² means λ_ours =
/// λ_paper / 2.
public final class EWCImportance: ImportanceEstimator {
    public let name = "EWC"
    /// N, the examples the Fisher is averaged over.
    public let samples: Int
    var rng: SeededGenerator

    /// - Parameter rng: a generator forked from the run's (`rng.fork()`): the choice of
    ///   examples and the sampled labels.
    public init(samples: Int = 500, rng: SeededGenerator) { (self.samples, self.rng) = (samples, rng) }

    public func importance(_ context: TaskContext) -> [[Float]] {
        let examples = sampleExamples(context, count: samples, using: &rng)
        return meanOfPerExampleGradients(context, examples: examples, scalar: { outputs, _ in
            let p = withNoGrad { outputs.softmax(axis: 1).data }
            return softmaxCrossEntropy(outputs, labels: [self.sampleClass(p)])      // −log p(ŷ | x)
        }, transform: { $0 * $0 })
    }

    /// A class drawn from the probabilities `p`.
    func sampleClass(_ p: [Float]) -> Int {
        var u = rng.nextFloat(), k = 0
        while k < p.count - 1 && u >= p[k] { u -= p[k]; k += 1 }
        return k
    }
}
