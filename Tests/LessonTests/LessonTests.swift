import Foundation
import LessonKit
import Testing

/// Runs a built lesson executable (it sits beside the test bundle).
func runLesson(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let products = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let binary = [products, products.deletingLastPathComponent()].map { $0.appendingPathComponent(name) }
        .first { FileManager.default.isExecutableFile(atPath: $0.path) }!
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(["LIFELONG_DATA": "/nonexistent-lifelong-data"]) { $1 }
    let pipe = Pipe()
    (process.standardOutput, process.standardError) = (pipe, pipe)
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Each lesson's `results.json` keys, from the issue that defines the lesson.
let expectedScalars: [String: [String]] = [
    "forgetting": ["seq.afterTask1.task1", "seq.afterTask1.task2", "seq.afterTask2.task1", "seq.afterTask2.task2", "joint.task1", "joint.task2"],
    "evaluation": ["naive.ACC", "naive.BWT", "naive.FWT", "joint.ACC", "joint.BWT", "joint.FWT", "perTask.ACC", "perTask.BWT", "perTask.FWT"],
    "error-surface": ["b0.task1Loss", "b0.task2Loss", "bLarge.task1Loss", "bLarge.task2Loss", "bOne.task1Loss", "bOne.task2Loss",
                      "bFisher.task1Loss", "bFisher.task2Loss"],
    "curriculum": ["order12.afterTask1.task1", "order12.afterTask1.task2", "order12.afterTask2.task1", "order12.afterTask2.task2",
                   "order21.afterTask2.task1", "order21.afterTask2.task2", "order21.afterTask1.task1", "order21.afterTask1.task2"],
]

@Suite("Lessons end to end (quick mode, built-in digits)")
struct LessonTests {
    @Test(arguments: ["forgetting", "curriculum", "evaluation", "error-surface"])
    func quickRunWritesItsReportAndResults(lesson: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-\(lesson)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let (status, output) = try runLesson(lesson, ["--quick", "--out", folder.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("report:"))
        if lesson != "error-surface" { #expect(output.contains("built-in synthetic digits")) }
        let results = try JSONDecoder().decode(Results.self, from: Data(contentsOf: folder.appendingPathComponent("results.json")))
        #expect(results.lesson == lesson && results.seeds == [1, 2, 3] && results.schema == Results.schema)
        #expect(results.packageVersion == LifeLong.version && !results.dataset.name.isEmpty)
        for key in expectedScalars[lesson]! {
            let value = try #require(results.scalars[key], "missing \(key)")
            if key.hasSuffix("Loss") { #expect(value >= 0 && value.isFinite, "\(key) = \(value)") }
            else if key.hasSuffix("BWT") || key.hasSuffix("FWT") { #expect(value >= -1 && value <= 1, "\(key) = \(value)") }
            else { #expect(value >= 0 && value <= 1, "\(key) = \(value)") }
        }
        if lesson == "evaluation" {
            for method in ["naive", "joint", "perTask"] {
                let r = try #require(results.matrices["\(method).R"])
                #expect(r.count == 6 && r.allSatisfy { $0.count == 5 }, "\(method).R is (T+1)×T")
                #expect(abs(r[5].reduce(0, +) / 5 - results.scalars["\(method).ACC"]!) < 1e-12)   // ACC from its own R
            }
        }
        for file in results.figures { #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path), "\(file)") }
        #expect(!results.figures.isEmpty)
        let page = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(page.contains("Reproduce this page") && page.contains("--quick"))
    }

    @Test(arguments: ["forgetting", "curriculum", "evaluation", "error-surface"])
    func sameSeedGivesTheSameResultsFile(lesson: String) throws {
        let a = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-\(lesson)-a-\(UUID().uuidString)")
        let b = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-\(lesson)-b-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: a); try? FileManager.default.removeItem(at: b) }
        for folder in [a, b] { _ = try runLesson(lesson, ["--quick", "--seeds", "1", "--seed", "5", "--out", folder.path]) }
        let first = try Data(contentsOf: a.appendingPathComponent("results.json")), second = try Data(contentsOf: b.appendingPathComponent("results.json"))
        #expect(first == second)
    }

    @Test func badOptionsAreAClearError() throws {
        let (status, output) = try runLesson("forgetting", ["--seeds", "0"])
        #expect(status != 0 && output.contains("--seeds must be at least 1"))
        let missing = try runLesson("curriculum", ["--quick", "--data", "/nonexistent-folder"])
        #expect(missing.status != 0 && missing.output.contains("holds no MNIST files") && !missing.output.contains("Fatal error"))
    }

    @Test func catalogueMatchesTheLessonsFolder() throws {
        let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Lessons")
        let folders = try FileManager.default.contentsOfDirectory(atPath: lessons.path).filter {
            FileManager.default.fileExists(atPath: lessons.appendingPathComponent("\($0)/main.swift").path)
        }
        #expect(Set(folders) == Set(LessonCatalog.all.map(\.id)))
    }
}
