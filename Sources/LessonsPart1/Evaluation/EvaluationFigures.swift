import Continual
import LessonCore
import Plot

/// Figures of an evaluation matrix R.
public enum EvaluationFigures {
    /// R as a heatmap with its own colour bar: rows "random init", "after task 1", …; every cell annotated.
    public static func heatmap(_ r: EvaluationMatrix, title: String?) -> Axes {
        let t = r.taskCount
        return Axes(title: title, x: Axis("test on task j", categories: (1...t).map { "\($0)" }),
                    y: Axis("after training", categories: ["random init"] + (1...t).map { "task \($0)" }),
                    [.heatmap(Heatmap(values: r.rows, range: 0...1, cellFormat: .percent, colorbarLabel: "accuracy", colorbar: true))])
    }

    /// One number of R (ACC, BWT or FWT) for every method, a bar per sequence; `range` is shared by
    /// the panels that are compared (BWT and FWT, both in points).
    public static func metricPanel(_ metric: SequenceBaseline.Metric, methods: [SequenceBaseline], sequences: [SequenceBaseline.Sequence],
                                   value: (SequenceBaseline, SequenceBaseline.Sequence) -> (mean: Double, ci: Double), range: ClosedRange<Double>?) -> Axes {
        let percent = metric == .ACC, scale = percent ? 1.0 : 100.0
        let values = sequences.map { s in methods.map { value($0, s).mean * scale } }
        let errors = sequences.map { s in methods.map { value($0, s).ci * scale } }
        let titles: [SequenceBaseline.Metric: String] = [.ACC: "Accuracy", .BWT: "Backward Transfer", .FWT: "Forward Transfer"]
        return Axes(title: titles[metric], x: Axis(categories: methods.map(\.shortTitle)),
                    y: Axis(percent ? "accuracy at the end" : "percentage points", limits: range, format: percent ? .percent : .automatic),
                    [.bars(Bars(series: sequences.map { "\($0.rawValue) digits" }, values: values, errors: errors,
                                valueFormat: percent ? .percent : .fixed(decimals: 0)))])
    }

    /// One line per task j: R(i, j) as i runs through the sequence.
    public static func taskCurves(_ r: EvaluationMatrix, title: String?) -> Axes {
        let t = r.taskCount
        let marks: [Mark] = (1...t).map { j in
            .line(Line(x: (0...t).map(Double.init), y: (0...t).map { r[$0, j] }, label: "task \(j)", marker: .circle))
        }
        return Axes(title: title, x: Axis("after training task i", categories: ["init"] + (1...t).map { "\($0)" }),
                    y: Axis("test accuracy", limits: 0...1, format: .percent), marks)
    }
}
