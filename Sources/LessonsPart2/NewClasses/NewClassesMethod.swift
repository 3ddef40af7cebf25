import Autograd
import Continual
import Datasets
import Foundation
import LessonCore
import NN

/// The new-classes lesson's methods, each a strategy on the one training loop (joint: all the
/// data at once), with van de Ven & Tolias's Table 4 numbers beside them.
public struct NewClassesMethod: Sendable, Hashable {
    /// `none`, `joint`, `ewc`, …: the key prefix in `results.json`.
    public let key: String
    public let title: String
    /// The paper's Task-IL / Domain-IL / Class-IL accuracy (%), nil where it has none.
    public let paper: [Double?]

    public static let none = NewClassesMethod(key: "none", title: "none (fine-tuning)", paper: [87.19, 59.21, 19.90])
    public static let joint = NewClassesMethod(key: "joint", title: "offline (all data)", paper: [99.66, 98.42, 97.94])
    public static let ewc = NewClassesMethod(key: "ewc", title: "online EWC", paper: [99.12, 64.32, 19.96])
    public static let si = NewClassesMethod(key: "si", title: "SI", paper: [99.09, 65.36, 19.99])
    public static let lwf = NewClassesMethod(key: "lwf", title: "LwF", paper: [99.57, 71.50, 23.85])
    public static let agem = NewClassesMethod(key: "agem", title: "A-GEM", paper: [nil, nil, nil])
    public static let exact = NewClassesMethod(key: "exact", title: "exact replay", paper: [nil, nil, nil])
    public static let generative = NewClassesMethod(key: "generative", title: "generative replay", paper: [99.50, 95.72, 90.79])
    public static let icarl = NewClassesMethod(key: "icarl", title: "iCaRL", paper: [nil, nil, 94.57])
    public static let all = [none, ewc, si, lwf, agem, exact, generative, icarl, joint]

    /// iCaRL classifies by class means: class-incremental only.
    public func runs(in scenario: Scenario) -> Bool { self != .icarl || scenario == .classIncremental }

    /// One run: R (joint: its untrained and final rows), the class-incremental confusion counts
    /// after the last task (`[true][predicted]`, empty elsewhere), the seconds it took.
    public struct Run: Sendable {
        public let rows: [[Double]]
        public let confusion: [[Int]]
        public let seconds: Double
        public var final: [Double] { rows.last! }
        public var accuracy: Double { final.reduce(0, +) / Double(final.count) }
    }

    /// Learns `scenario`'s `tasks` with this method (A-GEM, exact replay and iCaRL with `budget`)
    /// from networks drawn from `seed`; generative replay uses `pretrained` generators when given.
    /// `finished` sees the strategies after the last task.
    public func run(_ tasks: [ContinualTask], _ scenario: Scenario, setup: NewClassesSetup, budget: Int, seed: UInt64,
                    pretrained: [VariationalAutoencoder]? = nil, finished: ([any Strategy]) -> Void = { _ in }) throws -> Run {
        let start = Date()
        var rng = SeededGenerator(seed: seed)
        var own = rng.fork(0x6E6577)
        let solver = setup.solver(scenario, using: &rng)
        if self == .joint {
            var plan = setup.plan
            plan.iterations = setup.iterations * tasks.count
            let learner = Learner(model: solver, plan: plan)
            let untrained = learner.scores(on: tasks)
            let final = try learnJointly(tasks, learner: learner, using: &rng)
            return Run(rows: [untrained, final], confusion: confusion(learner, tasks, scenario), seconds: Date().timeIntervalSince(start))
        }
        let strategies = strategy(scenario, setup: setup, budget: budget, pretrained: pretrained, using: &own)
        let learner = Learner(model: solver, plan: setup.plan, strategies: strategies)
        let rows = try learnSequence(tasks, learner: learner, using: &rng).rows
        finished(strategies)
        return Run(rows: rows, confusion: confusion(learner, tasks, scenario), seconds: Date().timeIntervalSince(start))
    }

    /// The methods whose strategies leave a task alone until their first `endTask`: their runs of
    /// one scenario and seed share the first task (`learnBranches`). LwF is not one (it notes the
    /// labels it sees during a task's steps), nor SI (its path integral), iCaRL (its loss) or
    /// generative replay (its own job, one generator for the three scenarios).
    public static let sharingFirstTask: [NewClassesMethod] = [.none, .ewc, .agem, .exact]

