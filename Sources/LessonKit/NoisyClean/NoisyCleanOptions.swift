import ArgumentParser
import Datasets

/// The task settings shared by the noisy/clean lessons (`forgetting`, `curriculum`).
public struct NoisyCleanOptions: ParsableArguments {
    @Option(help: "Task 1's Gaussian noise σ (default: 0.33 on MNIST, 0.2 on the built-in digits).") public var noise: Float?
    @Option(help: "Task 1's share of pixels turned into bright specks.") public var salt: Float = NoisyClean.defaults.corruption.salt
    @Option(help: "Epochs of training per task.") public var epochs = NoisyClean.defaults.training.epochs
    @Option(help: "SGD learning rate.") public var learningRate: Float = NoisyClean.defaults.training.learningRate

    public init() {}

    /// The training settings: the defaults with these options applied (1 epoch in quick mode).
    public func training(quick: Bool) -> DigitTraining {
        var settings = NoisyClean.defaults.training
        (settings.epochs, settings.learningRate) = (quick ? 1 : epochs, learningRate)
        return settings
    }

    /// Task 1's corruption for this data set.
    public func corruption(for dataset: DatasetIdentity) -> Corruption {
        var corruption = NoisyClean.defaults.corruption
        (corruption.noise, corruption.salt) = (noise ?? NoisyClean.noise(for: dataset), salt)
        return corruption
    }
}
