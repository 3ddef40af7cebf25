import FileIO
import Foundation

/// The course's front page, `Output/index.html`: one card per lesson with its first figure as a
/// thumbnail and its headline number, read from each lesson's `card.json`.
public enum CourseIndex {
    /// A lesson as the index lists it, whether or not it has run.
    public struct Entry: Sendable {
        public var id: String, title: String, slide: String
        public var failed: Bool
        public init(id: String, title: String, slide: String, failed: Bool = false) { (self.id, self.title, self.slide, self.failed) = (id, title, slide, failed) }
    }

    /// Writes `folder/index.html` (and the shared stylesheet) for `entries`.
    @discardableResult
    public static func write(_ entries: [Entry], to folder: URL, version: String) throws -> URL {
        try ReportAssets.install(in: folder.appendingPathComponent("assets"))
        let cards = entries.map { card($0, in: folder) }
        let body = entries.isEmpty ? "<p>No lessons yet.</p>" : "<div class=\"cards\">\n\(cards.joined(separator: "\n"))\n</div>"
        let page = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>LifeLong — the course</title><link rel="stylesheet" href="assets/report.css"></head>
        <body>
        <header>
        <p class="kicker">LifeLong \(htmlEscaped(version))</p>
        <h1>Lifelong learning, one lesson per slide</h1>
        <p class="slide">Every result of Hung-yi Lee’s lecture “Life Long Learning” (ML 2021), trained for real on this machine.</p>
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
        return "<a class=\"card\(entry.failed ? " failed" : "")\" href=\"\(id)/\(entry.failed ? "run.log" : "index.html")\">\(image)<div class=\"body\"><h3>\(htmlEscaped(entry.title))</h3>"
            + "<p class=\"slide\">\(htmlEscaped(entry.slide))</p>\(headline)</div></a>"
    }
}
