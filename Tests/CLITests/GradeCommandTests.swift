import Foundation
import Testing

@Suite("lifelong grade and check")
struct GradeCommandTests {
    /// A class of three: one who ran two lessons for real, one whose folder is a link, one whose
    /// results file is not JSON. Graded against the committed quick references.
    @Test func gradesAClassAndWritesTheGradebook() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("lifelong-class-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let submissions = root.appendingPathComponent("submissions"), out = root.appendingPathComponent("grades")
        let alice = submissions.appendingPathComponent("alice")
        let run = try runLifelong(["course", "--quick", "--no-build", "--data", "builtin", "--only", "evaluation", "error-surface", "--out", alice.path])
        #expect(run.status == 0, "\(run.output)")
        try FileManager.default.createSymbolicLink(at: submissions.appendingPathComponent("bob"), withDestinationURL: alice)
        let carol = submissions.appendingPathComponent("carol/evaluation")
        try FileManager.default.createDirectory(at: carol, withIntermediateDirectories: true)
        try Data("{\"scalars\": {\"naive.ACC\": 0.5,}}".utf8).write(to: carol.appendingPathComponent("results.json"))

        let reference = repository.appendingPathComponent("Assets/Reference/quick").path
        let (status, output) = try runLifelong(["grade", "--reference", reference, "--submissions", submissions.path, "--out", out.path])
        #expect(status == 2 && output.contains("2 submissions have problems (exit status 2)"), "\(output)")
        #expect(output.contains("bob: a symbolic link, not a folder: refused"))
        let csv = try String(contentsOf: out.appendingPathComponent("gradebook.csv"), encoding: .utf8).components(separatedBy: "\r\n")
        let header = csv[0].components(separatedBy: ",")
        let row = { (name: String) in csv.first { $0.hasPrefix(name + ",") }!.components(separatedBy: ",") }
        let column = { (name: String) in header.firstIndex(of: name)! }
        #expect(row("alice")[column("evaluation:R-naive")] == "3" && row("alice")[column("error-surface:fig-surfaces")] == "1")
        #expect(row("alice")[column("forgetting:t1-after-t2")] == "0", "a lesson not handed in scores nothing")
        #expect(row("bob")[column("total")] == "0" && row("carol")[column("total")] == "0")
        let feedback = try String(contentsOf: out.appendingPathComponent("feedback/carol.html"), encoding: .utf8)
        #expect(feedback.contains("line 1, column 31: expected a key in double quotes"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("gradebook.html").path))

        let check = try runLifelong(["check", "--submission", alice.path, "--reference", reference])
        #expect(check.status == 1 && check.output.contains("✓ R for naive fine-tuning") && check.output.contains("evaluation: 14 / 14 points"))
        #expect(check.output.contains("forgetting: 0 / 15 points") && check.output.contains("forgetting/results.json is missing"))
    }

    @Test func checkingAFolderThatIsNotThereIsAClearError() throws {
        let (status, output) = try runLifelong(["check", "--submission", "/nonexistent-submission"])
        #expect(status == 1 && output.contains("refused: /nonexistent-submission does not exist"))
        #expect(!output.contains("Fatal error"))
        let grade = try runLifelong(["grade", "--submissions", "/nonexistent-class", "--out", "/tmp/x"])
        #expect(grade.status != 0 && grade.output.contains("/nonexistent-class is not a folder"))
    }
}
