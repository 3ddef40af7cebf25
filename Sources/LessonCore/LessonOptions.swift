import ArgumentParser
import Datasets
import Foundation

/// The options every lesson takes.
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

    /// The seeds of this run: `--seeds` of them (3 unless the lesson sets another default).
    public var seedList: [UInt64] { (0..<UInt64(seeds ?? 3)).map { seed &+ $0 } }

    /// Where the lesson writes.
    public func outputFolder(lesson: String) -> URL {
        URL(fileURLWithPath: out ?? "Output/\(lesson)", isDirectory: true)
    }

    /// The command that reproduces this run from the package folder on any machine:
    /// `swift run -c release <lesson>` with this run's arguments, each quoted for a POSIX shell.
    /// `--out` is left out when it names the default folder (as `lifelong course` passes it).
    public func command(lesson: String) -> String {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let isDefault = outputFolder(lesson: lesson).standardizedFileURL == URL(fileURLWithPath: "Output/\(lesson)", isDirectory: true).standardizedFileURL
        if isDefault, let i = arguments.firstIndex(where: { $0 == "--out" || $0.hasPrefix("--out=") }) {
            arguments.removeSubrange(i..<min(arguments.count, arguments[i] == "--out" ? i + 2 : i + 1))
        }
        return (["swift", "run", "-c", "release", lesson] + arguments).map(shellQuoted).joined(separator: " ")
    }
}

/// `word` as one argument of a POSIX shell command: unchanged when it is made of safe characters,
/// otherwise in single quotes (a quote inside becomes '\''), so `$(…)`, backquotes and spaces stay text.
public func shellQuoted(_ word: String) -> String {
    let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,+@%")
    if !word.isEmpty && word.allSatisfy({ safe.contains($0) }) { return word }
    return "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
}
