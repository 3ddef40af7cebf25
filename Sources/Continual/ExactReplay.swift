import Autograd
import NN

extension Batch {
    /// The current task's batch followed by replayed examples, weighted so that with t tasks seen
    /// (this one included) the new task counts 1/t of the loss and the replayed ones (t − 1)/t
    /// (van de Ven & Tolias's weighting): with n new and m replayed examples,
    ///
    ///     w = 1/(t·n) for each new example,   (t − 1)/(t·m) for each replayed one.
    public static func withReplay(_ current: Batch, _ replayed: Batch, tasksSeen t: Int) -> Batch {
        var joined = Batch.concatenated([current, replayed])
        let (n, m, share) = (Float(current.count), Float(replayed.count), 1 / Float(t))
        joined.weights = [Float](repeating: share / n, count: current.count) + [Float](repeating: (1 - share) / m, count: replayed.count)
        return joined
    }
}

/// Exact replay ("Memory Replay"): stored examples of the finished tasks are mixed into every
/// batch. The memory holds at most `budget` examples in all: after task t each task keeps
/// ⌊budget / t⌋, a seeded random choice of its training examples; an older task's share shrinks by
/// dropping from the end of its choice. Each step draws as many stored examples as the batch
/// has (uniformly, with replacement) and weighs them with `Batch.withReplay`.
public final class ExactReplay: Strategy {
    /// The examples stored in all, at most.
    public let budget: Int
    public let memory: EpisodicMemory
    private var rng: SeededGenerator

    public init(budget: Int, rng: SeededGenerator) {
        precondition(budget >= 1, "exact replay stores at least one example")
        (self.budget, self.rng) = (budget, rng)
        memory = EpisodicMemory(perTask: budget)
    }

    public func prepare(_ batch: Batch, _ context: TaskContext) -> Batch {
        let stored = memory.others(than: context.task.id).reduce(0) { $0 + $1.count }
        guard stored > 0 else { return batch }
        let drawn = (0..<batch.count).map { _ in rng.int(below: stored) }
        return .withReplay(batch, memory.examples(drawn, otherThan: context.task.id), tasksSeen: context.task.stage + 1)
    }

    public func endTask(_ context: TaskContext) {
        let share = budget / (memory.tasks.count + 1)
        memory.keepFirst(share)
        if share > 0 { memory.remember(context, choosing: min(share, context.task.train.count), using: &rng) }
    }
}
