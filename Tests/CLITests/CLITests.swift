import Foundation
import LessonKit
import Testing
import TestSupport

/// The package's folder.
let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// Runs the built `lifelong` executable (it sits beside the test bundle) and captures its output.
func runLifelong(_ arguments: [String]) throws -> (status: Int32, output: String) {
    try runProcess(lifelongBinary(), arguments)
}

/// The built `lifelong` executable.
func lifelongBinary() -> URL {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    return [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent("lifelong") }.first { FileManager.default.isExecutableFile(atPath: $0.path) }!
}

/// The command lines of running processes that mention `text` (read from /proc: no tool needed).
func processes(mentioning text: String) -> [String] {
    let ids = (try? FileManager.default.contentsOfDirectory(atPath: "/proc"))?.filter { $0.allSatisfy(\.isNumber) } ?? []
    return ids.compactMap { id in
        guard let data = FileManager.default.contents(atPath: "/proc/\(id)/cmdline") else { return nil }
        let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
        return line.contains(text) ? "\(id): \(line)" : nil
    }
}

/// `../shared/data/mnist` beside the package, where CI keeps the official files.
let sharedMNIST = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data/mnist")

@Suite("lifelong command")
struct CLITests {
    @Test func printsItsVersion() throws {
        let (status, output) = try runLifelong(["--version"])
        #expect(status == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines).range(of: #"^\d+\.\d+\.\d+$"#, options: .regularExpression) != nil)
    }

    @Test func listsLessons() throws {
        let (status, output) = try runLifelong(["lessons"])
        #expect(status == 0)
        #expect(output.contains("forgetting") && output.contains("curriculum"))
    }

