import Foundation
import LessonCore
import Plot

/// The gem lesson's figures (descriptions; the Cairo backend draws them).
public enum GEMFigures {
    /// Part 1, as the slide draws it: at a few steps of learning Task 2, the step each gradient
    /// asks for (−g: Task 2's, −gᵇ: Task 1's memory, −g′: GEM's), scaled together, with the
    /// half-plane of steps that do not raise Task 1's loss shaded.
    public static func projection(_ geometry: GEMGeometry, steps: [Int]) -> Figure {
        let panels = steps.map { i -> Axes in
            let s = geometry.steps[i]
            let scale = 0.75 / max(norm(s.g), 1e-12)
            func arrow(_ v: [Float], _ label: String, _ color: Color, unit: Bool = false) -> [Mark] {
                let raw = (-Double(v[0]), -Double(v[1])), size = hypot(raw.0, raw.1)
                guard size > 0 else { return [.text(Annotation(label + " = 0", at: (0.05, 0.3), color: color))] }
                let k = unit ? 0.5 / size : scale, tip = (raw.0 * k, raw.1 * k), length = hypot(tip.0, tip.1)
                guard length > 0.02 else { return [.text(Annotation(label + " ≈ 0", at: (0.05, -0.3), color: color))] }
                return [.arrow(Arrow(from: (0, 0), to: tip, color: color, width: 4)),
                        .text(Annotation(label, at: (min(1.1, max(-1.1, tip.0 * (1 + 0.25 / length))), min(1.2, max(-1.2, tip.1 * (1 + 0.25 / length)))), color: color))]
            }
            let same = s.g == s.projected
            let title = i == 0 ? "step 1: at θᵇ, Task 1's gradient ≈ 0" : same ? "step \(i + 1)" : "step \(i + 1): projected"
            // At θᵇ Task 1's gradient is ~0: no half-plane to draw, nothing to protect yet.
            let memory: [Mark] = i == 0 ? [.text(Annotation("−gᵇ ≈ 0", at: (-0.6, 0.6), color: Palette.color(2)))]
                : [halfPlane(normal: s.gb.map { -Double($0) })] + arrow(s.gb, "−gᵇ (direction)", Palette.color(2), unit: true)
            return Axes(title: title, x: Axis("Δθ₁", limits: -1.3...1.3), y: Axis("Δθ₂", limits: -1.3...1.3), legend: .hidden,
                        memory + (same ? [] : arrow(s.g, "−g", Palette.color(1))) + arrow(s.projected, same ? "−g′ = −g" : "−g′", Palette.color(0))).equal()
        }
        return Figure(title: "GEM's projection: −g (Task 2), −gᵇ (Task 1's memory), −g′ (the step taken); shaded: g′·gᵇ ≥ 0",
                      panels: panels, width: 1920, height: 700)
    }

    /// The directions d with d·normal ≥ 0, inside the ±1.3 box, as a band.
    static func halfPlane(normal n: [Double]) -> Mark {
        let xs = stride(from: -1.3, through: 1.3, by: 0.05).map { $0 }
        guard abs(n[1]) > 1e-9 else {                                     // a vertical boundary: shade one side
            let side = xs.filter { $0 * n[0] >= 0 }
            return .band(Band(x: side, lower: side.map { _ in -1.3 }, upper: side.map { _ in 1.3 }, color: Color(hex: 0x9BB8D3)))
        }
        let boundary = xs.map { min(1.3, max(-1.3, -n[0] * $0 / n[1])) }
        return .band(Band(x: xs, lower: n[1] > 0 ? boundary : xs.map { _ in -1.3 }, upper: n[1] > 0 ? xs.map { _ in 1.3 } : boundary,
                          color: Color(hex: 0x9BB8D3)))
    }

    /// Both paths on both error surfaces, and Task 1's loss along each.
    public static func paths(_ g: GEMGeometry) -> Figure {
        let paths: [(name: String, color: Color, path: [(Double, Double)])] = [("no projection", Palette.color(1), g.plain), ("GEM", Palette.color(0), g.projected)]
        var lossAxes = Axes(x: Axis("gradient steps on Task 2"), y: Axis("Task 1's loss", scale: .log), legend: .automatic,
                            paths.map { p in .line(Line(x: p.path.indices.map(Double.init), y: g.task1Loss(along: p.path), label: p.name, color: p.color, width: 3)) })
        lossAxes.title = "Task 1's loss along each path"
        return Figure(title: "Learning Task 2 from θᵇ: without and with GEM's projection",
                      panels: [ErrorSurfaceFigures.surface(g.task1, title: "Task 1: L(θ)", taskOnePath: g.task1Path, paths: paths, resolution: 80),
                               ErrorSurfaceFigures.surface(g.task2, title: "Task 2: L(θ)", taskOnePath: nil, paths: paths, resolution: 80), lossAxes],
                      width: 1920, height: 640)
    }

    /// Part 3: ACC against memories per task, with single and multi-task training as lines.
    public static func memory(_ sweep: [Int], gem: [Double], agem: [Double], single: Double, joint: Double) -> Figure {
        let x = sweep.map(Double.init)
        let marks: [Mark] = [.line(Line(x: x, y: x.map { _ in joint }, label: "multi-task (all data)", color: Color(hex: 0x555555), dashed: true)),
                             .line(Line(x: x, y: gem, label: "GEM", color: Palette.color(0), marker: .circle, width: 3)),
                             .line(Line(x: x, y: agem, label: "A-GEM", color: Palette.color(2), marker: .square, width: 3)),
                             .line(Line(x: x, y: x.map { _ in single }, label: "single (no memory)", color: Palette.color(1), dashed: true))]
        return Figure(Axes(x: Axis("memories per task", scale: .log), y: Axis("accuracy after the last task", format: .percent), legend: .automatic, marks),
                      title: "How much memory is enough? (permuted digits, first seed)")
    }

    /// Seconds each method took per run (mean over seeds), one bar per sequence.
    public static func times(_ methods: [String], _ seconds: [(name: String, values: [Double])]) -> Figure {
        Figure(Axes(x: Axis(categories: methods), y: Axis("seconds per run (one thread)"), [.bars(Bars(series: seconds.map(\.name), values: seconds.map(\.values), valueFormat: .fixed(decimals: 1)))]),
               title: "What each method costs", height: 600)
    }

    static func norm(_ v: [Float]) -> Double { v.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }
}

extension Axes {
    /// The same axes with equal units on x and y.
    func equal() -> Axes { var a = self; a.equalAspect = true; return a }
}
