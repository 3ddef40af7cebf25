import Autograd
import NN

/// **Sliced Cramér Preservation** (Kolouri et al., OpenReview BJge3TNKwH): keep the distribution
/// of the network's outputs, seen through random one-dimensional slices. With f̄(θ) the mean
/// output (logits) over N training inputs and L random unit directions ξₗ ∈ ℝᴷ,
///
///     bᵢ = (1/L) Σₗ ( ∂ ξₗᵀ f̄(θ) / ∂θᵢ )²
///
/// Computed from the Jacobian of f̄ (K backward passes, one per output): ∂ξᵀf̄/∂θ = Σₖ ξₖ ∂f̄ₖ/∂θ.
/// As L grows, bᵢ tends to (1/K) Σₖ (∂f̄ₖ/∂θᵢ)², since E[ξξᵀ] = I/K for ξ uniform on the sphere.
public final class SCPImportance: ImportanceEstimator {
    public let name = "SCP"
    public let samples: Int, slices: Int
    var rng: SeededGenerator

    public init(samples: Int = 500, slices: Int = 100, rng: SeededGenerator) {
        (self.samples, self.slices, self.rng) = (samples, slices, rng)
    }

    public func importance(_ context: TaskContext) -> [[Float]] {
        let jacobian = meanOutputJacobian(context, examples: sampleExamples(context, count: samples, using: &rng))
        var b = context.model.parameters.map { [Float](repeating: 0, count: $0.count) }
        for _ in 0..<slices {
            let xi = unitDirection(jacobian.count)
            for k in b.indices {
                var g = [Float](repeating: 0, count: b[k].count)
                for (j, row) in jacobian.enumerated() where xi[j] != 0 {
                    for i in g.indices { g[i] += xi[j] * row[k][i] }
                }
                for i in g.indices { b[k][i] += g[i] * g[i] / Float(slices) }
            }
        }
        return b
    }

    /// ∂f̄ₖ/∂θ for every output k: one forward over the examples and a backward per output.
    func meanOutputJacobian(_ context: TaskContext, examples: [Int]) -> [[[Float]]] {
        let batch = context.task.train.batch(examples, task: context.task.id)
        let parameters = context.model.parameters
        let width = withNoGrad { context.objective.forward(context.model, batch.rows([0])).shape[1] }
        let rows = (0..<width).map { k -> [[Float]] in
            context.model.zeroGrad()
            let mean = context.objective.forward(context.model, batch).mean(axis: 0)
            mean.slice(axis: 0, k..<(k + 1)).sum().backward()
            return parameters.map { $0.grad ?? [Float](repeating: 0, count: $0.count) }
        }
        context.model.zeroGrad()
        return rows
    }

    /// A direction uniform on the unit sphere of ℝᴷ (a normalised Gaussian vector).
    func unitDirection(_ k: Int) -> [Float] {
        let v = (0..<k).map { _ in rng.normal() }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / max(norm, 1e-12) }
    }
}
