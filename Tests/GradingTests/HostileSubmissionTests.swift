import Foundation
import Grading
import Testing

/// Submissions built to break the grader or the terminal: each is refused or escaped, never read
/// through a link, never echoed raw.
@Suite("Hostile submissions")
struct HostileSubmissionTests {
    /// In Swift "\r\n" is one Character: quoting must look at code points, or a lone CR or LF
    /// splits a row and "\r=1+1" becomes a live formula.
    @Test func csvQuotesLoneLineBreaksAndDefusesFormulas() throws {
        func line(_ field: String) throws -> String { String(try Gradebook.csvText([[field, "x"]]).unicodeScalars.dropLast(2)) }   // less the CR LF
        #expect(try line("a\rb") == "\"a\rb\",x" && line("a\nb") == "\"a\nb\",x" && line("a\r\nb") == "\"a\r\nb\",x")
        #expect(try line("\r=1+1") == "\"'\r=1+1\",x" && line("\n@SUM(A1)") == "\"'\n@SUM(A1)\",x")
        #expect(try line("=1+1") == "'=1+1,x" && line("plain") == "plain,x" && line("a,b") == "\"a,b\",x" && line("say \"hi\"") == "\"say \"\"hi\"\"\",x")
        #expect(try Gradebook.csvText([["a", "b"], ["c", "d"]]) == "a,b\r\nc,d\r\n")
    }

    /// A results.json hard-linked to a file outside the class is refused, and nothing of it is shown.
    @Test func aHardLinkedFileIsRefused() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        let secret = fixture.root.appendingPathComponent("secret.txt")
        try Data("TOP-SECRET-LINE\n".utf8).write(to: secret)
        let folder = fixture.submissions.appendingPathComponent("mallory/demo")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.linkItem(at: secret, to: folder.appendingPathComponent("results.json"))
        let feedback = try fixture.grade("mallory")
        #expect(feedback.earned == 0 && feedback.lessons[0].problems.contains { $0.contains("2 hard links: refused") }, "\(feedback.text)")
        #expect(!feedback.text.contains("TOP-SECRET"))
    }

    /// A broken results.json is described by line, column and the offending byte's value, never by its text.
    @Test func brokenJSONIsNotEchoed() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try fixture.write("root:x:0:0:root:/root:/bin/bash\n", "demo/results.json", in: fixture.submissions.appendingPathComponent("eve"))
        let text = try fixture.grade("eve").text
        #expect(text.contains("line 1, column 1: expected a value") && text.contains("found 'r'") && !text.contains("root:x"), "\(text)")
    }

    @Test func controlCharactersAreEscapedForTheTerminal() {
        #expect(terminalSafe("evil\u{1B}[2J\u{07}name\rX") == "evil\\x1b[2J\\x07name\\x0dX")
        #expect(terminalSafe("two\nlines") == "two\nlines" && terminalSafe("\u{9B}31m") == "\\x9b31m" && terminalSafe("θ é ✓") == "θ é ✓")
    }

    /// Non-finite rubric points are an error before anyone is graded.
    @Test func rubricPointsMustBeFinite() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        for points in ["1e400", "NaN", "-1"] {
            try fixture.write(GradingFixture.rubric.replacingOccurrences(of: "\"points\": 2}", with: "\"points\": \(points)}"), "demo.json", in: fixture.rubrics)
            #expect(throws: GradingError.self) { try fixture.grader() }
        }
    }

    /// What `subfolders` does not grade it names, with the reason.
    @Test func skippedEntriesAreListedWithTheirReason() throws {
        let fixture = GradingFixture()
        try fixture.make()
        defer { try? FileManager.default.removeItem(at: fixture.root) }
        try Data("notes".utf8).write(to: fixture.submissions.appendingPathComponent("README.txt"))
        try FileManager.default.createDirectory(at: fixture.submissions.appendingPathComponent(".hidden"), withIntermediateDirectories: true)
        #expect(mkfifo(fixture.submissions.appendingPathComponent("pipe").path, 0o644) == 0)
        let (_, _, skipped) = try SubmissionFolder.subfolders(of: fixture.submissions)
        let reasons = Dictionary(uniqueKeysWithValues: skipped.map { ($0.name, $0.reason) })
        #expect(reasons["README.txt"]?.contains("a file") == true && reasons[".hidden"]?.contains("hidden") == true
                && reasons["pipe"]?.contains("pipe") == true, "\(reasons)")
    }
}
