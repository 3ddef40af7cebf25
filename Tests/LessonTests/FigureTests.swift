import Foundation
import LessonKit
import Testing
import TestSupport

/// The lessons' own figures, drawn from made-up results: legends never cover data.
@Suite("Lesson figures")
struct LessonFigureTests {
    /// A run whose curves rise in the first task and fall in the second, like the forgetting lesson's.
    func run(seed: Double) -> SequenceRun {
        var r = SequenceRun(tasks: ["Task 1", "Task 2"])
        r.steps = (0...20).map { Double($0 * 500) }
        r.curves = [r.steps.map { s in s <= 5000 ? 0.1 + 0.78 * min(1, s / 1500) : 0.88 - 0.07 * (s - 5000) / 5000 + seed * 0.01 },
                    r.steps.map { s in 0.1 + 0.87 * min(1, s / 1200) }]
        r.boundaries = [5000, 10000]
        return r
    }

    @Test func curvesLegendCoversNoData() {
        let renderer = CairoRenderer()
        let curves = Figure(NoisyClean.curves([run(seed: 0), run(seed: 1), run(seed: 2)], stageNames: ["Task 1", "Task 2"], title: nil))
        #expect(FigureChecks.legendCollisions(curves, measurer: renderer).isEmpty)
        let rows: [[Double]] = [[0.1, 0.1, 0.1], [0.8, 0.1, 0.2], [0.7, 0.85, 0.2], [0.6, 0.8, 0.9]]
        let r = try! EvaluationMatrix(rows)
        #expect(FigureChecks.legendCollisions(Figure(EvaluationFigures.taskCurves(r, title: nil)), measurer: renderer).isEmpty)
    }

    @Test func errorSurfaceLegendCoversNoPath() {
        var rng = SeededGenerator(seed: 1)
        let task = TwoParameterTask(n: 50, spread: (0.12, 1), target: (0, 1), noise: 0.1, using: &rng)
        let paths = TwoParameterGuard.lessonGuards(lambda: 5).enumerated().map { i, g in
            (g.name, ErrorSurfaceFigures.color(of: g.key), [(0.0, 1.0), (Double(i) * 0.6, 1 - Double(i) * 0.5)])
        }
        let axes = ErrorSurfaceFigures.surface(task, title: "Task 1", taskOnePath: [(-2, -1.6), (-2, 1), (0, 1)], paths: paths, resolution: 20)
        #expect(FigureChecks.legendCollisions(Figure(axes), measurer: CairoRenderer()).isEmpty)
    }
}
