import Foundation

/// What every lesson run is given, whatever reads it from the command line (`LessonOptions` in
/// LessonKit): the seeds, quick mode, and the data and output folders.
public struct RunOptions: Sendable {
    /// The first seed; seed i of a run is seed + i.
    public var seed: UInt64 = 1
    /// How many seeds to average; `nil`: 3.
    public var seeds: Int?
    /// A small, fast run (for tests and a first look).
    public var quick = false
    /// `--data`: a folder, `builtin`, or `nil` for `$LIFELONG_DATA` / the cache.
    public var data: String?
    /// `--out`: the output folder; `nil` for `Output/<lesson>`.
    public var out: String?

    public init(seed: UInt64 = 1, seeds: Int? = nil, quick: Bool = false, data: String? = nil, out: String? = nil) {
        (self.seed, self.seeds, self.quick, self.data, self.out) = (seed, seeds, quick, data, out)
    }

    /// The seeds of this run: `seeds` of them (3 unless the lesson sets another default).
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
