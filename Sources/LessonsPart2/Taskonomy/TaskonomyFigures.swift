import Continual
import Datasets
import LessonCore
import Plot

/// The taskonomy lesson's figures.
public enum TaskonomyFigures {
    /// Part 1: the same few different digits (rows) as each task of the family (columns) sees them, with
    /// each task's label.
    public static func family(_ kinds: [DigitTaskKind], _ images: DigitSet, seed: UInt64, count: Int = 3) -> Figure {
        var picks: [Int] = []       // the first image of each of `count` different digits
        for (i, y) in images.labels.enumerated() where picks.count < count && !picks.contains(where: { images.labels[$0] == y }) { picks.append(i) }
        let shown = images.subset(picks), tasks = kinds.map { $0.make(shown, seed: seed) }
        var cells: [[Float]] = [], captions: [String] = []
        for i in 0..<shown.count {
            for (kind, task) in zip(kinds, tasks) {
                cells.append(Array(task.images[(i * DigitSet.pixels)..<((i + 1) * DigitSet.pixels)]))
                captions.append((i == 0 ? kind.title + ": " : "") + label(kind, task.labels[i]))
            }
        }
        return Figure(Axes(x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden, [.images(ImageGrid(images: cells, columns: kinds.count, captions: captions))]),
                      title: "One family of tasks: the same images, \(kinds.count) ways (a column a task; its label under each image)",
                      width: 1600, height: Double(110 + 190 * shown.count))
    }

    /// A task's label in words: the digit, "even"/"odd", "≤ 4"/"> 4".
    static func label(_ kind: DigitTaskKind, _ y: Int) -> String {
        switch kind {
        case .parity: y == 0 ? "even" : "odd"
        case .large: y == 0 ? "≤ 4" : "> 4"
        default: String(y)
        }
    }

    /// Part 2: the raw gains (points), sources × targets, the tasks in the clustering's order.
    public static func gains(_ map: TransferMap, names: [String]) -> Figure {
        let o = map.clusterOrder, ordered = o.map { names[$0] }
        let gains = o.map { s in o.map { t in s == t ? Double.nan : 100 * map.gains[s][t] } }
        let top = gains.flatMap { $0 }.filter { !$0.isNaN }.map(abs).max() ?? 1
        return Figure(Axes(x: Axis("target (learned second, with the small budget)", categories: ordered), y: Axis("source (learned first)", categories: ordered), legend: .hidden,
                           [.heatmap(Heatmap(values: gains, range: -top...top, colormap: .viridis, cellFormat: .fixed(decimals: 1), colorbarLabel: "points"))]),
                      title: "The transfer map: the target's accuracy after the source, minus the target alone (points)", width: 1280, height: 820)
    }

    /// Part 2: Taskonomy's normalised affinities (%, each column sums to 100), with a last row for
    /// "from scratch", the tasks in the clustering's order.
    public static func affinities(_ map: TransferMap, names: [String]) -> Figure {
        let o = map.clusterOrder, ordered = o.map { names[$0] }
        let affinity = (o + [names.count]).map { s in o.map { t in s == t ? Double.nan : 100 * map.affinities[s][t] } }
        return Figure(Axes(x: Axis("target", categories: ordered), y: Axis("source", categories: ordered + ["from scratch"]), legend: .hidden,
                           [.heatmap(Heatmap(values: affinity, range: 0...(affinity.flatMap { $0 }.filter { !$0.isNaN }.max() ?? 1), colormap: .viridis,
                                             cellFormat: .fixed(decimals: 0), colorbarLabel: "% of the column"))]),
                      title: "Normalised as Taskonomy does: each target's sources ranked example by example (%, a column sums to 100)", width: 1280, height: 880)
    }

    /// Part 2: the taxonomy as a dendrogram (average linkage on d = 1 − S, S the symmetric affinities).
    public static func taxonomy(_ map: TransferMap, names: [String]) -> Figure {
        let heights = map.merges.map(\.height), floor = max(0, (heights.min() ?? 0) - 0.03)
        var x = [Int: Double](), height = [Int: Double](), marks: [Mark] = []
        for (i, t) in map.clusterOrder.enumerated() { (x[t], height[t]) = (Double(i), floor) }
        for merge in map.merges {       // a cluster is named by its lowest member; its x is the middle of its two parts
            let (a, b) = (merge.left.min()!, merge.right.min()!)
            marks.append(.line(Line(x: [x[a]!, x[a]!, x[b]!, x[b]!], y: [height[a]!, merge.height, merge.height, height[b]!], color: Palette.color(0), width: 3)))
            (x[min(a, b)], height[min(a, b)]) = ((x[a]! + x[b]!) / 2, merge.height)
        }
        return Figure(Axes(x: Axis(categories: map.clusterOrder.map { names[$0] }),
                           y: Axis("1 − mutual affinity", limits: floor...((heights.max() ?? 1) + 0.02)), legend: .hidden, marks),
                      title: "The taxonomy: tasks that help each other join low", width: 1280, height: 560)
    }

