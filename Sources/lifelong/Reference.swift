import ArgumentParser
import FileIO
import Foundation
import Grading
import LessonKit

/// `lifelong reference`: the results every lesson gives with its default settings, to commit.
struct Reference: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write every lesson's results.json for the default settings into Assets/Reference/.",
        discussion: """
        full/<lesson>/results.json: a full run (3 seeds) on the data the lessons find (MNIST when it is there); the grader's \
        default reference. quick/<lesson>/results.json: a --quick run on the built-in digits, which the tests compare \
        every change against. quick/gemm-kernel.txt names the matrix kernel that made them.
        """)

    @Option(help: "Where to write (default: Assets/Reference in this package).") var out: String?
    @Option(help: "Data folder for the full runs (else $LIFELONG_DATA, else ~/.cache/lifelong).") var data: String?
    @Flag(help: "Only the quick references.") var quickOnly = false
    @Option(parsing: .upToNextOption, help: "Only these lessons.") var only: [String] = []
    @Option(help: "Lessons run at once (default: the number of cores).") var jobs = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Do not build the lessons first.") var noBuild = false

    func validate() throws { try validateSelection(only, jobs: jobs) }

    func run() throws {
        let target = out.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? courseAssetsFolder().appendingPathComponent("Reference")
        let binaries = executableFolder()
        if !noBuild { try buildLessons(beside: binaries) }
        let lessons = try LessonCatalog.select(only)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-reference-\(UUID().uuidString)")
        for mode in quickOnly ? ["quick"] : ["full", "quick"] {
            let runs = scratch.appendingPathComponent(mode)
            let arguments = { (lesson: LessonInfo) in
                ["--out", runs.appendingPathComponent(lesson.id).path]
                    + (mode == "quick" ? ["--quick", "--data", DataLocation.builtin] : data.map { ["--data", $0] } ?? [])
            }
            let jobs = try runLessons(lessons, quick: mode == "quick", seeds: nil, parallel: self.jobs, binaries: binaries, arguments: arguments, logs: runs)
            let failed = jobs.filter { $0.status != 0 }.map(\.lesson.id)
            guard failed.isEmpty else {
                throw failure("no \(mode) references written: \(failed.joined(separator: ", ")) failed (their logs are kept in \(runs.path))")
            }
            for lesson in lessons {
                let results = try Data(contentsOf: runs.appendingPathComponent("\(lesson.id)/results.json"))
                try writeAtomically(results, to: target.appendingPathComponent("\(mode)/\(lesson.id)/results.json"))
            }
            if mode == "quick" { try writeAtomically(gemmKernelName + "\n", to: target.appendingPathComponent("quick/gemm-kernel.txt")) }
            say("Wrote \(lessons.count) \(mode) reference\(lessons.count == 1 ? "" : "s") to \(target.appendingPathComponent(mode).path)")
        }
        try? FileManager.default.removeItem(at: scratch)
    }
}
