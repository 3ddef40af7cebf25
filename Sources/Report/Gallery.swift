import Foundation
import Plot

/// One figure per kind of mark, drawn from simple formulas (illustrative data, not results), so a
/// teaching assistant can check that figures render well on their machine: `lifelong gallery`.
public enum Gallery {
    public static func figures() -> [(name: String, figure: Figure)] {
        [("lines", lines()), ("bars", bars()), ("heatmap", heatmap()), ("contours", contours()), ("digits", digits()), ("log-scatter", logScatter())]
    }

    /// Accuracy-like curves with bands, markers and a task boundary.
    static func lines() -> Figure {
        let steps = (0...40).map { Double($0) * 25 }
        func curve(_ f: (Double) -> Double) -> [Double] { steps.map(f) }
        let a = curve { $0 < 500 ? 0.97 - 0.6 * exp(-$0 / 90) : 0.97 - 0.17 * (1 - exp(-($0 - 500) / 120)) }
        let b = curve { $0 < 500 ? 0.1 + 0.5 * (1 - exp(-$0 / 200)) : 0.96 - 0.36 * exp(-($0 - 500) / 80) }
        var axes = Axes(title: "Lines, bands, markers, a boundary", x: Axis("training step"), y: Axis("accuracy", limits: 0...1, format: .percent))
        axes.marks = [.band(Band(x: steps, lower: a.map { $0 - 0.03 }, upper: a.map { $0 + 0.03 })),
                      .line(Line(x: steps, y: a, label: "Task 1 (θ, λ = 0.1)", marker: .circle)),
                      .band(Band(x: steps, lower: b.map { $0 - 0.04 }, upper: b.map { $0 + 0.04 })),
                      .line(Line(x: steps, y: b, label: "Task 2 (∑ᵢ bᵢ ≥ 0)", marker: .square, dashed: true)),
                      .marker(VerticalMarker(x: 500, label: "start of Task 2"))]
        axes.legend = .bottomRight
        return Figure(axes, title: "Gallery: lines (illustrative data)")
    }

    static func bars() -> Figure {
        let axes = Axes(title: nil, x: Axis(categories: ["after Task 1", "after Task 2", "joint training"]),
                        y: Axis("accuracy", limits: 0...1.08, format: .percent),
                        [.bars(Bars(series: ["Task 1", "Task 2"], values: [[0.9, 0.8, 0.89], [0.96, 0.97, 0.98]],
                                    errors: [[0.01, 0.02, 0.01], [0.005, 0.01, 0.004]], valueFormat: .percent))])
        return Figure(axes, title: "Gallery: grouped bars with value labels (illustrative data)")
    }

    static func heatmap() -> Figure {
        let t = 5
        // Row 0: chance; below the diagonal, accuracy fades with time since the task was learned.
        let values: [[Double]] = (0...t).map { (i: Int) -> [Double] in
            (1...t).map { (j: Int) -> Double in i == 0 || j > i ? 0.1 : 0.97 - 0.09 * Double(i - j) }
        }
        let axes = Axes(title: nil, x: Axis("test on task j", categories: (1...t).map { "Task \($0)" }),
                        y: Axis("after training task i", categories: ["random init"] + (1...t).map { "Task \($0)" }),
                        [.heatmap(Heatmap(values: values, range: 0...1, cellFormat: .percent, colorbarLabel: "accuracy R(i, j)"))])
        return Figure(axes, title: "Gallery: heatmap with annotations and a colour bar (illustrative)")
    }

    /// Two quadratic bowls side by side with a path and an arrow drawn over each.
    static func contours() -> Figure {
        let grid = (0...80).map { -3 + 6 * Double($0) / 80 }
        func surface(_ f: (Double, Double) -> Double) -> [[Double]] { grid.map { y in grid.map { x in f(x, y) } } }
        let pathX: [Double] = (0...12).map { (k: Int) -> Double in -2 + 3.5 * Double(k) / 12 }
        let pathY: [Double] = (0...12).map { (k: Int) -> Double in 1.5 - 0.8 * Double(k) / 12 }
        func panel(_ title: String, _ f: @escaping (Double, Double) -> Double) -> Axes {
            var a = Axes(title: title, x: Axis("θ₁", grid: false), y: Axis("θ₂", grid: false), legend: .hidden,
                         [.contour(Contour(x: grid, y: grid, z: surface(f), levels: 12)),
                          .line(Line(x: pathX, y: pathY, color: .white, marker: .circle)),
                          .arrow(Arrow(from: (-2, -2), to: (-0.5, -1), color: Palette.color(1), label: "g")),
                          .text(Annotation("θᵇ", at: (-2, 2.1), pointing: (-2, 1.55), color: .white))])
            a.equalAspect = true
            return a
        }
        return Figure(title: "Gallery: filled contours, isolines, a path, an arrow (darker = smaller)",
                      panels: [panel("Task 1", { x, y in 0.3 * x * x + 2 * (y - 1) * (y - 1) }), panel("Task 2", { x, y in 2 * (x - 1) * (x - 1) + 0.4 * y * y })])
    }

    /// Ring-and-bar patterns as stand-ins for digits.
    static func digits() -> Figure {
        func pattern(_ k: Int) -> [Float] {
            (0..<784).map { (p: Int) -> Float in
                let x = Double(p % 28) - 13.5, y = Double(p / 28) - 13.5
                let ring: Double = max(0, 1 - abs((x * x + y * y).squareRoot() - 4 - Double(k % 4) * 1.5) / 1.6)
                let bar: Double = abs(x - Double(k) + 8) < 1.2 && abs(y) < 9 ? 1 : 0
                return Float(ring + bar).clamped
            }
        }
        let images = (0..<16).map(pattern)
        let axes = Axes(title: nil, x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden,
                        [.images(ImageGrid(images: images, columns: 8, captions: (0..<16).map { "#\($0)" }))])
        return Figure(axes, title: "Gallery: an image grid with captions (generated patterns)")
    }

    static func logScatter() -> Figure {
        let n = (0..<30).map { Double($0) }
        let axes = Axes(title: nil, x: Axis("samples seen", scale: .log), y: Axis("error"),
                        [.scatter(Scatter(x: n.map { 10 * pow(1.35, $0) }, y: n.map { 0.9 * exp(-$0 / 9) + 0.02 * sin($0) }, label: "measured")),
                         .line(Line(x: n.map { 10 * pow(1.35, $0) }, y: n.map { 0.9 * exp(-$0 / 9) }, label: "fit: 0.9·e^(−n/9)"))])
        return Figure(axes, title: "Gallery: scatter on a log axis (illustrative data)")
    }
}

extension Float {
    var clamped: Float { Swift.min(Swift.max(self, 0), 1) }
}

