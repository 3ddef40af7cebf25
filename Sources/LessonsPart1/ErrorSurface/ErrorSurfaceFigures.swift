import Foundation
import LessonCore
import Plot
import Report

/// Figures of two-parameter error surfaces and guarded training paths.
public enum ErrorSurfaceFigures {
    /// Each guard's colour: Okabe–Ito hues far apart (b = 0 and b = 1 especially), each drawn on a
    /// white halo so it reads on the dark and the light parts of the surface.
    public static func color(of guardKey: String) -> Color {
        switch guardKey {
        case "b0": Color(hex: 0xE69F00)          // orange
        case "bLarge": Color(hex: 0x009E73)      // bluish green
        case "bOne": Color(hex: 0x56B4E9)        // sky blue
        default: Color(hex: 0xCC79A7)            // reddish purple (EWC)
        }
    }

    /// The task's loss as filled contours over θ, with Task 1's path (dashed, white) and each guard's
    /// path. Longer paths are drawn first, so a guard that barely moves (b very large) stays visible
    /// on top of θᵇ.
    public static func surface(_ task: TwoParameterTask, title: String, taskOnePath: [(Double, Double)]?,
                               paths: [(name: String, color: Color, path: [(Double, Double)])], resolution: Int) -> Axes {
        let xs = (0...resolution).map { -3 + 6 * Double($0) / Double(resolution) }
        let ys = (0...resolution).map { -2.2 + 4.4 * Double($0) / Double(resolution) }
        let z = ys.map { y in xs.map { x in task.loss(x, y).squareRoot() } }     // √L spreads the colours more evenly
        var marks: [Mark] = [.contour(Contour(x: xs, y: ys, z: z, levels: 12))]
        if let p = taskOnePath {
            marks.append(.line(Line(x: p.map(\.0), y: p.map(\.1), label: "Task 1 from θ₀ (dashed)", color: .white, dashed: true, width: 3)))
        }
        func length(_ p: [(Double, Double)]) -> Double { zip(p, p.dropFirst()).reduce(0) { $0 + hypot($1.1.0 - $1.0.0, $1.1.1 - $1.0.1) } }
        for (name, color, p) in paths.sorted(by: { length($0.path) > length($1.path) }) {
            let every = max(1, p.count / 12)
            let sampled = p.enumerated().filter { $0.offset % every == 0 || $0.offset == p.count - 1 }.map(\.element)
            marks.append(.line(Line(x: sampled.map(\.0), y: sampled.map(\.1), label: name, color: color, marker: .circle, width: 3.5, halo: true)))
        }
        if let start = paths.first?.path.first {
            marks.append(.text(Annotation("θᵇ", at: (start.0, start.1 + 0.45), pointing: (start.0, start.1 + 0.08), color: .white)))
        }
        var axes = Axes(title: title, x: Axis("θ₁", limits: -3...3, grid: false), y: Axis("θ₂", limits: -2.2...2.2, grid: false), marks)
        axes.equalAspect = true
        return axes
    }

    /// Each guard's final Task 1 and Task 2 loss, as grouped bars.
    public static func lossBars(_ agg: SeedAggregate, guards: [TwoParameterGuard]) -> Axes {
        let values = [guards.map { agg.mean($0.lossKey(task: 1)) }, guards.map { agg.mean($0.lossKey(task: 2)) }]
        return Axes(x: Axis(categories: guards.map(\.name)), y: Axis("loss after Task 2 (mean squared error)", scale: .linear),
                    [.bars(Bars(series: ["Task 1 loss", "Task 2 loss"], values: values, valueFormat: .fixed(decimals: 2)))])
    }
}
