import Autograd
import Continual
import Datasets
import LessonCore

/// The replay lesson's runs, spread over the cores (`parallelRuns`), and their numbers.
public enum ReplayRuns {
    public typealias Runs = [ReplayMethod: [ReplayMethod.Run]]

    /// Every method for every seed, the slow ones (generative replay) first so that the cores stay busy.
    public static func all(_ data: DigitData, setup: ReplaySetup, methods: [ReplayMethod], seeds: [UInt64], progress: (String) -> Void) throws -> Runs {
        let tasks = setup.tasks(data)
        return try runsByMethod(methods, titles: methods.map(\.title), seeds: seeds, slow: [.generative], progress: progress) { method, seed in
            try method.run(tasks, setup: setup, seed: seed)
        }
    }

    /// Part 4: exact replay's ACC for each budget (first seed); the budget part 2 ran is read
    /// from `runs`, not run again.
    public static func budgetSweep(_ data: DigitData, setup: ReplaySetup, runs: Runs, seed: UInt64) throws -> [Double] {
        let tasks = setup.tasks(data)
        let others = setup.budgetSweep.filter { $0 != setup.budget }
        let measured = try parallelRuns(others) { budget in
            var s = setup
            s.budget = budget
            return try ReplayMethod.exact.run(tasks, setup: s, seed: seed)
        }
        return setup.budgetSweep.map { budget in
            let run = budget == setup.budget ? runs[.exact]![0] : measured[others.firstIndex(of: budget)!]
            return ReplayKeys.accuracy(run.final)
        }
    }
}

/// The replay lesson's `results.json` names.
public enum ReplayKeys {
    /// `generative.ACC`, `none.BWT`, … (joint has ACC only).
    public static func key(_ m: ReplayMethod, _ metric: String) -> ResultKey { ResultKey("\(m.key).\(metric)") }
    /// Bytes each method keeps between tasks besides its solver.
    public static func stored(_ m: ReplayMethod) -> ResultKey { ResultKey("\(m.key).storedBytes") }
    public static func matrix(_ m: ReplayMethod) -> String { "\(m.key).R" }
    public static let all: [ResultKey] = ReplayMethod.all.map { key($0, "ACC") } + ReplayMethod.sequential.map { key($0, "BWT") }
        + [stored(.exact), stored(.generative)]

    /// The mean accuracy over the tasks.
    public static func accuracy(_ final: [Double]) -> Double { final.reduce(0, +) / Double(final.count) }

    /// ACC (every method), BWT (the sequential ones) and the bytes kept, per seed.
    public static func aggregate(_ runs: ReplayRuns.Runs) throws -> SeedAggregate {
        var agg = SeedAggregate()
        for (m, list) in runs {
            for run in list {
                agg.add(key(m, "ACC"), accuracy(run.final))
                if m != .joint { agg.add(key(m, "BWT"), try EvaluationMatrix(run.rows).backwardTransfer ?? .nan) }
                if m == .exact || m == .generative { agg.add(stored(m), Double(run.storedBytes)) }
            }
        }
        return agg
    }

    /// R averaged over seeds for the sequential methods, by `matrix(_:)` name.
    public static func meanMatrices(_ runs: ReplayRuns.Runs) -> [String: [[Double]]] {
        Dictionary(uniqueKeysWithValues: ReplayMethod.sequential.compactMap { m in runs[m].map { (matrix(m), averageMatrices($0.map(\.rows))) } })
    }
}
