import Autograd
import Continual
import Datasets
import Foundation
import LessonCore

/// The new-classes lesson's runs: every method in every scenario for every seed, and the budget
/// sweep, as one list of jobs on the cores (`parallelRuns`), the slow ones first.
public enum NewClassesRuns {
    /// One method in one scenario.
    public struct Cell: Hashable, Sendable {
        public let method: NewClassesMethod
        public let scenario: Scenario
        public init(_ method: NewClassesMethod, _ scenario: Scenario) { (self.method, self.scenario) = (method, scenario) }
    }

    /// Every run (`runs[cell][seed index]`) and part 3's accuracy by budget (first seed,
    /// class-incremental): `sweep[method key][budget index]`.
    public struct All: Sendable {
        public var runs: [Cell: [NewClassesMethod.Run]] = [:]
        public var sweep: [String: [Double]] = [:]
    }

    /// The methods whose budget part 3 varies.
    public static let budgetMethods: [NewClassesMethod] = [.icarl, .exact]

    private enum Job: Sendable {
        case generative(seed: Int)
        case shared(Scenario, seed: Int, budgets: [Int])
        case one(Cell, seed: Int, budget: Int)
    }

    /// Runs everything: per seed one generative-replay job for the three scenarios (one generator,
    /// `NewClassesMethod.generativeInEveryScenario`), one job per scenario for the methods that
    /// share their first task (`NewClassesMethod.sharingFirstTask`; exact replay there at each of
    /// part 3's budgets for the first seed's class-incremental run), one job for each other cell,
    /// and iCaRL at part 3's other budgets (first seed).
    public static func all(_ data: DigitData, setup: NewClassesSetup, seeds: [UInt64], progress: (String) -> Void) throws -> All {
        let tasks = Dictionary(uniqueKeysWithValues: Scenario.allCases.map { ($0, setup.tasks(data, $0)) })
        let sweep = { (k: Int, s: Scenario) in k == 0 && s == .classIncremental ? setup.budgetSweep : [setup.budget] }
        var jobs: [Job] = seeds.indices.map { .generative(seed: $0) }
        jobs += seeds.indices.flatMap { k in Scenario.allCases.map { Job.shared($0, seed: k, budgets: sweep(k, $0)) } }
        jobs += [NewClassesMethod.icarl, .lwf, .si, .joint].flatMap { m in
            Scenario.allCases.filter { m.runs(in: $0) }.flatMap { s in seeds.indices.map { Job.one(Cell(m, s), seed: $0, budget: setup.budget) } }
        }
        jobs += setup.budgetSweep.filter { $0 != setup.budget }.map { Job.one(Cell(.icarl, .classIncremental), seed: 0, budget: $0) }
        let cells = NewClassesMethod.all.reduce(0) { n, m in n + Scenario.allCases.filter { m.runs(in: $0) }.count }
        let runCount = seeds.count * cells + budgetMethods.count * (setup.budgetSweep.count - 1)
        progress("\(runCount) runs in \(jobs.count) jobs (\(NewClassesMethod.all.count) methods × 3 scenarios × \(seeds.count) seed\(seeds.count == 1 ? "" : "s"); budgets \(setup.budgetSweep.map(grouped).joined(separator: ", "))) \(runThreadsText)")
        let done = ProgressCounter(), step = max(1, jobs.count / 10)
        let results = try parallelRuns(jobs) { job -> [(cell: Cell, budget: Int, run: NewClassesMethod.Run)] in
            defer { let k = done.next(); if k % step == 0 || k == jobs.count { progress("\(k) of \(jobs.count) jobs done") } }
            switch job {
            case .generative(let k):
                let runs = try NewClassesMethod.generativeInEveryScenario(tasks, setup: setup, seed: seeds[k])
                return runs.map { (Cell(.generative, $0.key), 0, $0.value) }
            case .shared(let scenario, let k, let budgets):
                let branches = NewClassesMethod.sharingFirstTask.map { ($0, setup.budget) } + budgets.filter { $0 != setup.budget }.map { (NewClassesMethod.exact, $0) }
                let runs = try NewClassesMethod.runSharingFirstTask(branches, tasks[scenario]!, scenario, setup: setup, seed: seeds[k])
                return zip(branches, runs).map { (Cell($0.0, scenario), $0.1, $1) }
            case .one(let cell, let k, let budget):
                return [(cell, budget, try cell.method.run(tasks[cell.scenario]!, cell.scenario, setup: setup, budget: budget, seed: seeds[k]))]
            }
        }
        var all = All()
        var swept: [String: [Int: Double]] = [:]
        for (job, result) in zip(jobs, results) {
            let k: Int = switch job { case .generative(let k), .shared(_, let k, _), .one(_, let k, _): k }
            for (cell, budget, run) in result {
                if cell.method == .generative || budget == setup.budget { all.runs[cell, default: []].append(run) }
                if k == 0, cell.scenario == .classIncremental, budgetMethods.contains(cell.method) { swept[cell.method.key, default: [:]][budget] = run.accuracy }
            }
        }
        all.sweep = swept.mapValues { byBudget in setup.budgetSweep.map { byBudget[$0]! } }
        return all
    }
}

/// The new-classes lesson's `results.json` names.
public enum NewClassesKeys {
    /// `class.icarl.ACC`, `task.none.BWT`, … (joint: ACC only).
    public static func key(_ m: NewClassesMethod, _ s: Scenario, _ metric: String) -> ResultKey { ResultKey("\(s.key).\(m.key).\(metric)") }
    /// Every scalar: ACC of each cell, BWT of each sequential one.
    public static let all: [ResultKey] = NewClassesMethod.all.flatMap { m in
        Scenario.allCases.filter { m.runs(in: $0) }.flatMap { s in [key(m, s, "ACC")] + (m == .joint ? [] : [key(m, s, "BWT")]) }
    }
    /// The methods whose class-incremental confusion matrix part 2 shows.
    public static let confused: [NewClassesMethod] = [.none, .ewc, .lwf, .icarl]

    /// ACC (and BWT for the sequential methods) of every cell, per seed.
    public static func aggregate(_ all: NewClassesRuns.All) throws -> SeedAggregate {
        var agg = SeedAggregate()
        for (cell, runs) in all.runs {
            for run in runs {
                agg.add(key(cell.method, cell.scenario, "ACC"), run.accuracy)
                if cell.method != .joint { agg.add(key(cell.method, cell.scenario, "BWT"), try EvaluationMatrix(run.rows).backwardTransfer ?? .nan) }
            }
        }
        return agg
    }

    /// R averaged over seeds for every sequential cell (`class.ewc.R`), and the class-incremental
    /// confusion matrices of `confused` (`class.none.confusion`: row = true digit, the share of it
    /// predicted as each digit, summed over seeds).
    public static func matrices(_ all: NewClassesRuns.All) -> [String: [[Double]]] {
        var out: [String: [[Double]]] = [:]
        for (cell, runs) in all.runs where cell.method != .joint { out["\(cell.scenario.key).\(cell.method.key).R"] = averageMatrices(runs.map(\.rows)) }
        for m in confused {
            guard let runs = all.runs[NewClassesRuns.Cell(m, .classIncremental)] else { continue }
            let total = (0..<10).map { y in (0..<10).map { p in runs.reduce(0) { $0 + $1.confusion[y][p] } } }
            out["class.\(m.key).confusion"] = total.map { row in row.map { Double($0) / Double(max(row.reduce(0, +), 1)) } }
        }
        return out
    }
}
