import Continual
import LessonCore
import Plot

/// The plasticity lesson's figures: descriptions only (the Cairo backend draws them).
public enum PlasticityFigures {
    /// Part 1, as in the EWC paper's Fig. 2A: each task's test accuracy along training (mean ±
    /// 95% CI over seeds), one panel per method, the task boundaries marked.
    public static func slideCurves(_ runs: [GuardMethod: [SequenceRun]], methods: [GuardMethod], taskNames: [String], stepsPerEpoch: Int) -> Figure {
        let panels = methods.map { m -> Axes in
            let avg = averageCurves(runs[m]!)
            let epochs = avg.steps.map { $0 / Double(stepsPerEpoch) }
            var marks: [Mark] = []
            for t in avg.mean.indices {
                marks.append(.band(Band(x: epochs, lower: zip(avg.mean[t], avg.ci[t]).map { $0 - $1 }, upper: zip(avg.mean[t], avg.ci[t]).map { $0 + $1 }, color: Palette.color(t))))
                marks.append(.line(Line(x: epochs, y: avg.mean[t], label: taskNames[t], color: Palette.color(t), marker: [.circle, .square, .triangle, .diamond][t % 4])))
            }
            for b in avg.boundaries.dropLast() { marks.append(.marker(VerticalMarker(x: b / Double(stepsPerEpoch)))) }
            return Axes(title: m.key == "ewc" ? "EWC" : m.title, x: Axis("epochs of training"), y: Axis("test accuracy", limits: 0...1, format: .percent), marks)
        }
        var figure = Figure(title: "Permuted digits A, then B, then C: forgetting (b = 0), intransigence (b = 1), EWC", panels: panels, width: 1920, height: 640)
        figure.sharedLegend = true
        return figure
    }

    /// Part 2: R for every method (mean over seeds), side by side.
    public static func matrices(_ r: [(String, EvaluationMatrix)]) -> Figure {
        MethodFigures.matrices(title: "R for each guard (accuracy in %, mean over seeds)", r.map { ($0.0, $0.1.rows) })
    }

    /// Part 2: ACC, BWT and FWT for every method, mean ± 95% CI.
    public static func metricBars(_ names: [String], acc: [(Double, Double)], bwt: [(Double, Double)], fwt: [(Double, Double)]) -> Figure {
        func values(_ v: [(Double, Double)]) -> MethodFigures.Values { v.map { (mean: $0.0, ci: $0.1) } }
        return MethodFigures.metricBars(title: "Five guards on five permuted-digit tasks", methods: names,
                                        series: [(name: "permuted digits", acc: values(acc), bwt: values(bwt), fwt: values(fwt))])
    }

    /// HW14's metric: after every epoch, the mean test accuracy over the tasks seen so far.
    public static func seenSoFar(_ runs: [GuardMethod: [SequenceRun]], methods: [GuardMethod], stepsPerEpoch: Int) -> Figure {
        let marks: [Mark] = methods.enumerated().map { i, m in
            let avg = averageCurves(runs[m]!)
            let x = avg.steps.map { $0 / Double(stepsPerEpoch) }
            let y = avg.steps.indices.map { s -> Double in
                let seen = min(avg.mean.count, avg.boundaries.filter { $0 < avg.steps[s] }.count + 1)
                return avg.mean.prefix(seen).map { $0[s] }.reduce(0, +) / Double(seen)
            }
            return .line(Line(x: Array(x.dropFirst()), y: Array(y.dropFirst()), label: m.title, color: Palette.color(i), marker: .circle))
        }
        return Figure(Axes(x: Axis("epochs of training (5 per task)"), y: Axis("mean accuracy over the tasks seen so far", format: .percent), legend: .bottomLeft, marks),
                      title: "The homework's metric along the sequence")
    }

    /// Part 3: accuracy on the old tasks against the newest, one line per guard through its λ values.
    public static func frontier(_ points: [PlasticityRuns.FrontierPoint], methods: [GuardMethod]) -> Figure {
        var marks: [Mark] = []
        for (i, m) in methods.enumerated() {
            let mine = points.filter { $0.method == m }.sorted { $0.lambda < $1.lambda }
            marks.append(.line(Line(x: mine.map(\.new), y: mine.map(\.old), label: "\(m.title), λ growing", color: Palette.color(i + 1), marker: .circle)))
        }
        for (m, label) in [(GuardMethod.naive, "b = 0 (forgets)"), (.freeze, "b = ∞ (cannot learn)")] {
            if let p = points.first(where: { $0.method == m }) {
                marks.append(.scatter(Scatter(x: [p.new], y: [p.old], label: label, color: m == .naive ? Palette.color(0) : Color(hex: 0x555555), marker: m == .naive ? .square : .diamond)))
            }
        }
        return Figure(Axes(x: Axis("accuracy on the newest task", limits: 0...1, format: .percent), y: Axis("accuracy on the first task", format: .percent),
                           legend: .bottomLeft, marks), title: "Stability against plasticity: λ from small to very large")
    }

    /// Part 4: first-layer importance per input pixel, one 28×28 image per method (scaled to its own maximum).
    public static func pixelMaps(_ maps: [(String, [Float])]) -> Figure {
        let images = maps.map { _, m in let top = max(m.max() ?? 1, 1e-12); return m.map { $0 / top } }
        return Figure(Axes(x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden, [.images(ImageGrid(images: images, columns: images.count, captions: maps.map(\.0)))]),
                      title: "What each guard protects: first-layer importance per pixel, task 1 (white: most important)", height: 420)
    }

    /// Part 4: Spearman's rank correlation between the methods' importances (all parameters).
    public static func rankCorrelations(_ names: [String], _ rho: [[Double]]) -> Figure {
        Figure(Axes(x: Axis(categories: names), y: Axis(categories: names), [.heatmap(Heatmap(values: rho, range: -1...1, colormap: .viridis, cellFormat: .fixed(decimals: 2), colorbarLabel: "rank correlation"))]),
               title: "Do the guards agree on which weights matter? (Spearman's ρ, task 1)", width: 1000, height: 800)
    }
}
