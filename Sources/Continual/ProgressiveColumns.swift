import Autograd
import NN

/// Progressive Neural Networks as a strategy: before every task after the first, the
/// `ProgressiveNetwork` gets a new column (with laterals from every earlier column) and every
/// earlier column is frozen (`requiresGrad = false`: no gradient, the optimizer skips it). The
/// fresh optimizer of the task is made after this hook, so it trains the new column only. Earlier
/// tasks go through their own, unchanged columns: nothing is forgotten, by construction.
public final class ProgressiveColumns: Strategy {
    private var rng: SeededGenerator

    public init(rng: SeededGenerator) { self.rng = rng }

    public func beginTask(_ context: TaskContext) {
        guard let network = context.model as? ProgressiveNetwork else { preconditionFailure("ProgressiveColumns needs a ProgressiveNetwork, not \(type(of: context.model))") }
        while network.columns.count <= context.task.id { network.addColumn(using: &rng) }
        for k in network.columns.indices {
            for p in network.parameters(ofColumn: k) { p.requiresGrad = k == context.task.id; if k != context.task.id { p.zeroGrad() } }
        }
    }
}
