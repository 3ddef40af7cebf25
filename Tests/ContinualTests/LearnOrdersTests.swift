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

    @Test func diagonalAndLastRowScoringMeasuresOnlyWhatACCAndBWTRead() throws {
        let orders = [[0, 1, 2], [0, 2, 1], [2, 1, 0], [2, 1], [1]]
        let (tasks, learner, rng) = setting()
        let full = try learnOrders(tasks, orders: orders, learner: learner, using: rng)
        let (_, learner2, rng2) = setting()
        let trimmed = try learnOrders(tasks, orders: orders, learner: learner2, using: rng2, scoring: .diagonalAndLastRow)
        for (order, (all, some)) in zip(orders, zip(full, trimmed)) {
            #expect(some.rows.count == all.rows.count && some.rows[0].allSatisfy(\.isNaN), "order \(order)")
            for (stage, id) in order.enumerated() {
                let last = orders.contains(Array(order[...stage]))     // some order ends here: its last row
                for task in tasks.indices {
                    let (a, b) = (all.rows[stage + 1][task], some.rows[stage + 1][task])
                    if last || task == id { #expect(a.bitPattern == b.bitPattern, "order \(order), stage \(stage), task \(task)") }
                    else { #expect(b.isNaN, "order \(order), stage \(stage), task \(task)") }
                }
            }
        }
        // [2, 1] ends where [2, 1, 0] goes on: that shared stage is scored in full for both.
        #expect(!trimmed[2].rows[2][0].isNaN && trimmed[2].rows[2][0].bitPattern == full[2].rows[2][0].bitPattern)
    }

    @Test(arguments: [StageScoring.seenSoFar, .diagonalAndLastRow, .lastRow])
    func learnSequenceMeasuresWhatItsScoringNames(_ scoring: StageScoring) throws {
        var (tasks, full, fullRNG) = setting()
        let all = try learnSequence(tasks, order: [2, 0, 1], learner: full, using: &fullRNG)
        var (_, some, someRNG) = setting()
        let run = try learnSequence(tasks, order: [2, 0, 1], learner: some, using: &someRNG, scoring: scoring)
        // Only .seenSoFar measures along training; the others record R's rows alone.
        let steps = scoring == .seenSoFar ? all.steps : [all.steps[0]] + all.boundaries
        #expect(run.steps == steps && run.boundaries == all.boundaries && run.rows.count == all.rows.count)
        #expect(some.model.namedParameters.map(\.tensor.data) == full.model.namedParameters.map(\.tensor.data))
        let same = { (a: Double, b: Double) in a.bitPattern == b.bitPattern }
        for (r, row) in run.rows.enumerated() {       // row r: before training (0) or after the stage learning order[r − 1]
            for t in tasks.indices {
                let measured = switch scoring {
                case .seenSoFar, .everyTask: true
                case .diagonalAndLastRow: r == 3 || (r > 0 && [2, 0, 1][r - 1] == t)
                case .lastRow: r == 3
                }
                #expect(measured ? same(row[t], all.rows[r][t]) : row[t].isNaN, "\(scoring): R(\(r), \(t))")
            }
        }
        // Along training (4 points a stage, the last at its end): .seenSoFar measures the tasks learned or being learned.
        guard scoring == .seenSoFar else { return }
        for (k, step) in run.steps.enumerated() where k > 0 && !run.boundaries.contains(step) {
            let stage = run.boundaries.filter { $0 < step }.count, seen = [2, 0, 1].prefix(stage + 1)
            for t in tasks.indices {
                #expect(seen.contains(t) ? same(run.curves[t][k], all.curves[t][k]) : run.curves[t][k].isNaN, "step \(step), task \(t)")
            }
        }
        #expect(run.steps.count > 2 * run.boundaries.count, "the setting evaluates along training")
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

@Suite("learnBranches: a first task learned once for several methods, the same runs")
struct LearnBranchesTests {
    /// Each branch's strategies, made fresh (the same generators every time): fine-tuning, EWC,
    /// A-GEM, exact replay — each leaves a task alone until its first `endTask`.
    func branches() -> [[any Strategy]] {
        [[], [QuadraticPenalty(lambda: 5, estimator: EWCImportance(samples: 20, rng: SeededGenerator(seed: 21)))],
         [AGEM(memoriesPerTask: 12, sampleSize: 8, rng: SeededGenerator(seed: 22))], [ExactReplay(budget: 20, rng: SeededGenerator(seed: 23))]]
    }

    /// Trains on the first half of every batch: busy during the first task, so it cannot join after it.
    final class HalfBatches: Strategy {
        func prepare(_ batch: Batch, _ context: TaskContext) -> Batch { batch.rows(Array(0..<(batch.count / 2))) }
    }

    @Test func everyBranchGetsTheRunLearnSequenceGives() throws {
        let (tasks, learner, rng) = LearnOrdersTests().setting()
        let shared = try learnBranches(tasks, learner: learner, branches: branches(), using: rng)
        let bits = { (rows: [[Double]]) in rows.map { $0.map(\.bitPattern) } }
        for (k, (run, branch)) in shared.enumerated() {
            var (_, alone, aloneRNG) = LearnOrdersTests().setting()
            alone.strategies += branches()[k]
            let expected = try learnSequence(tasks, learner: alone, using: &aloneRNG)
            #expect(bits(run.rows) == bits(expected.rows), "branch \(k)")
            #expect(bits(run.curves) == bits(expected.curves) && run.steps == expected.steps && run.boundaries == expected.boundaries, "branch \(k)")
            #expect(branch.model.namedParameters.map(\.tensor.data) == alone.model.namedParameters.map(\.tensor.data), "branch \(k)")
            #expect(branch.strategies.count == alone.strategies.count && branch.steps == alone.steps)
        }
    }

    /// The check can fail: a strategy that works during the first task's steps, joined after it,
    /// gives another run than holding it from the start.
    @Test func aStrategyBusyDuringTheFirstTaskGetsAnotherRun() throws {
        let (tasks, learner, rng) = LearnOrdersTests().setting()
        let shared = try learnBranches(tasks, learner: learner, branches: [[HalfBatches()]], using: rng)
        var (_, alone, aloneRNG) = LearnOrdersTests().setting()
        alone.strategies.append(HalfBatches())
        let expected = try learnSequence(tasks, learner: alone, using: &aloneRNG)
        #expect(shared[0].run.rows[0] == expected.rows[0] && shared[0].run.rows[1] != expected.rows[1])
    }
}
