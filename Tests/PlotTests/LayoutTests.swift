import Plot
import Testing
import TestSupport

/// Layout is checked on the draw-command list with a font-free text measurer (0.6 em a character).
let measurer = ApproximateTextMeasurer()

func texts(_ commands: [DrawCommand]) -> [TextRun] {
    commands.compactMap { if case .text(let run) = $0 { run } else { nil } }
}

/// The horizontal extent of an unrotated text run.
func span(_ run: TextRun) -> (Double, Double) {
    let w = measurer.width(run.text, size: run.size, bold: run.bold)
    let start = run.anchor == .start ? run.at.x : run.anchor == .middle ? run.at.x - w / 2 : run.at.x - w
    return (start, start + w)
}

@Suite("Ticks")
struct TickTests {
    @Test func niceLinearTicks() {
        #expect(Ticks.linear(0...1) == [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        #expect(Ticks.linear(0...1000, target: 5) == [0, 250, 500, 750, 1000])
        #expect(Ticks.linear(-3...3) == [-3, -2, -1, 0, 1, 2, 3])
        #expect(Ticks.linear(0.0013...0.0071).allSatisfy { ($0 * 1e4).rounded() == $0 * 1e4 || abs(($0 * 1e4).rounded() - $0 * 1e4) < 1e-9 })
    }

    @Test func logTicksAreDecades() {
        #expect(Ticks.log(3...20_000) == [10, 100, 1000, 10_000])
        #expect(Ticks.label(1000, ticks: [10, 100, 1000], format: .automatic, scale: .log) == "10³")
        #expect(Ticks.label(0.001, ticks: [0.001], format: .automatic, scale: .log) == "10⁻³")
    }

    @Test func labelsUseTheStepsPrecisionAndATrueMinus() {
        let ticks = Ticks.linear(-1...1)
        #expect(ticks == [-1, -0.5, 0, 0.5, 1])
        #expect(ticks.map { Ticks.label($0, ticks: ticks, format: .automatic) } == ["−1.0", "−0.5", "0.0", "0.5", "1.0"])
        #expect(Ticks.label(0.75, ticks: [0.5, 0.75], format: .percent) == "75%")
        #expect(Ticks.valueLabel(0.8042, format: .percent) == "80%")
        #expect(Ticks.formatNumber(0.00001, decimals: 5) == "0.00001")
        #expect(Ticks.formatNumber(-0.0001, decimals: 2) == "0.00")
        #expect(Ticks.formatNumber(-2.5, decimals: 1) == "−2.5")
    }
}

@Suite("Layout")
struct LayoutTests {
    func line(_ n: Int, _ f: (Double) -> Double, label: String? = nil) -> Line {
        let x = (0..<n).map(Double.init)
        return Line(x: x, y: x.map(f), label: label, marker: .circle)
    }

    @Test func everyTextStaysInsideTheSlide() {
        let figure = Figure(title: String(repeating: "A very long title that must shrink to fit ", count: 3),
                            panels: [Axes(title: "θ and λ", x: Axis("step"), y: Axis("accuracy", format: .percent), [.line(line(50, { $0 / 50 }, label: "Task 1"))]),
                                     Axes(x: Axis("x"), y: Axis("y"), [.marker(VerticalMarker(x: 10, label: "Task 2 starts"))])])
        for run in texts(figure.layout(measuring: measurer)) where run.rotation == 0 {
            let (a, b) = span(run)
            #expect(a >= -0.5 && b <= figure.width + 0.5, "\(run.text) spans \(a)…\(b)")
            #expect(run.at.y > 0 && run.at.y <= figure.height)
        }
    }

