import Autograd
import NN

/// **Averaged GEM** (Chaudhry et al. 2019, arXiv 1812.00420): one constraint instead of one per
/// task. g_ref is the loss gradient on a random sample of the whole memory; if the current
/// gradient would raise that loss (gᵀg_ref < 0), remove its component along g_ref:
///
///     g̃ = g − (gᵀ g_ref / g_refᵀ g_ref) g_ref
///
/// on the whole flattened gradient (a new array: g is copied, never aliased). One extra
/// backward pass a step, whatever the number of tasks. Hooks: `afterBackward`, `endTask`.
public final class AGEM: Strategy {
    public let memory: EpisodicMemory
    /// Examples drawn (without replacement) from the whole memory for g_ref at each step.
    public let sampleSize: Int
    var rng: SeededGenerator
    public private(set) var steps = 0, projections = 0

    /// - Parameter rng: a generator forked from the run's, for the memory samples.
    public init(memoriesPerTask: Int, sampleSize: Int = 256, rng: SeededGenerator) {
        (memory, self.sampleSize, self.rng) = (EpisodicMemory(perTask: memoriesPerTask), sampleSize, rng)
    }

    public func endTask(_ context: TaskContext) { memory.remember(context) }

    public func afterBackward(_ batch: Batch, _ context: TaskContext) {
        let earlier = memory.others(than: context.task.id)
        guard !earlier.isEmpty else { return }
        let total = earlier.reduce(0) { $0 + $1.count }
        let sample = memory.examples(Array(rng.permutation(total).prefix(sampleSize)), otherThan: context.task.id)
        let model = context.model, g = model.flatGradients()
        let reference = model.flatGradient(of: context.objective, on: sample)
        let projected = AGEM.project(g, reference: reference)
        steps += 1
        if projected != g { projections += 1 }
        try! model.setFlatGradients(projected)
    }

    /// g when gᵀg_ref ≥ 0, else g − (gᵀg_ref / g_refᵀg_ref) g_ref.
    public static func project(_ g: [Float], reference r: [Float]) -> [Float] {
        let both = dots(r, [g, r])                    // gᵀg_ref and g_refᵀg_ref side by side (`dots`)
        let along = both[0]
        guard along < 0 else { return g }
        let scale = along / max(both[1], 1e-30)
        return zip(g, r).map { Float(Double($0) - scale * Double($1)) }
    }
}
