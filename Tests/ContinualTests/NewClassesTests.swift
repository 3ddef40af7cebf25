import Autograd
import Continual
import NN
import Testing

/// A set whose labels are renamed (task-incremental: each task's classes become 0 and 1).
struct Relabelled: ExampleSet {
    let base: Patterns, names: [Int: Int]
    var count: Int { base.count }
    func batch(_ indices: [Int], task: Int) -> Batch {
        var b = base.batch(indices, task: task)
        b.labels = b.labels.map { names[$0]! }
        return b
    }
}

@Suite("New classes: LwF, iCaRL's herding and exemplars, per-head generative replay")
struct NewClassesTests {
    func learner(_ model: any Layer, _ strategies: [any Strategy], iterations: Int = 150) -> Learner {
        Learner(model: model, plan: TrainingPlan(epochs: 1, iterations: iterations, batchSize: 16, optimizer: .adam(learningRate: 0.01)), strategies: strategies)
    }

    func info(_ tasks: [ContinualTask], _ k: Int) -> TaskInfo { TaskInfo(id: k, stage: k, name: tasks[k].name, train: tasks[k].train) }

    // MARK: - Herding

    /// The greedy rule computed the slow way: every candidate's mean of (chosen ∪ candidate) from scratch.
    func bruteForceHerding(_ f: [[Float]], count: Int) -> [Int] {
        let d = f[0].count
        let mu: [Float] = (0..<d).map { j in f.map { $0[j] }.reduce(0, +) / Float(f.count) }
        var chosen: [Int] = []
        for _ in 0..<count {
            let candidates = f.indices.filter { !chosen.contains($0) }
            let distance = { (i: Int) -> Float in
                let set = chosen + [i]
                var total: Float = 0
                for j in 0..<d {
                    let meanOfSet: Float = set.map { f[$0][j] }.reduce(0, +) / Float(set.count)
                    total += (mu[j] - meanOfSet) * (mu[j] - meanOfSet)
                }
                return total
            }
            chosen.append(candidates.min { distance($0) < distance($1) }!)
        }
        return chosen
    }

    @Test func herdingIsTheGreedyMeanMatchNotTheNearestPoints() {
        // 1-D: mean 5.04. Herding takes 5.2, then 4 (mean 4.6 is closer than 5.6), then 6; sorting by
        // distance to the mean would take 5.2, 6, 4.
        let line: [[Float]] = [[0], [10], [4], [6], [5.2]]
        #expect(ICaRL.herding(line, count: 3) == [4, 2, 3])
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<5 {
            let points = (0..<12).map { _ in (0..<3).map { _ in rng.normal() } }
            #expect(ICaRL.herding(points, count: 12) == bruteForceHerding(points, count: 12), "trial \(trial)")
        }
        #expect(ICaRL.herding(line, count: 9).count == 5 && ICaRL.herding(line, count: 0).isEmpty)
    }

    /// The eight-lane herding chooses what the plain loop (one candidate at a time, the same
    /// arithmetic) chooses, ties included: 45 candidates (not a multiple of 8), some repeated.
    @Test func herdingInLanesIsThePlainLoop() {
        func plain(_ features: [[Float]], count: Int) -> [Int] {
            let d = features[0].count
            let mu: [Float] = (0..<d).map { j in features.reduce(0) { $0 + $1[j] } / Float(features.count) }
            var chosen: [Int] = [], sum = [Float](repeating: 0, count: d)
            for k in 1...min(count, features.count) {
                var best = -1, bestDistance = Float.infinity
                for (i, f) in features.enumerated() where !chosen.contains(i) {
                    var distance: Float = 0
                    for j in 0..<d { let e = mu[j] - (sum[j] + f[j]) / Float(k); distance += e * e }
                    if distance < bestDistance { (best, bestDistance) = (i, distance) }
                }
                chosen.append(best)
                for j in 0..<d { sum[j] += features[best][j] }
            }
            return chosen
        }
        var rng = SeededGenerator(seed: 12)
        var points = (0..<40).map { _ in (0..<10).map { _ in rng.normal() } }
        points += [points[3], points[17], points[3], points[39], points[0]]
        #expect(ICaRL.herding(points, count: 45) == plain(points, count: 45))
        #expect(ICaRL.herding(points, count: 7) == plain(points, count: 7))
    }

