import Foundation

/// `text` safe to place in HTML text or a quoted attribute.
public func htmlEscaped(_ text: String) -> String {
    var out = ""
    out.reserveCapacity(text.count)
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.append(c)
        }
    }
    return out
}

/// A plain page linking every lesson's report, `Output/index.html`. (The figures-and-reports issue
/// replaces it with thumbnails and headline numbers.)
public func courseIndexHTML(_ lessons: [LessonInfo], failed: Set<String> = []) -> String {
    let items = lessons.map { lesson in
        let status = failed.contains(lesson.id) ? " — <strong>failed</strong>" : ""
        return "<li><a href=\"\(htmlEscaped(lesson.id))/index.html\">\(htmlEscaped(lesson.title))</a> "
            + "<small>(slide: \(htmlEscaped(lesson.slide)))</small>\(status)</li>"
    }
    let body = lessons.isEmpty ? "<p>No lessons yet.</p>" : "<ol>\n\(items.joined(separator: "\n"))\n</ol>"
    return """
    <!DOCTYPE html>
    <html lang="en"><head><meta charset="utf-8"><title>LifeLong — the course</title></head>
    <body>
    <h1>LifeLong — lifelong learning, one lesson per slide</h1>
    <p>After Hung-yi Lee, “Life Long Learning”, ML 2021. Package version \(htmlEscaped(LifeLong.version)).</p>
    \(body)
    </body></html>

    """
}
