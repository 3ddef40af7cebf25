import Autograd
import Continual
import NN
import Testing

/// A fixed list of examples (one class label each).
struct Rows: ExampleSet {
    let x: [[Float]], y: [Int]
    var count: Int { x.count }
    func batch(_ indices: [Int], task: Int) -> Batch {
        Batch(inputs: Tensor(shape: [indices.count, x[0].count], data: indices.flatMap { x[$0] }), labels: indices.map { y[$0] },
              tasks: Array(repeating: task, count: indices.count))
    }
}

/// A 2→2 linear model (no hidden layer) with hand-set weights W = [[0.5, −1], [2, 0.25]], b = [0.1, −0.2].
func linearModel() -> MLP {
    var rng = SeededGenerator(seed: 1)
    let model = MLP([2, 2], using: &rng)
    model.layers[0].weight.data = [0.5, -1, 2, 0.25]
    model.layers[0].bias.data = [0.1, -0.2]
    return model
}

func context(_ model: any Layer, _ set: any ExampleSet) -> TaskContext {
    TaskContext(model: model, task: TaskInfo(id: 0, stage: 0, name: "T", train: set), objective: .classification, step: 0)
}

@Suite("Importance estimators: the guards' bᵢ")
struct ImportanceTests {
    /// The fused penalty op against finite differences of its own forward.
    @Test func penaltyGradientMatchesFiniteDifferences() {
        let p = [Tensor(shape: [3], data: [0.3, -1.2, 2], requiresGrad: true), Tensor(shape: [2], data: [0.5, 0.1], requiresGrad: true)]
        let anchor: [[Float]] = [[0, -1, 1.5], [0.4, 0.4]], b: [[Float]] = [[1, 2, 0.5], [3, 0]]
        quadraticPenalty(p, anchor: anchor, importance: b, lambda: 0.7).backward()
        for (k, t) in p.enumerated() {
            for i in 0..<t.count {
                let keep = t.data[i], h: Float = 1e-3
                t.data[i] = keep + h; let up = withNoGrad { quadraticPenalty(p, anchor: anchor, importance: b, lambda: 0.7).item }
                t.data[i] = keep - h; let down = withNoGrad { quadraticPenalty(p, anchor: anchor, importance: b, lambda: 0.7).item }
                t.data[i] = keep
                #expect(abs((up - down) / (2 * h) - t.grad![i]) < 1e-2, "parameter \(k).\(i)")
            }
        }
    }

    /// The penalty's value (summed in lanes, the tails included) against Σ in Double, on tensors whose
    /// sizes are and are not multiples of the 16 lanes; an overflowing sum is not finite.
    @Test func penaltyValueIsTheSumInDouble() {
        var rng = SeededGenerator(seed: 4)
        let sizes = [1, 15, 16, 17, 1000, 78_400]
        let p = sizes.map { n in Tensor(shape: [n], data: (0..<n).map { _ in rng.uniform(-1, 1) }, requiresGrad: true) }
        let anchor = sizes.map { n in (0..<n).map { _ in rng.uniform(-1, 1) } }, b = sizes.map { n in (0..<n).map { _ in rng.uniform(0, 5) } }
        var expected = 0.0
        for k in sizes.indices { for i in 0..<sizes[k] { let d = Double(p[k].data[i]) - Double(anchor[k][i]); expected += Double(b[k][i]) * d * d } }
        let value = Double(quadraticPenalty(p, anchor: anchor, importance: b, lambda: 0.5).item)
        #expect(abs(value - 0.5 * expected) / (0.5 * expected) < 1e-5)
        let huge = quadraticPenalty([Tensor(shape: [32], data: [Float](repeating: 1e19, count: 32))], anchor: [[Float](repeating: -1e19, count: 32)],
                                    importance: [[Float](repeating: 1, count: 32)], lambda: 1)
        #expect(!huge.item.isFinite)
    }

    /// MAS on one example x: ∂‖Wᵀx + b‖²/∂W_ij = 2 xᵢ fⱼ, ∂/∂bⱼ = 2 fⱼ; b is their absolute value.
    @Test func masMatchesTheHandComputation() {
        let model = linearModel(), x: [Float] = [1.5, -2]
        let f = [x[0] * 0.5 + x[1] * 2 + 0.1, x[0] * -1 + x[1] * 0.25 - 0.2]
        let b = MASImportance(samples: 1, rng: SeededGenerator(seed: 3)).importance(context(model, Rows(x: [x], y: [0])))
        let expectedW = [abs(2 * x[0] * f[0]), abs(2 * x[0] * f[1]), abs(2 * x[1] * f[0]), abs(2 * x[1] * f[1])]
        #expect(zip(b[0], expectedW).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(zip(b[1], f.map { abs(2 * $0) }).allSatisfy { abs($0 - $1) < 1e-4 })
        #expect(model.parameters.allSatisfy { $0.grad == nil }, "gradients cleared for the next step")
    }