    /// Part 3: what learning t costs s (points), tasks in the taxonomy's order.
    public static func costs(_ map: TransferMap, names: [String]) -> Figure {
        let o = map.clusterOrder, ordered = o.map { names[$0] }
        let costs = o.map { s in o.map { t in s == t ? Double.nan : 100 * map.costs[s][t] } }
        return Figure(Axes(x: Axis("learned second", categories: ordered), y: Axis("learned first (its accuracy lost)", categories: ordered), legend: .hidden,
                           [.heatmap(Heatmap(values: costs, range: 0...(costs.flatMap { $0 }.filter { !$0.isNaN }.max() ?? 1), colormap: .viridis, cellFormat: .fixed(decimals: 0), colorbarLabel: "points lost"))]),
                      title: "What the second task costs the first: accuracy lost by the row's task when the column's is learned after it", width: 1100, height: 820)
    }

    /// Part 3: every order's ACC, sorted, with the two predicted orders marked; and the pairwise
    /// model's prediction against the measured ACC.
    public static func orders(_ study: OrderStudy) -> Figure {
        let right = Axes(title: "Predicted from the pairs against measured (Spearman ρ = \(Ticks.formatNumber(study.pairwiseCorrelation, decimals: 2)))",
                         x: Axis("predicted ACC (pairs: alone + gain − costs)", format: .percent), y: Axis("measured ACC", format: .percent), legend: .topLeft, [
                            .scatter(Scatter(x: study.pairwise, y: study.accuracy, label: "an order", color: Color(hex: 0x999999))),
                            .scatter(Scatter(x: [study.pairwise[study.pairwiseBest]], y: [study.accuracy[study.pairwiseBest]], label: "best predicted", color: Palette.color(3), marker: .diamond))])
        return Figure(title: "Choosing the order: all \(study.orders.count) orders learned one after another (mean over seeds)",
                      panels: [ranked(study, study.accuracy, title: "Every order's accuracy, from worst to best", axis: "accuracy after the last task (ACC)"),
                               ranked(study, study.backwardTransfer, title: "Every order's backward transfer (what the later tasks took), from worst to best",
                                      axis: "backward transfer (BWT)"),
                               right], columns: 1, width: 1280, height: 1850)
    }

    /// Every order's `values` sorted, the median dashed, and the two rules' orders marked.
    static func ranked(_ study: OrderStudy, _ values: [Double], title: String, axis: String) -> Axes {
        let sorted = values.indices.sorted { values[$0] < values[$1] }
        let rank = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($0.element, Double($0.offset + 1)) })
        let n = Double(sorted.count), median = study.median(values), span = values.max()! - values.min()!
        func point(_ o: Int, _ label: String, _ k: Int, _ shape: MarkerShape, below: Double) -> [Mark] {     // the mark, and a label below-right with an arrow
            [.scatter(Scatter(x: [rank[o]!], y: [values[o]], label: label, color: Palette.color(k), marker: shape)),
             .text(Annotation(label.components(separatedBy: " (").first!, at: (min(rank[o]! + 4, n * 0.8), values[o] - below * span), pointing: (rank[o]!, values[o]), color: Palette.color(k)))]
        }
        return Axes(title: title, x: Axis("orders ranked", limits: 0...(n + 1)), y: Axis(axis, format: .percent), legend: .topLeft, [
            .scatter(Scatter(x: sorted.map { rank[$0]! }, y: sorted.map { values[$0] }, label: "an order", color: Color(hex: 0x999999))),
            .line(Line(x: [0, n + 1], y: [median, median], label: "median", color: Color(hex: 0x555555), dashed: true)),
        ] + point(study.greedyIndex, "greedy rule (forward gains)", 1, .square, below: 0.25)
            + point(study.pairwiseBest, "pairwise rule (gains and costs)", 3, .diamond, below: 0.45))
    }
}
