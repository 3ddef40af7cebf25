import Autograd
import NN

/// PackNet (Mallya & Lazebnik 2018, arXiv 1711.05769): train, prune, retrain, freeze — each task
/// owns a subset of one network's weights (`MultiHeadMLP.owners`), released by its `schedule`.
///
///     beginTask t   every free weight → owned by t; only those may move (updateMask); a head for t
///     train         on the loop, task t computing with the weights of tasks ≤ t
///     endTask t     in each body layer, release the scheduled fraction of t's weights smallest in |w|
///                   (set to 0, free again); retrain t's kept weights for `retrain` (a `Learner` of
///                   its own, the same loop); from now on they never move
///
/// Biases, as in the paper, are not pruned: they are learned with the first task and then kept
/// fixed. Each task's head is its own and is frozen after its task. Task t never reads a weight of
/// a later task (the mask), so its outputs after any later task are bit for bit the same.
public final class PackNet: Strategy {
    /// How much of a task's weights is released after it.
    public enum Schedule: Sendable, Equatable {
        /// The same fraction after every task (the paper prunes 50% or 75%): the free weights halve
        /// task after task, so a long sequence runs out.
        case fraction(Double)
        /// Each of `tasks` tasks keeps an equal share, 1/T of the body: after stage s (from 0) the
        /// task releases 1 − 1/(T − s) of what it trained; the last keeps all that is left.
        case evenShares(tasks: Int)

        /// The fraction released after the task at `stage`.
        public func fraction(atStage stage: Int) -> Double {
            switch self {
            case .fraction(let f): f
            case .evenShares(let tasks): stage >= tasks - 1 ? 0 : 1 - 1 / Double(tasks - stage)
            }
        }
    }

    public let schedule: Schedule
    /// The retraining after pruning (the paper: a few epochs at a lower rate).
    public let retrain: TrainingPlan
    /// Before each task, the fraction of the body's weights still free: `freeBefore[stage]`.
    public private(set) var freeBefore: [Double] = []
    private var rng: SeededGenerator

    public init(_ schedule: Schedule = .fraction(0.5), retrain: TrainingPlan, rng: SeededGenerator) {
        if case .fraction(let f) = schedule { precondition(f >= 0 && f < 1, "PackNet prunes a fraction in [0, 1)") }
        if case .evenShares(let tasks) = schedule { precondition(tasks >= 1, "even shares of at least one task") }
        (self.schedule, self.retrain, self.rng) = (schedule, retrain, rng)
    }

    public func beginTask(_ context: TaskContext) {
        let net = multiHead(context, for: "PackNet")
        net.ensureHead(for: context.task.id, using: &rng)
        net.startOwning()
        freeBefore.append(net.freeFraction)
        net.claimFree(for: context.task.id)
        net.allowOnly(task: context.task.id, biases: context.task.stage == 0)
    }

    public func endTask(_ context: TaskContext) throws {
        let net = multiHead(context, for: "PackNet"), t = context.task.id
        let fraction = schedule.fraction(atStage: context.task.stage)
        for i in net.body.indices { net.release(Int(Double(net.owned(by: t, layer: i)) * fraction), ofTask: t, layer: i) }
        net.allowOnly(task: t, biases: false)
        let learner = Learner(model: net, plan: retrain)
        try learner.learn(TaskInfo(id: t, stage: context.task.stage, name: "\(context.task.name), retrained after pruning", train: context.task.train), using: &rng)
        net.freezeAll()
    }
}
