/// The name of a number in `results.json` (e.g. `seq.afterTask2.task1`). Each lesson family
/// defines its keys once, as functions or constants of this type, and the lesson, its text, its
/// tests and the rubric check all read them from there (`LessonKeys`).
public struct ResultKey: Hashable, Comparable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let name: String
    public init(_ name: String) { self.name = name }
    public init(stringLiteral name: String) { self.name = name }
    public var description: String { name }
    public static func < (a: ResultKey, b: ResultKey) -> Bool { a.name < b.name }
}

/// Several seeds' values of every named number, summarised as mean ± 95% CI.
public struct SeedAggregate {
    public private(set) var values: [ResultKey: [Double]] = [:]
    public init() {}

    public mutating func add(_ key: ResultKey, _ value: Double) { values[key, default: []].append(value) }

    public func mean(_ key: ResultKey) -> Double { meanAndCI95(values[key] ?? []).mean }
    public func ci(_ key: ResultKey) -> Double { meanAndCI95(values[key] ?? []).halfWidth }

    /// The change `to − from` seed by seed, as mean ± 95% CI (a drop is negative).
    public func change(from: ResultKey, to: ResultKey) -> (mean: Double, halfWidth: Double) {
        meanAndCI95(zip(values[from] ?? [], values[to] ?? []).map { $1 - $0 })
    }

    /// The number of seeds aggregated.
    public var seedCount: Int { values.first?.value.count ?? 0 }

    /// Every number's mean, for `results.json`.
    public var means: [String: Double] { Dictionary(uniqueKeysWithValues: values.map { ($0.key.name, meanAndCI95($0.value).mean) }) }
}

/// Mean ± CI of several runs' curves sampled at the same steps.
public func averageCurves(_ runs: [SequenceRun]) -> (steps: [Double], mean: [[Double]], ci: [[Double]], boundaries: [Double]) {
    let first = runs[0]
    let mean = first.curves.indices.map { t in first.steps.indices.map { s in meanAndCI95(runs.map { $0.curves[t][s] }).mean } }
    let ci = first.curves.indices.map { t in first.steps.indices.map { s in meanAndCI95(runs.map { $0.curves[t][s] }).halfWidth } }
    return (first.steps, mean, ci, first.boundaries)
}

/// The mean curves of `runs` for `results.json`: `<prefix>.task1`, `<prefix>.task2`, … with
/// x = training step and y = the score averaged over seeds.
public func meanCurves(_ runs: [SequenceRun], prefix: String) -> [String: Results.Curve] {
    let avg = averageCurves(runs)
    return Dictionary(uniqueKeysWithValues: avg.mean.enumerated().map { ("\(prefix).task\($0.offset + 1)", Results.Curve(x: avg.steps, y: $0.element)) })
}

/// The element-wise mean of equally shaped matrices (R over seeds).
public func averageMatrices(_ ms: [[[Double]]]) -> [[Double]] {
    ms[0].indices.map { i in ms[0][i].indices.map { j in ms.map { $0[i][j] }.reduce(0, +) / Double(ms.count) } }
}
