import ArgumentParser
import Foundation
import LessonKit
import Report

/// `lifelong course`: runs every lesson and writes the course index.
struct Course: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every lesson (built beside this tool) and write <out>/index.html.")

    @Option(help: "Folder for the lessons' outputs and the index.") var out = "Output"
    @Option(help: "Data folder passed to every lesson (else $LIFELONG_DATA, else ~/.cache/lifelong).") var data: String?
    @Flag(help: "Run every lesson in quick mode.") var quick = false

    func run() throws {
        let outFolder = URL(fileURLWithPath: out, isDirectory: true)
        let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        var failed: Set<String> = []
        for (n, lesson) in LessonCatalog.all.enumerated() {
            say("[\(n + 1)/\(LessonCatalog.all.count)] \(lesson.id): \(lesson.title)")
            let status = try runLesson(binaries.appendingPathComponent(lesson.id),
                                       out: outFolder.appendingPathComponent(lesson.id))
            if status != 0 { failed.insert(lesson.id) }
        }
        let entries = LessonCatalog.all.map { CourseIndex.Entry(id: $0.id, title: $0.title, slide: $0.slide, failed: failed.contains($0.id)) }
        let index = try CourseIndex.write(entries, to: outFolder, version: LifeLong.version)
        say("Course index: \(index.path)")
        if !failed.isEmpty {
            throw ValidationError("lessons that failed: \(failed.sorted().joined(separator: ", "))")
        }
    }

    /// A line on standard output, unbuffered, so it stays in order with the lessons' own output.
    func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    /// Runs one lesson executable; its exit status.
    func runLesson(_ binary: URL, out: URL) throws -> Int32 {
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw ValidationError("\(binary.path) is missing: build the lessons first (swift build -c release)")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--out", out.path] + (data.map { ["--data", $0] } ?? []) + (quick ? ["--quick"] : [])
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }
}
