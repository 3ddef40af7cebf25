import FileIO
import Foundation

/// The course's front page, `Output/index.html`: one card per lesson with its first figure as a
/// thumbnail and its headline number, read from each lesson's `card.json`.
public enum CourseIndex {
    /// A lesson as the index lists it, whether or not it has run.
    public struct Entry: Sendable {
        public var id: String, title: String, slide: String
        /// The lesson's number in the course (its place in the lecture).
        public var number: Int
        public var failed: Bool
        public init(id: String, title: String, slide: String, number: Int, failed: Bool = false) {
            (self.id, self.title, self.slide, self.number, self.failed) = (id, title, slide, number, failed)
        }
    }

    /// One slide of the lecture and what reproduces it.
    public struct MapRow: Sendable {
        public var slide: String
        /// The lesson that reproduces it (id and title), if one exists.
        public var lesson: (id: String, title: String)?
        /// What to say when no lesson does: "not yet (lesson `gem`)", "no experiment on this slide".
        public var note: String
        public init(slide: String, lesson: (id: String, title: String)?, note: String) { (self.slide, self.lesson, self.note) = (slide, lesson, note) }
    }

    /// Writes `folder/index.html` (and the shared stylesheet) for `entries`: the course's
    /// introduction (Markdown), a card per lesson, and the map of the lecture.
    @discardableResult
    public static func write(_ entries: [Entry], to folder: URL, version: String, introduction: String = "", lectureMap: [MapRow] = []) throws -> URL {
        try ReportAssets.install(in: folder.appendingPathComponent("assets"))
        let cards = entries.map { card($0, in: folder) }
        var body = introduction.isEmpty ? "" : "<section class=\"prose\">\(markdownToHTML(introduction))</section>\n"
        body += entries.isEmpty ? "<p>No lessons yet.</p>" : "<h2>The lessons, in the order of the lecture</h2>\n<div class=\"cards\">\n\(cards.joined(separator: "\n"))\n</div>"
        if !lectureMap.isEmpty { body += "\n" + mapHTML(lectureMap) }
        let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>LifeLong — the course</title><link rel="stylesheet" href="assets/report.css"></head>
        <body>
        <header>
        <p class="kicker">LifeLong \(htmlEscaped(version))</p>
        <h1>Lifelong learning, one lesson per slide</h1>
        <p class="slide">The results of Hung-yi Lee’s lecture “Life Long Learning” (ML 2021), trained for real on this machine: \(entries.count) lesson\(entries.count == 1 ? "" : "s") so far; the map below says which slides are reproduced.</p>
        </header>
        <main>
        \(body)
        </main>
        </body>
        </html>

        """
        let url = folder.appendingPathComponent("index.html")
        try writeAtomically(page, to: url)
        return url
    }

    static func card(_ entry: Entry, in folder: URL) -> String {
        let cardURL = folder.appendingPathComponent(entry.id).appendingPathComponent("card.json")
        let card = (try? Data(contentsOf: cardURL)).flatMap { try? JSONDecoder().decode(LessonCard.self, from: $0) }
        let id = htmlEscaped(entry.id)
        let image = card?.thumbnail.map { "<img src=\"\(id)/\(htmlEscaped($0))\" alt=\"\">" } ?? "<img alt=\"\">"
        let headline: String
        if entry.failed {
            headline = "<div class=\"headline\">failed<small>what it printed: \(id)/run.log</small></div>"
        } else if let value = card?.headlineValue {
            headline = "<div class=\"headline\">\(htmlEscaped(value))<small>\(htmlEscaped(card?.headlineLabel ?? ""))</small></div>"
        } else {
            headline = "<div class=\"headline\"><small>not run yet</small></div>"
        }
        return "<a class=\"card\(entry.failed ? " failed" : "")\" href=\"\(id)/\(entry.failed ? "run.log" : "index.html")\">\(image)<div class=\"body\"><h3>\(entry.number). \(htmlEscaped(entry.title))</h3>"
            + "<p class=\"slide\">\(htmlEscaped(entry.slide))</p>\(headline)</div></a>"
    }

    /// Every slide of the lecture with the lesson that reproduces it, or why none does.
    static func mapHTML(_ rows: [MapRow]) -> String {
        let body = rows.map { row in
            let cell = row.lesson.map { "<a href=\"\(htmlEscaped($0.id))/index.html\">\(htmlEscaped($0.title))</a>" } ?? "<span class=\"not-yet\">\(inlineMarkdown(row.note))</span>"
            return "<tr><td>\(htmlEscaped(row.slide))</td><td class=\"lesson\">\(cell)</td></tr>"
        }.joined()
        return "<section class=\"table lecture-map\"><h2 id=\"map\">Map of the lecture</h2><div class=\"scroll\"><table><thead><tr><th>slide</th><th>reproduced by</th></tr></thead><tbody>\(body)</tbody></table></div></section>"
    }
}
