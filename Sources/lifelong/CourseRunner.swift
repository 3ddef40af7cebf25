import FileIO
import Foundation
import LessonKit

/// One lesson process of a course run: its output is collected as it comes, and its latest
/// progress line is the stage shown on screen.
final class LessonJob: @unchecked Sendable {
    let lesson: LessonInfo
    let expectedSeconds: Double
    private(set) var started: Date?
    private(set) var finished: Date?
    private(set) var status: Int32 = 0
    /// Whether the lesson died of a signal (then `status` is the signal's number).
    private(set) var killed = false
    private var output = Data()
    private var process: Process?
    private let lock = NSLock()

    init(lesson: LessonInfo, expectedSeconds: Double) { (self.lesson, self.expectedSeconds) = (lesson, expectedSeconds) }

    var isDone: Bool { lock.withLock { finished != nil } }
    var elapsed: Double { lock.withLock { started.map { (finished ?? Date()).timeIntervalSince($0) } ?? 0 } }
    var log: String { lock.withLock { String(decoding: output, as: UTF8.self) } }

    /// The last progress line, without the lesson's `[id  12.3s]` prefix.
    var stage: String {
        let last = log.split(separator: "\n").last.map(String.init) ?? "starting"
        guard last.hasPrefix("["), let close = last.firstIndex(of: "]") else { return last }
        return String(last[last.index(after: close)...]).trimmingCharacters(in: .whitespaces)
    }

    /// Starts `binary` with `arguments` and `environment` added to ours; a reader thread collects
    /// its output until it exits.
    func start(_ binary: URL, arguments: [String], environment: [String: String]) {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let pipe = Pipe()
        (process.standardOutput, process.standardError) = (pipe, pipe)
        lock.withLock { started = Date(); self.process = process }
        do { try process.run() } catch {
            lock.withLock { output.append(Data("cannot start \(binary.path): \(error.localizedDescription)\n".utf8)); status = -1; finished = Date() }
            return
        }
        Thread.detachNewThread { [self] in
            let reader = pipe.fileHandleForReading
            while case let chunk = reader.availableData, !chunk.isEmpty { lock.withLock { output.append(chunk) } }
            process.waitUntilExit()
            lock.withLock { (status, killed, finished) = (process.terminationStatus, process.terminationReason == .uncaughtSignal, Date()) }
        }
    }

    /// Asks a running lesson to stop (SIGTERM: it removes its unfinished output) and waits for it.
    func stop() {
        guard let process = lock.withLock({ self.process }), process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// How the lesson ended: "exit status 1", "killed by SIGILL".
    var ending: String { killed ? "killed by \(signalName(status))" : "exit status \(status)" }
}

/// Runs lessons side by side, at most `jobs` at a time, and shows which lesson is at which stage
/// and when the course should be done.
struct CourseRunner {
    let jobs: [LessonJob]
    let parallel: Int
    let binaries: URL
    let arguments: (LessonInfo) -> [String]
    let display: ProgressDisplay

    /// The lock files of the cores the lessons share (`CoreSlots`), removed when the run ends.
    let slotDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-cores-\(getpid())")

    /// Stops every running lesson (when the course itself is interrupted).
    func stopAll() {
        for job in jobs where !job.isDone { job.stop() }
        try? FileManager.default.removeItem(at: slotDirectory)
    }