    /// EWC's Fisher with labels sampled from the model tends to the expectation over classes:
    /// F(W_ij) = Σ_y p_y (xᵢ (pⱼ − [j = y]))², here from 4,000 draws on one example.
    @Test func ewcTendsToTheExpectedFisher() {
        let model = linearModel(), x: [Float] = [1, 0.5]
        let logits = [x[0] * 0.5 + x[1] * 2 + 0.1, x[0] * -1 + x[1] * 0.25 - 0.2]
        let z = logits.map { _exp($0) }.reduce(0, +), p = logits.map { _exp($0) / z }
        func fisher(_ xi: Float, _ j: Int) -> Float { (0..<2).reduce(0) { s, y in { let d = xi * (p[j] - (j == y ? 1 : 0)); return s + p[y] * d * d }() } }
        let set = Rows(x: Array(repeating: x, count: 4000), y: Array(repeating: 0, count: 4000))
        let b = EWCImportance(samples: 4000, rng: SeededGenerator(seed: 9)).importance(context(model, set))
        let expected = [fisher(x[0], 0), fisher(x[0], 1), fisher(x[1], 0), fisher(x[1], 1)]
        #expect(zip(b[0], expected).allSatisfy { abs($0 - $1) < 0.05 * $1 + 1e-4 }, "\(b[0]) vs \(expected)")
    }

    /// SCP with many slices tends to (1/K) Σₖ (∂f̄ₖ/∂θ)²: for a linear layer x̄ᵢ²/K on W and 1/K on b.
    @Test func scpTendsToTheMeanSquaredJacobian() {
        let model = linearModel(), set = Rows(x: [[1, 2], [3, -1]], y: [0, 1])
        let b = SCPImportance(samples: 2, slices: 20_000, rng: SeededGenerator(seed: 5)).importance(context(model, set))
        let mean: [Float] = [2, 0.5]
        let expectedW = [mean[0] * mean[0] / 2, mean[0] * mean[0] / 2, mean[1] * mean[1] / 2, mean[1] * mean[1] / 2]
        #expect(zip(b[0], expectedW).allSatisfy { abs($0 - $1) < 0.05 * $1 })
        #expect(b[1].allSatisfy { abs($0 - 0.5) < 0.025 })
    }

