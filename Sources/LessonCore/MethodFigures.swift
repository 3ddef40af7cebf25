import Plot

/// Figures that compare continual-learning methods, shared by the method lessons.
public enum MethodFigures {
    /// One (mean, 95% half-width) per method, for one series.
    public typealias Values = [(mean: Double, ci: Double)]

    /// ACC, BWT and FWT side by side, each a bar per method and series (e.g. permuted and rotated
    /// digits), mean ± 95% CI; BWT and FWT in percentage points.
    public static func metricBars(title: String, methods: [String], series: [(name: String, acc: Values, bwt: Values, fwt: Values)]) -> Figure {
        func panel(_ name: String, _ pick: ((name: String, acc: Values, bwt: Values, fwt: Values)) -> Values, percent: Bool) -> Axes {
            let scale = percent ? 1.0 : 100.0
            return Axes(title: name, x: Axis(categories: methods), y: Axis(percent ? "accuracy after the last task" : "percentage points", format: percent ? .percent : .automatic),
                        legend: series.count == 1 ? .hidden : .automatic,
                        [.bars(Bars(series: series.map(\.name), values: series.map { pick($0).map { $0.mean * scale } },
                                    errors: series.map { pick($0).map { $0.ci * scale } }, valueFormat: percent ? .percent : .fixed(decimals: 1)))])
        }
        var figure = Figure(title: title, panels: [panel("Accuracy", \.acc, percent: true), panel("Backward Transfer", \.bwt, percent: false),
                                                   panel("Forward Transfer", \.fwt, percent: false)], width: 1920, height: 640)
        figure.sharedLegend = series.count > 1
        return figure
    }

    /// R for every method (mean over seeds), side by side, accuracy in % in each cell.
    public static func matrices(title: String, _ r: [(String, EvaluationMatrixRows)], columns: Int = 3) -> Figure {
        let panels = r.map { name, rows in
            Axes(title: name, x: Axis("test on task j", categories: (1...rows[0].count).map { "\($0)" }),
                 y: Axis("after task i", categories: ["init"] + (1...rows[0].count).map { "\($0)" }),
                 [.heatmap(Heatmap(values: rows, range: 0...1, cellFormat: rows[0].count > 8 ? nil : .percent, colorbarLabel: "accuracy", colorbar: rows[0].count > 8))])   // no numbers in the cells: a colour bar
        }
        let rowsOfPanels = (r.count + columns - 1) / columns
        return Figure(title: title, panels: panels, columns: columns, width: 1920, height: Double(80 + 560 * rowsOfPanels))
    }
}

/// R's rows, (T+1) × T.
public typealias EvaluationMatrixRows = [[Double]]
