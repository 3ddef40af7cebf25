import Foundation
import Grading
import Testing

@Suite("JSON reader and schema checker")
struct JSONTests {
    @Test func readsEveryKindOfValue() throws {
        let text = #"{"a": [1, -2.5e3, 0.125], "b": {"c": "x\"y\u00e9\n"}, "d": true, "e": false, "f": null}"#
        let value = try JSONValue.parse(Data(text.utf8))
        #expect(value["a"] == .array([.number(1), .number(-2500), .number(0.125)]))
        #expect(value["b"]?["c"] == .string("x\"yé\n"))
        #expect(value["d"] == .bool(true) && value["e"] == .bool(false) && value["f"] == .null)
    }

    @Test func readsPythonsNonFiniteNumbersSoTheyCanBeCalledWrong() throws {
        let value = try JSONValue.parse(Data(#"[NaN, Infinity, -Infinity]"#.utf8))
        guard case .array(let items) = value else { Issue.record("not an array"); return }
        #expect(items.map(\.kindName) == ["NaN", "Infinity", "-Infinity"])
    }

    @Test(arguments: [
        ("{\"a\": 1,\n \"b\": }", 2, "expected a value"),
        ("{\"a\": 1 \"b\": 2}", 1, "expected ',' or '}'"),
        ("[1, 2", 1, "expected ',' or ']'"),
        ("{\"a\": 01}", 1, "is not a JSON number"),
        ("{\"a\": \"open", 1, "not closed"),
        ("{\"a\": 1, \"a\": 2}", 1, "appears twice"),
        ("[1] [2]", 1, "end of the file"),
        ("", 1, "found the end of the file"),
        ("{'a': 1}", 1, "double quotes"),
        (String(repeating: "[", count: 100), 1, "nested more than"),
    ])
    func syntaxErrorsNameTheLineAndWhatWasExpected(text: String, line: Int, message: String) {
        #expect {
            _ = try JSONValue.parse(Data(text.utf8))
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == line && error.description.contains(message) && error.description.hasPrefix("line \(line), column ")
        }
    }

    static let schemaURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Assets/Schema/results.schema.json")

    static func schema() throws -> JSONSchema { try JSONSchema(Data(contentsOf: schemaURL), name: "results.schema.json") }

    static let valid = """
    {"schema": "lifelong-results/1", "lesson": "evaluation", "packageVersion": "0.1.0", "seeds": [1, 2, 3],
     "settings": {"quick": "no"}, "dataset": {"name": "MNIST", "source": "x", "checksum": "sha256 …", "size": 70000},
     "scalars": {"naive.ACC": 0.79}, "matrices": {"naive.R": [[0.1, 0.2], [0.9, 0.8]]},
     "curves": {"seq.task1": {"x": [0, 500], "y": [0.1, 0.9]}}, "figures": ["figures/R.png"]}
    """

    @Test func aWellFormedFileHasNoProblems() throws {
        #expect(try Self.schema().problems(in: JSONValue.parse(Data(Self.valid.utf8))) == [])
    }

    @Test(arguments: [
        (#""naive.ACC": 0.79"#, #""naive.ACC": NaN"#, "/scalars/naive.ACC: expected a number, found NaN"),
        (#""naive.ACC": 0.79"#, #""naive.ACC": "0.79""#, "/scalars/naive.ACC: expected a number, found a string"),
        (#""seeds": [1, 2, 3]"#, #""seeds": [1.5]"#, "/seeds/0: expected an integer, found 1.5"),
        (#""seeds": [1, 2, 3]"#, #""seeds": []"#, "/seeds: needs at least 1 item, found 0"),
        (#""schema": "lifelong-results/1""#, #""schema": "lifelong-results/2""#, #"/schema: must be "lifelong-results/1""#),
        (#""figures": ["figures/R.png"]"#, #""figures": ["figures/../../etc/passwd"]"#, "does not match the pattern"),
        (#""figures": ["figures/R.png"]"#, #""figures": ["/etc/passwd"]"#, "does not match the pattern"),
        (#""lesson": "evaluation", "#, "", #"/: the key "lesson" is missing"#),
        (#""matrices": {"naive.R": [[0.1, 0.2], [0.9, 0.8]]}"#, #""matrices": {"naive.R": [0.1, 0.2]}"#, "/matrices/naive.R/0: expected an array"),
        (#""curves": {"seq.task1": {"x": [0, 500], "y": [0.1, 0.9]}}"#, #""curves": {"seq.task1": {"x": [0, 500]}}"#, #"the key "y" is missing"#),
        (#""size": 70000"#, #""size": 70000, "extra": 1"#, "/dataset/extra: unknown key"),
        (#""scalars": {"naive.ACC": 0.79}"#, #""scalars": {"a/b": Infinity}"#, "/scalars/a~1b: expected a number, found Infinity"),
    ])
    func everyBreakIsNamedByItsPointer(original: String, replacement: String, message: String) throws {
        let text = Self.valid.replacingOccurrences(of: original, with: replacement)
        #expect(text != Self.valid)
        let problems = try Self.schema().problems(in: JSONValue.parse(Data(text.utf8)))
        #expect(problems.contains { $0.contains(message) }, "\(problems)")
    }

    @Test func aSchemaWithAKeywordTheCheckerDoesNotEnforceIsRefused() {
        #expect(throws: GradingError.self) { try JSONSchema(Data(#"{"type": "object", "maxProperties": 2}"#.utf8), name: "s.json") }
    }
}
