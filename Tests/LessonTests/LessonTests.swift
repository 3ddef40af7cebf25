import Foundation
import LessonKit
import Testing
import TestSupport

/// Runs a built lesson executable (it sits beside the test bundle).
func runLesson(_ name: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    try runProcess(lessonBinary(name), arguments, environment: builtinDigitsEnvironment)
}

@Suite("Lessons end to end (quick mode, built-in digits)")
struct LessonTests {
    /// One quick run per lesson (the slowest part of the suite) serves every check: the results and
    /// the report here, then the committed reference (`checkAgainstReference`: the same file to the byte).
    @Test(arguments: LessonCatalog.all.map(\.id))
    func quickRunWritesItsReportAndReproducesItsReference(lesson: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-\(lesson)-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["--quick", "--data", "builtin"]
        let (status, output) = try runLesson(lesson, arguments + ["--out", folder.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains("report:"))
        if lesson == "babi" { #expect(output.contains("built-in bAbI tasks")) }
        else if lesson != "error-surface" { #expect(output.contains("built-in synthetic digits")) }
        let results = try JSONDecoder().decode(Results.self, from: Data(contentsOf: folder.appendingPathComponent("results.json")))
        #expect(results.lesson == lesson && results.seeds == (lesson == "babi" ? [1] : [1, 2, 3]) && results.schema == Results.schema)
        #expect(results.packageVersion == LifeLong.version && !results.dataset.name.isEmpty)
        for key in try #require(LessonKeys.scalars[lesson]).map(\.name) {
            let value = try #require(results.scalars[key], "missing \(key)")
            if key.hasSuffix("Loss") { #expect(value >= 0 && value.isFinite, "\(key) = \(value)") }
            else if key.hasSuffix("BWT") || key.hasSuffix("FWT") || key.hasSuffix("rho") { #expect(value >= -1 && value <= 1, "\(key) = \(value)") }
            else if key.hasSuffix("networks") { #expect(value >= 1 && value.isFinite, "\(key) = \(value)") }
            else if key.hasSuffix("storedBytes") { #expect(value > 0 && value == value.rounded(), "\(key) = \(value)") }
            else { #expect(value >= 0 && value <= 1, "\(key) = \(value)") }
        }
        if lesson == "plasticity" {
            for method in ["naive", "ewc", "si", "mas", "rwalk", "scp"] {
                let r = try #require(results.matrices["\(method).R"])
                #expect(r.count == 6 && r.allSatisfy { $0.count == 5 } && abs(r[5].reduce(0, +) / 5 - results.scalars["\(method).ACC"]!) < 1e-12)
            }
            let rho = try #require(results.matrices["importance.spearman"])
            #expect(rho.count == 5 && rho.indices.allSatisfy { rho[$0][$0] == 1 && rho[$0].allSatisfy { abs($0) <= 1 } })
            #expect(results.curves["frontier.ewc"]?.x.count == 3 && results.curves["frontier.mas"]?.y.count == 3, "one point per λ")
        }
        if lesson == "gem" {
            for key in ["gem.R", "rotated.agem.R"] {
                let r = try #require(results.matrices[key])
                #expect(r.count == 5 && r.allSatisfy { $0.count == 4 }, "\(key) is (T+1)×T with the quick mode's 4 tasks")
            }
            #expect(results.curves["memory.gem"]?.x == [8, 32] && results.curves["memory.agem"]?.y.count == 2)
        }
        if lesson == "replay" {
            for method in ["none", "exact", "generative"] {
                let r = try #require(results.matrices["\(method).R"])
                #expect(r.count == 6 && r.allSatisfy { $0.count == 5 } && abs(r[5].reduce(0, +) / 5 - results.scalars["\(method).ACC"]!) < 1e-12)
            }
            #expect(abs(results.scalars["exact.storedBytes"]! - 200 * 784) < 1e-6, "the quick budget, one byte a pixel")
            #expect(results.curves["budget.exact"]?.x == [50, 200] && results.curves["budget.exact"]?.y.count == 2)
        }
        if lesson == "allocation" {
            for method in ["progressive", "packnet", "packnetEven", "cpg"] {
                let r = try #require(results.matrices["\(method).R"])
                #expect(r.count == 5 && r.allSatisfy { $0.count == 4 } && results.scalars["\(method).BWT"] == 0, "\(method): BWT exactly 0")
            }
            #expect(abs(results.scalars["separate.networks"]! - 4) < 1e-12, "one network per task")
        }
        if lesson == "babi" {
            for method in ["sequential", "replay"] {
                let r = try #require(results.matrices["\(method).R"])
                #expect(r.count == 21 && r.allSatisfy { $0.count == 20 } && abs(r[20].reduce(0, +) / 20 - results.scalars["\(method).ACC"]!) < 1e-12)
                #expect(r[5][4] == results.scalars["\(method).watched.afterItsStage"] && r[20][4] == results.scalars["\(method).watched.final"])
                let curve = try #require(results.curves["\(method).watched"])
                #expect(curve.x.first == 0 && curve.x.last == 20 && curve.y.count == curve.x.count)
            }
            let kinds = try #require(results.matrices["sequential.answerKinds"])
            #expect(kinds.count == 16 && kinds.allSatisfy { $0.count == 7 && abs($0.reduce(0, +) - 1) < 1e-9 }, "shares of 7 kinds after stages 5…20")
            #expect(results.matrices["multitask.final"]?.first?.count == 20)
        }
        if lesson == "new-classes" {
            for scenario in ["task", "domain", "class"] {
                for method in ["none", "ewc", "si", "lwf", "agem", "exact", "generative"] {
                    let r = try #require(results.matrices["\(scenario).\(method).R"])
                    #expect(r.count == 6 && r.allSatisfy { $0.count == 5 } && abs(r[5].reduce(0, +) / 5 - results.scalars["\(scenario).\(method).ACC"]!) < 1e-12)
                }
            }
            #expect(results.matrices["task.icarl.R"] == nil && results.matrices["class.icarl.R"] != nil, "iCaRL runs class-incremental only")
            for method in ["none", "ewc", "lwf", "icarl"] {
                let c = try #require(results.matrices["class.\(method).confusion"])
                #expect(c.count == 10 && c.allSatisfy { $0.count == 10 && abs($0.reduce(0, +) - 1) < 1e-9 }, "rows are shares")
            }
            #expect(results.curves["budget.icarl"]?.x == [50, 200] && results.curves["budget.exact"]?.y.count == 2)
        }
        if lesson == "taskonomy" {
            let (gains, affinities) = (try #require(results.matrices["map.gains"]), try #require(results.matrices["map.affinities"]))
            #expect(gains.count == 8 && gains.indices.allSatisfy { gains[$0].count == 8 && gains[$0][$0] == 0 })
            #expect(affinities.count == 9 && (0..<8).allSatisfy { t in abs(affinities.reduce(0) { $0 + $1[t] } - 1) < 1e-9 }, "a column sums to 1")
            let orders = try #require(results.matrices["orders.orders"]), measured = try #require(results.matrices["orders.measured"])
            #expect(orders.count == 6 && measured.count == 2 && measured[0].count == 6, "the quick subset's 3! orders")
            #expect(measured[0].max()! >= results.scalars["orders.predicted.ACC"]! - 1e-12)
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
        try checkCoursePage(page, lesson: lesson, results: results, folder: folder)
        try checkAgainstReference(lesson, folder: folder, arguments: arguments)
    }

    /// The course template every lesson gets: number and neighbours, exercises, a portable
    /// reproduce line, a headline computed from results.json, and a page that fits a phone.
    func checkCoursePage(_ page: String, lesson: String, results: Results, folder: URL) throws {
        let nav = try #require(LessonCatalog.navigation(of: lesson))
        #expect(page.contains("lesson \(nav.number) of \(nav.count)") && page.contains("<h1>\(nav.number). ") && page.contains("href=\"../index.html\""))
        if let next = nav.next { #expect(page.contains("href=\"../\(next.id)/index.html\"")) }
        if let previous = nav.previous { #expect(page.contains("href=\"../\(previous.id)/index.html\"")) }
        #expect(page.contains("<h2>Try it</h2>") && page.components(separatedBy: "<li><pre><code>swift run -c release").count - 1 >= 3, "3–5 exercises")
        #expect(page.contains("Check your understanding"))
        #expect(page.contains("<pre><code>swift run -c release \(lesson) --quick --data builtin --out ") && !page.contains("/.build/"), "a portable reproduce line, with the run's own options")
        let card = try JSONDecoder().decode(LessonCard.self, from: Data(contentsOf: folder.appendingPathComponent("card.json")))
        #expect(card.headlineValue == expectedHeadline(lesson, results.scalars), "the headline is computed from results.json")
        if let width = try renderedPageWidth(folder.appendingPathComponent("index.html"), windowWidth: 400) {
            #expect(width <= 400, "\(lesson)'s page is \(width) px wide in a 400 px window")
        }
    }

    /// Each lesson's headline, recomputed here from its results.
    func expectedHeadline(_ lesson: String, _ r: [String: Double]) -> String? {
        func two(_ k: String) -> String { Ticks.formatNumber(r[k]!, decimals: 2) }
        switch lesson {
        case "forgetting": return "\(percent(r["seq.afterTask1.task1"]!)) → \(percent(r["seq.afterTask2.task1"]!))"
        case "curriculum":
            let a = points(r["order12.afterTask2.task1"]! - r["order12.afterTask1.task1"]!).replacingOccurrences(of: " points", with: "")
            return "\(a) vs \(points(r["order21.afterTask1.task2"]! - r["order21.afterTask2.task2"]!))"
        case "evaluation": return points(r["naive.BWT"]!)
        case "error-surface": return "\(two("b0.task1Loss")) → \(two("bFisher.task1Loss"))"
        case "gem": return "\(percent(r["single.ACC"]!)) → \(percent(r["gem.ACC"]!))"
        case "allocation": return ["progressive", "packnet", "packnetEven", "cpg"].allSatisfy { r["\($0).BWT"]! == 0 } ? "exactly 0" : "not 0"
        case "replay": return "\(percent(r["none.ACC"]!)) → \(percent(r["generative.ACC"]!))"
        case "babi": return "\(percent(r["sequential.watched.afterItsStage"]!)) → \(percent(r["sequential.watched.final"]!))"
        case "new-classes": return "\(percent(r["class.ewc.ACC"]!)) → \(percent(r["class.icarl.ACC"]!))"
        case "taskonomy": return "\(percent(r["orders.predicted.ACC"]!)) vs \(percent(r["orders.median.ACC"]!))"
        case "plasticity": return "\(points(-r["slide.naive.dropA"]!)) → \(points(-r["slide.ewc.dropA"]!))"
        default: return nil
        }
    }

    @Test func badOptionsAreAClearError() throws {
        let (status, output) = try runLesson("forgetting", ["--seeds", "0"])
        #expect(status != 0 && output.contains("--seeds must be between 1 and 50; got 0"))
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

    @Test func reproduceCommandsAreShellSafe() {
        #expect(shellQuoted("--seeds") == "--seeds" && shellQuoted("Output/forgetting") == "Output/forgetting")
        #expect(shellQuoted("it's here") == #"'it'\''s here'"#)
        #expect(shellQuoted("o$(id>PWN)") == "'o$(id>PWN)'" && shellQuoted("") == "''" && shellQuoted("a`b`") == "'a`b`'")
    }

    /// Every lesson in the catalogue sits on the lecture map, in the lecture's order.
    @Test func lessonsFollowTheLectureMap() {
        let onMap = LectureMap.slides.compactMap(\.lesson).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let catalogued = LessonCatalog.all.map(\.id)
        #expect(onMap.filter { catalogued.contains($0) } == catalogued, "the catalogue's order is the lecture's")
        #expect(LectureMap.rows.filter { $0.lesson == nil }.allSatisfy { $0.note.hasPrefix("not yet") || $0.note.hasPrefix("no experiment") })
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
