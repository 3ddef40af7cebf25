import Autograd
import Continual
import NN

/// The digits lessons' network and its training: a 784-…-10 ReLU MLP (the lecture's "3 layers,
/// 50 neurons each" by default), softmax cross-entropy, plain SGD with a fresh optimizer per task.
public struct DigitTraining: Sendable {
    public var hidden = [50, 50, 50]
    public var learningRate: Float = 0.1
    public var batchSize = 64
    public var epochs = 1
    /// Test accuracies are sampled every this many steps (and at each task's end); 0: only at the end.
    public var evaluateEvery = 100
    /// Plain SGD (the lecture's examples) or Adam (β = 0.9, 0.999), at `learningRate`.
    public var optimizer = DigitOptimizer.sgd
    public init() {}

    /// The training plan for the one loop.
    public var plan: TrainingPlan {
        TrainingPlan(epochs: epochs, batchSize: batchSize, optimizer: optimizer == .sgd ? .sgd(learningRate: learningRate) : .adam(learningRate: learningRate),
                     evaluateEvery: evaluateEvery)
    }

    /// `784-50-50-50-10, ReLU`.
    public var networkDescription: String { "784-\(hidden.map(String.init).joined(separator: "-"))-10, ReLU" }

    /// A fresh network (drawn from `rng`) with its learner and `strategies` (none: fine-tuning).
    public func learner(using rng: inout SeededGenerator, strategies: [any Strategy] = []) -> Learner {
        Learner(model: MLP([784] + hidden + [10], using: &rng), plan: plan, strategies: strategies)
    }
}

/// The optimizer of `DigitTraining`.
public enum DigitOptimizer: String, Sendable, CaseIterable { case sgd, adam }
