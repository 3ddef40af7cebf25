import Autograd
import Continual
import NN

/// Two Gaussian blobs in the plane (σ = 0.3), class 0 around `centres.0`, class 1 around
/// `centres.1`: a task small enough to train in milliseconds.
struct Blobs: ExampleSet {
    let points: [Float]       // [count, 2]
    let labels: [Int]
    var count: Int { labels.count }

    init(count: Int, centres: ((Float, Float), (Float, Float)), seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var points: [Float] = [], labels: [Int] = []
        for i in 0..<count {
            let centre = i % 2 == 0 ? centres.0 : centres.1
            points += [centre.0 + 0.3 * rng.normal(), centre.1 + 0.3 * rng.normal()]
            labels.append(i % 2)
        }
        (self.points, self.labels) = (points, labels)
    }

    func batch(_ indices: [Int], task: Int) -> Batch {
        Batch(inputs: Tensor(shape: [indices.count, 2], data: indices.flatMap { [points[2 * $0], points[2 * $0 + 1]] }),
              labels: indices.map { labels[$0] }, tasks: Array(repeating: task, count: indices.count))
    }
}

/// Two blob tasks that conflict: A puts class 0 right (x = 1) and class 1 left, B the other way
/// round a little higher up (y = 1.5). Fine-tuned on B, a model flips A too; learned together they
/// are an XOR that a small ReLU network separates.
let blobCentres = (a: ((Float(1), Float(0)), (Float(-1), Float(0))), b: ((Float(-1), Float(1.5)), (Float(1), Float(1.5))))

func twoBlobTasks(count: Int = 64) -> [ContinualTask] {
    [ContinualTask(name: "A", train: Blobs(count: count, centres: blobCentres.a, seed: 1), test: Blobs(count: 32, centres: blobCentres.a, seed: 2)),
     ContinualTask(name: "B", train: Blobs(count: count, centres: blobCentres.b, seed: 3), test: Blobs(count: 32, centres: blobCentres.b, seed: 4))]
}

/// A small learner on the blobs: MLP 2-8-2, SGD.
func blobLearner(seed: UInt64 = 1, epochs: Int = 2, batchSize: Int = 16, optimizer: OptimizerRule = .sgd(learningRate: 0.2),
                 strategies: [any Strategy] = []) -> (Learner, SeededGenerator) {
    var rng = SeededGenerator(seed: seed)
    let model = MLP([2, 8, 2], using: &rng)
    return (Learner(model: model, plan: TrainingPlan(epochs: epochs, batchSize: batchSize, optimizer: optimizer), strategies: strategies), rng)
}

/// Every hook call, in order, with what it saw.
final class RecordingStrategy: Strategy {
    var calls: [String] = []
    func beginTask(_ c: TaskContext) { calls.append("begin \(c.task.id) stage \(c.task.stage) step \(c.step)") }
    func prepare(_ batch: Batch, _ c: TaskContext) -> Batch { calls.append("prepare \(c.task.id) step \(c.step)"); return batch }
    func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ c: TaskContext) -> Tensor { calls.append("loss \(c.task.id)"); return loss }
    func afterBackward(_ batch: Batch, _ c: TaskContext) { calls.append("afterBackward \(c.task.id)") }
    func afterStep(_ batch: Batch, _ c: TaskContext) { calls.append("afterStep \(c.task.id)") }
    func endTask(_ c: TaskContext) { calls.append("end \(c.task.id) step \(c.step)") }
    func predict(_ inputs: Tensor, tasks: [Int], model: any Layer) -> Tensor? { calls.append("predict \(tasks[0])"); return nil }
}
