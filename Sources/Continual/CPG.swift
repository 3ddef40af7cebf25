import Autograd
import NN

/// Compacting, Picking and Growing (Hung et al. 2019, arXiv 1910.06562) on a `MultiHeadMLP`:
///
///     beginTask t   free weights → owned by t (they may move); t learns real-valued picks over the
///                   earlier tasks' frozen weights (read where > 0, straight-through gradient)
///     train         on the loop: t's weights, t's picks, t's head
///     endTask t     grow:    while t's accuracy < `goal` (and growths are left): widen every
///                            hidden layer by `growFraction`, the new weights t's, retrain
///                   compact: prune t's weights by magnitude, `compactSteps` at a time (25%, 50%,
///                            75% of them), retraining after each; stop at the last step whose
///                            accuracy stays within `tolerance` of the unpruned one; the released
///                            weights are free for the next tasks
///                   then t's picks become fixed flags and t's weights and head never move again
///
/// "Accuracy" here is on the first `checkExamples` of the task's own training examples (never test
/// data). Biases are learned with the first task and then kept fixed, as in PackNet. Earlier tasks
/// read only their own weights and picks at their own widths: their outputs never change.
public final class CPG: Strategy {
    public struct Settings: Sendable {
        /// The accuracy a task must reach before it stops growing; nil: the first task's accuracy
        /// (before compaction) less `goalMargin` — the first task, learned on a whole fresh body,
        /// sets the bar, as the paper's goal comes from a model trained for the task alone.
        public var goal: Double? = nil
        public var goalMargin = 0.02
        /// How much accuracy compaction may cost.
        public var tolerance = 0.01
        /// The fractions of the task's weights pruned, one step after another.
        public var compactSteps = [0.25, 0.5, 0.75]
        /// How much each growth widens the hidden layers, and how many growths a task may take.
        public var growFraction = 0.25, maxGrowths = 2
        public var checkExamples = 2000
        public init() {}
    }

    public let settings: Settings
    /// The retraining after each growth and each compaction step.
    public let retrain: TrainingPlan
    /// Before each task, the fraction of the body's weights still free: `freeBefore[stage]`.
    public private(set) var freeBefore: [Double] = []
    /// How many times each task grew the body, and the body's widths after it.
    public private(set) var growths: [Int] = [], widthsAfter: [[Int]] = []
    /// The fraction of its own weights each task kept after compaction.
    public private(set) var kept: [Double] = []
    /// The goal in force (set by the first task when `settings.goal` is nil).
    public private(set) var goal: Double?
    private var rng: SeededGenerator

    public init(settings: Settings = Settings(), retrain: TrainingPlan, rng: SeededGenerator) {
        (self.settings, self.retrain, self.rng) = (settings, retrain, rng)
    }

    public func beginTask(_ context: TaskContext) {
        let net = multiHead(context, for: "CPG"), t = context.task.id
        net.ensureHead(for: t, using: &rng)
        net.startOwning()
        freeBefore.append(net.freeFraction)
        net.claimFree(for: t)
        if context.task.stage > 0 { net.startPicking(task: t) }
        net.allowOnly(task: t, biases: context.task.stage == 0)
    }

    public func endTask(_ context: TaskContext) throws {
        let net = multiHead(context, for: "CPG"), t = context.task.id
        var accuracy = check(net, context), grew = 0
        if goal == nil { goal = settings.goal ?? accuracy - settings.goalMargin }
        while accuracy < goal! && grew < settings.maxGrowths {
            net.grow(by: settings.growFraction, using: &rng)
            net.widths[t] = nil                                   // t learns at the new, full width
            net.claimFree(for: t)
            net.allowOnly(task: t, biases: false)
            try retrainTask(net, context)
            (accuracy, grew) = (check(net, context), grew + 1)
        }
        growths.append(grew)
        widthsAfter.append(net.body.map(\.outputs))
        try compact(net, context, unpruned: accuracy)
        net.finishPicking(task: t)
        net.freezeAll()
    }

    /// Prunes t's weights step by step; undoes the first step that costs more than `tolerance`.
    private func compact(_ net: MultiHeadMLP, _ context: TaskContext, unpruned: Double) throws {
        let t = context.task.id
        let owned = net.body.indices.map { net.owned(by: t, layer: $0) }
        var keptFraction = 1.0
        for fraction in settings.compactSteps {
            let (before, ownersBefore) = (net.snapshot(), net.owners)
            for i in net.body.indices {
                net.release(net.owned(by: t, layer: i) - Int((Double(owned[i]) * (1 - fraction)).rounded()), ofTask: t, layer: i)
            }
            net.allowOnly(task: t, biases: false)
            try retrainTask(net, context)
            if check(net, context) < unpruned - settings.tolerance {
                try net.restore(before)
                net.owners = ownersBefore
                break
            }
            keptFraction = 1 - fraction
        }
        kept.append(keptFraction)
    }

    private func retrainTask(_ net: MultiHeadMLP, _ context: TaskContext) throws {
        let task = context.task
        try Learner(model: net, plan: retrain).learn(TaskInfo(id: task.id, stage: task.stage, name: "\(task.name), CPG retraining", train: task.train), using: &rng)
    }

    /// Accuracy on the first `checkExamples` training examples of the task.
    private func check(_ net: MultiHeadMLP, _ context: TaskContext) -> Double {
        let n = min(settings.checkExamples, context.task.train.count)
        let batch = context.task.train.batch(Array(0..<n), task: context.task.id)
        return withNoGrad { context.objective.score(net(batch.inputs, tasks: batch.tasks), batch) } / Double(n)
    }
}
