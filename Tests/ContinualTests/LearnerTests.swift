import Autograd
import Continual
import NN
import Testing

@Suite("Learner, sequences and baselines")
struct LearnerTests {
    @Test func aSequenceFillsRAndItsCurves() throws {
        var (learner, rng) = blobLearner(epochs: 2, batchSize: 16)
        learner.plan.evaluateEvery = 3
        let run = try learnSequence(twoBlobTasks(), learner: learner, using: &rng)
        #expect(run.rows.count == 3 && run.rows.allSatisfy { $0.count == 2 })
        // 8 steps a task; samples at 0, then 3 and 6 within each task, and at each task's end.
        #expect(run.steps == [0, 3, 6, 8, 11, 14, 16] && run.boundaries == [8, 16])
        #expect(run.curves[0].count == run.steps.count && run.afterStage.first! == run.rows[1])
        let r = try run.evaluationMatrix()
        #expect(r[1, 1] > 0.9, "task A learned: \(r.rows)")
        #expect(r[2, 2] > 0.9, "task B learned: \(r.rows)")
    }

    @Test func theSameSeedGivesTheSameRunBitForBit() throws {
        func run() throws -> [[Double]] {
            var (learner, rng) = blobLearner(seed: 4)
            return try learnSequence(twoBlobTasks(), learner: learner, using: &rng).rows
        }
        #expect(try run() == run())
    }

    @Test func aTaskSmallerThanABatchIsAnError() {
        var (learner, rng) = blobLearner(batchSize: 100)
        #expect(throws: TrainingError.tooFewExamples(task: "A", count: 64, batchSize: 100)) {
            try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: twoBlobTasks()[0].train), using: &rng)
        }
    }

    @Test func aDivergingLossStopsTraining() {
        final class Poison: Strategy {
            func loss(_ loss: Tensor, outputs: Tensor, batch: Batch, _ c: TaskContext) -> Tensor { c.step == 2 ? loss * .nan : loss }
        }
        var (learner, rng) = blobLearner(strategies: [Poison()])
        let error = #expect(throws: TrainingError.self) {
            try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: twoBlobTasks()[0].train), using: &rng)
        }
        guard case .nonFiniteLoss(let task, let step, let value)? = error else { Issue.record("\(String(describing: error))"); return }
        #expect(task == "A" && step == 3 && value.isNaN)
        #expect(error!.description.contains("at step 3 of A"))
    }

    @Test func aUnionServesEachPartWithItsTaskID() {
        let tasks = twoBlobTasks(count: 8)
        let union = ConcatenatedExamples([tasks[0].train, tasks[1].train])
        let batch = union.batch([9, 0, 15, 3], task: 99)
        #expect(union.count == 16 && batch.tasks == [1, 0, 1, 0])
        let direct = [tasks[1].train.batch([1], task: 1), tasks[0].train.batch([0], task: 0), tasks[1].train.batch([7], task: 1), tasks[0].train.batch([3], task: 0)]
        #expect(batch.inputs.data == direct.flatMap(\.inputs.data) && batch.labels == direct.flatMap(\.labels))
    }

    /// Blobs that log what the loop asks of them.
    final class Logged: ExampleSet, @unchecked Sendable {
        let blobs = Blobs(count: 64, centres: blobCentres.a, seed: 1)
        var log: [(kind: String, indices: [Int])] = []
        var count: Int { blobs.count }
        func batch(_ indices: [Int], task: Int) -> Batch { log.append(("batch", indices)); return blobs.batch(indices, task: task) }
        func prefetch(_ indices: [Int]) { log.append(("prefetch", indices)) }
    }

    /// The loop names each batch of an epoch but the last one step ahead (`prefetch`, so that a
    /// set in main memory can fetch it during the step), exactly the rows it then takes; a union
    /// passes each part its own rows.
    @Test func theNextBatchIsNamedAStepAhead() throws {
        let set = Logged()
        var (learner, rng) = blobLearner(epochs: 2, batchSize: 16)         // 4 steps an epoch
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: set), using: &rng)
        #expect(set.log.map(\.kind) == ["batch", "prefetch", "batch", "prefetch", "batch", "prefetch", "batch"] + ["batch", "prefetch", "batch", "prefetch", "batch", "prefetch", "batch"])
        for (i, entry) in set.log.enumerated() where entry.kind == "prefetch" { #expect(entry.indices == set.log[i + 1].indices) }
        let (a, b) = (Logged(), Logged())
        ConcatenatedExamples([a, b]).prefetch([70, 3, 64, 5])
        #expect(a.log.map(\.indices) == [[3, 5]] && b.log.map(\.indices) == [[6, 0]])
    }

    @Test func jointTrainingLearnsBothTasks() throws {
        let rows = try jointEvaluationRows(twoBlobTasks(), seed: 3) { rng in blobLearner(epochs: 30).0.withModel(from: &rng) }
        #expect(rows.count == 3 && rows[2].allSatisfy { $0 > 0.9 }, "\(rows)")
    }

    /// One model per task: the diagonal is each task's own model, and later rows keep it.
    @Test func oneModelPerTaskNeverForgets() throws {
        let rows = try oneModelPerTaskRows(twoBlobTasks(), seed: 3) { rng in blobLearner(epochs: 4).0.withModel(from: &rng) }
        #expect(rows.count == 3 && rows[2][0] == rows[1][0] && rows[2][1] > 0.9, "\(rows)")
    }
}

