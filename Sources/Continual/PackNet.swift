import Autograd
import NN

/// PackNet (Mallya & Lazebnik 2018, arXiv 1711.05769): train, prune, retrain, freeze — each task
/// owns a subset of one network's weights (`MultiHeadMLP.owners`).
///
///     beginTask t   every free weight → owned by t; only those may move (updateMask); a head for t
///     train         on the loop, task t computing with the weights of tasks ≤ t
///     endTask t     in each body layer, release the `pruneFraction` of t's weights smallest in |w|
///                   (set to 0, free again); retrain t's kept weights for `retrain` (a `Learner` of
///                   its own, the same loop); from now on they never move
///
/// Biases, as in the paper, are not pruned: they are learned with the first task and then kept
/// fixed. Each task's head is its own and is frozen after its task. Task t never reads a weight of
/// a later task (the mask), so its outputs after any later task are bit for bit the same.
public final class PackNet: Strategy {
    /// The fraction of a task's weights released after it (the paper prunes 50% or 75% a task).
    public let pruneFraction: Double
    /// The retraining after pruning (the paper: a few epochs at a lower rate).
    public let retrain: TrainingPlan
    /// Before each task, the fraction of the body's weights still free: `freeBefore[stage]`.
    public private(set) var freeBefore: [Double] = []
    private var rng: SeededGenerator

    public init(pruneFraction: Double = 0.5, retrain: TrainingPlan, rng: SeededGenerator) {
        precondition(pruneFraction >= 0 && pruneFraction < 1, "PackNet prunes a fraction in [0, 1)")
        (self.pruneFraction, self.retrain, self.rng) = (pruneFraction, retrain, rng)
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
        for i in net.body.indices { net.release(Int(Double(net.owned(by: t, layer: i)) * pruneFraction), ofTask: t, layer: i) }
        net.allowOnly(task: t, biases: false)
        let learner = Learner(model: net, plan: retrain)
        try learner.learn(TaskInfo(id: t, stage: context.task.stage, name: "\(context.task.name), retrained after pruning", train: context.task.train), using: &rng)
        net.freezeAll()
    }
}
