import Continual
import LessonCore
import Plot
import Report

/// The noisy/clean lessons' figures and comparison table.
extension NoisyClean {
    /// A stage of a run, as a bar group: its label and which accuracies it shows.
    public typealias Stage = (label: String, keys: (ResultKey, ResultKey))

    /// Bars like the slide's: each stage, both tasks, mean ± 95% CI.
    public static func stageBars(_ agg: SeedAggregate, stages: [Stage], title: String?) -> Axes {
        let values = [stages.map { agg.mean($0.keys.0) }, stages.map { agg.mean($0.keys.1) }]
        let errors = [stages.map { agg.ci($0.keys.0) }, stages.map { agg.ci($0.keys.1) }]
        return Axes(title: title, x: Axis(categories: stages.map(\.label)), y: Axis("test accuracy", limits: 0...1.1, format: .percent),
                    [.bars(Bars(series: taskNames, values: values, errors: errors, valueFormat: .percent))])
    }

    /// What one stage changed, in percentage points, ours (mean ± 95% CI) beside the slide's: a drop
    /// of a few points is plain here even where bars from 0% hide it.
    public static func changeBars(_ agg: SeedAggregate, changes: [(label: String, from: ResultKey, to: ResultKey)], title: String?) -> Axes {
        let ours = changes.map { agg.change(from: $0.from, to: $0.to) }
        let slide = changes.map { (NoisyClean.slide[$0.to] ?? .nan) - (NoisyClean.slide[$0.from] ?? .nan) }
        return Axes(title: title, x: Axis(categories: changes.map(\.label)), y: Axis("change in accuracy (percentage points)"),
                    [.bars(Bars(series: ["ours", "slide"], values: [ours.map { $0.mean * 100 }, slide.map { $0 * 100 }],
                                errors: [ours.map { $0.halfWidth * 100 }, slide.map { _ in 0 }], colors: [Palette.color(0), Color(hex: 0x999999)], valueFormat: .fixed(decimals: 1)))])
    }

    /// The stage after learning `learned` in `run`, as a bar group.
    public static func stage(_ label: String, _ run: Run, afterLearning learned: Int) -> Stage {
        (label, (key(run, afterLearning: learned, on: 1), key(run, afterLearning: learned, on: 2)))
    }

    /// Accuracy on both tasks along training (mean ± 95% CI), with each task boundary marked.
    public static func curves(_ runs: [SequenceRun], stageNames: [String], title: String?) -> Axes {
        let avg = averageCurves(runs)
        var marks: [Mark] = []
        for t in 0..<avg.mean.count {
            marks.append(.band(Band(x: avg.steps, lower: zip(avg.mean[t], avg.ci[t]).map { $0 - $1 }, upper: zip(avg.mean[t], avg.ci[t]).map { $0 + $1 })))
            marks.append(.line(Line(x: avg.steps, y: avg.mean[t], label: taskNames[t], marker: t == 0 ? .circle : .square)))
        }
        for (boundary, next) in zip(avg.boundaries.dropLast(), stageNames.dropFirst()) {
            marks.append(.marker(VerticalMarker(x: boundary, label: "then \(next)")))
        }
        return Axes(title: title, x: Axis("training step (mini-batches of 64)"), y: Axis("test accuracy", limits: 0...1, format: .percent),
                    legend: .bottomRight, marks)
    }

    /// Eight digits of each task (fewer if the test set is smaller), noisy above clean, so students see what the network sees.
    public static func samples(_ tasks: Tasks) -> Figure {
        let n = min(8, tasks.test[0].count, tasks.test[1].count)
        let images = [0, 1].flatMap { t in (0..<n).map { i in Array(tasks.test[t].images[(i * 784)..<((i + 1) * 784)]) } }
        let captions = [0, 1].flatMap { t in (0..<n).map { i in t == 0 ? "noisy \(tasks.test[0].labels[i])" : "clean \(tasks.test[1].labels[i])" } }
        return Figure(Axes(x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden, [.images(ImageGrid(images: images, columns: max(n, 1), captions: captions))]),
                      title: "Task 1 is noisy digits, Task 2 the same digits clean", height: 400)
    }

    /// Our number, the slide's, and the difference in points, for every key.
    public static func comparison(_ agg: SeedAggregate, rows: [(label: String, key: ResultKey)]) -> Table {
        Table(caption: "Mean over \(agg.seedCount) seeds, ± the 95% confidence interval; the slide's numbers are rounded to whole percent; the difference is ours − the slide's.",
              headers: ["accuracy", "ours", "± 95% CI", "slide", "difference"],
              rows: rows.map { row in
                  let ours = agg.mean(row.key), slide = NoisyClean.slide[row.key] ?? .nan
                  return [row.label, percent(ours), Ticks.formatNumber(agg.ci(row.key) * 100, decimals: 1) + " points", percent(slide, decimals: 0), points(ours - slide)]
              })
    }
}
