import Foundation
import Plot
import Report
import Testing
import TestSupport

@Suite("Reports")
struct ReportTests {
    func report(title: String = "Forgetting <script>alert(1)</script>") -> Report {
        var r = Report(lessonID: "forgetting", title: title, slide: "Example & \"3 layers\"", learn: ["a <b>bold</b> claim"],
                       footer: Reproducibility(seeds: [1, 2, 3], settings: [("lr", "0.1 <x>")], dataset: [("name", "MNIST")],
                                               packageVersion: "0.1.0", runSeconds: 12.3, command: "swift run forgetting --seed 1 && rm -rf /"))
        r.headline = ("Task 1 after Task 2", "80.4%")
        r.add(.markdown("## Result\nText with <img src=x onerror=alert(1)> and [bad](javascript:alert(1)) and [good](https://example.org)."))
        r.add(.formula(.row([.id("a<b"), .op("="), .num("1")]), note: "x < y"))
        r.add(.table(Table(headers: ["what", "ours"], rows: [["<td>", "80.4%"]])))
        r.add(.metrics([Metric("<m>", "1 < 2"), Metric("change", "−5.3 points")]))
        r.add(.figure(name: "bars", Figure(Axes([.bars(Bars(series: ["a"], values: [[1, 2]]))]), title: "t"), caption: "caption <c>"))
        return r
    }

    @Test func everyStringIsEscaped() throws {
        let folder = tempFolder("report")
        let page = try String(contentsOf: report().write(to: folder), encoding: .utf8)
        #expect(page.contains("−5.3<span class=\"unit\"> points</span>"), "a card's unit is set apart so the number fits one line")
        for raw in ["<script>", "<b>bold</b>", "<img src=x", "<x>", "<td><td>", "<m>", "<c>", "a<b", "javascript:"] {
            #expect(!page.contains(raw), "unescaped: \(raw)")
        }
        #expect(page.contains("&lt;img src=x onerror=alert(1)&gt;") && page.contains("&lt;td&gt;"))
        #expect(page.contains("&lt;script&gt;") && page.contains("&amp;") && page.contains("<a href=\"https://example.org\">good</a>"))
        #expect(page.contains("<math display=\"block\">"))
        #expect(page.contains("rm -rf /"))                                 // shown, as text
    }

    @Test func theFolderIsSelfContained() throws {
        let folder = tempFolder("report-files")
        try report().write(to: folder)
        let files = Set(try FileManager.default.subpathsOfDirectory(atPath: folder.path))
        #expect(files.isSuperset(of: ["index.html", "card.json", "assets/report.css", "figures/bars.png", "figures/bars@2x.png", "figures/bars.pdf", "figures/bars.svg"]))
        #expect(!files.contains { $0.hasSuffix(".tmp") })
        let page = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(!page.contains("http://") && !page.contains("//cdn"))          // nothing fetched from elsewhere
        let css = try String(contentsOf: folder.appendingPathComponent("assets/report.css"), encoding: .utf8)
        #expect(!css.contains("http"))
        let card = try JSONDecoder().decode(LessonCard.self, from: Data(contentsOf: folder.appendingPathComponent("card.json")))
        #expect(card.thumbnail == "figures/bars.png" && card.headlineValue == "80.4%")
    }

    @Test func footerHasEverythingToReproduce() throws {
        let page = try String(contentsOf: report().write(to: tempFolder("report-footer")), encoding: .utf8)
        for needle in ["1, 2, 3", "LifeLong 0.1.0", "12.3 s", "MNIST", "0.1 &lt;x&gt;", "swift run forgetting --seed 1"] {
            #expect(page.contains(needle), "footer lacks \(needle)")
        }
    }

    @Test func indentedLinesContinueAListItem() {
        #expect(markdownToHTML("- one\n  continued\n- two") == "<ul><li>one continued</li><li>two</li></ul>")
    }

    @Test func markdownSubset() {
        let html = markdownToHTML("# Title\nline one\nline two\n\n- a\n- **b**\n\n1. first\n2. `second`\n")
        #expect(html == "<h2>Title</h2>\n<p>line one line two</p>\n<ul><li>a</li><li><strong>b</strong></li></ul>\n<ol><li>first</li><li><code>second</code></li></ol>")
    }

    @Test func courseIndexShowsCardsAndStates() throws {
        let folder = tempFolder("index")
        try report().write(to: folder.appendingPathComponent("forgetting"))
        let map = [CourseIndex.MapRow(slide: "Example", lesson: ("forgetting", "1. Forgetting"), note: ""),
                   CourseIndex.MapRow(slide: "GEM <slide>", lesson: nil, note: "not yet (lesson `gem`)")]
        let url = try CourseIndex.write([.init(id: "forgetting", title: "Forgetting", slide: "Example", number: 1),
                                         .init(id: "curriculum", title: "Curriculum <1>", slide: "Order", number: 2),
                                         .init(id: "broken", title: "Broken", slide: "x", number: 3, failed: true)], to: folder, version: "0.1.0",
                                        introduction: "**Lifelong learning** is …", lectureMap: map)
        let page = try String(contentsOf: url, encoding: .utf8)
        #expect(page.contains("forgetting/figures/bars.png") && page.contains("80.4%") && page.contains("Task 1 after Task 2"))
        #expect(page.contains("not run yet") && page.contains("failed") && page.contains("2. Curriculum &lt;1&gt;"))
        #expect(page.contains("<strong>Lifelong learning</strong>") && page.contains("Map of the lecture") && page.contains("GEM &lt;slide&gt;")
                && page.contains("not yet (lesson <code>gem</code>)") && page.contains("href=\"forgetting/index.html\">1. Forgetting</a>"))
        #expect(try String(contentsOf: try CourseIndex.write([], to: tempFolder("empty"), version: "0"), encoding: .utf8).contains("No lessons yet"))
        if let width = try renderedPageWidth(url, windowWidth: 400) { #expect(width <= 400, "the index is \(width) px wide in a 400 px window") }
    }
}
