import LessonCore
import Plot

/// The allocation lesson's figures.
public enum AllocationFigures {
    /// Weights stored against the tasks learned, in networks, one line per method (mean over seeds).
    public static func cost(_ series: [(String, [Double])]) -> Figure {
        let marks: [Mark] = series.enumerated().map { i, s in
            .line(Line(x: s.1.indices.map { Double($0 + 1) }, y: s.1, label: s.0, color: Palette.color(i), marker: .circle))
        }
        return Figure(Axes(x: Axis("tasks learned"), y: Axis("networks stored (body + one head = 1)"), legend: .automatic, marks),
                      title: "What each method stores as the tasks arrive")
    }

    /// PackNet's free weights before each task and each new task's accuracy, against CPG's.
    public static func capacity(free: [(String, [Double])], newTask: [(String, [Double])]) -> Figure {
        func panel(_ title: String, _ y: Axis, _ series: [(String, [Double])]) -> Axes {
            Axes(title: title, x: Axis("task"), y: y, legend: .automatic, series.enumerated().map { i, s in
                .line(Line(x: s.1.indices.map { Double($0 + 1) }, y: s.1, label: s.0, color: Palette.color(i + 3), marker: .circle))
            })
        }
        return Figure(title: "PackNet's capacity running out, and CPG growing (first seed)",
                      panels: [panel("Free weights before the task", Axis("fraction of the body's weights", limits: 0...1, format: .percent), free),
                               panel("The new task's accuracy, just learned", Axis("test accuracy", format: .percent), newTask)],
                      width: 1920, height: 640)
    }

    /// The first layer's weights into the first `units` hidden units, each a 28×28 map of the
    /// input pixels coloured by the task that owns the weight (0: free).
    public static func owners(_ owners: [Int32], hidden: Int, units: Int, tasks: Int, title: String) -> Figure {
        let panels = (0..<units).map { u in
            let values = (0..<28).map { r in (0..<28).map { c in Double(owners[(r * 28 + c) * hidden + u] + 1) } }
            return Axes(title: "unit \(u + 1)", x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden,
                        [.heatmap(Heatmap(values: values, range: 0...Double(tasks), colormap: .viridis, cellFormat: nil, colorbarLabel: "owner task (0: free)"))])
        }
        return Figure(title: title, panels: panels, columns: (units + 1) / 2, width: 1920, height: 1150)
    }
}
