import Continual
import Datasets
import LessonCore

/// The taskonomy lesson's `results.json` names (Assets/Schema/README.md).
public enum TaskonomyKeys {
    /// `alone.clean`: a task's validation accuracy learned alone with the budget.
    public static func alone(_ kind: DigitTaskKind) -> ResultKey { ResultKey("alone.\(kind.rawValue)") }
    /// `orders.predicted.ACC`, `orders.median.BWT`, …: part 3 per seed, for the order the pairs
    /// predict best, the greedy forward-transfer order, and the median, best and worst of all orders.
    public static func order(_ which: String, _ metric: String) -> ResultKey { ResultKey("orders.\(which).\(metric)") }
    public static let orderNames = ["predicted", "greedy", "median", "best", "worst"]
    /// Spearman's ρ of each predictor against the measured ACC, and where each predicted order
    /// lands (the share of orders below it).
    public static let summary: [ResultKey] = ["orders.predicted.rho", "orders.greedy.rho", "orders.predicted.percentile", "orders.greedy.percentile"]

    /// Every scalar for `kinds`.
    public static func all(_ kinds: [DigitTaskKind] = DigitTaskKind.allCases) -> [ResultKey] {
        kinds.map(alone) + orderNames.flatMap { n in ["ACC", "BWT"].map { order(n, $0) } } + summary
    }

    /// The scalars: each task alone (map averaged over seeds), and part 3 per seed.
    public static func aggregate(_ all: TaskonomyRuns.All, map: TransferMap, study: OrderStudy, kinds: [DigitTaskKind]) -> SeedAggregate {
        var agg = SeedAggregate()
        for run in all.orders {
            let acc = run.map(\.accuracy), bwt = run.map(\.backwardTransfer), ranked = acc.indices.sorted { acc[$0] < acc[$1] }
            let picks = ["predicted": study.pairwiseBest, "greedy": study.greedyIndex, "best": ranked.last!, "worst": ranked.first!]
            for (name, o) in picks { agg.add(order(name, "ACC"), acc[o]); agg.add(order(name, "BWT"), bwt[o]) }
            agg.add(order("median", "ACC"), study.median(acc))
            agg.add(order("median", "BWT"), study.median(bwt))
            for (k, kind) in kinds.enumerated() { agg.add(alone(kind), map.scratch[k]) }
            agg.add("orders.predicted.rho", study.pairwiseCorrelation)
            agg.add("orders.greedy.rho", study.greedyCorrelation)
            agg.add("orders.predicted.percentile", study.percentile(study.pairwiseBest))
            agg.add("orders.greedy.percentile", study.percentile(study.greedyIndex))
        }
        return agg
    }

    /// The maps (percent-free fractions; diagonals 0) and every order's measured and predicted ACC.
    public static func matrices(_ map: TransferMap, _ study: OrderStudy) -> [String: [[Double]]] {
        ["map.gains": map.gains, "map.costs": map.costs, "map.transfer": map.transfer, "map.affinities": map.affinities,
         "orders.orders": study.orders.map { $0.map(Double.init) },
         "orders.measured": [study.accuracy, study.backwardTransfer], "orders.prediction": [study.pairwise, study.predicted]]
    }
}
