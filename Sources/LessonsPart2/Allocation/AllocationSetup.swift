import Autograd
import Continual
import Datasets
import LessonCore
import NN

/// The allocation lesson's settings (README, "allocation", says why these).
public struct AllocationSetup: Sendable {
    public var tasks = 10
    public var hidden = [100, 100]
    public var trainPerTask = 6000, testPerTask = 2000
    /// Steps a task, batch, Adam's rate.
    public var iterations = 300, batchSize = 64
    public var learningRate: Float = 1e-3
    /// PackNet: the fraction of a task's weights released after it.
    public var pruneFraction = 0.5
    /// PackNet's and CPG's retraining after pruning or growing.
    public var retrainIterations = 100
    public var cpg = CPG.Settings()

    public init(quick: Bool = false) {
        if quick { (tasks, hidden, trainPerTask, testPerTask, iterations, retrainIterations) = (4, [32, 32], 500, 200, 60, 20) }
    }

    public var plan: TrainingPlan { TrainingPlan(epochs: 1, iterations: iterations, batchSize: batchSize, optimizer: .adam(learningRate: learningRate)) }
    public var retrainPlan: TrainingPlan { TrainingPlan(epochs: 1, iterations: retrainIterations, batchSize: batchSize, optimizer: .adam(learningRate: learningRate)) }

    /// A body 784-hidden with one 10-way head (more heads come with the tasks).
    public func multiHead(using rng: inout SeededGenerator) -> MultiHeadMLP { MultiHeadMLP([DigitSet.pixels] + hidden, classes: 10, using: &rng) }

    /// Permuted-digit tasks, task 1 the plain digits.
    public func taskList(_ data: DigitData, seed: UInt64) -> [ContinualTask] {
        DigitSequences.permuted(data, count: tasks, trainPerTask: trainPerTask, testPerTask: testPerTask, seed: seed)
    }
}
