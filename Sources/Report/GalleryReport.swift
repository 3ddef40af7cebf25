import Foundation
import PlotCairo

extension Gallery {
    /// A sample report using every kind of cell, around the gallery's figures.
    public static func report(command: String, version: String) -> Report {
        var report = Report(lessonID: "gallery", title: "Gallery: every kind of figure and cell",
                            slide: "(none: a rendering check with illustrative data)",
                            learn: ["What a lesson's report looks like", "That figures, formulas and tables render on this machine"],
                            footer: Reproducibility(seeds: [], settings: [("figures", "\(figures().count)")], dataset: [("name", "none (formulas)")],
                                                    packageVersion: version, runSeconds: 0, command: command))
        report.headline = ("figures drawn", "\(figures().count)")
        report.add(.markdown("""
        ## Prose
        Cells hold **Markdown**: *emphasis*, `code`, lists and [links](#prose). Greek and maths in plain text: θ, λ, ∑ᵢ bᵢ, R(i, j) ≥ 0.
        - a list item
        - another, with `inline code`
        """))
        report.add(.formula(.row([.id("ACC"), .op("="), .frac(.num("1"), .id("T")),
                                  .underover(.op("∑"), .row([.id("i"), .op("="), .num("1")]), .id("T")),
                                  .sub(.id("R"), .row([.id("T"), .op(","), .id("i")]))]),
                            note: "A displayed formula (MathML): the slide's Accuracy."))
        report.add(.metrics([Metric("a neutral card", "97.1%", detail: "with a detail line"), Metric("a good card", "+0.4 pp", tone: .good),
                             Metric("a bad card", "−16.2 pp", detail: "forgetting", tone: .bad)]))
        report.add(.table(Table(caption: "A table: numbers align right", headers: ["quantity", "ours", "slide", "difference"],
                                rows: [["Task 1 after Task 2", "80.4%", "80%", "+0.4 pp"], ["Task 2 after Task 2", "96.8%", "97%", "−0.2 pp"]])))
        for (name, figure) in figures() { report.add(.figure(name: name, figure, caption: figure.title ?? name)) }
        return report
    }
}
