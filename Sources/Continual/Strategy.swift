import Autograd
import NN

/// What every hook of a strategy sees.
public struct TaskContext {
    /// The model being trained (the learner's; a strategy may change it in place, e.g. grow it).
    public let model: any Layer
    /// The task being learned.
    public let task: TaskInfo
    /// The learner's objective: a strategy that needs the task loss on other examples (GEM's
    /// memories) computes it with this.
    public let objective: Objective
    /// Steps taken on this task so far.
    public let step: Int

    public init(model: any Layer, task: TaskInfo, objective: Objective, step: Int) {
        (self.model, self.task, self.objective, self.step) = (model, task, objective, step)
    }
}

/// A continual-learning method: it plugs into the one training loop (`Learner.learn`) through
/// these hooks and never runs a loop of its own. Every hook has a no-op default, so a strategy
/// implements only the two to four it needs. Strategies compose: a learner holds a list and calls
/// each hook on every strategy in order; naive fine-tuning is the empty list.
///
/// The loop, per task (see `Sources/Continual/README.md` for the table of who uses what):
///
///     beginTask                                   (keep θ*, add a column, set masks)
///     optimizer = a fresh one over the parameters
///     for each epoch, for each batch:
///         batch = prepare(batch)                  (mix in replayed or generated examples)
///         loss  = loss(objective loss, outputs)   (add a penalty or a distillation term)
///         loss.backward()
///         afterBackward                           (project or mask the gradients)
///         optimizer.step()
///         afterStep                               (path integrals; re-pin protected weights)
///     endTask                                     (importances, memories, pruning, a generator)
///
/// and at evaluation, `predict` may replace the model's outputs (nearest-mean-of-exemplars).
public protocol Strategy: AnyObject {
    /// Before the task's first step (and before its optimizer is made).
    func beginTask(_ context: TaskContext)
    /// Each training batch before the step: return it, or a larger/other one.
    func prepare(_ batch: Batch, _ context: TaskContext) -> Batch
    /// The loss about to be minimised: return it, or it plus a term (a penalty, a distillation).
    func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor
    /// After `backward()`, before the optimizer step: the parameters' `grad` may be changed.
    func afterBackward(_ batch: Batch, _ context: TaskContext)
    /// After the optimizer step.
    func afterStep(_ batch: Batch, _ context: TaskContext)
    /// After the task's last step (the loop evaluates the model after this). May throw when it
    /// trains something itself on the one loop (generative replay's generator).
    func endTask(_ context: TaskContext) throws
    /// Scores for `inputs` that replace the model's outputs at prediction (evaluation), or nil to
    /// leave prediction to the model (or to the next strategy). Called without gradients.
    func predict(_ inputs: Tensor, tasks: [Int], model: any Layer) -> Tensor?
}

extension Strategy {
    public func beginTask(_ context: TaskContext) {}
    public func prepare(_ batch: Batch, _ context: TaskContext) -> Batch { batch }
    public func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor { loss }
    public func afterBackward(_ batch: Batch, _ context: TaskContext) {}
    public func afterStep(_ batch: Batch, _ context: TaskContext) {}
    public func endTask(_ context: TaskContext) {}
    public func predict(_ inputs: Tensor, tasks: [Int], model: any Layer) -> Tensor? { nil }
}

/// A strategy whose whole state can be copied, so that a learner using it can be forked
/// (`Learner.copy()`, `learnOrders`): training the copy never changes the original.
public protocol CopyableStrategy: Strategy {
    func copy() -> Self
}
