import Autograd
import NN

/// **Riemannian Walk** (Chaudhry et al. 2018, arXiv 1801.10112): a running Fisher plus a path
/// score, each normalised so that neither dominates by scale alone:
///
///     Fᵢ ← α Fᵢ + (1 − α) gᵢ²                                  (every step, never reset)
///     sᵢ(task) = max(0, Σ_steps −gᵢ Δθᵢ / (½ Fᵢ (θᵢ_end − θᵢ_start)² + ε))
///     s̄ ← ½ (s̄ + s(task))                                      (averaged over tasks)
///     bᵢ = Fᵢ + s̄ᵢ
///
/// The path integral −g·Δθ is the loss change each step caused (as in SI); dividing by
/// ½ F Δθ², the loss change the Fisher's quadratic model predicts for the task's whole move,
/// turns it into a score near 1 for a parameter whose move the Fisher explains. α = 0.9 (the
/// paper's); ε = `damping`. The estimator keeps its own running totals (`importancesAdd` false).
public final class RWalkImportance: ImportanceEstimator {
    public let name = "RWalk"
    public let alpha: Float, damping: Float
    var fisher: [[Float]] = [], score: [[Float]] = []
    let path = SIImportance()

    public init(alpha: Float = 0.9, damping: Float = 0.1) { (self.alpha, self.damping) = (alpha, damping) }
    public var importancesAdd: Bool { false }

    public func beginTask(_ context: TaskContext) {
        path.beginTask(context)
        if fisher.isEmpty { fisher = context.model.parameters.map { [Float](repeating: 0, count: $0.count) } }
    }

    public func afterBackward(_ batch: Batch, _ context: TaskContext) {
        path.afterBackward(batch, context)
        for k in fisher.indices {
            let g = path.gradient[k]
            fisher[k].withUnsafeMutableBufferPointer { f in for i in f.indices { f[i] = alpha * f[i] + (1 - alpha) * g[i] * g[i] } }
        }
    }

    public func afterStep(_ batch: Batch, _ context: TaskContext) { path.afterStep(batch, context) }

    public func importance(_ context: TaskContext) -> [[Float]] {
        let task = context.model.parameters.enumerated().map { k, p in
            (0..<p.count).map { i in
                let d = p.data[i] - path.start[k][i]
                return max(0, path.omega[k][i] / (0.5 * fisher[k][i] * d * d + damping))
            }
        }
        score = score.isEmpty ? task : zip(score, task).map { old, new in zip(old, new).map { 0.5 * ($0 + $1) } }
        return zip(fisher, score).map { f, s in zip(f, s).map { $0 + $1 } }
    }
}
