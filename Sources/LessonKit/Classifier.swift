import Autograd
import Datasets
import NN

/// Trains `model` on `set` for `epochs` of shuffled mini-batches with softmax cross-entropy.
/// The order of batches comes from `rng`. `every(step)` runs after each `everySteps` steps
/// (counted within this call), `afterEpoch(epoch)` after each epoch. (The lessons' training
/// loop grows from this one.)
public func trainClassifier(_ model: any Layer, on set: DigitSet, epochs: Int, batchSize: Int = 64,
                            optimizer: any Optimizer, using rng: inout SeededGenerator,
                            everySteps: Int = 0, every: (Int) -> Void = { _ in }, afterEpoch: (Int) -> Void = { _ in }) {
    var step = 0
    for epoch in 0..<epochs {
        let order = rng.permutation(set.count)
        for first in stride(from: 0, to: set.count - batchSize + 1, by: batchSize) {
            let (x, labels) = set.batch(Array(order[first..<(first + batchSize)]))
            optimizer.zeroGrad()
            softmaxCrossEntropy(model(x), labels: labels).backward()
            optimizer.step()
            step += 1
            if everySteps > 0 && step % everySteps == 0 { every(step) }
        }
        afterEpoch(epoch)
    }
}

/// The fraction of `set` that `model` labels correctly (evaluated without gradients, in chunks).
public func accuracy(of model: any Layer, on set: DigitSet, chunk: Int = 2048) -> Double {
    guard set.count > 0 else { return 0 }
    var correct = 0
    for first in stride(from: 0, to: set.count, by: chunk) {
        let indices = Array(first..<min(first + chunk, set.count))
        let (x, labels) = set.batch(indices)
        let predicted = withNoGrad { model(x) }.argmax(axis: 1)
        correct += zip(predicted, labels).filter { $0 == $1 }.count
    }
    return Double(correct) / Double(set.count)
}
