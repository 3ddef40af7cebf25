import ArgumentParser
import Datasets
import Foundation

/// The options every lesson takes.
public struct LessonOptions: ParsableArguments {
    @Option(help: "The first seed; seed i of a run is seed + i.") public var seed: UInt64 = 1
    @Option(help: "How many seeds to average (mean ± 95% CI).") public var seeds: Int = 3
    @Flag(help: "A small, fast run (for tests and a first look).") public var quick = false
    @Option(help: "Data folder (else $LIFELONG_DATA, else ~/.cache/lifelong); MNIST is used when it is there; `builtin`: the built-in digits.") public var data: String?
    @Option(help: "Output folder (default: Output/<lesson>).") public var out: String?

    public init() {}

    public func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
    }

    /// The seeds of this run.
    public var seedList: [UInt64] { (0..<UInt64(seeds)).map { seed &+ $0 } }

    /// Where the lesson writes.
    public func outputFolder(lesson: String) -> URL {
        URL(fileURLWithPath: out ?? "Output/\(lesson)", isDirectory: true)
    }

    /// The command line that reproduces this run.
    public var command: String { CommandLine.arguments.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ") }
}
