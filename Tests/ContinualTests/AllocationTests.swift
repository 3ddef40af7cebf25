import Autograd
import Continual
import NN
import Testing
import TestSupport

/// Two task-incremental toy tasks on the 8-pixel patterns: task 0 tells class 0 from 1, task 1
/// class 2 from 3, each with its own head (labels 0 and 1 within the task).
func twoPatternTasksWithHeads() -> [ContinualTask] {
    struct Relabelled: ExampleSet {
        let base: Patterns, offset: Int
        var count: Int { base.count }
        func batch(_ indices: [Int], task: Int) -> Batch {
            var b = base.batch(indices, task: task)
            b.labels = b.labels.map { $0 - offset }
            return b
        }
    }
    return [ContinualTask(name: "0/1", train: Relabelled(base: Patterns(classes: [0, 1], count: 128, seed: 1), offset: 0),
                          test: Relabelled(base: Patterns(classes: [0, 1], count: 64, seed: 2), offset: 0)),
            ContinualTask(name: "2/3", train: Relabelled(base: Patterns(classes: [2, 3], count: 128, seed: 3), offset: 2),
                          test: Relabelled(base: Patterns(classes: [2, 3], count: 64, seed: 4), offset: 2))]
}

@Suite("Allocation: progressive columns and PackNet protect exactly")
struct AllocationTests {
    let plan = TrainingPlan(epochs: 1, iterations: 60, batchSize: 16, optimizer: .adam(learningRate: 0.01))

    @Test func progressiveNetworkGradientsAndLaterals() {
        var rng = SeededGenerator(seed: 1)
        let net = ProgressiveNetwork([4, 3, 3, 2], using: &rng)
        net.addColumn(using: &rng)
        net.addColumn(using: &rng)
        #expect(net.columns.map { $0.laterals.map(\.count) } == [[0, 0], [1, 1], [2, 2]])
        #expect(net.columns[2].laterals[0][1].shape == [3, 3] && net.columns[2].laterals[1][0].shape == [3, 2])
        let x = Tensor.randn([5, 4], using: &rng)
        let result = gradientCheck(net.parameters, step: 1e-3) { _ in net.forward(x, column: 2) }   // a small step: no ReLU kink crossed
        #expect(result.passed, "\(result)")
        // Column 0 does not read later columns: changing column 2 leaves its outputs alone.
        let before = net.forward(x, column: 0).data
        net.columns[2].layers[0].weight.data[0] += 1
        #expect(net.forward(x, column: 0).data == before)
        // Rows of different tasks go through their own columns, in their own order.
        let mixed = net(x, tasks: [2, 0, 2, 1, 7])
        #expect(Array(mixed.data[2..<4]) == Array(net.forward(x.gatherRows([1]), column: 0).data))
        #expect(Array(mixed.data[8..<10]) == Array(net.forward(x.gatherRows([4]), column: 2).data), "a task without a column: the newest")
    }

    @Test func maskedMultiHeadGradientsAndMasks() {
        var rng = SeededGenerator(seed: 4)
        let net = MultiHeadMLP([4, 3, 3], classes: 2, using: &rng)
        net.ensureHead(for: 2, using: &rng)
        net.owners = net.body.map { layer in (0..<layer.weight.count).map { i in [Int32(0), 1, 2, MultiHeadMLP.free][i % 4] } }
        let x = Tensor.randn([5, 4], using: &rng)
        let result = gradientCheck(net.parameters, step: 1e-3) { _ in net.forward(x, task: 1) }
        #expect(result.passed, "\(result)")
        net.zeroGrad()
        net.forward(x, task: 1).sum().backward()
        for (i, layer) in net.body.enumerated() {
            #expect(net.owners![i].indices.allSatisfy { net.owners![i][$0] <= 1 || layer.weight.grad![$0] == 0 }, "task 1 reads no weight of task 2 or a free one")
        }
        #expect(net.heads.count == 3 && net(x, tasks: [0, 9, 1, 1, 0]).shape == [5, 2])
    }