    @Test func exemplarSetsShareTheBudgetAndShrinkFromTheEnd() throws {
        let tasks = patternTasks()
        var rng = SeededGenerator(seed: 2)
        let icarl = ICaRL(budget: 8, classes: 4, rng: rng.fork(1))
        let l = learner(MLP([8, 16, 4], using: &rng), [icarl])
        try l.learn(info(tasks, 0), using: &rng)
        #expect(icarl.exemplars.keys.sorted() == [0, 1] && icarl.exemplars.values.map(\.count) == [4, 4] && icarl.means.count == 2)
        let before = icarl.exemplars
        try l.learn(info(tasks, 1), using: &rng)
        #expect(icarl.exemplars.keys.sorted() == [0, 1, 2, 3] && icarl.storedCount == 8)
        for c in [0, 1] { #expect(icarl.exemplars[c]! == Array(before[c]!.prefix(2)), "class \(c) keeps its first two") }
        // Prediction by the nearest mean: the old classes are still told apart.
        let scores = l.scores(on: tasks)
        #expect(scores[0] > 0.9 && scores[1] > 0.9, "\(scores)")
        let out = icarl.predict(tasks[0].test.batch([0, 1], task: 0).inputs, tasks: [0, 0], model: l.model)!
        #expect(out.shape == [2, 4] && out.data.allSatisfy { $0 <= 0 })
    }

    // MARK: - LwF

    @Test func lwfLossIsTheWeightedSumOfCrossEntropyAndDistillation() throws {
        let tasks = patternTasks()
        var rng = SeededGenerator(seed: 3)
        let lwf = LwF(temperature: 2)
        let l = learner(MLP([8, 16, 4], using: &rng), [lwf])
        try l.learn(info(tasks, 0), using: &rng)
        let teacher = l.model.copy()
        let context = TaskContext(model: l.model, task: info(tasks, 1), objective: .classification, step: 0)
        lwf.beginTask(context)
        let batch = tasks[1].train.batch(Array(0..<16), task: 1)
        let outputs = l.model(batch.inputs)
        let ce = softmaxCrossEntropy(outputs, labels: batch.labels)
        let expected = 0.5 * ce.item + 0.5 * distillationLoss(outputs, teacher: teacher(batch.inputs), units: [0, 1], temperature: 2).item
        #expect(abs(lwf.loss(ce, outputs: outputs, batch: batch, context).item - expected) < 1e-5)
    }

    @Test func lwfKeepsAnOldHeadsOutputsInTaskIncrementalLearning() throws {
        let names = [0: 0, 1: 1, 2: 0, 3: 1]
        let tasks = patternTasks().map { ContinualTask(name: $0.name, train: Relabelled(base: $0.train as! Patterns, names: names),
                                                       test: Relabelled(base: $0.test as! Patterns, names: names)) }
        func drift(_ strategies: [any Strategy]) throws -> Float {
            var rng = SeededGenerator(seed: 4)
            let net = MultiHeadMLP([8, 16], classes: 2, using: &rng)
            net.ensureHead(for: 1, using: &rng)
            let l = learner(net, strategies)
            let x = tasks[0].test.batch(Array(0..<32), task: 0).inputs
            try l.learn(info(tasks, 0), using: &rng)
            let after0 = net.forward(x, task: 0).data
            try l.learn(info(tasks, 1), using: &rng)
            return zip(net.forward(x, task: 0).data, after0).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        }
        let (none, lwf) = (try drift([]), try drift([LwF(temperature: 2, perTaskHeads: true)]))
        #expect(lwf < none / 2, "head 0's outputs move \(lwf) with LwF, \(none) without")
    }

    @Test func multiHeadOutputsMatchEachHeadsForwardPass() {
        var rng = SeededGenerator(seed: 5)
        let net = MultiHeadMLP([8, 16, 16], classes: 2, using: &rng)
        net.ensureHead(for: 2, using: &rng)
        let x = Tensor.randn([5, 8], using: &rng)
        let outs = net.outputs(x, heads: [2, 0])
        #expect(outs[0].data == net.forward(x, task: 2).data && outs[1].data == net.forward(x, task: 0).data)
    }

    // MARK: - Generative replay with a head per task, and a shared generator

    @Test func generativeReplayKnowingItsLastTaskSkipsOnlyTheUnusedGenerator() throws {
        let tasks = patternTasks()
        let plan = TrainingPlan(epochs: 1, iterations: 60, batchSize: 16, optimizer: .adam(learningRate: 0.01))
        func run(lastStage: Int?) throws -> (rows: [[Double]], replay: GenerativeReplay) {
            var own = SeededGenerator(seed: 8), rng = SeededGenerator(seed: 9)
            let replay = GenerativeReplay(generator: VariationalAutoencoder(inputs: 8, hidden: [16], latent: 2, using: &own), plan: plan,
                                          lastStage: lastStage, rng: own.fork(1))
            return (try learnSequence(tasks, learner: learner(MLP([8, 16, 4], using: &rng), [replay]), using: &rng).rows, replay)
        }
        let (full, skipping) = (try run(lastStage: nil), try run(lastStage: tasks.count - 1))
        #expect(full.rows.map { $0.map(\.bitPattern) } == skipping.rows.map { $0.map(\.bitPattern) }, "the same run, bit for bit")
        #expect(full.replay.generators.count == tasks.count && skipping.replay.generators.count == tasks.count - 1)
        #expect(skipping.replay.generators[0].flatParameters() == full.replay.generators[0].flatParameters())
    }

    @Test func generativeReplayLabelsEachImageByAnEarlierTasksHeadAndCanReuseGenerators() throws {
        let tasks = patternTasks()
        var own = SeededGenerator(seed: 6)
        let plan = TrainingPlan(epochs: 1, iterations: 100, batchSize: 16, optimizer: .adam(learningRate: 0.01))
        let trained = GenerativeReplay(generator: VariationalAutoencoder(inputs: 8, hidden: [16], latent: 2, using: &own), plan: plan, rng: own.fork(1))
        var rng = SeededGenerator(seed: 7)
        _ = try learnSequence(tasks, learner: learner(MLP([8, 16, 4], using: &rng), [trained]), using: &rng)
        #expect(trained.generators.count == 2)
        // A second run, a head per task, takes those generators and never trains its own.
        let fresh = VariationalAutoencoder(inputs: 8, hidden: [16], latent: 2, using: &own)
        let untouched = fresh.flatParameters()
        let reuse = GenerativeReplay(generator: fresh, plan: plan, perTaskHeads: true, pretrained: trained.generators, rng: own.fork(2))
        let net = MultiHeadMLP([8, 16], classes: 4, using: &rng)
        net.ensureHead(for: 2, using: &rng)
        let l = learner(net, [reuse])
        try l.learn(TaskInfo(id: 0, stage: 0, name: "0", train: tasks[0].train), using: &rng)
        try l.learn(TaskInfo(id: 2, stage: 1, name: "2", train: tasks[1].train), using: &rng)
        #expect(fresh.flatParameters() == untouched && reuse.generators.count == 2 && reuse.generators[1] === trained.generators[1])
        let context = TaskContext(model: net, task: TaskInfo(id: 1, stage: 2, name: "1", train: tasks[1].train), objective: .classification, step: 0)
        let batch = reuse.prepare(tasks[1].train.batch(Array(0..<64), task: 1), context)
        let replayedTasks = Array(batch.tasks[64...])
        #expect(Set(replayedTasks) == [0, 2], "replayed images go to the learned tasks' heads: \(Set(replayedTasks))")
        let expected = withNoGrad { net(batch.inputs.slice(axis: 0, 64..<128), tasks: replayedTasks).argmax(axis: 1) }
        #expect(Array(batch.labels[64...]) == expected, "labelled by the old solver through each image's own head")
    }
}