    /// `run` for each of `branches` (a method of `sharingFirstTask` and its budget) in `scenario`
    /// from `seed`, the first task learned once for all of them: the same runs, bit for bit.
    public static func runSharingFirstTask(_ branches: [(method: NewClassesMethod, budget: Int)], _ tasks: [ContinualTask], _ scenario: Scenario,
                                           setup: NewClassesSetup, seed: UInt64) throws -> [Run] {
        precondition(branches.allSatisfy { sharingFirstTask.contains($0.method) }, "only these methods can share a first task")
        let start = Date()
        var rng = SeededGenerator(seed: seed)
        let own = rng.fork(0x6E6577)
        let solver = setup.solver(scenario, using: &rng)
        let strategies = branches.map { branch -> [any Strategy] in
            var own = own        // each method's strategies from the same generator, as in `run`
            return branch.method.strategy(scenario, setup: setup, budget: branch.budget, pretrained: nil, using: &own)
        }
        let runs = try learnBranches(tasks, learner: Learner(model: solver, plan: setup.plan), branches: strategies, using: rng)
        let seconds = Date().timeIntervalSince(start) / Double(max(branches.count, 1))
        return zip(branches, runs).map { branch, run in
            Run(rows: run.run.rows, confusion: branch.method.confusion(run.learner, tasks, scenario), seconds: seconds)
        }
    }

    /// Generative replay in the three scenarios for one seed: class-incremental first, and the two
    /// others reuse its generators — a generator learns images only, the same in every scenario
    /// (`GenerativeReplay.pretrained`), so one is trained per seed instead of three.
    public static func generativeInEveryScenario(_ tasks: [Scenario: [ContinualTask]], setup: NewClassesSetup, seed: UInt64) throws -> [Scenario: Run] {
        var generators: [VariationalAutoencoder]?, runs: [Scenario: Run] = [:]
        for scenario in [Scenario.classIncremental, .taskIncremental, .domainIncremental] {
            runs[scenario] = try generative.run(tasks[scenario]!, scenario, setup: setup, budget: 0, seed: seed, pretrained: generators) { strategies in
                generators = generators ?? strategies.compactMap { ($0 as? GenerativeReplay)?.generators }.first
            }
        }
        return runs
    }

    /// The method's strategies for `scenario`.
    func strategy(_ scenario: Scenario, setup: NewClassesSetup, budget: Int, pretrained: [VariationalAutoencoder]?, using own: inout SeededGenerator) -> [any Strategy] {
        let heads = scenario == .taskIncremental
        switch self {
        case .ewc: return [QuadraticPenalty(lambda: setup.ewcStrength[scenario.key]!, estimator: EWCImportance(samples: setup.fisherSamples, rng: own.fork(1)))]
        case .si: return [QuadraticPenalty(lambda: setup.siStrength[scenario.key]!, estimator: SIImportance())]
        case .lwf: return [LwF(temperature: setup.temperature, perTaskHeads: heads)]
        case .agem: return [AGEM(memoriesPerTask: budget / setup.groups.count, sampleSize: setup.batchSize, rng: own.fork(2))]
        case .exact: return [ExactReplay(budget: budget, rng: own.fork(3))]
        case .generative:
            return [GenerativeReplay(generator: setup.generator(using: &own), plan: setup.plan, perTaskHeads: heads, pretrained: pretrained,
                                     lastStage: setup.groups.count - 1, rng: own.fork(4))]
        case .icarl: return [ICaRL(budget: budget, classes: 10, rng: own.fork(5))]
        default: return []
        }
    }

    /// Class-incremental only: counts of (true digit, predicted digit) over every task's test set.
    func confusion(_ learner: Learner, _ tasks: [ContinualTask], _ scenario: Scenario) -> [[Int]] {
        guard scenario == .classIncremental else { return [] }
        var counts = [[Int]](repeating: [Int](repeating: 0, count: 10), count: 10)
        for (t, task) in tasks.enumerated() {
            for first in stride(from: 0, to: task.test.count, by: 2048) {
                let batch = task.test.batch(Array(first..<min(first + 2048, task.test.count)), task: t)
                let predicted = learner.predict(batch.inputs, tasks: batch.tasks).argmax(axis: 1)
                for (y, p) in zip(batch.labels, predicted) { counts[y][p] += 1 }
            }
        }
        return counts
    }
}
