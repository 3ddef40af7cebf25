import Autograd
import Datasets
import Foundation
import LessonKit
import NN

/// How fast the built-in digits are drawn, and how hard they are: the test accuracy of the
/// lecture's 784-50-50-50-10 MLP (SGD lr 0.1, batch 64) after each epoch, next to real MNIST
/// when a data folder is given. This is the calibration behind `SyntheticDigits.difficulty`.
struct DigitsBench {
    let trainCount: Int, testCount: Int, epochs: Int, difficulty: Float, dataFolder: String?

    func report() throws {
        let generator = SyntheticDigits(difficulty: difficulty)
        let start = DispatchTime.now().uptimeNanoseconds
        let train = generator.make(count: trainCount, seed: 1)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        print(String(format: "synthetic digits v%d, difficulty %.2f: %.0f images/s (%d in %.2f s, one core)",
                     SyntheticDigits.version, difficulty, Double(trainCount) / seconds, trainCount, seconds))
        let test = generator.make(count: testCount, seed: 2)
        print(try "synthetic  " + accuracies(train, test).map { String(format: "%.4f", $0) }.joined(separator: "  "))
        if let dataFolder, let folder = DataLocation.mnistFolder(in: URL(fileURLWithPath: dataFolder)) {
            let mnist = try MNIST.load(from: folder)
            let acc = try accuracies(mnist.train.subsample(trainCount, seed: 1), mnist.test.subsample(testCount, seed: 2))
            print("MNIST      " + acc.map { String(format: "%.4f", $0) }.joined(separator: "  "))
        }
    }

    /// Test accuracy after each epoch.
    func accuracies(_ train: DigitSet, _ test: DigitSet) throws -> [Double] {
        var rng = SeededGenerator(seed: 7)
        var training = DigitTraining()
        (training.epochs, training.evaluateEvery) = (epochs, train.count / training.batchSize)     // once an epoch
        let learner = training.learner(using: &rng)
        var result: [Double] = []
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "digits", train: train), using: &rng) { _ in result.append(learner.score(on: test, task: 0)) }
        return result + [learner.score(on: test, task: 0)]
    }
}
