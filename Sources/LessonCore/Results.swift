import Datasets
import FileIO
import Foundation

/// What a lesson measured, as `results.json`: one versioned format for every lesson, so that
/// reports, reference outputs and the grader read them alike.
public struct Results: Codable, Equatable, Sendable {
    public static let schema = "lifelong-results/1"

    public var schema = Results.schema
    public var lesson: String
    public var packageVersion = LifeLong.version
    public var seeds: [UInt64]
    public var settings: [String: String]
    public var dataset: DatasetIdentity
    /// Named numbers, e.g. `seq.afterTask2.task1` (accuracies are fractions in [0, 1]).
    public var scalars: [String: Double] = [:]
    /// Named matrices, row by row (e.g. an R matrix).
    public var matrices: [String: [[Double]]] = [:]
    /// Named curves.
    public var curves: [String: Curve] = [:]
    /// Figure files written, relative to the lesson folder.
    public var figures: [String] = []

    public struct Curve: Codable, Equatable, Sendable {
        public var x: [Double], y: [Double]
        public init(x: [Double], y: [Double]) { (self.x, self.y) = (x, y) }
    }

    public init(lesson: String, seeds: [UInt64], settings: [String: String], dataset: DatasetIdentity) {
        (self.lesson, self.seeds, self.settings, self.dataset) = (lesson, seeds, settings, dataset)
    }

    /// The JSON bytes: keys sorted, so the same results give the same file.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// Writes `folder/results.json` (through a temporary file and a rename).
    public func write(to folder: URL) throws {
        try writeAtomically(encoded(), to: folder.appendingPathComponent("results.json"))
    }
}

/// Mean and the half-width of a 95% confidence interval (Student's t, n − 1 degrees of freedom).
public func meanAndCI95(_ values: [Double]) -> (mean: Double, halfWidth: Double) {
    let n = values.count
    guard n > 0 else { return (.nan, .nan) }
    let mean = values.reduce(0, +) / Double(n)
    guard n > 1 else { return (mean, 0) }
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n - 1)
    let t: [Double] = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262]   // t₀.₉₇₅ for 1…9 d.o.f.
    let quantile = n - 1 <= t.count ? t[n - 2] : 1.96
    return (mean, quantile * (variance / Double(n)).squareRoot())
}
