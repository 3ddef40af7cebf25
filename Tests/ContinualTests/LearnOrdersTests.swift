import Autograd
import Continual
import NN
import Testing

@Suite("learnOrders: shared prefixes learned once, the same runs")
struct LearnOrdersTests {
    /// Three blob tasks (the third: A moved down), a head per task, evaluation along training.
    func setting() -> (tasks: [ContinualTask], learner: Learner, rng: SeededGenerator) {
        let tasks = twoBlobTasks(count: 48) + [ContinualTask(name: "C", train: Blobs(count: 48, centres: ((1, -1.5), (-1, -1.5)), seed: 5),
                                                           test: Blobs(count: 32, centres: ((1, -1.5), (-1, -1.5)), seed: 6))]
        var rng = SeededGenerator(seed: 7)
        let net = MultiHeadMLP([2, 8, 8], classes: 2, using: &rng)
        let plan = TrainingPlan(epochs: 2, batchSize: 16, optimizer: .adam(learningRate: 0.01), evaluateEvery: 2)
        return (tasks, Learner(model: net, plan: plan, strategies: [HeadPerTask(rng: rng.fork())]), rng)
    }

    @Test func everyOrderGetsTheRunLearnSequenceGives() throws {
        // All six orders of three tasks, a prefix of one of them, an order given twice, an empty one.
        let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0], [1], [0, 2, 1], []]
        let (tasks, learner, rng) = setting()
        let shared = try learnOrders(tasks, orders: orders, learner: learner, using: rng)
        #expect(shared.count == orders.count)
        for (order, run) in zip(orders, shared) {
            var (_, alone, aloneRNG) = setting()
            let expected = try learnSequence(tasks, order: order, learner: alone, using: &aloneRNG)
            let bits = { (rows: [[Double]]) in rows.map { $0.map(\.bitPattern) } }
            #expect(bits(run.rows) == bits(expected.rows), "order \(order)")
            #expect(bits(run.curves) == bits(expected.curves) && run.steps == expected.steps && run.boundaries == expected.boundaries, "order \(order)")
        }
    }

    @Test func aCopiedLearnerTrainsWithoutChangingTheOriginal() throws {
        let (tasks, learner, rng) = setting()
        let before = learner.model.namedParameters.map(\.tensor.data)
        let fork = learner.copy()
        var forkRNG = rng
        try fork.learn(TaskInfo(id: 1, stage: 0, name: "B", train: tasks[1].train), using: &forkRNG)
        #expect(learner.model.namedParameters.map(\.tensor.data) == before)
        #expect(fork.steps == 6 && learner.steps == 0)
        #expect(fork.model.namedParameters.map(\.tensor.data) != before)
    }
}
