import ArgumentParser
import LessonCore

/// The options every lesson takes, read from the command line into a `RunOptions`.
public struct LessonOptions: ParsableArguments {
    @Option(help: "The first seed; seed i of a run is seed + i.") public var seed: UInt64 = 1
    @Option(help: "How many seeds to average (mean ± 95% CI), 1 to 50 (default: 3; babi: 1).") public var seeds: Int?
    @Flag(help: "A small, fast run (for tests and a first look).") public var quick = false
    @Option(help: "Data folder (else $LIFELONG_DATA, else ~/.cache/lifelong); MNIST is used when it is there; `builtin`: the built-in digits.") public var data: String?
    @Option(help: "Output folder (default: Output/<lesson>).") public var out: String?

    public init() {}

    public func validate() throws {
        try SettingRange.check(seeds, "--seeds", in: 1...50)
        if let data, data.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--data is empty: name a folder that holds MNIST, or `builtin` for the built-in digits")
        }
        if let out, out.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--out is empty: name the folder to write into") }
    }

    /// These options as the run sees them.
    public var run: RunOptions { RunOptions(seed: seed, seeds: seeds, quick: quick, data: data, out: out) }

    /// The seeds of this run: `--seeds` of them (3 unless the lesson sets another default).
    public var seedList: [UInt64] { run.seedList }
}

extension LessonRun {
    /// Starts a lesson run with the options of its command line (see `init(id:run:)`).
    public init(id: String, options: LessonOptions) throws {
        try self.init(id: id, run: options.run)
    }
}
