import Autograd
import NN

/// **Learning without Forgetting** (Li & Hoiem 2016, arXiv 1606.09282): nothing of the old data is
/// kept; instead, while task t is learned, the network is asked to keep giving the old model's
/// answers on the *new* task's inputs — distillation with temperature T (2, as both papers):
///
///     L = 1/t · CE(new labels) + (t − 1)/t · Σ_k distill_T( model_k(x), previous_k(x) )
///
/// with the weights of van de Ven & Tolias (2019), the old outputs those of the earlier tasks'
/// classes (their labels, as seen in training), and k over the earlier tasks' heads when
/// `perTaskHeads` (task-incremental: `MultiHeadMLP`), else the one output layer.
/// The paper records previous(x) for the whole task before it starts; a frozen copy of the model
/// gives the same numbers batch by batch without storing them.
/// Hooks: `beginTask` (copy the model), `loss` (the labels seen, the distillation), `endTask`.
public final class LwF: Strategy {
    public let temperature: Float
    public let perTaskHeads: Bool
    private var previous: (any Layer)?
    /// The labels each finished task trained, in task order (per head: the units to distil).
    private var labelsSeen: [Set<Int>] = []
    private var current = Set<Int>()

    public init(temperature: Float = 2, perTaskHeads: Bool = false) {
        precondition(temperature > 0, "LwF's temperature must be positive")
        (self.temperature, self.perTaskHeads) = (temperature, perTaskHeads)
    }

    public func beginTask(_ context: TaskContext) {
        previous = labelsSeen.isEmpty ? nil : context.model.copy()
        current = []
    }

    public func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ context: TaskContext) -> Tensor {
        current.formUnion(batch.labels)
        guard let previous else { return loss }
        let t = Float(labelsSeen.count + 1), x = batch.inputs
        let old = distilled(), ks = old.map(\.0)
        let students = headOutputs(context.model, x, ks, single: outputs)
        let teachers = withNoGrad { headOutputs(previous, x, ks, single: previous(x, tasks: batch.tasks)) }
        var distill: Tensor?
        for ((_, units), (student, teacher)) in zip(old, zip(students, teachers)) {
            let term = distillationLoss(student, teacher: teacher, units: units.sorted(), temperature: temperature)
            distill = distill.map { $0 + term } ?? term
        }
        return loss.scaled(by: 1 / t) + distill!.scaled(by: (t - 1) / t)
    }

    public func endTask(_ context: TaskContext) { labelsSeen.append(current) }

    /// `model`'s outputs through each head of `ks` (one body pass for a `MultiHeadMLP`), or `single`
    /// for a model with one output layer.
    private func headOutputs(_ model: any Layer, _ x: Tensor, _ ks: [Int], single: @autoclosure () -> Tensor) -> [Tensor] {
        guard perTaskHeads else { return [single()] }
        return (model as? MultiHeadMLP)?.outputs(x, heads: ks) ?? ks.map { model(x, tasks: [Int](repeating: $0, count: x.shape[0])) }
    }

    /// (task id, units) to distil: each earlier task's head with its labels, or the one output
    /// layer with every earlier label.
    private func distilled() -> [(Int, Set<Int>)] {
        perTaskHeads ? labelsSeen.enumerated().map { ($0.offset, $0.element) } : [(0, labelsSeen.reduce([], { $0.union($1) }))]
    }
}
