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
        let net = network(context)
        let t = Int32(context.task.id)
        net.ensureHead(for: context.task.id, using: &rng)
        if net.owners == nil { net.owners = net.body.map { [Int32](repeating: MultiHeadMLP.free, count: $0.weight.count) } }
        let total = net.owners!.reduce(0) { $0 + $1.count }
        freeBefore.append(Double(net.owners!.reduce(0) { $0 + $1.filter { $0 == MultiHeadMLP.free }.count }) / Double(total))
        net.owners = net.owners!.map { layer in layer.map { $0 == MultiHeadMLP.free ? t : $0 } }
        allowOnly(t, net, biases: context.task.stage == 0, head: context.task.id)
    }

    public func endTask(_ context: TaskContext) throws {
        let net = network(context), t = Int32(context.task.id)
        for (i, layer) in net.body.enumerated() {
            let mine = net.owners![i].indices.filter { net.owners![i][$0] == t }
            let released = mine.sorted { abs(layer.weight.data[$0]) < abs(layer.weight.data[$1]) }.prefix(Int(Double(mine.count) * pruneFraction))
            for w in released { net.owners![i][w] = MultiHeadMLP.free; layer.weight.data[w] = 0 }
        }
        allowOnly(t, net, biases: false, head: context.task.id)
        let learner = Learner(model: net, plan: retrain)
        try learner.learn(TaskInfo(id: context.task.id, stage: context.task.stage, name: "\(context.task.name), retrained after pruning", train: context.task.train), using: &rng)
        for layer in net.body { layer.weight.updateMask = [Bool](repeating: false, count: layer.weight.count) }
        for head in net.heads { head.weight.requiresGrad = false; head.bias.requiresGrad = false }
    }

    /// Lets only task `t`'s body weights, its head, and (for the first task) the biases move.
    private func allowOnly(_ t: Int32, _ net: MultiHeadMLP, biases: Bool, head: Int) {
        for (i, layer) in net.body.enumerated() {
            layer.weight.updateMask = net.owners![i].map { $0 == t }
            layer.bias.requiresGrad = biases
        }
        for (k, h) in net.heads.enumerated() { h.weight.requiresGrad = k == head; h.bias.requiresGrad = k == head }
    }

    private func network(_ context: TaskContext) -> MultiHeadMLP {
        guard let net = context.model as? MultiHeadMLP else { preconditionFailure("PackNet needs a MultiHeadMLP, not \(type(of: context.model))") }
        return net
    }
}
