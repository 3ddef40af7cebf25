import CSV
import FileIO
import Foundation
import Report

/// The grader's outputs: `gradebook.csv`, `gradebook.html` and `feedback/<student>.html`.
/// Every string that came from a submission is escaped (HTML) or quoted (CSV) before it is written.
public enum Gradebook {
    /// Writes all three, each through a temporary file and a rename; returns the HTML gradebook.
    @discardableResult
    public static func write(_ students: [StudentFeedback], rubrics: [Rubric], to folder: URL, version: String) throws -> URL {
        let pages = feedbackFileNames(students.map(\.student))
        try writeAtomically(try csv(students, rubrics: rubrics), to: folder.appendingPathComponent("gradebook.csv"))
        for (student, page) in zip(students, pages) {
            try writeAtomically(feedbackPage(student, version: version), to: folder.appendingPathComponent("feedback").appendingPathComponent(page))
        }
        let url = folder.appendingPathComponent("gradebook.html")
        try writeAtomically(html(students, rubrics: rubrics, pages: pages, version: version), to: url)
        return url
    }

    /// One row per student, a column per rubric item (`lesson:item`), then total, possible and percent.
    public static func csv(_ students: [StudentFeedback], rubrics: [Rubric]) throws -> String {
        let columns = rubrics.flatMap { rubric in rubric.items.map { "\(rubric.lesson):\($0.id)" } }
        var rows = [["student"] + columns + ["total", "possible", "percent", "problems"]]
        for student in students {
            let earned = Dictionary(student.items.map { ($0.column, $0.earned) }, uniquingKeysWith: { a, _ in a })
            let problems = ([student.refused].compactMap { $0 } + student.lessons.flatMap(\.problems)).joined(separator: "; ")
            rows.append([student.student] + columns.map { earned[$0].map(formatValue) ?? "" }
                        + [formatValue(student.earned), formatValue(student.possible), percent(student), problems])
        }
        return try csvText(rows)
    }

    /// RFC 4180 text, CRLF line ends: quoting is yaslab/CSV.swift's (by construction, a lone CR or LF
    /// included); on top, `defused` keeps a spreadsheet from running a cell as a formula.
    public static func csvText(_ rows: [[String]]) throws -> String {
        let writer = try CSVWriter(stream: .toMemory(), newline: .crlf)
        for row in rows { try writer.write(row: row.map(defused)) }
        writer.stream.close()
        let data = writer.stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data ?? Data()
        return String(decoding: data, as: UTF8.self) + "\r\n"
    }

