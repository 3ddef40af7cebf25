import Autograd
import Continual
import Datasets
import Foundation
import LessonCore
import NN

/// The taskonomy lesson's settings (README, "taskonomy", says why these). Every task is learned
/// with the same small budget — `examples` training images, `steps` steps — alone (scratch), after
/// one other task (the transfer map), or in a sequence (part 3), so the map measures exactly the
/// forward transfer that an order of tasks can use.
public struct TaskonomySetup: Sendable {
    /// The family (part 1) and part 3's subset, whose every order is learned.
    public var kinds: [DigitTaskKind] = DigitTaskKind.allCases
    public var subset: [DigitTaskKind] = [.clean, .noisy, .rotated, .inverted, .parity]
    /// The shared body (a head per task: ten outputs, or two for the label tasks).
    public var hidden = [100, 100]
    /// A task's budget: training images, steps, batch and Adam's rate (a fresh optimizer per task).
    public var examples = 1000
    public var steps = 100
    public var batchSize = 64
    public var learningRate: Float = 1e-3
    /// Held-out training images the transfer map is measured on (never the test set), and the test
    /// images each order of part 3 is scored on.
    public var validation = 2000
    public var testImages = 1000

    public init(quick: Bool = false) {
        if quick { (hidden, examples, steps, validation, testImages, subset) = ([32, 32], 300, 40, 300, 300, [.clean, .rotated, .parity]) }
    }

    /// Adam at `learningRate`, `steps` steps of `batchSize` a task.
    public var plan: TrainingPlan { TrainingPlan(epochs: 1, iterations: steps, batchSize: batchSize, optimizer: .adam(learningRate: learningRate)) }

    /// A fresh network with a head per task of `kinds` (task id = index in `kinds`), fine-tuned.
    public func learner(_ kinds: [DigitTaskKind], using rng: inout SeededGenerator) -> Learner {
        let net = MultiHeadMLP([DigitSet.pixels] + hidden, classes: 10, headClasses: kinds.map(\.classes), using: &rng)
        return Learner(model: net, plan: plan, strategies: [HeadPerTask(rng: rng.fork())])
    }

    /// The tasks of `kinds` for one seed: training images (`examples` of them, drawn per seed from the
    /// training images left after the validation split), and `map` scoring on the validation images
    /// or `orders` on `testImages` test images. The noise and permutation come from `familySeed`.
    public func tasks(_ kinds: [DigitTaskKind], _ data: DigitData, seed: UInt64, familySeed: UInt64, scoredOn part: Part) -> [ContinualTask] {
        let (rest, held) = data.train.split(validationFraction: Double(validation) / Double(data.train.count), seed: familySeed ^ 0x7661)
        let train = rest.subsample(examples, seed: seed ^ 0x7472)
        let scored = part == .map ? held : data.test.subsample(min(testImages, data.test.count), seed: familySeed ^ 0x7465)
        return kinds.map { ContinualTask(name: $0.title, train: $0.make(train, seed: familySeed), test: $0.make(scored, seed: familySeed)) }
    }

    /// Part 3's tasks as indices into `kinds`.
    public var subsetIDs: [Int] { subset.map { kinds.firstIndex(of: $0)! } }

    /// What a task set is scored on.
    public enum Part: Sendable { case map, orders }
}
