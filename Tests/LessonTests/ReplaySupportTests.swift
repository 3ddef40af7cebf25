import Autograd
import Continual
import Datasets
import Foundation
import LessonKit
import NN
import Testing

@Suite("Replay lesson support: the VAE draws digits")
struct ReplaySupportTests {
    /// The check chosen for an unconditional generator: a classifier trained on real (built-in)
    /// digits labels the VAE's samples, and their predicted classes are not degenerate — every
    /// digit appears (≥ 2%), none dominates (≤ 25%). The same check fails for the VAE before
    /// training. (The classifier's confidence is no check: it is as sure of itself on noise.)
    @Test func aVAETrainedOnTheBuiltInDigitsDrawsEveryDigit() throws {
        let data = try DigitData.load(dataOption: DataLocation.builtin, trainCount: 4000, testCount: 1000, seed: 1)
        let task = TaskInfo(id: 0, stage: 0, name: "digits", train: data.train)
        var rng = SeededGenerator(seed: 1)
        let classifier = Learner(model: MLP([784, 100, 10], using: &rng),
                                 plan: TrainingPlan(epochs: 1, iterations: 400, batchSize: 64, optimizer: .adam(learningRate: 1e-3)))
        try classifier.learn(task, using: &rng)
        #expect(classifier.score(on: data.test, task: 0) > 0.85)
        func histogram(_ vae: VariationalAutoencoder) -> [Int] {
            let predicted = withNoGrad { classifier.model(vae.sample(1000, using: &rng)).argmax(axis: 1) }
            return (0..<10).map { c in predicted.filter { $0 == c }.count }
        }
        func notDegenerate(_ h: [Int]) -> Bool { h.allSatisfy { $0 >= 20 } && h.max()! <= 250 }

        let vae = VariationalAutoencoder(inputs: 784, hidden: [100, 100], latent: 16, using: &rng)
        let before = histogram(vae)
        let generator = Learner(model: vae, plan: TrainingPlan(epochs: 1, iterations: 1500, batchSize: 128, objective: .negativeELBO, optimizer: .adam(learningRate: 1e-3)))
        let untrained = generator.score(on: data.test, task: 0)
        try generator.learn(task, using: &rng)
        let trained = generator.score(on: data.test, task: 0)
        #expect(trained < untrained / 2, "the reconstruction error on test digits falls: \(untrained) → \(trained) nats an image")
        let after = histogram(vae)
        #expect(!notDegenerate(before), "an untrained VAE's samples are all one blur: \(before)")
        #expect(notDegenerate(after), "every digit drawn, none dominating: \(after)")
    }
}
