import Autograd
import Continual
import NN
import Testing

// The worked example of Sources/Continual/README.md, verbatim, so the README cannot drift.

/// L′(θ) = L(θ) + λ Σᵢ (θᵢ − θᵢ*)², θ* = the parameters after the previous task.
final class PullTowardsPrevious: Strategy {
    let lambda: Float
    private var anchor: [Tensor] = []         // θ*, one tensor per parameter

    init(lambda: Float) { self.lambda = lambda }

    /// When a task ends, keep a copy of θ (not the tensors themselves: training goes on).
    func endTask(_ context: TaskContext) {
        anchor = context.model.parameters.map { Tensor(shape: $0.shape, data: $0.data) }
    }

    /// From the second task on, add the pull to the loss.
    func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor {
        guard !anchor.isEmpty else { return loss }
        var penalty = loss * 0
        for (p, star) in zip(context.model.parameters, anchor) {
            penalty = penalty + (p - star).pow(2).sum()
        }
        return loss + penalty * lambda
    }
}

@Suite("The README's worked strategy")
struct ReadmeExampleTests {
    /// On two blob tasks whose boundaries cross, the pull keeps more of task A than fine-tuning.
    @Test func thePullForgetsLessThanFineTuning() throws {
        func backwardTransfer(_ strategies: [any Strategy]) throws -> Double {
            var (learner, rng) = blobLearner(seed: 2, epochs: 4, strategies: strategies)
            return try learnSequence(twoBlobTasks(), learner: learner, using: &rng).evaluationMatrix().backwardTransfer!
        }
        let naive = try backwardTransfer([]), pulled = try backwardTransfer([PullTowardsPrevious(lambda: 1)])
        #expect(pulled > naive + 0.05, "BWT with the pull \(pulled), fine-tuning \(naive)")
    }
}