    /// A leading `'` on text a spreadsheet would run as a formula (starting with = + - @ TAB CR LF),
    /// checked by code point (in Swift "\r\n" is one Character).
    public static func defused(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r\n".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// File names for the feedback pages: the student's name made safe, and unique.
    public static func feedbackFileNames(_ students: [String]) -> [String] {
        var used: Set<String> = []
        return students.map { name in
            var base = String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) ? $0 : "_" }.prefix(80))
            if base.isEmpty { base = "student" }
            var candidate = base, n = 1
            while !used.insert(candidate.lowercased()).inserted { n += 1; candidate = "\(base)-\(n)" }
            return candidate + ".html"
        }
    }

    static func percent(_ student: StudentFeedback) -> String {
        student.possible > 0 ? String(format: "%.1f", 100 * student.earned / student.possible) : "0"
    }

    static func html(_ students: [StudentFeedback], rubrics: [Rubric], pages: [String], version: String) -> String {
        let items = rubrics.flatMap { rubric in rubric.items.map { (rubric.lesson, $0) } }
        let lessons = rubrics.map { "<th colspan=\"\($0.items.count)\" class=\"lesson\">\(htmlEscaped($0.lesson))</th>" }.joined()
        let ids = items.map { "<th title=\"\(htmlEscaped($0.1.label))\">\(htmlEscaped($0.1.id))</th>" }.joined()
        let rows = zip(students, pages).map { student, page in
            let byColumn = Dictionary(student.items.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
            let cells = items.map { lesson, item -> String in
                guard let result = byColumn["\(lesson):\(item.id)"] else { return "<td></td>" }
                return "<td class=\"num \(result.verdict.rawValue)\" title=\"\(htmlEscaped(result.message))\">\(formatValue(result.earned))</td>"
            }.joined()
            let flag = student.hasProblems ? " <span class=\"flag\">problems</span>" : ""
            return "<tr><th><a href=\"feedback/\(htmlEscaped(page))\">\(htmlEscaped(student.student))</a>\(flag)</th>"
                + "<td class=\"num total\">\(formatValue(student.earned)) / \(formatValue(student.possible))</td><td class=\"num total\">\(percent(student))%</td>\(cells)</tr>"
        }.joined(separator: "\n")
        return page(title: "Gradebook", version: version, body: """
            <p>\(students.count) submission\(students.count == 1 ? "" : "s"), \(items.count) rubric items from \(rubrics.count) lesson\(rubrics.count == 1 ? "" : "s"). \
            Green: matched; orange: wrong; grey: missing. Hover over a cell for the reason; click a name for the feedback page. \
            Also as <a href="gradebook.csv">gradebook.csv</a>.</p>
            <div class="scroll"><table class="gradebook"><thead><tr><th rowspan="2">student</th><th rowspan="2">total</th><th rowspan="2">%</th>\(lessons)</tr>
            <tr>\(ids)</tr></thead>
            <tbody>
            \(rows)
            </tbody></table></div>
            """)
    }

    /// What matched, what did not, and by how much, lesson by lesson.
    public static func feedbackPage(_ student: StudentFeedback, version: String) -> String {
        var body = "<p class=\"total\">\(formatValue(student.earned)) of \(formatValue(student.possible)) points (\(percent(student))%)</p>"
        if let refused = student.refused { body += "<p class=\"problem\">\(htmlEscaped(refused))</p>" }
        for lesson in student.lessons {
            body += "<h2>\(htmlEscaped(lesson.lesson)) <small>\(formatValue(lesson.earned)) / \(formatValue(lesson.possible))</small></h2>"
            body += lesson.problems.map { "<p class=\"problem\">\(htmlEscaped($0))</p>" }.joined()
            body += lesson.notes.map { "<p class=\"note\">Note: \(htmlEscaped($0))</p>" }.joined()
            let rows = lesson.items.map { item in
                "<tr class=\"\(item.verdict.rawValue)\"><td>\(htmlEscaped(item.label))</td><td>\(item.verdict.rawValue)</td>"
                    + [item.yours, item.reference, item.difference, item.allowed].map { "<td class=\"num\">\(htmlEscaped($0))</td>" }.joined()
                    + "<td class=\"num\">\(formatValue(item.earned)) / \(formatValue(item.points))</td><td>\(htmlEscaped(item.message))</td></tr>"
            }.joined(separator: "\n")
            body += "<table><thead><tr><th>item</th><th>verdict</th><th>yours</th><th>reference</th><th>difference</th><th>allowed</th><th>points</th><th>why</th></tr></thead><tbody>\n\(rows)\n</tbody></table>"
        }
        return page(title: "Feedback: \(student.student)", version: version, body: body, up: "../gradebook.html")
    }

    static func page(title: String, version: String, body: String, up: String? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscaped(title)) — LifeLong</title>
        <style>
        body { margin: 0 auto; max-width: 1200px; padding: 24px 28px; font: 16px/1.5 "DejaVu Sans", Arial, sans-serif; color: #1a1a1a; }
        h1 { font-size: 30px; margin: 4px 0 12px; } h2 { font-size: 22px; margin: 28px 0 8px; } h2 small { color: #5a5a5a; font-weight: normal; }
        .kicker { color: #5a5a5a; margin: 0; } .kicker a, a { color: #0072B2; }
        .scroll { overflow-x: auto; } table { border-collapse: collapse; font-size: 14px; }
        th, td { border-bottom: 1px solid #e3e3e3; padding: 5px 8px; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #1a1a1a; font-size: 12px; } td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.matched, tr.matched td:nth-child(2) { color: #006b4f; } td.wrong, tr.wrong td:nth-child(2) { color: #b34700; font-weight: bold; }
        td.missing, tr.missing td:nth-child(2) { color: #8a8a8a; } td.total { font-weight: bold; }
        th.lesson { text-align: center; border-left: 2px solid #e3e3e3; } table.gradebook thead th { white-space: nowrap; }
        .problem { background: #fdf0e8; border-left: 4px solid #D55E00; padding: 6px 10px; } .note { background: #eef5fb; border-left: 4px solid #0072B2; padding: 6px 10px; }
        .flag { font-size: 11px; color: #fff; background: #D55E00; border-radius: 3px; padding: 1px 5px; } p.total { font-size: 22px; font-weight: bold; }
        </style></head>
        <body>
        <p class="kicker">\(up.map { "<a href=\"\($0)\">Gradebook</a> · " } ?? "")LifeLong \(htmlEscaped(version))</p>
        <h1>\(htmlEscaped(title))</h1>
        \(body)
        </body>
        </html>

        """
    }
}
