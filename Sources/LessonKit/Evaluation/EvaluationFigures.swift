import Continual
import Plot

/// Figures of an evaluation matrix R.
public enum EvaluationFigures {
    /// R as a heatmap, row 0 ("before training") included, every cell annotated.
    /// Without the colour bar, the labels are short ("0" for the untrained row) so that several fit side by side.
    public static func heatmap(_ r: EvaluationMatrix, title: String?, colorbar: Bool = true) -> Axes {
        let t = r.taskCount
        return Axes(title: title, x: Axis("test on task j", categories: (1...t).map { colorbar ? "task \($0)" : "\($0)" }),
                    y: Axis("after training task i", categories: [colorbar ? "random init" : "0"] + (1...t).map { colorbar ? "task \($0)" : "\($0)" }),
                    [.heatmap(Heatmap(values: r.rows, range: 0...1, cellFormat: .percent, colorbarLabel: colorbar ? "accuracy" : nil, colorbar: colorbar))])
    }

    /// ACC, BWT and FWT for several methods, as grouped bars.
    public static func metricBars(_ rows: [(m: String, r: EvaluationMatrix)], title: String?) -> Axes {
        let values = rows.map { [$0.r.accuracy, $0.r.backwardTransfer ?? 0, $0.r.forwardTransfer ?? 0] }
        return Axes(title: title, x: Axis(categories: ["Accuracy", "Backward Transfer", "Forward Transfer"]),
                    y: Axis(format: .percent), [.bars(Bars(series: rows.map(\.m), values: values, valueFormat: .percent))])
    }

    /// One line per task j: R(i, j) as i runs through the sequence.
    public static func taskCurves(_ r: EvaluationMatrix, title: String?) -> Axes {
        let t = r.taskCount
        let marks: [Mark] = (1...t).map { j in
            .line(Line(x: (0...t).map(Double.init), y: (0...t).map { r[$0, j] }, label: "task \(j)", marker: .circle))
        }
        return Axes(title: title, x: Axis("after training task i", categories: ["init"] + (1...t).map { "\($0)" }),
                    y: Axis("test accuracy", limits: 0...1, format: .percent), legend: .bottomLeft, marks)
    }
}
