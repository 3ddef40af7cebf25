import Autograd
import Continual
import Datasets
import LessonCore

/// The allocation lesson's runs, spread over the cores (`parallelRuns`), and their numbers.
public enum AllocationRuns {
    public typealias Runs = [AllocationMethod: [AllocationMethod.Run]]

    /// Every method for every seed, the slow ones first so that the cores stay busy.
    public static func all(_ data: DigitData, setup: AllocationSetup, methods: [AllocationMethod], seeds: [UInt64], progress: (String) -> Void) throws -> Runs {
        let lists = Dictionary(uniqueKeysWithValues: seeds.map { ($0, setup.taskList(data, seed: $0)) })
        return try runsByMethod(methods, titles: methods.map(\.title), seeds: seeds, slow: [.cpg, .progressive], progress: progress) { method, seed in
            try method.run(lists[seed]!, setup: setup, seed: seed)
        }
    }
}

/// The allocation lesson's `results.json` names.
public enum AllocationKeys {
    /// `cpg.ACC`, `packnet.BWT`, `progressive.networks` (weights stored after the last task, in
    /// networks: one network is the body and one head).
    public static func key(_ m: AllocationMethod, _ metric: String) -> ResultKey { ResultKey("\(m.key).\(metric)") }
    public static func matrix(_ m: AllocationMethod) -> String { "\(m.key).R" }
    public static let metrics = ["ACC", "BWT", "FWT", "networks"]
    public static let all: [ResultKey] = AllocationMethod.all.flatMap { m in metrics.map { key(m, $0) } }

    /// ACC, BWT, FWT and networks stored, per seed.
    public static func aggregate(_ runs: AllocationRuns.Runs, network: Int) throws -> SeedAggregate {
        var agg = SeedAggregate()
        for (m, list) in runs {
            for run in list {
                let r = try EvaluationMatrix(run.rows)
                agg.add(key(m, "ACC"), r.accuracy)
                agg.add(key(m, "BWT"), r.backwardTransfer ?? .nan)
                agg.add(key(m, "FWT"), r.forwardTransfer ?? .nan)
                agg.add(key(m, "networks"), Double(run.storedAfter.last!) / Double(network))
            }
        }
        return agg
    }

    /// R averaged over seeds, by `matrix(_:)` name.
    public static func meanMatrices(_ runs: AllocationRuns.Runs) -> [String: [[Double]]] {
        Dictionary(uniqueKeysWithValues: runs.map { (matrix($0.key), averageMatrices($0.value.map(\.rows))) })
    }

    /// Whether every run of `m` has a BWT of exactly 0 (every entry of R below the diagonal equal
    /// to the one on it, compared as numbers, not rounded).
    public static func forgetsNothing(_ runs: [AllocationMethod.Run]) -> Bool {
        for run in runs {
            let rows: [[Double]] = run.rows
            for i in 1..<rows.count { for j in 1...i where rows[i][j - 1] != rows[j][j - 1] { return false } }
        }
        return true
    }
}
