import FileIO
import Foundation
import Plot
import PlotCairo

/// A lesson's report: reads like a notebook. The title and the slide it reproduces, what the
/// student will learn, then cells in order, then how to reproduce it.
public struct Report {
    public var lessonID: String
    public var title: String
    /// The lecture slide(s) reproduced, e.g. "Example (3 layers, 50 neurons each)".
    public var slide: String
    /// One line each: what the student takes away.
    public var learn: [String]
    public var cells: [Cell] = []
    public var footer: Reproducibility
    /// The number the course index shows for this lesson, e.g. ("Task 1 after Task 2", "80.4%").
    public var headline: (label: String, value: String)?
    /// The figure whose PNG the course index shows (default: the first).
    public var thumbnailFigure: String?
    /// Where the lesson sits in the course: its number and its neighbours (links in the header and
    /// at the end of the page; the index is always linked).
    public var navigation: Navigation?

    public init(lessonID: String, title: String, slide: String, learn: [String], footer: Reproducibility) {
        (self.lessonID, self.title, self.slide, self.learn, self.footer) = (lessonID, title, slide, learn, footer)
    }

    /// One cell of the notebook.
    public enum Cell {
        /// Prose in the Markdown subset of `markdownToHTML`.
        case markdown(String)
        /// A displayed formula with an optional explanation below it.
        case formula(MathNode, note: String?)
        /// A figure, written as PNG (1× and 2×), PDF and SVG; the page shows the PNG and links the rest.
        case figure(name: String, Figure, caption: String)
        case table(Table)
        case metrics([Metric])
        /// "Try it": changes to run, each with what to expect, and questions to check understanding.
        case exercises(Exercises)
    }

    public mutating func add(_ cell: Cell) { cells.append(cell) }
}

/// A table of strings; numeric-looking cells are right-aligned.
public struct Table {
    public var caption: String?
    public var headers: [String]
    public var rows: [[String]]
    public init(caption: String? = nil, headers: [String], rows: [[String]]) { (self.caption, self.headers, self.rows) = (caption, headers, rows) }
}

/// A lesson's place in the course.
public struct Navigation: Sendable, Equatable {
    /// 1 for the first lesson of the course.
    public var number: Int, count: Int
    public var previous: (id: String, title: String)?, next: (id: String, title: String)?
    public init(number: Int, count: Int, previous: (id: String, title: String)?, next: (id: String, title: String)?) {
        (self.number, self.count, self.previous, self.next) = (number, count, previous, next)
    }
    public static func == (a: Navigation, b: Navigation) -> Bool {
        (a.number, a.count, a.previous?.id, a.next?.id) == (b.number, b.count, b.previous?.id, b.next?.id)
    }
}

/// A lesson's exercises, in the style of d2l.ai: concrete changes to run, and questions.
public struct Exercises: Sendable {
    /// One change: the command to run (from the package folder) and what the student should see, and why.
    public struct Try: Sendable {
        public var command: String, expect: String
        public init(_ command: String, expect: String) { (self.command, self.expect) = (command, expect) }
    }
    public var tries: [Try]
    public var questions: [String]
    public init(tries: [Try], questions: [String]) { (self.tries, self.questions) = (tries, questions) }
}

/// A headline number in a card.
public struct Metric {
    public enum Tone: String { case neutral, good, bad }
    public var label: String, value: String, detail: String?
    public var tone: Tone
    public init(_ label: String, _ value: String, detail: String? = nil, tone: Tone = .neutral) {
        (self.label, self.value, self.detail, self.tone) = (label, value, detail, tone)
    }
}

/// Everything needed to get the same numbers again.
public struct Reproducibility {
    public var seeds: [UInt64]
    public var settings: [(String, String)]
    /// Which data: name, source, checksum, size.
    public var dataset: [(String, String)]
    public var packageVersion: String
    public var runSeconds: Double
    /// The exact command that produced this report.
    public var command: String
    public init(seeds: [UInt64], settings: [(String, String)], dataset: [(String, String)], packageVersion: String,
                runSeconds: Double, command: String) {
        (self.seeds, self.settings, self.dataset, self.packageVersion, self.runSeconds, self.command)
            = (seeds, settings, dataset, packageVersion, runSeconds, command)
    }
}