extension Learner {
    /// The same plan and strategies on a fresh 2-16-2 MLP drawn from `rng`.
    func withModel(from rng: inout SeededGenerator) -> Learner {
        Learner(model: MLP([2, 16, 2], using: &rng), plan: plan, strategies: strategies)
    }
}

@Suite("The quadratic guard and the parameter trace")
struct QuadraticPenaltyTests {
    /// After task A the penalty is zero at θ = θᵇ, and its gradient is 2λbᵢ(θᵢ − θᵢᵇ) elsewhere.
    @Test func penaltyIsZeroAtTheAnchorAndHasTheRightGradient() throws {
        let guardB = QuadraticPenalty(lambda: 0.5) { c in c.model.parameters.map { [Float](repeating: 2, count: $0.count) } }
        var (learner, rng) = blobLearner(strategies: [guardB])
        let tasks = twoBlobTasks()
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "A", train: tasks[0].train), using: &rng)
        let model = learner.model, zero = Tensor.full([], 0)
        let context = TaskContext(model: model, task: TaskInfo(id: 1, stage: 1, name: "B", train: tasks[1].train), objective: .classification, step: 0)
        #expect(guardB.loss(zero, outputs: zero, batch: tasks[1].train.batch([0], task: 1), context).item == 0)
        let anchor = model.flatParameters()
        try model.setFlatParameters(anchor.map { $0 + 0.25 })
        model.zeroGrad()
        let penalty = guardB.loss(zero, outputs: zero, batch: tasks[1].train.batch([0], task: 1), context)
        let expected: Float = 0.5 * 2 * 0.0625 * Float(anchor.count)        // λ Σ b (θ − θᵇ)²
        #expect(abs(penalty.item - expected) < 1e-3)
        penalty.backward()
        let slope: Float = 2 * 0.5 * 2 * 0.25                               // 2λb(θ − θᵇ)
        #expect(model.flatGradients().allSatisfy { abs($0 - slope) < 1e-5 })
    }

    /// b = 0 changes nothing: the run is bit-identical to naive fine-tuning.
    @Test func zeroGuardIsNaiveFineTuning() throws {
        func rows(_ strategies: [any Strategy]) throws -> [[Double]] {
            var (learner, rng) = blobLearner(seed: 5, strategies: strategies)
            return try learnSequence(twoBlobTasks(), learner: learner, using: &rng).rows
        }
        let zero = QuadraticPenalty(lambda: 1) { c in c.model.parameters.map { [Float](repeating: 0, count: $0.count) } }
        #expect(try rows([zero]) == rows([]))
    }

    @Test func traceRecordsTheStartAndEveryStep() throws {
        let trace = ParameterTrace()
        var (learner, rng) = blobLearner(epochs: 1, strategies: [trace])
        let start = learner.model.flatParameters()
        _ = try learnSequence(twoBlobTasks(count: 32), learner: learner, using: &rng)
        #expect(trace.paths[0]!.count == 3 && trace.paths[0]![0] == start && trace.paths[1]!.last! == learner.model.flatParameters())
    }
}
