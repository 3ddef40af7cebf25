import Autograd
import NN

/// Per-example gradients, accumulated: for each chosen training example n (a batch of one),
/// backpropagate `scalar(outputs, batch)` and add `transform(∂scalar/∂θᵢ)` into a running sum;
/// return the sums divided by the number of examples, one array per parameter tensor:
///
///     (1/N) Σₙ transform(∂ sₙ / ∂θᵢ)
///
/// EWC's Fisher uses transform = g², MAS uses |g|. The model's gradients are cleared before and
/// after, so the training step that follows starts clean.
@inline(__always)       // so that `transform` is inlined into the loop below and the loop vectorises
func meanOfPerExampleGradients(_ context: TaskContext, examples: [Int],
                               scalar: (Tensor, Batch) -> Tensor, transform: (Float) -> Float) -> [[Float]] {
    let parameters = context.model.parameters
    var sums = parameters.map { [Float](repeating: 0, count: $0.count) }
    for n in examples {
        let batch = context.task.train.batch([n], task: context.task.id)
        context.model.zeroGrad()
        scalar(context.objective.forward(context.model, batch), batch).backward()
        for (k, p) in parameters.enumerated() {
            guard let g = p.grad else { continue }
            sums[k].withUnsafeMutableBufferPointer { s in g.withUnsafeBufferPointer { g in for i in s.indices { s[i] += transform(g[i]) } } }
        }
    }
    context.model.zeroGrad()
    let scale = 1 / Float(max(examples.count, 1))
    return sums.map { $0.map { $0 * scale } }
}

/// `count` training examples of the task, chosen without replacement from `rng` (all of them when
/// the task has fewer).
func sampleExamples(_ context: TaskContext, count: Int, using rng: inout SeededGenerator) -> [Int] {
    Array(rng.permutation(context.task.train.count).prefix(count))
}
