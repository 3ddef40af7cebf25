import Plot
import PlotCairo
import Testing
import TestSupport

/// What a student at the back of a lecture hall needs: legends off the data, labels that do not
/// collide, one unit per axis, a colour bar for every heatmap.
@Suite("Readable figures")
struct ReadabilityTests {
    /// A line through all four corners: no corner is free, so the legend goes above the plot.
    @Test func legendLeavesThePlotWhenNoCornerIsFree() {
        let zigzag = Line(x: [0, 10, 0, 10, 0], y: [0, 10, 10, 0, 0], label: "everywhere", marker: .circle)
        let figure = Figure(Axes(x: Axis(limits: 0...10), y: Axis(limits: 0...10), [.line(zigzag), .line(Line(x: [5], y: [5], label: "second"))]))
        #expect(FigureChecks.legendBoxes(figure.layout(measuring: measurer)).isEmpty)
        let entry = texts(figure.layout(measuring: measurer)).first { $0.text == "everywhere" }!
        let topTick = texts(figure.layout(measuring: measurer)).filter { $0.text == "10" && $0.anchor == .end }.map(\.at.y).min()!
        #expect(entry.at.y < topTick - 10, "the legend row sits above the plot")
    }

    /// Lines that pass near every corner box's edge (segments, not just vertices): the chosen
    /// corner, if any, covers no point of them.
    @Test(arguments: 0..<12)
    func legendNeverCoversALine(seed: Int) {
        let ys = (0..<3).map { k in (0...8).map { i in sin(Double(i + seed * 3 + k * 5) * 0.9) * 4 + 5 } }
        let marks: [Mark] = ys.enumerated().map { .line(Line(x: (0...8).map(Double.init), y: $0.element, label: "series \($0.offset + 1)", marker: .circle)) }
        let figure = Figure(Axes(x: Axis(limits: 0...8), y: Axis(limits: 0...10), marks))
        #expect(FigureChecks.legendCollisions(figure, measurer: measurer).isEmpty)
    }

    @Test func aSharedLegendIsDrawnOnceAboveThePanels() {
        let panel = Axes([.line(Line(x: [0, 1], y: [0, 1], label: "Task 1")), .line(Line(x: [0, 1], y: [1, 0], label: "Task 2"))])
        var figure = Figure(title: "Two panels", panels: [panel, panel])
        figure.sharedLegend = true
        let runs = texts(figure.layout(measuring: measurer))
        #expect(runs.filter { $0.text == "Task 1" }.count == 1 && FigureChecks.legendBoxes(figure.layout(measuring: measurer)).isEmpty)
    }

    /// Value labels: at the bar's end (below a negative bar), past the error cap, one size, never touching.
    @Test func barLabelsSitAtTheEndAndNeverMeet() {
        let bars = Bars(series: ["a", "b", "c"], values: [[-27.1, 2.0, 0], [-45.4, 1.5, 0], [10, 12, 11]], errors: [[4, 6, 0], [3, 6, 0], [1, 1, 1]],
                        valueFormat: .fixed(decimals: 1))
        let commands = Figure(Axes(x: Axis(categories: ["naive", "multi-task", "per task"]), y: Axis("points"), [.bars(bars)]), width: 640, height: 720).layout(measuring: measurer)
        let labels = texts(commands).filter(\.bold)
        #expect(Set(labels.map(\.size)).count == 1, "one size for every value label")
        let sorted = labels.map(span).sorted { $0.0 < $1.0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.1 <= b.0 + 0.01, "labels \(a) and \(b) overlap") }
        let negative = labels.first { $0.text == "−45.4" }!, zero = texts(commands).first { $0.text == "0" && $0.anchor == .end }!
        #expect(negative.at.y > zero.at.y + 100, "a negative bar's label sits below its end")
    }

    /// Category labels that do not fit break onto two lines instead of shrinking below the ticks.
    @Test func categoryLabelsAreNeverSmallerThanTickLabels() {
        let bars = Bars(series: ["x"], values: [[1, 2, 3]], valueFormat: nil)
        let axes = Axes(x: Axis(categories: ["Accuracy at the end", "Backward Transfer", "Forward Transfer"]), y: Axis("y"), [.bars(bars)])
        let runs = texts(Figure(axes, width: 640, height: 500).layout(measuring: measurer))
        let tick = Theme.slide.tickSize
        #expect(runs.filter { ["Accuracy at", "the end", "Backward", "Transfer", "Forward"].contains($0.text) }.allSatisfy { $0.size == tick })
        #expect(runs.contains { $0.text == "Backward" } && runs.contains { $0.text == "Transfer" })
    }

    @Test func everyHeatmapPanelHasItsOwnColourBar() {
        let values = (0...3).map { i in (0..<3).map { j in Double(i + j) / 6 } }
        let panel = Axes(x: Axis(categories: ["1", "2", "3"]), y: Axis(categories: ["random init", "task 1", "task 2", "task 3"]),
                         [.heatmap(Heatmap(values: values, range: 0...1, cellFormat: .percent, colorbarLabel: "accuracy", colorbar: true))])
        let runs = texts(Figure(title: "R", panels: [panel, panel, panel], width: 1920).layout(measuring: measurer))
        #expect(runs.filter { $0.text == "accuracy" && $0.rotation != 0 }.count == 3)
    }

    /// The PDF is 16 cm wide, as a LaTeX \textwidth figure, with the text scaled with it.
    @Test func pdfFiguresAreSixteenCentimetresWide() throws {
        let folder = tempFolder("pdf-size")
        let files = try Figure(Axes([.line(Line(x: [0, 1], y: [0, 1]))]), title: "A line").write(to: folder, name: "line")
        let pdf = String(decoding: try Data(contentsOf: files[.pdf]!), as: UTF8.self)
        let box = pdf.range(of: #"/MediaBox \[ ?0 0 ([0-9.]+) ([0-9.]+) ?\]"#, options: .regularExpression).map { String(pdf[$0]) } ?? ""
        let numbers = box.split(whereSeparator: { !"0123456789.".contains($0) }).compactMap { Double($0) }
        #expect(numbers.count == 4 && abs(numbers[2] - 453.5) < 0.5 && abs(numbers[3] - 255.1) < 0.5, "\(box)")
    }
}

import Foundation