    /// SI by hand: two steps of known gradient and move. ω = −Σ g Δθ, b = max(0, ω / (Δ² + ξ)).
    @Test func siFollowsThePathIntegral() {
        let model = linearModel(), c = context(model, Rows(x: [[0, 0]], y: [0]))
        let si = SIImportance(damping: 0.1)
        si.beginTask(c)
        let w = model.layers[0].weight
        let steps: [([Float], [Float])] = [([1, -2, 0, 0.5], [-0.1, 0.2, 0.3, 0]), ([0.5, 1, 0, -0.5], [-0.05, -0.1, 0, 0.05])]
        for (g, delta) in steps {
            w.grad = g
            model.layers[0].bias.grad = [0, 0]
            si.afterBackward(Batch(inputs: Tensor.zeros([1, 2]), labels: [0], tasks: [0]), c)
            w.data = zip(w.data, delta).map { $0 + $1 }
            si.afterStep(Batch(inputs: Tensor.zeros([1, 2]), labels: [0], tasks: [0]), c)
        }
        let b = si.importance(c)[0]
        let omega: [Float] = [0.1 + 0.025, 0.4 + 0.1, 0, 0.025]
        let total: [Float] = [-0.15, 0.1, 0.3, 0.05]
        for i in 0..<4 { #expect(abs(b[i] - max(0, omega[i] / (total[i] * total[i] + 0.1))) < 1e-5) }
        #expect(si.importance(c)[1] == [0, 0])
    }

    /// RWalk by hand: the running Fisher (α = 0.5 here) and the normalised path score, averaged over tasks.
    @Test func rwalkAddsTheRunningFisherAndTheScore() {
        let model = linearModel(), c = context(model, Rows(x: [[0, 0]], y: [0]))
        let rwalk = RWalkImportance(alpha: 0.5, damping: 0.1)
        let w = model.layers[0].weight, batch = Batch(inputs: Tensor.zeros([1, 2]), labels: [0], tasks: [0])
        func step(_ g: [Float], _ delta: [Float]) {
            (w.grad, model.layers[0].bias.grad) = (g, [0, 0])
            rwalk.afterBackward(batch, c)
            w.data = zip(w.data, delta).map { $0 + $1 }
            rwalk.afterStep(batch, c)
        }
        rwalk.beginTask(c)
        step([2, 0, -1, 0], [-0.2, 0, 0.1, 0])
        let first = rwalk.importance(c)[0]
        let fisher: [Float] = [2, 0, 0.5, 0], omega: [Float] = [0.4, 0, 0.1, 0], d: [Float] = [-0.2, 0, 0.1, 0]
        let score: [Float] = (0..<4).map { (i: Int) -> Float in max(0, omega[i] / (0.5 * fisher[i] * d[i] * d[i] + 0.1)) }
        for i in 0..<4 { #expect(abs(first[i] - (fisher[i] + score[i])) < 1e-5) }
        rwalk.beginTask(c)                                              // a second task with no move: its score is 0
        step([0, 0, 0, 0], [0, 0, 0, 0])
        let second = rwalk.importance(c)[0]
        for i in 0..<4 { #expect(abs(second[i] - (0.5 * fisher[i] + 0.5 * score[i])) < 1e-5) }
        #expect(!rwalk.importancesAdd)
    }

    /// Every estimator on a real run: nonnegative, finite, one value per parameter, and the
    /// penalty is zero at θ = θᵇ (the loss hook returns the loss unchanged right after the task).
    @Test(arguments: ["ewc", "si", "mas", "rwalk", "scp", "l2"])
    func importancesAreNonnegativeAndThePenaltyVanishesAtTheAnchor(_ key: String) throws {
        var rng = SeededGenerator(seed: 2)
        let estimator: any ImportanceEstimator = switch key {
        case "ewc": EWCImportance(samples: 20, rng: rng.fork(1))
        case "si": SIImportance()
        case "mas": MASImportance(samples: 20, rng: rng.fork(2))
        case "rwalk": RWalkImportance()
        case "scp": SCPImportance(samples: 20, slices: 10, rng: rng.fork(3))
        default: UniformImportance()
        }
        let penalty = QuadraticPenalty(lambda: 3, estimator: estimator)
        var (learner, r) = blobLearner(strategies: [penalty])
        let tasks = twoBlobTasks()
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: tasks[0].train), using: &r)
        #expect(penalty.guards.count == learner.model.parameters.count)
        #expect(penalty.guards.allSatisfy { $0.allSatisfy { $0 >= 0 && $0.isFinite } })
        #expect(penalty.guards.contains { $0.contains { $0 > 0 } }, "something is protected")
        let c = TaskContext(model: learner.model, task: TaskInfo(id: 1, stage: 1, name: "B", train: tasks[1].train), objective: .classification, step: 0)
        let loss = Tensor(0.25)
        #expect(penalty.loss(loss, outputs: loss, batch: tasks[1].train.batch([0], task: 1), c).item == 0.25)
    }

    /// b = ∞: after the first task, nothing moves, bit for bit, whatever the next task asks.
    @Test func freezeHoldsEveryParameter() throws {
        var (learner, rng) = blobLearner(optimizer: .adam(learningRate: 0.01), strategies: [Freeze()])
        let tasks = twoBlobTasks()
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: tasks[0].train), using: &rng)
        let after = learner.model.flatParameters()
        try learner.learn(TaskInfo(id: 1, stage: 1, name: "B", train: tasks[1].train), using: &rng)
        #expect(learner.model.flatParameters() == after)
    }

    /// b = 1 stays 1 after several tasks (it does not add up to b = t).
    @Test func uniformGuardStaysOne() throws {
        let penalty = QuadraticPenalty(lambda: 1, estimator: UniformImportance())
        var (learner, rng) = blobLearner(strategies: [penalty])
        for (i, t) in twoBlobTasks().enumerated() { try learner.learn(TaskInfo(id: i, stage: i, name: t.name, train: t.train), using: &rng) }
        #expect(penalty.guards.allSatisfy { $0.allSatisfy { $0 == 1 } } && penalty.taskImportances.count == 2)
    }
}
