import Autograd
import Continual
import NN
import Testing

@Suite("Strategy hooks: the contract of the one training loop")
struct StrategyHookTests {
    /// Two tasks of 32 examples, batches of 16, one epoch: two steps a task.
    @Test func hooksAreCalledInThisOrder() throws {
        let recorder = RecordingStrategy()
        var (learner, rng) = blobLearner(epochs: 1, strategies: [recorder])
        _ = try learnSequence(twoBlobTasks(count: 32), learner: learner, using: &rng)
        let step = { (t: Int, s: Int) in ["prepare \(t) step \(s)", "loss \(t)", "afterBackward \(t)", "afterStep \(t)"] }
        let expected = ["predict 0", "predict 1"]                                   // row 0 of R, before training
            + ["begin 0 stage 0 step 0"] + step(0, 0) + step(0, 1) + ["end 0 step 2", "predict 0", "predict 1"]
            + ["begin 1 stage 1 step 0"] + step(1, 0) + step(1, 1) + ["end 1 step 2", "predict 0", "predict 1"]
        #expect(recorder.calls == expected)
    }

    @Test func strategiesComposeInListOrder() throws {
        final class Tag: Strategy {
            let name: String, log: Log
            init(_ name: String, _ log: Log) { (self.name, self.log) = (name, log) }
            func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ c: TaskContext) -> Tensor { log.lines.append(name); return loss }
        }
        final class Log { var lines: [String] = [] }
        let log = Log()
        var (learner, rng) = blobLearner(epochs: 1, strategies: [Tag("first", log), Tag("second", log)])
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: twoBlobTasks(count: 16)[0].train), using: &rng)
        #expect(log.lines == ["first", "second"])
    }

    /// A penalty λ(w − 3)² on one weight, far stronger than the task: the weight ends at 3.
    @Test func lossHookPullsAWeightToATarget() throws {
        final class Pull: Strategy {
            func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ c: TaskContext) -> Tensor {
                let w = (c.model as! MLP).layers[0].bias
                return loss + ((w - Tensor.full([8], 3)).pow(2)).sum() * 10
            }
        }
        var (learner, rng) = blobLearner(epochs: 20, optimizer: .sgd(learningRate: 0.02), strategies: [Pull()])
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: twoBlobTasks()[0].train), using: &rng)
        let bias = (learner.model as! MLP).layers[0].bias.data
        #expect(bias.allSatisfy { abs($0 - 3) < 0.05 }, "\(bias)")
    }

    /// The gradient hook zeroes the first layer's gradients: with plain SGD it never moves, the rest does.
    @Test func gradientHookCanStopALayer() throws {
        final class StopFirstLayer: Strategy {
            func afterBackward(_ batch: Batch, _ c: TaskContext) {
                for p in (c.model as! MLP).layers[0].parameters { p.grad = p.grad.map { [Float](repeating: 0, count: $0.count) } }
            }
        }
        var (learner, rng) = blobLearner(strategies: [StopFirstLayer()])
        let mlp = learner.model as! MLP
        let before = mlp.snapshot()
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: twoBlobTasks()[0].train), using: &rng)
        #expect(mlp.layers[0].weight.data == before["layers.0.weight"] && mlp.layers[0].bias.data == before["layers.0.bias"])
        #expect(mlp.layers[1].weight.data != before["layers.1.weight"])
    }

    /// The batch hook appends a task-B batch to every task-A batch: the loss sees both, with B's task id.
    @Test func batchHookAddsExamples() throws {
        final class AddB: Strategy {
            let extra: Batch
            var seen: [(count: Int, tasks: Set<Int>)] = []
            init(_ extra: Batch) { self.extra = extra }
            func prepare(_ batch: Batch, _ c: TaskContext) -> Batch { Batch.concatenated([batch, extra]) }
            func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ c: TaskContext) -> Tensor {
                seen.append((outputs.shape[0], Set(batch.tasks))); return loss
            }
        }
        let tasks = twoBlobTasks()
        let add = AddB(tasks[1].train.batch(Array(0..<8), task: 1))
        var (learner, rng) = blobLearner(epochs: 1, strategies: [add])
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: tasks[0].train), using: &rng)
        #expect(add.seen.count == 4 && add.seen.allSatisfy { $0.count == 24 && $0.tasks == [0, 1] })
    }

    /// A prediction hook that always answers class 1: evaluation scores exactly the share of 1s.
    @Test func evaluationUsesThePredictionHook() {
        final class AlwaysOne: Strategy {
            func predict(_ inputs: Tensor, tasks: [Int], model: any Layer) -> Tensor? {
                Tensor(shape: [inputs.shape[0], 2], data: (0..<inputs.shape[0]).flatMap { _ in [Float(0), 1] })
            }
        }
        let (learner, _) = blobLearner(strategies: [AlwaysOne()])
        let test = Blobs(count: 10, centres: blobCentres.a, seed: 9)      // labels 0, 1, 0, 1, …
        #expect(learner.score(on: test, task: 0) == 0.5)
        learner.strategies = []
        #expect(learner.predict(test.batch([0], task: 0).inputs, tasks: [0]).shape == [1, 2])
    }

    /// The end-of-task hook sees the task just finished, with its training data (never the test set).
    @Test func endOfTaskHookSeesTheFinishedTask() throws {
        final class Seen: Strategy {
            var ends: [(id: Int, name: String, count: Int)] = []
            func endTask(_ c: TaskContext) { ends.append((c.task.id, c.task.name, c.task.train.count)) }
        }
        let seen = Seen()
        var (learner, rng) = blobLearner(strategies: [seen])
        _ = try learnSequence(twoBlobTasks(count: 48), order: [1, 0], learner: learner, using: &rng)
        #expect(seen.ends.map(\.id) == [1, 0] && seen.ends.map(\.name) == ["B", "A"] && seen.ends.allSatisfy { $0.count == 48 })
    }

    /// The optimizer rule is asked for a fresh optimizer at the start of every task.
    @Test func aFreshOptimizerPerTask() throws {
        final class Counter { var tasks: [Int] = [] }
        let counter = Counter()
        let rule = OptimizerRule("counting SGD") { parameters, task in counter.tasks.append(task.id); return SGD(parameters, learningRate: 0.1) }
        var (learner, rng) = blobLearner(optimizer: rule)
        _ = try learnSequence(twoBlobTasks(), learner: learner, using: &rng)
        #expect(counter.tasks == [0, 1])
    }
}