    @Test func progressiveColumnsNeverChangeAnEarlierTask() throws {
        let tasks = twoPatternTasksWithHeads()
        var rng = SeededGenerator(seed: 2)
        let net = ProgressiveNetwork([8, 16, 2], using: &rng)
        let learner = Learner(model: net, plan: plan, strategies: [ProgressiveColumns(rng: rng.fork(1))])
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "0/1", train: tasks[0].train), using: &rng)
        let probe = tasks[0].test.batch(Array(0..<64), task: 0)
        let (outputs, column0) = (net(probe.inputs, tasks: probe.tasks).data, net.parameters(ofColumn: 0).map(\.data))
        try learner.learn(TaskInfo(id: 1, stage: 1, name: "2/3", train: tasks[1].train), using: &rng)
        #expect(net.columns.count == 2 && net.parameters(ofColumn: 0).map(\.data) == column0, "column 0 bitwise still")
        #expect(net(probe.inputs, tasks: probe.tasks).data == outputs, "task 0's outputs bitwise the same")
        #expect(learner.score(on: tasks[0].test, task: 0) > 0.95 && learner.score(on: tasks[1].test, task: 1) > 0.95)
    }

    @Test func packNetMasksAreDisjointProtectExactlyAndReleaseTheirShare() throws {
        let tasks = twoPatternTasksWithHeads()
        var rng = SeededGenerator(seed: 3)
        let net = MultiHeadMLP([8, 16, 16], classes: 2, using: &rng)
        var retrain = plan
        retrain.iterations = 20
        let packnet = PackNet(.fraction(0.5), retrain: retrain, rng: rng.fork(1))
        let learner = Learner(model: net, plan: plan, strategies: [packnet])
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "0/1", train: tasks[0].train), using: &rng)
        let owners0 = net.owners!
        let kept0 = owners0.map { $0.filter { $0 == 0 }.count }
        #expect(kept0 == [64, 128], "half of each layer's weights kept for task 0 (8×16 and 16×16)")
        for (i, layer) in net.body.enumerated() {
            #expect(owners0[i].indices.allSatisfy { owners0[i][$0] == 0 || layer.weight.data[$0] == 0 }, "a released weight is 0")
        }
        let probe = tasks[0].test.batch(Array(0..<64), task: 0)
        let outputs = net(probe.inputs, tasks: probe.tasks).data
        let accuracy0 = learner.score(on: tasks[0].test, task: 0)
        try learner.learn(TaskInfo(id: 1, stage: 1, name: "2/3", train: tasks[1].train), using: &rng)
        let owners1 = net.owners!
        for i in owners1.indices {
            #expect(owners1[i].indices.allSatisfy { owners0[i][$0] != 0 || owners1[i][$0] == 0 }, "task 0 keeps what it kept")
            #expect(owners1[i].filter { $0 == 1 }.count == (owners0[i].count - kept0[i]) / 2, "task 1 keeps half of what was free")
        }
        #expect(net(probe.inputs, tasks: probe.tasks).data == outputs && learner.score(on: tasks[0].test, task: 0) == accuracy0, "task 0 bitwise the same")
        #expect(packnet.freeBefore == [1, 0.5] && accuracy0 > 0.95 && learner.score(on: tasks[1].test, task: 1) > 0.95)
    }

    func cpgRun(_ settings: CPG.Settings, seed: UInt64 = 5) throws -> (CPG, MultiHeadMLP, Learner, [ContinualTask], before: [Float], after: [Float]) {
        let tasks = twoPatternTasksWithHeads()
        var rng = SeededGenerator(seed: seed)
        let net = MultiHeadMLP([8, 8, 8], classes: 2, using: &rng)
        var retrain = plan
        retrain.iterations = 15
        let cpg = CPG(settings: settings, retrain: retrain, rng: rng.fork(1))
        let learner = Learner(model: net, plan: plan, strategies: [cpg])
        try learner.learn(TaskInfo(id: 0, stage: 0, name: "0/1", train: tasks[0].train), using: &rng)
        let probe = tasks[0].test.batch(Array(0..<64), task: 0)
        let before = net(probe.inputs, tasks: probe.tasks).data
        try learner.learn(TaskInfo(id: 1, stage: 1, name: "2/3", train: tasks[1].train), using: &rng)
        return (cpg, net, learner, tasks, before, net(probe.inputs, tasks: probe.tasks).data)
    }

    @Test func cpgGrowsOnlyWhenTheGoalIsMissedAndNeverChangesAnEarlierTask() throws {
        var reachable = CPG.Settings()
        reachable.goal = 0.5
        let (easy, easyNet, _, _, before, after) = try cpgRun(reachable)
        #expect(easy.growths == [0, 0] && easyNet.body.map(\.outputs) == [8, 8] && before == after)
        var unreachable = CPG.Settings()
        unreachable.goal = 1.01                               // never met: grows the most it may
        let (hard, hardNet, learner, tasks, before2, after2) = try cpgRun(unreachable)
        #expect(hard.growths == [2, 2] && hard.widthsAfter == [[13, 13], [20, 20]], "8 → 10 → 13, then → 16 → 20 (a quarter more, rounded)")
        #expect(hardNet.widths[0] == [13, 13] && before2 == after2, "task 0 computes at its own widths, bit for bit the same")
        #expect(learner.score(on: tasks[0].test, task: 0) > 0.95 && learner.score(on: tasks[1].test, task: 1) > 0.95)
        let (relative, _, _, _, _, _) = try cpgRun(CPG.Settings())       // the first task sets the bar
        #expect(relative.goal! > 0.9 && relative.goal! < 1 && relative.growths[0] == 0)
    }

    @Test func cpgCompactsWithinItsToleranceAndPicksEarlierWeights() throws {
        var generous = CPG.Settings()
        (generous.goal, generous.tolerance) = (0, 1)         // every compaction step is kept
        let (all, net, _, _, before, after) = try cpgRun(generous)
        #expect(all.kept == [0.25, 0.25] && before == after)
        #expect(net.owners!.map { $0.filter { $0 == 0 }.count } == [16, 16], "a quarter of 8×8 and 8×8 kept for task 0")
        #expect(net.picked[1] != nil && net.pickScores.isEmpty && net.pickedFraction(task: 1) != nil)
        var strict = CPG.Settings()
        (strict.goal, strict.tolerance) = (0, -1)            // no step can be kept: the first is undone
        let (none, strictNet, _, _, _, _) = try cpgRun(strict)
        #expect(none.kept == [1, 1] && strictNet.owners![0].filter { $0 == 0 }.count == 64, "task 0 keeps all it trained")
    }

    @Test func packNetEvenSharesGiveEveryTaskAnEqualPart() {
        let even = PackNet.Schedule.evenShares(tasks: 4)
        var free = 1.0, keptShares: [Double] = []
        for stage in 0..<4 { keptShares.append(free * (1 - even.fraction(atStage: stage))); free -= keptShares.last! }
        #expect(keptShares.allSatisfy { abs($0 - 0.25) < 1e-12 } && abs(free) < 1e-12)
        #expect(PackNet.Schedule.fraction(0.5).fraction(atStage: 7) == 0.5)
    }

    @Test func thresholdStraightThroughPassesTheGradient() {
        let x = Tensor(shape: [4], data: [-1, 0, 0.2, 3], requiresGrad: true)
        let y = x.thresholdStraightThrough()
        #expect(y.data == [0, 0, 1, 1])
        (y * Tensor(shape: [4], data: [1, 2, 3, 4])).sum().backward()
        #expect(x.grad == [1, 2, 3, 4], "∂x = g, the straight-through estimator")
    }

    @Test func growingKeepsEveryWeightAndEarlierOutputs() {
        var rng = SeededGenerator(seed: 6)
        let net = MultiHeadMLP([5, 4, 3], classes: 2, using: &rng)
        net.owners = net.body.map { [Int32](repeating: 0, count: $0.weight.count) }
        let x = Tensor.randn([3, 5], using: &rng)
        net.ensureHead(for: 1, using: &rng)
        net.startPicking(task: 1)
        for scores in net.pickScores[1]! { for k in stride(from: 0, to: scores.count, by: 3) { scores.data[k] = -1 } }   // a third not picked
        net.finishPicking(task: 1)
        let before = net.forward(x, task: 0).data, before1 = net.forward(x, task: 1).data
        let widths = net.grow(by: 0.5, using: &rng)
        #expect(net.forward(x, task: 1).data == before1, "task 1's picks still apply at its widths")
        #expect(widths == [6, 5] && net.body[0].weight.shape == [5, 6] && net.body[1].weight.shape == [6, 5] && net.heads[1].weight.shape == [5, 2])
        #expect(net.forward(x, task: 0).data == before && net.owners![1].filter { $0 == MultiHeadMLP.free }.count == 30 - 12)
    }

    @Test func headPerTaskGivesEachTaskAHeadAndSharesTheBody() throws {
        let tasks = twoPatternTasksWithHeads()
        var rng = SeededGenerator(seed: 7)
        let net = MultiHeadMLP([8, 16], classes: 2, using: &rng)
        let learner = Learner(model: net, plan: plan, strategies: [HeadPerTask(rng: rng.fork(1))])
        let body = net.body[0].weight.data
        let r = try learnSequence(tasks, learner: learner, using: &rng).rows
        #expect(net.heads.count == 2 && net.owners == nil && net.body[0].weight.data != body)
        #expect(r[2][1] > 0.95 && r[1][0] > 0.95, "each task learned through its own head")
    }
}
