import Autograd
import NN

/// What a model is trained and scored on: how a batch becomes outputs, the loss on them, and the
/// score that evaluation reports (accuracy for classifiers).
public struct Objective {
    /// The model's outputs for a batch (default: `model(batch.inputs, tasks: batch.tasks)`).
    public var forward: (any Layer, Batch) -> Tensor
    /// The task loss on those outputs (a scalar).
    public var loss: (Tensor, Batch) -> Tensor
    /// The sum over the batch of a per-example score (1 for a correct class, say); evaluation
    /// divides by the number of examples. Computed on predictions, which strategies may supply.
    public var score: (Tensor, Batch) -> Double
    /// What the score is called in progress lines and reports.
    public var scoreName: String

    public init(forward: @escaping (any Layer, Batch) -> Tensor = { model, batch in model(batch.inputs, tasks: batch.tasks) },
                loss: @escaping (Tensor, Batch) -> Tensor, score: @escaping (Tensor, Batch) -> Double, scoreName: String) {
        (self.forward, self.loss, self.score, self.scoreName) = (forward, loss, score, scoreName)
    }

    /// Softmax cross-entropy on the labels (weighted by the batch's weights, if it has them);
    /// scored by accuracy (the arg-max is the label).
    public static var classification: Objective {
        Objective(loss: { softmaxCrossEntropy($0, labels: $1.labels, weights: $1.weights) },
                  score: { outputs, batch in Double(zip(outputs.argmax(axis: 1), batch.labels).filter { $0 == $1 }.count) },
                  scoreName: "accuracy")
    }

    /// A VAE's negative ELBO on the inputs (nats an image, weighted by the batch's weights if it
    /// has them), for a `VariationalAutoencoder` model: training a generator is a run of the same
    /// loop with this objective. Evaluation scores the reconstruction through the posterior mean
    /// (what `predict` returns for a VAE): its binary cross-entropy, nats an image, lower is better.
    public static var negativeELBO: Objective {
        Objective(forward: { model, batch in
                      guard let vae = model as? VariationalAutoencoder else { preconditionFailure("the negative ELBO needs a VariationalAutoencoder, not \(type(of: model))") }
                      return vae.negativeELBO(batch.inputs, weights: batch.weights)
                  },
                  loss: { outputs, _ in outputs },
                  score: { reconstruction, batch in
                      Double(binaryCrossEntropyWithLogits(reconstruction, batch.inputs, rowWeights: [Float](repeating: 1, count: batch.count)).item)
                  },
                  scoreName: "reconstruction error (nats an image)")
    }

    /// Mean squared error against the targets; scored by the same error (lower is better).
    public static var regression: Objective {
        Objective(loss: { meanSquaredError($0, $1.targets!) },
                  score: { outputs, batch in
                      zip(outputs.data, batch.targets!.data).reduce(0.0) { $0 + Double(($1.0 - $1.1) * ($1.0 - $1.1)) } * Double(batch.count) / Double(outputs.count)
                  },
                  scoreName: "mean squared error")
    }
}

/// How the optimizer of each task is made. **The rule, everywhere: a fresh optimizer at the start
/// of every task**, over the model's parameters at that moment. So columns or units added at the
/// start of a task are trained, and momentum or Adam moments gathered on one task never push the
/// next one (the continual-learning papers reset them per task too). Plain SGD has no state, so
/// for it the rule changes nothing.
public struct OptimizerRule {
    public let make: ([Tensor], TaskInfo) -> any Optimizer
    /// A short description for reports ("SGD, learning rate 0.1").
    public let description: String

    public init(_ description: String, make: @escaping ([Tensor], TaskInfo) -> any Optimizer) {
        (self.description, self.make) = (description, make)
    }

    /// Stochastic gradient descent (PyTorch's conventions for momentum and weight decay).
    public static func sgd(learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) -> OptimizerRule {
        var text = "SGD, learning rate \(learningRate)"
        if momentum != 0 { text += ", momentum \(momentum)" }
        if weightDecay != 0 { text += ", weight decay \(weightDecay)" }
        return OptimizerRule(text) { parameters, _ in SGD(parameters, learningRate: learningRate, momentum: momentum, weightDecay: weightDecay) }
    }

    /// Adam with the usual β₁ = 0.9, β₂ = 0.999 (and an L2 weight decay when set).
    public static func adam(learningRate: Float = 1e-3, weightDecay: Float = 0) -> OptimizerRule {
        let text = "Adam, learning rate \(learningRate)" + (weightDecay != 0 ? ", weight decay \(weightDecay)" : "")
        return OptimizerRule(text) { parameters, _ in Adam(parameters, learningRate: learningRate, weightDecay: weightDecay) }
    }
}
