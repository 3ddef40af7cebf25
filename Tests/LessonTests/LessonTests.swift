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
        for key in try #require(LessonKeys.scalars[lesson]).map(\.name) {
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

    /// A rubric grades only keys that its lesson writes (spelled once, in `LessonKeys`), and a
    /// lesson writes no scalar that `LessonKeys` does not list.
    @Test(arguments: LessonCatalog.all.map(\.id))
    func rubricAndReferenceUseTheLessonsKeys(lesson: String) throws {
        let assets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Assets")
        let keys = Set(try #require(LessonKeys.scalars[lesson]).map(\.name))
        let rubric = try JSONSerialization.jsonObject(with: Data(contentsOf: assets.appendingPathComponent("Rubrics/\(lesson).json"))) as! [String: Any]
        for item in rubric["items"] as! [[String: Any]] {
            if let scalar = item["scalar"] as? String { #expect(keys.contains(scalar), "rubric \(lesson) grades \(scalar), which the lesson does not write") }
        }
        let reference = try JSONDecoder().decode(Results.self, from: Data(contentsOf: assets.appendingPathComponent("Reference/quick/\(lesson)/results.json")))
        #expect(Set(reference.scalars.keys) == keys)
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

/// The README's example of the training loop ("The training loop and strategies"), kept here so
/// that it keeps compiling; not run (it trains for a minute).
func readmeTrainingLoopExample() throws {
    var rng = SeededGenerator(seed: 1)
    let data = try DigitData.load(dataOption: nil, seed: 1)                  // MNIST if on disk, else built-in
    let tasks = DigitSequences.permuted(data, count: 5, trainPerTask: 10_000, testPerTask: 2_000, seed: 1)
    let learner = Learner(model: MLP([784, 50, 50, 50, 10], using: &rng),
                          plan: TrainingPlan(epochs: 2, batchSize: 64, optimizer: .sgd(learningRate: 0.1)),
                          strategies: [])                                     // add a guard here: [QuadraticPenalty(…)]
    let run = try learnSequence(tasks, learner: learner, using: &rng)
    let r = try run.evaluationMatrix()                                       // R with its untrained row 0
    print(r.accuracy, r.backwardTransfer!, r.forwardTransfer!)
}
