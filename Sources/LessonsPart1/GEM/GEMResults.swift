import Continual
import LessonCore

/// The gem lesson's `results.json` names, and its runs turned into numbers.
public enum GEMKeys {
    /// `gem.ACC` on permuted digits, `rotated.gem.ACC` on rotated digits.
    public static func key(_ m: GEMMethod, _ metric: String, _ s: GEMMethod.Sequence) -> ResultKey {
        ResultKey((s == .permuted ? "" : "rotated.") + "\(m.key).\(metric)")
    }
    public static func matrix(_ m: GEMMethod, _ s: GEMMethod.Sequence) -> String { (s == .permuted ? "" : "rotated.") + "\(m.key).R" }
    public static let memorySingle = ResultKey("memory.single.ACC"), memoryJoint = ResultKey("memory.joint.ACC")
    public static let metrics = ["ACC", "BWT", "FWT"]
    public static let all: [ResultKey] = GEMMethod.Sequence.allCases.flatMap { s in GEMMethod.all.flatMap { m in metrics.map { key(m, $0, s) } } }
        + [memorySingle, memoryJoint]

    /// ACC, BWT, FWT of every run, per seed.
    public static func aggregate(_ runs: GEMRuns.Runs) throws -> SeedAggregate {
        var agg = SeedAggregate()
        for (s, byMethod) in runs {
            for (m, list) in byMethod {
                for run in list {
                    let r = try EvaluationMatrix(run.rows)
                    agg.add(key(m, "ACC", s), r.accuracy)
                    agg.add(key(m, "BWT", s), r.backwardTransfer ?? .nan)
                    agg.add(key(m, "FWT", s), r.forwardTransfer ?? .nan)
                }
            }
        }
        return agg
    }

    /// R averaged over seeds, by `matrix(_:_:)` name.
    public static func meanMatrices(_ runs: GEMRuns.Runs) -> [String: [[Double]]] {
        var out: [String: [[Double]]] = [:]
        for (s, byMethod) in runs { for (m, list) in byMethod { out[matrix(m, s)] = averageMatrices(list.map(\.rows)) } }
        return out
    }
}
