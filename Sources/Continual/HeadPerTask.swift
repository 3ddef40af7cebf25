import Autograd
import NN

/// Fine-tuning in task-incremental learning: each task gets its own head on a `MultiHeadMLP`
/// (made before its first step), and everything else is shared and trained by every task.
public final class HeadPerTask: CopyableStrategy {
    private var rng: SeededGenerator

    public init(rng: SeededGenerator) { self.rng = rng }

    public func copy() -> HeadPerTask { HeadPerTask(rng: rng) }

    public func beginTask(_ context: TaskContext) {
        multiHead(context, for: "HeadPerTask").ensureHead(for: context.task.id, using: &rng)
    }
}
