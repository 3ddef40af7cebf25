import ArgumentParser
import LessonCore
import LessonsPart1

/// The task settings shared by the noisy/clean lessons (`forgetting`, `curriculum`).
public struct NoisyCleanOptions: ParsableArguments {
    @Option(help: "Task 1's Gaussian noise σ, 0 to 2 (default: 0.33 on MNIST, 0.2 on the built-in digits).") public var noise: Float?
    @Option(help: "Task 1's share of pixels turned into bright specks, 0 to 1.") public var salt: Float = NoisyClean.defaults.corruption.salt
    @Option(help: "Epochs of training per task, 1 to 100 (default: \(NoisyClean.defaults.training.epochs); --quick: 1).") public var epochs: Int?
    @Option(help: "SGD learning rate, more than 0 and at most 10.") public var learningRate: Float = NoisyClean.defaults.training.learningRate

    public init() {}

    public func validate() throws {
        try SettingRange.check(noise, "--noise", in: 0...2)
        try SettingRange.check(salt, "--salt", in: 0...1)
        try SettingRange.check(epochs, "--epochs", in: 1...100)
        try SettingRange.check(learningRate, "--learning-rate", in: 0...10, excludingLower: true)
    }

    /// The options `--quick` replaces must not be given with it.
    public func validate(quick: Bool) throws {
        try SettingRange.checkNotWithQuick(epochs != nil, "--epochs", quick: quick, quickValue: "1 epoch per task")
    }

    /// The training settings: the defaults with these options applied (1 epoch in quick mode).
    public func training(quick: Bool) -> DigitTraining {
        var settings = NoisyClean.defaults.training
        (settings.epochs, settings.learningRate) = (quick ? 1 : epochs ?? settings.epochs, learningRate)
        return settings
    }

    /// Task 1's corruption for this data set.
    public func corruption(for dataset: DatasetIdentity) -> Corruption {
        var corruption = NoisyClean.defaults.corruption
        (corruption.noise, corruption.salt) = (noise ?? NoisyClean.noise(for: dataset), salt)
        return corruption
    }
}