    /// Runs every job, the longest expected first, each with its share of the cores and, when a
    /// core is left free (the last lessons), the use of it (`CoreSlots`); returns when all have ended.
    func run() {
        var pending = longestFirst(jobs.map(\.expectedSeconds)).map { jobs[$0] }[...]
        var running: [LessonJob] = []
        let cores = ProcessInfo.processInfo.activeProcessorCount
        var environment: [String: String] = [:]
        var slots: CoreSlots?, held: [Slot] = []          // one slot held for each running lesson
        if let threads = threadsPerLesson(cores: cores, parallel: min(parallel, jobs.count), environment: ProcessInfo.processInfo.environment) {
            environment["LIFELONG_THREADS"] = String(threads)
            slots = try? CoreSlots.create(in: slotDirectory, count: cores)
            if slots != nil { environment[CoreSlots.variable] = slotDirectory.path }
        }
        defer { held.forEach { $0.release() }; try? FileManager.default.removeItem(at: slotDirectory) }
        while !pending.isEmpty || !running.isEmpty {
            while running.count < parallel, let next = pending.popFirst() {
                next.start(binaries.appendingPathComponent(next.lesson.id), arguments: arguments(next.lesson), environment: environment)
                running.append(next)
            }
            while held.count > running.count { held.removeLast().release() }      // a core the lessons may borrow
            while held.count < running.count, let slot = slots?.take() { held.append(slot) }
            Thread.sleep(forTimeInterval: 0.25)
            let ended = running.filter(\.isDone)          // read once: a job may end between two reads
            for job in ended { display.finished(job) }
            running.removeAll { job in ended.contains { $0 === job } }
            display.update(running: running, pending: Array(pending), eta: eta(running: running, pending: Array(pending)))
        }
        display.close()
    }

    /// Seconds until the course is done: what is left of each running lesson, then the waiting ones
    /// assigned to whichever slot frees first. Expectations are scaled by how fast finished lessons
    /// ran against theirs (this machine's speed).
    func eta(running: [LessonJob], pending: [LessonJob]) -> Double {
        let done = jobs.filter { $0.isDone && $0.status == 0 }
        let speed = done.isEmpty ? sharedCoresSlowdown(parallel: parallel, lessons: running.count + pending.count)
            : done.map(\.elapsed).reduce(0, +) / max(1e-3, done.map(\.expectedSeconds).reduce(0, +))
        let left = running.map { max(speed * $0.expectedSeconds - $0.elapsed, 0.1 * $0.elapsed) }
        return listScheduleFinish(running: left, pending: pending.map { speed * $0.expectedSeconds }, slots: parallel)
    }
}

/// Progress on a terminal (a live block, redrawn in place) or in a log (a line per change).
final class ProgressDisplay: @unchecked Sendable {
    let live = isatty(STDOUT_FILENO) == 1
    let started = Date()
    private var drawnLines = 0
    private var drawn = ""
    /// Lines are cut to the terminal's width, so none wraps and the block redraws in place.
    private let terminalWidth: Int = {
        var size = winsize()
        return ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 20 ? Int(size.ws_col) : 100
    }()
    private var lastStage: [String: String] = [:]

    func say(_ line: String) {
        clear()
        lifelong.say(line)
    }

    func finished(_ job: LessonJob) {
        let time = clock(job.elapsed)
        say(job.status == 0 && !job.killed ? "✓ \(job.lesson.id) done in \(time)" : "✗ \(job.lesson.id) FAILED after \(time) (\(job.ending))")
    }

    func update(running: [LessonJob], pending: [LessonJob], eta: Double) {
        if live {
            var lines = running.map { "  ▸ \($0.lesson.id.padding(toLength: 14, withPad: " ", startingAt: 0)) \(clock($0.elapsed))  \($0.stage)" }
            lines += pending.map { "  · \($0.lesson.id.padding(toLength: 14, withPad: " ", startingAt: 0)) waiting" }
            lines.append("  elapsed \(clock(Date().timeIntervalSince(started))) · about \(clock(eta)) to go")
            let text = lines.map { String($0.prefix(terminalWidth - 1)) }.joined(separator: "\n") + "\n"
            guard text != drawn || drawnLines == 0 else { return }
            clear()
            FileHandle.standardOutput.writeBestEffort(text)
            (drawn, drawnLines) = (text, lines.count)
        } else {
            for job in running where lastStage[job.lesson.id] != job.stage {
                lastStage[job.lesson.id] = job.stage
                say("[course \(clock(Date().timeIntervalSince(started)))] \(job.lesson.id): \(job.stage) · about \(clock(eta)) to go")
            }
        }
    }

    func close() { clear() }

    /// Erases the live block (cursor up, clear to the end of the screen).
    private func clear() {
        guard live, drawnLines > 0 else { return }
        FileHandle.standardOutput.writeBestEffort("\u{1B}[\(drawnLines)A\u{1B}[J")
        drawnLines = 0
    }
}