    @Test func xTickLabelsNeverOverlap() {
        for range in [0.0...1e6, 0.0...123_456.0, -5.0...5.0] {
            let axes = Axes(x: Axis("x", limits: range), y: Axis("y"), [.line(Line(x: [range.lowerBound, range.upperBound], y: [0, 1]))])
            let commands = Figure(axes, width: 500, height: 400).layout(measuring: measurer)
            let bottom = texts(commands).filter { $0.rotation == 0 && $0.anchor == .middle && $0.at.y > 300 && $0.at.y < 370 }
            let spans = bottom.map(span).sorted { $0.0 < $1.0 }
            #expect(spans.count >= 2)
            for (a, b) in zip(spans, spans.dropFirst()) { #expect(a.1 <= b.0, "\(range): labels overlap") }
        }
    }

    @Test func heatmapAnnotatesEveryCellAndDrawsAColourbar() {
        let values: [[Double]] = (0...5).map { (i: Int) -> [Double] in (0..<5).map { (j: Int) -> Double in Double(i * 5 + j) / 30 } }
        let axes = Axes(x: Axis(categories: (1...5).map { "T\($0)" }), y: Axis(categories: (0...5).map { "R\($0)" }),
                        [.heatmap(Heatmap(values: values, range: 0...1, cellFormat: .percent, colorbarLabel: "accuracy"))])
        let runs = texts(Figure(axes).layout(measuring: measurer))
        #expect(runs.filter { $0.text.hasSuffix("%") && $0.bold }.count == 30)
        #expect(runs.contains { $0.text == "accuracy" && $0.rotation != 0 })
        #expect(runs.contains { $0.text == "100%" && !$0.bold })           // a colour bar tick
        // Dark cells get white text, light ones dark text.
        #expect(runs.first { $0.text == "0%" && $0.bold }?.color == .white)
        #expect(runs.first { $0.text == "97%" && $0.bold }?.color == .text)
    }

    @Test func barsLabelEveryBarAndPutTheLegendAbove() {
        let bars = Bars(series: ["Task 1", "Task 2"], values: [[0.9, 0.8], [0.96, 0.97]], valueFormat: .percent)
        let axes = Axes(x: Axis(categories: ["after 1", "after 2"]), y: Axis(limits: 0...1, format: .percent), [.bars(bars)])
        let commands = Figure(axes).layout(measuring: measurer)
        let runs = texts(commands)
        #expect(Set(runs.filter(\.bold).map(\.text)).isSuperset(of: ["90%", "80%", "96%", "97%"]))
        let legend = runs.filter { $0.text == "Task 1" || $0.text == "Task 2" }
        let plotTop = runs.filter { $0.text == "100%" }.map(\.at.y).min() ?? 0
        #expect(legend.count == 2 && legend.allSatisfy { $0.at.y < plotTop })  // above the plot, not over the bars
    }

    @Test func automaticLegendAvoidsTheData() {
        // Data crowds the top right and the bottom: the legend should go top left.
        let axes = Axes(x: Axis(limits: 0...10), y: Axis(limits: 0...10),
                        [.line(Line(x: [6, 7, 8, 9, 10], y: [10, 9.5, 9.8, 9.6, 9.9], label: "top right")),
                         .scatter(Scatter(x: (0...10).map(Double.init), y: Array(repeating: 0.3, count: 11), label: "bottom"))])
        let runs = texts(Figure(axes).layout(measuring: measurer))
        let entry = runs.first { $0.text == "top right" }!
        #expect(entry.at.x < 640, "legend at x \(entry.at.x)")
    }

    @Test func seriesTakeTheColourBlindSafePaletteInOrder() {
        let axes = Axes([.line(line(5, { $0 })), .line(line(5, { -$0 })), .scatter(Scatter(x: [1], y: [1]))])
        let strokes = Figure(axes).layout(measuring: measurer).compactMap { c -> Color? in
            if case .stroke(_, let style) = c, style.width == Theme.slide.lineWidth { style.color } else { nil }
        }
        #expect(strokes == [Palette.okabeIto[0], Palette.okabeIto[1]])
        #expect(Palette.okabeIto[0] == Color(hex: 0x0072B2))
    }

    @Test func contoursFillEveryRowInRunsAndDrawIsolines() {
        let g = (0...20).map { Double($0) / 10 - 1 }
        let z = g.map { y in g.map { x in x * x + y * y } }
        let commands = Figure(Axes([.contour(Contour(x: g, y: g, z: z, levels: 5))])).layout(measuring: measurer)
        let fills = commands.compactMap { c -> Rect? in if case .fill(let p, _) = c, p.elements.count == 5 { FigureChecks.bounds(p) } else { nil } }.dropFirst()
        #expect(fills.count > 20 && fills.count < 200)                  // 20 rows of 20 cells, each row a few runs of one band
        let rows = Dictionary(grouping: fills) { ($0.y * 100).rounded() }
        #expect(rows.count == 20)
        let widths = rows.values.map { $0.reduce(0) { $0 + $1.width } }
        #expect(widths.allSatisfy { abs($0 - widths[0]) < Double(fills.count) })   // every row covered, edge to edge (½-point overlaps aside)
        let isolines = commands.filter { if case .stroke(_, let s) = $0 { s.color.red == 1 && s.color.alpha < 1 } else { false } }
        #expect(isolines.count == 4)                                   // 5 levels → 4 inner isolines
    }

    @Test func imageGridPlacesEveryImageWithItsCaption() {
        let images = (0..<6).map { k in [Float](repeating: Float(k) / 6, count: 784) }
        let commands = Figure(Axes(x: Axis(hidden: true), y: Axis(hidden: true), [.images(ImageGrid(images: images, columns: 3, captions: (0..<6).map { "\($0)" }))]))
            .layout(measuring: measurer)
        let rects = commands.compactMap { if case .image(_, let r) = $0 { r } else { nil } }
        #expect(rects.count == 6)
        for (i, a) in rects.enumerated() { for b in rects[(i + 1)...] { #expect(!a.intersects(b)) } }
        #expect(Set(texts(commands).map(\.text)).isSuperset(of: ["0", "1", "2", "3", "4", "5"]))
    }
}
