import Foundation

/// One bAbI question with everything needed to answer it: the statements of its story before it
/// (its context), the answer as written (a list answer is one string, `n,w` or `apple,milk`) and
/// which statements support it.
public struct BabIQuestion: Equatable, Sendable {
    /// The story's statements before the question, in order, as written (with their full stop).
    public var context: [String]
    /// The question as written, without the space the released files put before the tab.
    public var question: String
    public var answer: String
    /// Indices into `context` of the supporting statements, in the order the file gives them.
    public var supporting: [Int]

    public init(context: [String], question: String, answer: String, supporting: [Int]) {
        (self.context, self.question, self.answer, self.supporting) = (context, question, answer, supporting)
    }
}

/// The released text format of the bAbI tasks (Weston et al. 2015), read and written:
///
///     1 Mary moved to the bathroom.
///     2 John went to the hallway.
///     3 Where is Mary? <TAB>bathroom<TAB>1
///     1 Sandra travelled to the office.        ← ids restart at 1: a new story
///
/// A statement is `ID text`; a question is `ID question<TAB>answer<TAB>supporting ids`. Ids count
/// up from 1 within a story; a question's context is every statement of its story before it.
public enum BabIText {
    /// Every question of a file's text. `file` names the file in errors.
    /// - Throws: `DataFileError` whose path is `file:line`, saying what was expected there: a
    ///   line that is not `ID text`, an id that does not follow, a question without its tabs or
    ///   with an empty answer, a supporting id that points nowhere or to a question, a byte that
    ///   is not UTF-8.
    public static func parse(_ data: Data, file: String) throws -> [BabIQuestion] {
        var questions: [BabIQuestion] = []
        var story: [(statement: String?, contextIndex: Int)] = []   // line id − 1 → statement (nil: a question)
        var statements: [String] = []
        var lineNumber = 0
        guard let text = String(data: data, encoding: .utf8) else { throw notUTF8(data, file: file) }
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {   // "\r\n" is one Character
            lineNumber += 1
            func problem(_ text: String) -> DataFileError { DataFileError(path: "\(file):\(lineNumber)", problem: text) }
            var line = String(rawLine)
            if line.hasSuffix("\r") { line.removeLast() }
            if line.isEmpty { continue }
            guard let space = line.firstIndex(of: " "), let id = Int(line[..<space]), id >= 1 else {
                throw problem("expected `ID text` (a line number, a space, then the text), found \"\(line.prefix(40))\"")
            }
            if id == 1 { (story, statements) = ([], []) }
            guard id == story.count + 1 else {
                throw problem("id \(id) does not follow \(story.count) (expected \(story.count + 1), or 1 to start a new story)")
            }
            let text = String(line[line.index(after: space)...])
            if !text.utf8.contains(9) {                                  // no tab: a statement
                if trimmed(text).hasSuffix("?") {
                    throw problem("a question without its answer: expected `question<TAB>answer<TAB>supporting ids`")
                }
                story.append((text, statements.count))
                statements.append(text)
                continue
            }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 3 else {
                throw problem("a question has \(fields.count - 1) tab\(fields.count == 2 ? "" : "s"); expected `question<TAB>answer<TAB>supporting ids` (two tabs)")
            }
            let answer = trimmed(fields[1])
            guard !answer.isEmpty else { throw problem("the answer (after the first tab) is empty") }
            let supports = try fields[2].split(separator: " ").map { token -> Int in
                guard let s = Int(token) else { throw problem("supporting id \"\(token)\" is not a number") }
                guard s >= 1 && s < id else { throw problem("supporting id \(s) points nowhere (this story has lines 1…\(id - 1) before the question)") }
                guard story[s - 1].statement != nil else { throw problem("supporting id \(s) points to a question, not a statement") }
                return story[s - 1].contextIndex
            }
            guard !supports.isEmpty else { throw problem("no supporting ids after the second tab; expected at least one") }
            questions.append(BabIQuestion(context: statements, question: trimmed(fields[0]), answer: answer, supporting: supports))
            story.append((nil, statements.count))
        }
        return questions
    }

    /// `text` without spaces at either end (the released files put one before the tab).
    static func trimmed(_ text: String) -> String {
        var bytes = Substring(text).utf8[...]
        while bytes.first == 32 { bytes = bytes.dropFirst() }
        while bytes.last == 32 { bytes = bytes.dropLast() }
        return String(Substring(bytes))
    }

    /// The first line of `data` that is not UTF-8, named with the offending byte and its column.
    static func notUTF8(_ data: Data, file: String) -> DataFileError {
        for (n, rawLine) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let bytes = Array(rawLine)
            guard String(bytes: bytes, encoding: .utf8) == nil else { continue }
            let column = firstInvalidUTF8(bytes)
            return DataFileError(path: "\(file):\(n + 1)", problem: "is not UTF-8 text (byte 0x\(String(bytes[column], radix: 16)) at column \(column + 1))")
        }
        return DataFileError(path: file, problem: "is not UTF-8 text")
    }

    /// The index of the first byte that breaks UTF-8 in `bytes`.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
        var parser = Unicode.UTF8.ForwardParser(), iterator = bytes.makeIterator(), offset = 0
        while case .valid(let scalar) = parser.parseScalar(from: &iterator) { offset += scalar.count }
        return min(offset, max(bytes.count - 1, 0))
    }
}

/// A story to write in the released format: its lines in order, each a statement or a question.
public struct BabIStory: Equatable, Sendable {
    public enum Line: Equatable, Sendable {
        case statement(String)
        /// A question, its answer, and the supporting statements as line numbers (1-based).
        case question(String, answer: String, supporting: [Int])
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// The story in the released text format, one line each, ids from 1 (questions end in `?` followed by a tab).
    public var text: String {
        lines.enumerated().map { n, line in
            switch line {
            case .statement(let s): "\(n + 1) \(s)"
            case .question(let q, let answer, let supporting): "\(n + 1) \(q)\t\(answer)\t\(supporting.map(String.init).joined(separator: " "))"
            }
        }.joined(separator: "\n") + "\n"
    }

    /// The number of questions in the story.
    public var questionCount: Int { lines.filter { if case .question = $0 { true } else { false } }.count }
}
