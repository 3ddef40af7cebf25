import Autograd
import NN

/// **b = ∞**: once a task is learned, its parameters never move again. In one shared network the
/// earlier tasks' parameters are all of them, so after the first task nothing learns: the
/// slide's intransigence, exactly (every parameter's `updateMask` is cleared, which every
/// optimizer honours bit for bit; not a large λ, which plain SGD could not even take).
public final class Freeze: Strategy {
    public init() {}

    public func endTask(_ context: TaskContext) {
        for p in context.model.parameters { p.updateMask = [Bool](repeating: false, count: p.count) }
    }
}
