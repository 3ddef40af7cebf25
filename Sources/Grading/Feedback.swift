/// What the grader found for one rubric item.
public struct ItemResult: Sendable {
    public enum Verdict: String, Sendable { case matched, wrong, missing }

    public var lesson: String, id: String, label: String
    public var points: Double, earned: Double
    public var verdict: Verdict
    /// The submitted value, the reference value, how far apart and how far is allowed (as text).
    public var yours = "—", reference = "—", difference = "—", allowed = "—"
    /// One sentence: why it matched or what is wrong.
    public var message: String

    public var column: String { "\(lesson):\(id)" }

    init(_ item: Rubric.Item, lesson: String, verdict: Verdict, message: String) {
        (self.lesson, id, label, points) = (lesson, item.id, item.label, item.points)
        (self.verdict, self.message, earned) = (verdict, message, verdict == .matched ? item.points : 0)
    }
}

/// One lesson of one submission.
public struct LessonFeedback: Sendable {
    public var lesson: String
    public var items: [ItemResult]
    /// Where the file breaks the published format (JSON pointer: problem), or why it could not be read.
    public var problems: [String] = []
    /// Things worth knowing that cost no points (a different data set, a quick run).
    public var notes: [String] = []

    public var earned: Double { items.map(\.earned).reduce(0, +) }
    public var possible: Double { items.map(\.points).reduce(0, +) }
}

/// One student: every lesson of the rubrics, or why the folder was refused as a whole.
public struct StudentFeedback: Sendable {
    public var student: String
    public var lessons: [LessonFeedback]
    public var refused: String?

    public var items: [ItemResult] { lessons.flatMap(\.items) }
    /// Refused, or a file handed in that could not be read or breaks the format (a lesson not
    /// handed in at all is not a problem, just no points).
    public var hasProblems: Bool {
        refused != nil || lessons.contains { $0.problems.contains { !$0.hasSuffix("results.json is missing") } }
    }
    public var earned: Double { lessons.map(\.earned).reduce(0, +) }
    public var possible: Double { lessons.map(\.possible).reduce(0, +) }
}

/// 0.80912 → "0.8091"; big and tiny numbers in exponent form.
public func formatValue(_ x: Double) -> String {
    if x.isNaN { return "NaN" }
    if x.isInfinite { return x > 0 ? "Infinity" : "-Infinity" }
    if x == 0 { return "0" }
    if abs(x) >= 1e5 || abs(x) < 1e-3 { return String(format: "%.3e", x) }
    var text = String(format: "%.4f", x)
    while text.hasSuffix("0") { text.removeLast() }
    if text.hasSuffix(".") { text.removeLast() }
    return text
}

extension StudentFeedback {
    /// The feedback as plain text for a terminal: a line per item, ✓ or ✗, with the reason.
    public var text: String {
        var lines: [String] = []
        if let refused { lines.append("refused: \(refused)") }
        for lesson in lessons {
            lines.append("\(lesson.lesson): \(formatValue(lesson.earned)) / \(formatValue(lesson.possible)) points")
            lines += lesson.problems.map { "  ! \($0)" } + lesson.notes.map { "  note: \($0)" }
            for item in lesson.items {
                let mark = item.verdict == .matched ? "✓" : "✗"
                let values = item.verdict == .matched || item.reference == "—" ? "" : " [yours \(item.yours), reference \(item.reference)]"
                lines.append("  \(mark) \(item.label) (\(formatValue(item.earned))/\(formatValue(item.points))): \(item.message)\(values)")
            }
        }
        lines.append("total: \(formatValue(earned)) / \(formatValue(possible)) points")
        return lines.joined(separator: "\n")
    }
}

/// `text` safe to print on a terminal: control characters from a submission (ESC, BEL, a lone CR,
/// DEL, C1 controls) become visible escapes such as `\x1b`, so they can neither move the cursor,
/// ring the bell nor rewrite what was printed before. Newlines between lines of our own are kept.
public func terminalSafe(_ text: String) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
        let v = scalar.value
        if v == 0x0A { out += "\n" } else if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
            out += String(format: "\\x%02x", v)
        } else { out.unicodeScalars.append(scalar) }
    }
    return out
}
