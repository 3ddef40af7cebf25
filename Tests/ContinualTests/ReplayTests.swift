import Autograd
import Continual
import NN
import Testing

/// Eight "pixels" in [0, 1]: class c lights pixels 2c and 2c + 1 (with noise), so four classes
/// split into two class-incremental tasks — {0, 1} then {2, 3} — with one 4-way output.
struct Patterns: ExampleSet {
    let pixels: [Float], labels: [Int]
    var count: Int { labels.count }

    init(classes: [Int], count: Int, seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var pixels: [Float] = [], labels: [Int] = []
        for i in 0..<count {
            let c = classes[i % classes.count]
            pixels += (0..<8).map { p in min(1, max(0, (p / 2 == c ? 0.9 : 0.1) + 0.05 * rng.normal())) }
            labels.append(c)
        }
        (self.pixels, self.labels) = (pixels, labels)
    }

    func batch(_ indices: [Int], task: Int) -> Batch {
        Batch(inputs: Tensor(shape: [indices.count, 8], data: indices.flatMap { pixels[(8 * $0)..<(8 * $0 + 8)] }),
              labels: indices.map { labels[$0] }, tasks: Array(repeating: task, count: indices.count))
    }
}

func patternTasks() -> [ContinualTask] {
    [ContinualTask(name: "0/1", train: Patterns(classes: [0, 1], count: 128, seed: 1), test: Patterns(classes: [0, 1], count: 64, seed: 2)),
     ContinualTask(name: "2/3", train: Patterns(classes: [2, 3], count: 128, seed: 3), test: Patterns(classes: [2, 3], count: 64, seed: 4))]
}

@Suite("Replay: iterations, weights, exact and generative replay")
struct ReplayTests {
    func patternLearner(_ strategies: [any Strategy] = [], iterations: Int = 150, seed: UInt64 = 1) -> (Learner, SeededGenerator) {
        var rng = SeededGenerator(seed: seed)
        let plan = TrainingPlan(epochs: 1, iterations: iterations, batchSize: 16, optimizer: .adam(learningRate: 0.01))
        return (Learner(model: MLP([8, 16, 4], using: &rng), plan: plan, strategies: strategies), rng)
    }

    @Test func iterationsRunOnAcrossEpochsAndMatchEpochsWhenTheyDivide() throws {
        let task = TaskInfo(id: 0, stage: 0, name: "A", train: Blobs(count: 64, centres: blobCentres.a, seed: 1))
        let counter = RecordingStrategy()
        var (learner, rng) = blobLearner(epochs: 1, strategies: [counter])
        learner.plan.iterations = 10                                     // 4 batches an epoch: 2½ epochs
        try learner.learn(task, using: &rng)
        #expect(learner.steps == 10 && counter.calls.filter { $0.hasPrefix("prepare") }.count == 10)
        var (byEpochs, r1) = blobLearner(epochs: 3)
        var (byIterations, r2) = blobLearner(epochs: 99)
        byIterations.plan.iterations = 12
        try byEpochs.learn(task, using: &r1)
        try byIterations.learn(task, using: &r2)
        #expect(byEpochs.model.flatParameters() == byIterations.model.flatParameters(), "the same batches in the same order")
    }

    @Test func replayedExamplesWeighTMinusOneOverT() {
        let current = Patterns(classes: [2, 3], count: 4, seed: 1).batch([0, 1, 2, 3], task: 1)
        let replayed = Patterns(classes: [0, 1], count: 2, seed: 2).batch([0, 1], task: 0)
        let mixed = Batch.withReplay(current, replayed, tasksSeen: 3)
        #expect(mixed.count == 6 && mixed.tasks == [1, 1, 1, 1, 0, 0] && mixed.labels == current.labels + replayed.labels)
        let w = mixed.weights!
        let (currentWeight, replayedWeight): (Float, Float) = (w[0..<4].reduce(0, +), w[4...].reduce(0, +))
        #expect(abs(currentWeight - 1.0 / 3) < 1e-6 && abs(replayedWeight - 2.0 / 3) < 1e-6 && w[0] == w[3] && w[4] == w[5])
        #expect(mixed.rows([5, 0]).weights! == [w[5], w[0]])
    }

