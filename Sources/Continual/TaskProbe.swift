import Autograd
import NN

/// Watches one task while others are learned, changing nothing: its test accuracy every `every`
/// optimizer steps and at each task's end, and the model's answers to its test examples at each
/// task's end (what the bAbI lesson sorts into kinds of words). An observer on the hooks, not a
/// method: put it last in a learner's strategies so that it sees the step the others shaped.
public final class TaskProbe: Strategy {
    public let set: any ExampleSet
    /// The id of the watched task (its examples' task id).
    public let task: Int
    public let every: Int
    /// (global step, accuracy) along training: every `every` steps and at each task's end.
    public private(set) var curve: [(step: Int, accuracy: Double)] = []
    /// The predicted class of every watched example, after each task (one array per task learned).
    public private(set) var answers: [[Int]] = []
    private var steps = 0
    private let labels: [Int]

    public init(watching set: any ExampleSet, task: Int, every: Int) {
        precondition(every >= 1, "a probe looks at least every step")
        (self.set, self.task, self.every) = (set, task, every)
        labels = set.batch(Array(0..<set.count), task: task).labels
    }

    public func afterStep(_ batch: Batch, _ context: TaskContext) {
        steps += 1
        if steps % every == 0 { curve.append((steps, accuracy(predictions(context.model)))) }
    }

    public func endTask(_ context: TaskContext) {
        let predicted = predictions(context.model)
        answers.append(predicted)
        if curve.last?.step != steps { curve.append((steps, accuracy(predicted))) }
    }

    /// The model's class for every watched example, in chunks, without gradients.
    func predictions(_ model: any Layer) -> [Int] {
        withNoGrad {
            stride(from: 0, to: set.count, by: 1024).flatMap { first -> [Int] in
                let batch = set.batch(Array(first..<min(first + 1024, set.count)), task: task)
                return model(batch.inputs, tasks: batch.tasks).argmax(axis: -1)
            }
        }
    }

    private func accuracy(_ predicted: [Int]) -> Double {
        Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(max(set.count, 1))
    }
}
