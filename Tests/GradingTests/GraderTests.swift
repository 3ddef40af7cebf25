import Foundation
import Grading
import Testing

/// A reference, a rubric and a class of submissions, each broken in its own way, in a temporary folder.
struct GradingFixture {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-grading-\(UUID().uuidString)")
    var reference: URL { root.appendingPathComponent("reference") }
    var rubrics: URL { root.appendingPathComponent("rubrics") }
    var submissions: URL { root.appendingPathComponent("submissions") }

    static let results = """
    {"schema": "lifelong-results/1", "lesson": "demo", "packageVersion": "0.1.0", "seeds": [1, 2, 3],
     "settings": {"quick": "no"}, "dataset": {"name": "MNIST", "source": "x", "checksum": "c", "size": 70000},
     "scalars": {"acc": 0.80, "loss": 2.0}, "matrices": {"R": [[0.1, 0.2], [0.9, 0.8]]},
     "curves": {"seq.task1": {"x": [0, 500], "y": [0.1, 0.9]}}, "figures": ["figures/bars.png"]}
    """

    static let rubric = """
    {"rubric": "lifelong-rubric/1", "lesson": "demo", "items": [
      {"id": "acc", "label": "Accuracy", "scalar": "acc", "absolute": 0.03, "points": 2},
      {"id": "loss", "label": "Loss", "scalar": "loss", "relative": 0.1, "points": 1},
      {"id": "R", "label": "R matrix", "matrix": "R", "absolute": 0.05, "points": 3},
      {"id": "curve", "label": "Task 1 curve", "curve": "seq.task1", "absolute": 0.05, "points": 1},
      {"id": "full", "label": "A full run", "setting": "quick", "points": 1},
      {"id": "bars", "label": "Figure: bars", "figure": "figures/bars.png", "points": 1}]}
    """

    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0])

    func write(_ text: String, _ relative: String, in folder: URL) throws {
        try write(Data(text.utf8), relative, in: folder)
    }

    func write(_ data: Data, _ relative: String, in folder: URL) throws {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    /// A student whose results are the reference's with `original` replaced by `replacement`.
    func student(_ name: String, _ original: String = "", _ replacement: String = "", figure: Bool = true) throws {
        let folder = submissions.appendingPathComponent(name)
        try write(Self.results.replacingOccurrences(of: original, with: replacement), "demo/results.json", in: folder)
        if figure { try write(Self.png, "demo/figures/bars.png", in: folder) }
    }

    func make() throws {
        try write(Self.results, "demo/results.json", in: reference)
        try write(Self.rubric, "demo.json", in: rubrics)
        try student("alice")
        try student("bob", "\"acc\": 0.80", "\"acc\": 0.70")
        try student("carol", "\"acc\": 0.80", "\"acc\": NaN")
        try student("dave", "[[0.1, 0.2], [0.9, 0.8]]", "[[0.1, 0.2], [0.9]]")
        try student("erin", "\"quick\": \"no\"", "\"quick\": \"yes\"", figure: false)
        try student("frank", "\"acc\": 0.80, ", "")
        try student("gwen", "\"y\": [0.1, 0.9]", "\"y\": [0.1, Infinity]")
        try student("hugefigure")
        let huge = try FileHandle(forWritingTo: submissions.appendingPathComponent("hugefigure/demo/figures/bars.png"))
        try huge.truncate(atOffset: UInt64(SubmissionFolder.figureLimit + 1))      // sparse: nothing is really written
        try huge.close()
        try student("<img src=x onerror=alert(1)>")
        try student("=HYPERLINK(\"x\")")
        try write("{\"schema\": \"lifelong-results/1\",\n  \"lesson\": }", "demo/results.json", in: submissions.appendingPathComponent("broken"))
        try write(Data(repeating: 0x20, count: SubmissionFolder.resultsLimit + 1), "demo/results.json", in: submissions.appendingPathComponent("huge"))
        try FileManager.default.createDirectory(at: submissions.appendingPathComponent("empty"), withIntermediateDirectories: true)
        // Links: a whole student folder, a results file, a figures folder.
        try FileManager.default.createSymbolicLink(at: submissions.appendingPathComponent("linked-student"), withDestinationURL: reference)
        try FileManager.default.createDirectory(at: submissions.appendingPathComponent("linker/demo"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: submissions.appendingPathComponent("linker/demo/results.json"),
                                                   withDestinationURL: reference.appendingPathComponent("demo/results.json"))
        try student("figlinker", figure: false)
        try FileManager.default.createSymbolicLink(at: submissions.appendingPathComponent("figlinker/demo/figures"), withDestinationURL: URL(fileURLWithPath: "/etc"))
        try student("fakefigure", figure: false)
        try write("#!/bin/sh\necho hi\n", "demo/figures/bars.png", in: submissions.appendingPathComponent("fakefigure"))
    }

    func grader() throws -> Grader {
        let schema = try JSONSchema(Data(contentsOf: JSONTests.schemaURL), name: "results.schema.json")
        return try Grader(rubrics: Rubric.loadAll(from: rubrics), referenceFolder: reference, schema: schema)
    }

    func grade(_ name: String) throws -> StudentFeedback { try grader().grade(student: name, folder: submissions.appendingPathComponent(name)) }
}

@Suite("Grader")
struct GraderTests {
    func item(_ feedback: StudentFeedback, _ id: String) -> ItemResult { feedback.items.first { $0.id == id }! }

    @Test func theReferenceItselfGetsFullMarks() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let alice = try fixture.grade("alice")
        #expect(alice.earned == 9 && alice.possible == 9 && alice.lessons[0].problems.isEmpty, "\(alice.text)")
    }

    @Test func aValueOutsideTheToleranceSaysByHowMuch() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let bob = try fixture.grade("bob")
        let acc = item(bob, "acc")
        #expect(acc.verdict == .wrong && acc.earned == 0 && acc.message.contains("off by 0.1") && acc.allowed == "±0.03", "\(acc)")
        #expect(bob.earned == 7)
    }

    @Test func nanWrongShapesAndMissingFiguresAreWrongWithAReason() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let carol = try fixture.grade("carol")
        #expect(item(carol, "acc").verdict == .wrong && item(carol, "acc").message.contains("NaN"))
        #expect(carol.lessons[0].problems.contains { $0.contains("/scalars/acc") && $0.contains("NaN") })
        #expect(carol.earned == 7, "the other items are still graded")
        let dave = try fixture.grade("dave")
        #expect(item(dave, "R").verdict == .wrong && item(dave, "R").message.contains("row 2 has 1 entries but row 1 has 2"))
        let erin = try fixture.grade("erin")
        #expect(item(erin, "full").verdict == .wrong && item(erin, "bars").verdict == .missing)
        #expect(erin.lessons[0].notes.contains { $0.contains("quick run") })
        let frank = try fixture.grade("frank")
        #expect(item(frank, "acc").verdict == .missing && item(frank, "acc").message == "scalars has no \"acc\"" && frank.earned == 7)
        let gwen = try fixture.grade("gwen")
        #expect(item(gwen, "curve").verdict == .wrong && item(gwen, "curve").message.contains("y, entry 2 is Infinity, not a finite number"))
        let huge = try fixture.grade("hugefigure")
        #expect(item(huge, "bars").verdict == .wrong && item(huge, "bars").message.contains("more than the 16777216-byte limit"))
        let empty = try fixture.grade("empty")
        #expect(empty.earned == 0 && empty.lessons[0].problems == ["demo/results.json is missing"])
        #expect(carol.hasProblems && !erin.hasProblems && !empty.hasProblems, "a lesson not handed in is no points, not a problem")
    }

    @Test func brokenAndOversizedFilesAreNamedNotFatal() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let broken = try fixture.grade("broken")
        #expect(broken.earned == 0 && broken.lessons[0].problems[0].contains("line 2, column 13: expected a value"), "\(broken.lessons[0].problems)")
        let huge = try fixture.grade("huge")
        #expect(huge.earned == 0 && huge.lessons[0].problems[0].contains("more than the 1048576-byte limit"))
        let fake = try fixture.grade("fakefigure")
        #expect(item(fake, "bars").verdict == .wrong && item(fake, "bars").message.contains("is not a PNG file"))
    }

    @Test func linksOutOfTheFolderAreRefused() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let linked = try fixture.grade("linked-student")
        #expect(linked.refused?.contains("symbolic link") == true && linked.earned == 0)
        let linker = try fixture.grade("linker")
        #expect(linker.earned == 0 && linker.lessons[0].problems[0].contains("demo/results.json is a symbolic link: refused"))
        let figures = try fixture.grade("figlinker")
        #expect(item(figures, "bars").verdict == .wrong && item(figures, "bars").message.contains("demo/figures is a symbolic link"))
        let folder = try SubmissionFolder(fixture.submissions.appendingPathComponent("alice"))
        for path in ["../bob/demo/results.json", "/etc/passwd", "demo/./results.json", "demo//results.json"] {
            #expect(throws: GradingError.self) { try folder.read(path, limit: 1000) }
        }
    }

    @Test func theGradebookEscapesWhatStudentsWrote() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let grader = try fixture.grader()
        let (folders, refused, _) = try SubmissionFolder.subfolders(of: fixture.submissions)
        #expect(refused.map(\.name) == ["linked-student"])
        let students = folders.map { grader.grade(student: $0, folder: fixture.submissions.appendingPathComponent($0)) }
        let out = fixture.root.appendingPathComponent("grades")
        try Gradebook.write(students, rubrics: grader.rubrics, to: out, version: "0.0.0")
        let html = try String(contentsOf: out.appendingPathComponent("gradebook.html"), encoding: .utf8)
        #expect(!html.contains("<img") && html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        let csv = try String(contentsOf: out.appendingPathComponent("gradebook.csv"), encoding: .utf8)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0] == "student,demo:acc,demo:loss,demo:R,demo:curve,demo:full,demo:bars,total,possible,percent,problems")
        #expect(lines.contains("alice,2,1,3,1,1,1,9,9,100.0,"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "a formula-looking name is quoted and defused")
        let pages = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("feedback").path)
        #expect(pages.count == folders.count && pages.allSatisfy { !$0.contains("<") && !$0.contains("/") })
        let feedback = try String(contentsOf: out.appendingPathComponent("feedback/bob.html"), encoding: .utf8)
        #expect(feedback.contains("off by 0.1") && feedback.contains("7 of 9 points"))
    }

    @Test func aMatrixItemCanGradeOnlyTheEntriesBelowTheDiagonal() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try fixture.student("upper", "[[0.1, 0.2], [0.9, 0.8]]", "[[0.1, 0.6], [0.9, 0.5]]")
        #expect(item(try fixture.grade("upper"), "R").verdict == .wrong)
        let lower = GradingFixture.rubric.replacingOccurrences(of: #""matrix": "R","#, with: #""matrix": "R", "entries": "row>column","#)
        try fixture.write(lower, "demo.json", in: fixture.rubrics)
        let upper = item(try fixture.grade("upper"), "R")
        #expect(upper.verdict == .matched && upper.message == "within tolerance", "only R[2][1] is graded: \(upper.message)")
    }

    @Test func rubricsAndReferencesThatDisagreeAreRefusedBeforeGrading() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try fixture.write(GradingFixture.rubric.replacingOccurrences(of: "\"scalar\": \"acc\"", with: "\"scalar\": \"nope\""), "demo.json", in: fixture.rubrics)
        #expect { try fixture.grader() } throws: { "\($0)".contains("no scalar \"nope\" in the reference") }
        try fixture.write(GradingFixture.rubric.replacingOccurrences(of: "\"figure\": \"figures/bars.png\"", with: "\"figure\": \"../x.png\""), "demo.json", in: fixture.rubrics)
        #expect { try fixture.grader() } throws: { "\($0)".contains("leaves the submission folder") }
        try fixture.write(GradingFixture.rubric.replacingOccurrences(of: "\"scalar\": \"loss\",", with: ""), "demo.json", in: fixture.rubrics)
        #expect { try fixture.grader() } throws: { "\($0)".contains("needs exactly one of") }
    }
}
