import LessonCore
import Plot

/// The new-classes lesson's figures.
public enum NewClassesFigures {
    /// Part 1: ACC after the last task, methods × scenarios (mean ± 95% interval); a missing cell
    /// (iCaRL outside class-incremental) draws nothing.
    public static func scenarios(methods: [String], acc: [[(mean: Double, ci: Double)]]) -> Figure {
        let names = ["Task-IL (task id given)", "Domain-IL (first or second of the pair)", "Class-IL (which of ten digits)"]
        return Figure(Axes(x: Axis(categories: methods), y: Axis("accuracy after the fifth task", limits: 0...1, format: .percent), legend: .above,
                           [.bars(Bars(series: names, values: acc.map { $0.map(\.mean) }, errors: acc.map { $0.map(\.ci) }, valueFormat: nil))]),
                      title: "The same five tasks, three scenarios: accuracy after the last task (mean ± 95% interval)", width: 1600, height: 680)
    }

    /// Part 2: class-incremental confusion matrices after the last task, one panel a method.
    public static func confusion(_ matrices: [(String, [[Double]])]) -> Figure {
        let digits = (0...9).map(String.init)
        let panels = matrices.enumerated().map { k, pair in
            Axes(title: pair.0, x: Axis("predicted digit", categories: digits), y: Axis("true digit", categories: digits), legend: .hidden,
                 [.heatmap(Heatmap(values: pair.1.map { $0.map { $0 * 100 } }, range: 0...100, colormap: .viridis, cellFormat: .fixed(decimals: 0),
                                   colorbarLabel: "% of the true digit", colorbar: k == matrices.count - 1))])
        }
        return Figure(title: "Class-incremental, after the fifth task: where each digit's test images land (% of the row)", panels: panels,
                      columns: 2, width: 1500, height: 1400)
    }

    /// Part 3: class-incremental ACC against the number of stored images (first seed).
    public static func budget(_ budgets: [Int], series: [(String, [Double])], none: Double, joint: Double) -> Figure {
        let x = budgets.map(Double.init), span = [x.first! / 1.3, x.last! * 1.3]
        var marks: [Mark] = series.enumerated().map { k, s in .line(Line(x: x, y: s.1, label: s.0, color: Palette.color(k + 1), marker: .circle)) }
        marks.append(.line(Line(x: span, y: [joint, joint], label: "offline (all data)", color: Color(hex: 0x555555), dashed: true)))
        marks.append(.line(Line(x: span, y: [none, none], label: "none (nothing stored)", color: Palette.color(0), dashed: true)))
        return Figure(Axes(x: Axis("images stored in all (exemplars)", scale: .log), y: Axis("class-incremental accuracy after the last task", limits: 0...1, format: .percent),
                           legend: .above, marks),
                      title: "How many exemplars: iCaRL and exact replay against the budget (first seed)")
    }
}