    @Test func exactReplayKeepsItsBudgetAndShrinksFromTheEnd() {
        let replay = ExactReplay(budget: 12, rng: SeededGenerator(seed: 7))
        let sets = (0..<3).map { Patterns(classes: [$0], count: 40, seed: UInt64($0)) }
        func context(_ k: Int) -> TaskContext {
            var rng = SeededGenerator(seed: 0)
            return TaskContext(model: MLP([8, 4], using: &rng), task: TaskInfo(id: k, stage: k, name: "\(k)", train: sets[k]), objective: .classification, step: 0)
        }
        func end(_ k: Int) { replay.endTask(context(k)) }
        end(0)
        let firstChoice = replay.memory.tasks[0].batch.inputs.data
        #expect(replay.memory.totalExamples == 12 && Set(replay.memory.tasks[0].batch.labels) == [0])
        end(1)
        #expect(replay.memory.tasks.map(\.batch.count) == [6, 6] && replay.memory.tasks[0].batch.inputs.data == Array(firstChoice.prefix(6 * 8)))
        end(2)
        #expect(replay.memory.tasks.map(\.batch.count) == [4, 4, 4] && replay.memory.totalExamples <= replay.budget)
        #expect(firstChoice != sets[0].batch(Array(0..<12), task: 0).inputs.data, "a random choice, not the first 12")
        // The same seed keeps the same images.
        let again = ExactReplay(budget: 12, rng: SeededGenerator(seed: 7))
        again.endTask(context(0))
        #expect(again.memory.tasks[0].batch.inputs.data == firstChoice)
    }

    @Test func exactReplayDoublesTheBatchAfterTheFirstTaskAndStopsForgetting() throws {
        let tasks = patternTasks()
        var (none, r1) = patternLearner()
        let forgot = try learnSequence(tasks, learner: none, using: &r1).rows.last!
        let replay = ExactReplay(budget: 32, rng: SeededGenerator(seed: 3))
        var (guarded, r2) = patternLearner([replay])
        let kept = try learnSequence(tasks, learner: guarded, using: &r2).rows.last!
        #expect(forgot[0] < 0.2 && forgot[1] > 0.95, "fine-tuning answers 2 or 3 for everything: \(forgot)")
        #expect(kept[0] > 0.9 && kept[1] > 0.9, "\(kept)")
        let context = TaskContext(model: guarded.model, task: TaskInfo(id: 1, stage: 1, name: "2/3", train: tasks[1].train), objective: .classification, step: 0)
        let batch = replay.prepare(tasks[1].train.batch(Array(0..<16), task: 1), context)
        #expect(batch.count == 32 && batch.weights != nil && Set(batch.labels[16...]).isSubset(of: [0, 1]))
    }

    @Test func generativeReplayTrainsItsGeneratorOnTheLoopAndStopsForgetting() throws {
        let tasks = patternTasks()
        var own = SeededGenerator(seed: 5)
        let vae = VariationalAutoencoder(inputs: 8, hidden: [16], latent: 2, using: &own)
        let before = vae.flatParameters()
        let plan = TrainingPlan(epochs: 1, iterations: 300, batchSize: 16, optimizer: .adam(learningRate: 0.01))
        let replay = GenerativeReplay(generator: vae, plan: plan, galleryCount: 3, rng: own.fork(1))
        var (learner, rng) = patternLearner([replay])
        let rows = try learnSequence(tasks, learner: learner, using: &rng).rows
        #expect(vae.flatParameters() != before && replay.gallery.count == 2 && replay.gallery[0].shape == [3, 8])
        #expect(rows.last![0] > 0.8 && rows.last![1] > 0.9, "the generated 0s and 1s keep task 1: \(rows.last!)")
        // After task 1 the generator draws task 1's patterns: its images light pixels 0–3, not 4–7.
        let first = replay.gallery[0]
        for r in 0..<3 {
            let (left, right): (Float, Float) = (first.data[(8 * r)..<(8 * r + 4)].reduce(0, +), first.data[(8 * r + 4)..<(8 * r + 8)].reduce(0, +))
            #expect(left > right)
        }
        // Replayed images are labelled by the old solver: only classes 0 and 1.
        let context = TaskContext(model: learner.model, task: TaskInfo(id: 1, stage: 1, name: "2/3", train: tasks[1].train), objective: .classification, step: 0)
        let batch = replay.prepare(tasks[1].train.batch(Array(0..<16), task: 1), context)
        let replayedWeight: Float = batch.weights![16...].reduce(0, +)
        #expect(batch.count == 32 && Set(batch.labels[16...]).isSubset(of: [0, 1, 2, 3]) && abs(replayedWeight - 0.5) < 1e-6)
    }
}