    @Test func courseRunsLessonsSideBySideAndWritesTheIndex() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-course-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // Three quick lessons: what is tested is the runner (every lesson's own quick run is in LessonTests).
        let lessons = ["forgetting", "error-surface", "curriculum"]
        let (status, output) = try runLifelong(["course", "--quick", "--no-build", "--jobs", "2", "--seeds", "1", "--out", folder.path, "--only"] + lessons)
        #expect(status == 0, "\(output)")
        #expect(output.contains("Running 3 lessons, 2 at a time, quick mode") && output.contains("to go"))
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.hasPrefix("<!DOCTYPE html>") && index.contains("LifeLong"))
        #expect(index.components(separatedBy: "not run yet").count - 1 == LessonCatalog.all.count - lessons.count, "a card for every lesson")
        for lesson in lessons {
            #expect(output.contains("✓ \(lesson) done in"))
            #expect(index.contains("\(lesson)/index.html"))
            let results = try String(contentsOf: folder.appendingPathComponent("\(lesson)/results.json"), encoding: .utf8)
            #expect(results.contains("\"seeds\" : [\n    1\n  ]"), "--seeds 1 reached the lesson")
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(lesson)/run.log").path))
        }
    }

    /// Independent runs on several machines (halves of a course here) merge by copying their lesson
    /// folders into one and writing the index of what is there: the same page as one run.
    @Test func twoHalvesOfACourseMergeIntoTheSameIndexAsOneRun() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-merge-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let halves = [["forgetting", "curriculum"], ["evaluation", "error-surface"]]
        func course(_ lessons: [String], _ out: URL) throws {
            let (status, output) = try runLifelong(["course", "--quick", "--no-build", "--seeds", "1", "--out", out.path, "--only"] + lessons)
            #expect(status == 0, "\(output)")
        }
        for (k, half) in halves.enumerated() { try course(half, root.appendingPathComponent("half\(k)")) }
        try course(halves.flatMap { $0 }, root.appendingPathComponent("one"))
        let merged = root.appendingPathComponent("merged")
        try FileManager.default.createDirectory(at: merged, withIntermediateDirectories: true)
        for (k, half) in halves.enumerated() {
            for lesson in half { try FileManager.default.copyItem(at: root.appendingPathComponent("half\(k)/\(lesson)"), to: merged.appendingPathComponent(lesson)) }
        }
        let (status, output) = try runLifelong(["course", "--index-only", "--out", merged.path])
        #expect(status == 0 && output.contains("Course index:"), "\(output)")
        let one = try Data(contentsOf: root.appendingPathComponent("one/index.html")), both = try Data(contentsOf: merged.appendingPathComponent("index.html"))
        #expect(one == both, "the merged index is the one-run index, byte for byte")
        let refused = try runLifelong(["course", "--index-only", "--quick", "--out", merged.path])
        #expect(refused.status != 0 && refused.output.contains("--index-only runs nothing"))
    }

    @Test func aFailedLessonIsNamedAndTheOthersStillFinish() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-course-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLifelong(["course", "--quick", "--no-build", "--data", "/nonexistent-folder",
                                                "--only", "forgetting", "error-surface", "--out", folder.path])
        #expect(status == 1, "\(output)")
        #expect(output.contains("Error: lessons that failed: forgetting") && output.contains("holds no MNIST files"))
        #expect(output.contains("✓ error-surface done") && !output.contains("curriculum"))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("error-surface/results.json").path))
        let index = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("card failed"))
    }

    /// Ctrl-C on the course: the lessons it started stop too (none is left running as an orphan),
    /// nothing half-written is left, and the index is written for what is on disk.
    @Test func interruptingTheCourseStopsItsLessons() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-course-int-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = lifelongBinary()
        process.arguments = ["course", "--no-build", "--only", "evaluation", "curriculum", "--seeds", "1", "--data", "builtin", "--out", folder.path]
        (process.standardOutput, process.standardError) = (FileHandle.nullDevice, FileHandle.nullDevice)
        try process.run()
        Thread.sleep(forTimeInterval: 2)
        #expect(processes(mentioning: folder.path).count >= 2, "the course and its lessons are running")
        let interrupted = Date()
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130 && Date().timeIntervalSince(interrupted) < 5)
        let survivors = processes(mentioning: folder.path)
        #expect(survivors.isEmpty, "lessons still running: \(survivors)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("index.html").path))
        let entries = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!entries.contains { $0.contains(".partial-") || $0.hasSuffix(".tmp") } && !entries.contains("evaluation"), "\(entries)")
    }

    @Test func courseRefusesAnUnknownLesson() throws {
        let (status, output) = try runLifelong(["course", "--only", "nope"])
        #expect(status != 0 && output.contains("unknown lesson 'nope'; the lessons are: forgetting"))
    }

    @Test func etaAssignsWaitingLessonsToTheFirstFreeSlot() {
        #expect(listScheduleFinish(running: [10, 4], pending: [5, 5], slots: 2) == 14)   // 4+5=9, then 9+5=14 > 10
        #expect(listScheduleFinish(running: [], pending: [3, 3, 3], slots: 1) == 9)
        #expect(listScheduleFinish(running: [2], pending: [], slots: 4) == 2)
        #expect(clock(75) == "1:15" && clock(3725) == "1:02:05")
        // Before a lesson finishes, two side by side on the cores each take 1.76× their measured
        // time (a lesson alone kept them 88% busy); one alone, or one at a time, its own time.
        #expect(sharedCoresSlowdown(parallel: 2, lessons: 11) == 1.76 && sharedCoresSlowdown(parallel: 2, lessons: 1) == 1 && sharedCoresSlowdown(parallel: 1, lessons: 5) == 1)
        #expect(sharedCoresSlowdown(parallel: 4, lessons: 3) == 3 * 0.88)
    }

    @Test func theLongestLessonStartsFirstAndEachGetsItsShareOfTheCores() {
        #expect(longestFirst([25, 170, 2, 170, 97]) == [1, 3, 4, 0, 2])     // ties in the order given
        #expect(longestFirst([3, 3, 3]) == [0, 1, 2])                       // quick mode: the lecture's order
        #expect(threadsPerLesson(cores: 2, parallel: 2, environment: [:]) == 1)
        #expect(threadsPerLesson(cores: 8, parallel: 3, environment: [:]) == 2)
        #expect(threadsPerLesson(cores: 2, parallel: 4, environment: [:]) == 1)
        #expect(threadsPerLesson(cores: 2, parallel: 1, environment: [:]) == 2)
        #expect(threadsPerLesson(cores: 2, parallel: 2, environment: ["LIFELONG_THREADS": "3"]) == nil)   // the user's, passed on
    }

    /// The runner hands each lesson its share of the cores through `LIFELONG_THREADS`: the lesson's
    /// own log says how many threads its runs used.
    @Test func aLessonOfTheCourseRunsOnItsShareOfTheCores() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-threads-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLifelong(["course", "--quick", "--no-build", "--jobs", "2", "--seeds", "1", "--out", folder.path,
                                                "--only", "allocation", "error-surface"])
        #expect(status == 0, "\(output)")
        let log = try String(contentsOf: folder.appendingPathComponent("allocation/run.log"), encoding: .utf8)
        let share = max(1, ProcessInfo.processInfo.activeProcessorCount / 2)
        let borrows = share < ProcessInfo.processInfo.activeProcessorCount ? " (and any core the course leaves free)" : ""
        #expect(log.contains(" on \(share) thread\(share == 1 ? "" : "s")\(borrows)\n"), "\(log)")
    }

    @Test func referenceRewritesTheQuickReferencesIdentically() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-reference-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLifelong(["reference", "--quick-only", "--no-build", "--only", "error-surface", "--out", folder.path])
        #expect(status == 0, "\(output)")
        let written = try Data(contentsOf: folder.appendingPathComponent("quick/error-surface/results.json"))
        #expect(written == (try Data(contentsOf: repository.appendingPathComponent("Assets/Reference/quick/error-surface/results.json"))))
    }

    /// The real files, served from 127.0.0.1, fetched and verified against the published checksums.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: sharedMNIST.appendingPathComponent("t10k-labels-idx1-ubyte.gz").path)))
    func downloadsAndVerifiesMNISTFromAMirror() throws {
        let names = ["train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
        var routes: [String: LocalHTTPServer.Behaviour] = [:]
        for name in names { routes["/m/\(name).gz"] = .serve(try Data(contentsOf: sharedMNIST.appendingPathComponent(name + ".gz"))) }
        let server = try LocalHTTPServer(routes: routes)
        defer { server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-dl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLifelong(["download", "mnist", "--data", folder.path, "--mirror", "\(server.baseURL)/m/"])
        #expect(status == 0, "\(output)")
        #expect(output.components(separatedBy: "checksum verified").count == 5)
        for name in names { #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("mnist/\(name).gz").path)) }
    }

    @Test func galleryWritesAReportWithEveryFigure() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-gallery-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLifelong(["gallery", "--out", folder.path])
        #expect(status == 0, "\(output)")
        let page = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        for name in ["lines", "bars", "heatmap", "contours", "digits", "log-scatter"] {
            #expect(page.contains("figures/\(name).png"))
            for suffix in [".png", "@2x.png", ".pdf", ".svg"] {
                #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("figures/\(name)\(suffix)").path))
            }
        }
    }

    /// No mirror has the files: each mirror's answer is named, with exit status 1 and no usage text
    /// (the command line was right).
    @Test func aFailedDownloadNamesEveryMirrorAndIsNotAUsageError() throws {
        let server = try LocalHTTPServer(routes: [:])
        defer { server.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-dl-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        for dataset in ["mnist", "babi"] {
            let (status, output) = try runLifelong(["download", dataset, "--data", folder.path, "--mirror", "\(server.baseURL)/a/", "--mirror", "\(server.baseURL)/b/"])
            #expect(status == 1, "\(dataset): \(output)")
            #expect(output.contains("Error: could not download") && output.components(separatedBy: "HTTP status 404").count >= 3, "\(dataset): \(output)")
            #expect(!output.contains("Usage"), "\(dataset): \(output)")
        }
    }

    @Test func unknownDataSetIsAClearError() throws {
        let (status, output) = try runLifelong(["download", "cifar"])
        #expect(status != 0 && output.contains("unknown data set 'cifar'"))
    }

    @Test func unknownCommandIsAClearErrorNotACrash() throws {
        let (status, output) = try runLifelong(["fly"])
        #expect(status != 0)
        #expect(output.contains("Usage") || output.contains("Error"))
        #expect(!output.contains("Fatal error") && !output.contains("Stack dump"))
    }
}