/// What the course index needs from a lesson: written as `card.json` beside its report.
public struct LessonCard: Codable, Equatable, Sendable {
    public var id: String, title: String, slide: String
    /// The lesson's number in the course.
    public var number: Int?
    public var headlineLabel: String?, headlineValue: String?
    /// The first figure's PNG, relative to the lesson folder.
    public var thumbnail: String?
}

// MARK: - Writing

extension Report {
    /// Writes `folder/index.html`, `folder/figures/*`, `folder/assets/*` and `folder/card.json`.
    /// - Returns: the report's URL.
    @discardableResult
    public func write(to folder: URL, renderer: CairoRenderer = CairoRenderer()) throws -> URL {
        var body: [String] = []
        var thumbnail: String?
        for cell in cells {
            switch cell {
            case .markdown(let text): body.append("<section class=\"prose\">\(markdownToHTML(text))</section>")
            case .formula(let node, let note):
                body.append("<section class=\"formula\">\(node.displayHTML)\(note.map { "<p class=\"note\">\(htmlEscaped($0))</p>" } ?? "")</section>")
            case .figure(let name, let figure, let caption):
                try figure.write(to: folder.appendingPathComponent("figures"), name: name, renderer: renderer)
                if thumbnail == nil || name == thumbnailFigure { thumbnail = "figures/\(name).png" }
                body.append(figureHTML(name: name, caption: caption))
            case .table(let table): body.append(tableHTML(table))
            case .metrics(let metrics): body.append(metricsHTML(metrics))
            case .exercises(let exercises): body.append(exercisesHTML(exercises))
            }
        }
        try ReportAssets.install(in: folder.appendingPathComponent("assets"))
        let card = LessonCard(id: lessonID, title: title, slide: slide, number: navigation?.number, headlineLabel: headline?.label,
                              headlineValue: headline?.value, thumbnail: thumbnail)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try writeAtomically(encoder.encode(card), to: folder.appendingPathComponent("card.json"))
        let page = folder.appendingPathComponent("index.html")
        try writeAtomically(pageHTML(body: body.joined(separator: "\n")), to: page)
        return page
    }

    func pageHTML(body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(htmlEscaped(title)) — LifeLong</title>
        <link rel="stylesheet" href="assets/report.css">
        </head>
        <body>
        <header>
        <nav class="kicker"><a href="../index.html">LifeLong: the course</a>\(navigation.map { " · lesson \($0.number) of \($0.count)" } ?? "") · <code>\(htmlEscaped(lessonID))</code></nav>
        <h1>\(navigation.map { "\($0.number). " } ?? "")\(htmlEscaped(title))</h1>
        <p class="slide">Reproduces the slide <strong>\(htmlEscaped(slide))</strong> of Hung-yi Lee, “Life Long Learning” (ML 2021).</p>
        \(learn.isEmpty ? "" : "<div class=\"learn\"><h2>What you will learn</h2><ul>" + learn.map { "<li>\(htmlEscaped($0))</li>" }.joined() + "</ul></div>")
        </header>
        <main>
        \(body)
        </main>
        \(navigationHTML())
        \(footerHTML())
        </body>
        </html>

        """
    }

    func figureHTML(name: String, caption: String) -> String {
        let n = htmlEscaped(name)
        return """
        <figure>
        <img src="figures/\(n).png" srcset="figures/\(n).png 1x, figures/\(n)@2x.png 2x" alt="\(htmlEscaped(caption))">
        <figcaption>\(htmlEscaped(caption)) <span class="downloads">Download: <a href="figures/\(n).pdf">PDF</a> · <a href="figures/\(n).svg">SVG</a> · <a href="figures/\(n)@2x.png">PNG 2×</a></span></figcaption>
        </figure>
        """
    }

    /// Previous lesson, the index, next lesson.
    func navigationHTML() -> String {
        func link(_ n: (id: String, title: String)?, _ arrow: String, _ cls: String) -> String {
            n.map { "<a class=\"\(cls)\" href=\"../\(htmlEscaped($0.id))/index.html\">\(arrow == "←" ? "← " : "")\(htmlEscaped($0.title))\(arrow == "→" ? " →" : "")</a>" } ?? "<span></span>"
        }
        return "<nav class=\"lessons\">\(link(navigation?.previous, "←", "previous"))<a class=\"index\" href=\"../index.html\">All lessons</a>\(link(navigation?.next, "→", "next"))</nav>"
    }

    func exercisesHTML(_ e: Exercises) -> String {
        let tries = e.tries.map { "<li><pre><code>\(htmlEscaped($0.command))</code></pre><p>\(inlineMarkdown($0.expect))</p></li>" }.joined()
        let questions = e.questions.isEmpty ? "" : "<h3>Check your understanding</h3><ol class=\"questions\">" + e.questions.map { "<li>\(inlineMarkdown($0))</li>" }.joined() + "</ol>"
        return "<section class=\"exercises\"><h2>Try it</h2><p>Run these from the package folder; each takes about as long as the lesson or less.</p><ol class=\"tries\">\(tries)</ol>\(questions)</section>"
    }

    func tableHTML(_ t: Table) -> String {
        func isNumeric(_ s: String) -> Bool { s.range(of: #"^[−+\-]?[0-9.,]+\s*(%|pp|points?|×|s)?$"#, options: .regularExpression) != nil }
        let numericColumn = t.headers.indices.map { c in !t.rows.isEmpty && t.rows.allSatisfy { c < $0.count && isNumeric($0[c]) } }
        let head = "<tr>" + t.headers.enumerated().map { "<th\(numericColumn[$0.offset] ? " class=\"num\"" : "")>\(htmlEscaped($0.element))</th>" }.joined() + "</tr>"
        let rows = t.rows.map { row in "<tr>" + row.map { "<td\(isNumeric($0) ? " class=\"num\"" : "")>\(htmlEscaped($0))</td>" }.joined() + "</tr>" }
        return "<section class=\"table\"><div class=\"scroll\"><table>\(t.caption.map { "<caption>\(htmlEscaped($0))</caption>" } ?? "")<thead>\(head)</thead><tbody>\(rows.joined())</tbody></table></div></section>"
    }

    func metricsHTML(_ metrics: [Metric]) -> String {
        "<section class=\"metrics\">" + metrics.map { m in
            "<div class=\"metric \(m.tone.rawValue)\"><div class=\"label\">\(htmlEscaped(m.label))</div><div class=\"value\">\(valueHTML(m.value))</div>"
                + (m.detail.map { "<div class=\"detail\">\(htmlEscaped($0))</div>" } ?? "") + "</div>"
        }.joined() + "</section>"
    }

    /// A card's value; a trailing unit word ("−5.3 points") is set smaller, so the number fits one line.
    func valueHTML(_ value: String) -> String {
        guard let space = value.lastIndex(of: " "), value[value.index(after: space)...].allSatisfy(\.isLetter),
              value[..<space].last?.isNumber == true else { return htmlEscaped(value) }
        return htmlEscaped(String(value[..<space])) + "<span class=\"unit\"> \(htmlEscaped(String(value[value.index(after: space)...])))</span>"
    }

    func footerHTML() -> String {
        func rows(_ pairs: [(String, String)]) -> String { pairs.map { "<tr><th>\(htmlEscaped($0.0))</th><td>\(htmlEscaped($0.1))</td></tr>" }.joined() }
        let f = footer
        return """
        <footer>
        <h2>Reproduce this page</h2>
        <pre><code>\(htmlEscaped(f.command))</code></pre>
        <div class="scroll"><table class="repro">
        \(rows([("Seeds", f.seeds.isEmpty ? "none" : f.seeds.map(String.init).joined(separator: ", ")), ("Package version", "LifeLong \(f.packageVersion)"),
                ("Run time", String(format: "%.1f s", f.runSeconds))]))
        \(rows(f.dataset.map { ("Data: \($0.0)", $0.1) }))
        \(rows(f.settings.map { ("Setting: \($0.0)", $0.1) }))
        </table></div>
        </footer>
        """
    }
}
