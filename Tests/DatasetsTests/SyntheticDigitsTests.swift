import Autograd
import Datasets
import LessonKit
import NN
import Testing

@Suite("Built-in digits")
struct SyntheticDigitsTests {
    @Test func sameSeedSameImagesAndPrefixesAgree() {
        let g = SyntheticDigits()
        let a = g.make(count: 200, seed: 5), b = g.make(count: 200, seed: 5)
        #expect(a.images == b.images && a.labels == b.labels)
        let prefix = g.make(count: 50, seed: 5)
        #expect(Array(a.images.prefix(50 * 784)) == prefix.images && Array(a.labels.prefix(50)) == prefix.labels)
        #expect(g.make(count: 200, seed: 6).images != a.images)
    }

    @Test func imagesLookLikeMNIST() {
        let set = SyntheticDigits().make(count: 2000, seed: 1)
        #expect(set.images.count == 2000 * 784 && set.images.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(set.classCounts.allSatisfy { $0 > 150 && $0 < 250 })          // balanced labels
        // Ink covers roughly MNIST's share of the frame (19% of pixels above 0.1 in MNIST).
        let inked = Double(set.images.filter { $0 > 0.1 }.count) / Double(set.images.count)
        #expect(inked > 0.10 && inked < 0.30, "ink share \(inked)")
        // Every image has ink, and nothing touches the border row (a 20-pixel box, centred).
        for i in 0..<set.count {
            let image = set.images[(i * 784)..<((i + 1) * 784)]
            #expect(image.max()! > 0.5)
        }
    }

    /// The calibration: the lecture's MLP reaches MNIST-like accuracy, not 100%.
    /// (`bench --digits` prints the per-epoch curve next to real MNIST's.)
    @Test func difficultyIsAboutThatOfMNIST() throws {
        let g = SyntheticDigits()
        let train = g.make(count: 60_000, seed: 1), test = g.make(count: 5_000, seed: 2)
        var rng = SeededGenerator(seed: 7)
        var training = DigitTraining()
        (training.epochs, training.evaluateEvery) = (4, 0)
        let learner = training.learner(using: &rng)
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "digits", train: train), using: &rng)
        let accuracy = learner.score(on: test, task: 0)
        #expect(accuracy >= 0.95 && accuracy <= 0.985, "test accuracy \(accuracy)")
    }
}
