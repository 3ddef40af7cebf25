import ArgumentParser
import FileIO
import Foundation
import LessonKit
import Report

/// `lifelong course`: builds the lessons, runs them side by side and writes the course index.
struct Course: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build and run every lesson (side by side) and write <out>/index.html.",
        discussion: "Exits non-zero naming any lesson that failed; the others still run to the end.")

    @Option(help: "Folder for the lessons' outputs and the index.") var out = "Output"
    @Option(help: "Data folder for every lesson (else $LIFELONG_DATA, else ~/.cache/lifelong); `builtin`: the built-in digits.") var data: String?
    @Flag(help: "Run every lesson in quick mode.") var quick = false
    @Option(help: "The first seed of every lesson (lesson default: 1).") var seed: UInt64?
    @Option(help: "How many seeds every lesson averages (lesson default: 3; babi: 1).") var seeds: Int?
    @Option(parsing: .upToNextOption, help: "Run only these lessons (see `lifelong lessons`).") var only: [String] = []
    @Option(help: "Lessons run at once (default: the number of cores).") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Do not build the lessons first; run the binaries beside this tool as they are.") var noBuild = false
    @Flag(help: "Run nothing: write <out>/index.html from the lesson folders already in <out> (runs merged from several machines or jobs).")
    var indexOnly = false

    func validate() throws {
        try validateSelection(only, jobs: jobs)
        if let seeds, seeds < 1 { throw ValidationError("--seeds must be at least 1") }
        if indexOnly, quick || seed != nil || seeds != nil || data != nil || !only.isEmpty {
            throw ValidationError("--index-only runs nothing, so --quick, --seed, --seeds, --data and --only have no effect; leave them out")
        }
    }

    func run() throws {
        StandardStreams.protect()
        Interruption.install()
        let outFolder = URL(fileURLWithPath: out, isDirectory: true)
        try createFolder(outFolder)                              // a folder that cannot be written shows before any work
        if indexOnly { return say("Course index: \(try writeIndex(failed: [], to: outFolder).path)") }
        let binaries = executableFolder()
        if !noBuild { try buildLessons(beside: binaries) }
        let jobs = try runLessons(LessonCatalog.select(only), quick: quick, seeds: seeds, parallel: self.jobs, binaries: binaries, arguments: arguments(for:),
                                  logs: outFolder, onInterrupt: { _ = try? writeIndex(failed: [], to: outFolder) })
        let failed = jobs.filter { $0.status != 0 || $0.killed }
        let index = try writeIndex(failed: Set(failed.map(\.lesson.id)), to: outFolder)
        say("Course index: \(index.path)")
        if !failed.isEmpty { throw failure("lessons that failed: \(failed.map(\.lesson.id).joined(separator: ", "))") }
    }

    /// The index of what is on disk: each lesson's card as its last finished run left it (a lesson
    /// stopped half-way keeps its previous output, so the index stays true to the folders).
    func writeIndex(failed: Set<String>, to folder: URL) throws -> URL {
        let entries = LessonCatalog.all.enumerated().map { n, lesson in
            CourseIndex.Entry(id: lesson.id, title: lesson.title, slide: lesson.slide, number: n + 1, failed: failed.contains(lesson.id))
        }
        return try CourseIndex.write(entries, to: folder, version: LifeLong.version, introduction: LectureMap.introduction, lectureMap: LectureMap.rows)
    }

    /// The command-line arguments each lesson gets.
    func arguments(for lesson: LessonInfo) -> [String] {
        var arguments = ["--out", URL(fileURLWithPath: out).appendingPathComponent(lesson.id).path]
        if let data { arguments += ["--data", data] }
        if quick { arguments.append("--quick") }
        if let seed { arguments += ["--seed", "\(seed)"] }
        if let seeds { arguments += ["--seeds", "\(seeds)"] }
        return arguments
    }
}

/// Every `--only` name is a lesson, and `--jobs` is at least 1.
func validateSelection(_ only: [String], jobs: Int) throws {
    do { _ = try LessonCatalog.select(only) } catch let error as LessonSelectionError { throw ValidationError(error.description) }
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
}

/// `swift build` in the package this tool was built from (found above `.build/<config>/`), so
/// the lessons are current; skipped when there is no such package (an installed tool).
func buildLessons(beside binaries: URL) throws {
    guard let root = packageFolder() else { return }
    let configuration = binaries.lastPathComponent == "debug" ? "debug" : "release"
    say("Building the lessons (swift build -c \(configuration))…")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["swift", "build", "-c", configuration, "--package-path", root.path]
    try process.run()                     // its progress goes straight to this terminal
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw failure("building the lessons failed (swift build -c \(configuration) in \(root.path)); its output is above")
    }
}

/// Runs `lessons` side by side with a progress display; each one's output goes to
/// `<logs>/<lesson>/run.log`, and a failed lesson's last lines are shown.
func runLessons(_ lessons: [LessonInfo], quick: Bool, seeds: Int?, parallel: Int, binaries: URL,
                arguments: @escaping (LessonInfo) -> [String], logs: URL, onInterrupt: @escaping () -> Void = {}) throws -> [LessonJob] {
    for lesson in lessons where !FileManager.default.isExecutableFile(atPath: binaries.appendingPathComponent(lesson.id).path) {
        throw ValidationError("\(binaries.appendingPathComponent(lesson.id).path) is missing: build the lessons first (swift build -c release)")
    }
    let jobs = lessons.map { LessonJob(lesson: $0, expectedSeconds: $0.expectedSeconds(quick: quick, seeds: seeds)) }
    let display = ProgressDisplay()
    display.say("Running \(jobs.count) lesson\(jobs.count == 1 ? "" : "s"), \(min(parallel, jobs.count)) at a time\(quick ? ", quick mode" : "")")
    let runner = CourseRunner(jobs: jobs, parallel: parallel, binaries: binaries, arguments: arguments, display: display)
    Interruption.onInterrupt { runner.stopAll(); onInterrupt() }        // Ctrl-C stops the lessons too, then the index is brought up to date
    runner.run()
    // Interrupted: the handler (another thread) has stopped the lessons and now writes the index and
    // exits with 128 + the signal; writing run logs here would race it (a folder for a lesson that
    // never finished, a normal exit status).
    while Interruption.isInterrupted { sleep(60) }
    for job in jobs {
        let log = logs.appendingPathComponent("\(job.lesson.id)/run.log")
        try? writeAtomically(job.log, to: log)
        guard job.status != 0 || job.killed else { continue }
        display.say("\n--- \(job.lesson.id) failed (\(job.ending)); what it said (all its output: \(log.path)):")
        display.say(errorSummary(job.log))
    }
    return jobs
}

/// A line on standard output, unbuffered, so it keeps its place among the lessons' own lines;
/// best effort (a closed or full output never stops the course).
func say(_ line: String) { FileHandle.standardOutput.writeBestEffort(line + "\n") }

/// Says `message` on standard error and ends the command with exit status 1 (no usage text:
/// the command line was right, the work failed).
func failure(_ message: String) -> ExitCode {
    FileHandle.standardError.writeBestEffort("Error: \(message)\n")
    return ExitCode(1)
}
