import Continual
import LessonCore
import Plot

/// Turning the plasticity runs into the lesson's numbers.
public enum PlasticityResults {
    public typealias Runs = [GuardMethod: [(run: SequenceRun, importances: [[[Float]]])]]

    /// Every scalar of `PlasticityKeys`, one value per seed.
    public static func aggregate(slide: Runs, guards: Runs) throws -> SeedAggregate {
        var agg = SeedAggregate()
        for m in PlasticitySetup.slideMethods {
            for (run, _) in slide[m]! {
                agg.add(PlasticityKeys.slide(m, "dropA"), PlasticitySweep.drop(run))
                agg.add(PlasticityKeys.slide(m, "finalA"), run.rows.last!.first!)
                agg.add(PlasticityKeys.slide(m, "finalC"), run.rows.last!.last!)
            }
        }
        for m in PlasticitySetup.guardMethods {
            for (run, _) in guards[m]! {
                let r = try run.evaluationMatrix()
                agg.add(PlasticityKeys.guarded(m, "ACC"), r.accuracy)
                agg.add(PlasticityKeys.guarded(m, "BWT"), r.backwardTransfer ?? .nan)
                agg.add(PlasticityKeys.guarded(m, "FWT"), r.forwardTransfer ?? .nan)
            }
        }
        return agg
    }

    /// R averaged over seeds, per method.
    public static func meanMatrices(_ runs: Runs, methods: [GuardMethod]) throws -> [(GuardMethod, EvaluationMatrix)] {
        try methods.map { m in (m, try EvaluationMatrix(averageMatrices(runs[m]!.map(\.run.rows)))) }
    }

    /// The first seed's task-1 importance of every guard: per-pixel maps and the rank correlations.
    public static func importances(_ runs: Runs) -> (maps: [(String, [Float])], names: [String], rho: [[Double]]) {
        let methods = GuardMethod.estimators.filter { runs[$0]?.first?.importances.isEmpty == false }
        let all = methods.map { runs[$0]![0].importances[0].flatMap { $0 } }
        // Weights from pixels that are 0 in every image get no gradient and b = 0 from every guard:
        // ties that would inflate the agreement. Rank only the weights some guard finds important.
        let used = all.isEmpty ? [] : all[0].indices.filter { i in all.contains { $0[i] > 0 } }
        let flat = all.map { b in used.map { b[$0] } }
        let rho = flat.indices.map { i in flat.indices.map { j in i == j ? 1 : ImportanceMaps.spearman(flat[i], flat[j]) } }
        return (methods.map { ($0.title, ImportanceMaps.perPixel(runs[$0]![0].importances[0])) }, methods.map(\.title), rho)
    }

    /// The runs without their importances.
    public static func sequences(_ runs: Runs) -> [GuardMethod: [SequenceRun]] { runs.mapValues { $0.map(\.run) } }
}
