import Datasets
import Foundation
import Plot
import Report

/// Shared by the `forgetting` and `curriculum` lessons: the noisy/clean digit tasks, the slide's
/// numbers, aggregation over seeds, and their figures and tables.
public enum NoisyClean {
    /// Accuracy numbers from the slides, keyed like `results.json` (fractions).
    public static let slide: [String: Double] = [
        "seq.afterTask1.task1": 0.90, "seq.afterTask1.task2": 0.96, "seq.afterTask2.task1": 0.80, "seq.afterTask2.task2": 0.97,
        "joint.task1": 0.89, "joint.task2": 0.98,
        "order12.afterTask1.task1": 0.90, "order12.afterTask1.task2": 0.96, "order12.afterTask2.task1": 0.80, "order12.afterTask2.task2": 0.97,
        "order21.afterTask2.task1": 0.62, "order21.afterTask2.task2": 0.97, "order21.afterTask1.task1": 0.90, "order21.afterTask1.task2": 0.97,
    ]

    /// Names each task in figures and tables.
    public static let taskNames = ["Task 1 (noisy)", "Task 2 (clean)"]
}

/// Several seeds' values of every named number, summarised as mean ± 95% CI.
public struct SeedAggregate {
    public private(set) var values: [String: [Double]] = [:]
    public init() {}

    public mutating func add(_ name: String, _ value: Double) { values[name, default: []].append(value) }

    public func mean(_ name: String) -> Double { meanAndCI95(values[name] ?? []).mean }
    public func ci(_ name: String) -> Double { meanAndCI95(values[name] ?? []).halfWidth }

    /// Every number's mean, for `results.json`.
    public var means: [String: Double] { values.mapValues { meanAndCI95($0).mean } }
}

/// Mean ± CI of several trajectories sampled at the same steps.
public func averageTrajectories(_ runs: [Trajectory]) -> (steps: [Double], mean: [[Double]], ci: [[Double]], boundaries: [Double]) {
    let first = runs[0]
    let tasks = first.accuracy.count, samples = first.steps.count
    var mean = Array(repeating: [Double](repeating: 0, count: samples), count: tasks), ci = mean
    for t in 0..<tasks {
        for s in 0..<samples {
            let (m, h) = meanAndCI95(runs.map { $0.accuracy[t][s] })
            (mean[t][s], ci[t][s]) = (m, h)
        }
    }
    return (first.steps, mean, ci, first.boundaries)
}

/// The mean accuracy curves of `runs` for `results.json`: `<prefix>.task1`, `<prefix>.task2`, …
/// with x = training step and y = test accuracy averaged over seeds.
public func accuracyCurves(_ runs: [Trajectory], prefix: String) -> [String: Results.Curve] {
    let avg = averageTrajectories(runs)
    return Dictionary(uniqueKeysWithValues: avg.mean.enumerated().map { ("\(prefix).task\($0.offset + 1)", Results.Curve(x: avg.steps, y: $0.element)) })
}

// MARK: - Figures

extension NoisyClean {
    /// Bars like the slide's: each stage, both tasks, mean ± 95% CI.
    public static func stageBars(_ agg: SeedAggregate, stages: [(label: String, key: String)], title: String?) -> Axes {
        let values = (1...2).map { task in stages.map { agg.mean("\($0.key).task\(task)") } }
        let errors = (1...2).map { task in stages.map { agg.ci("\($0.key).task\(task)") } }
        return Axes(title: title, x: Axis(categories: stages.map(\.label)), y: Axis("test accuracy", limits: 0...1.1, format: .percent),
                    [.bars(Bars(series: taskNames, values: values, errors: errors, valueFormat: .percent))])
    }

    /// Accuracy on both tasks along training (mean ± 95% CI), with each task boundary marked.
    public static func curves(_ runs: [Trajectory], stageNames: [String], title: String?) -> Axes {
        let avg = averageTrajectories(runs)
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

    /// Eight digits of each task, noisy above clean, so students see what the network sees.
    public static func samples(_ tasks: TaskPair) -> Figure {
        let images = [0, 1].flatMap { t in (0..<8).map { i in Array(tasks.test[t].images[(i * 784)..<((i + 1) * 784)]) } }
        let captions = [0, 1].flatMap { t in (0..<8).map { i in t == 0 ? "noisy \(tasks.test[0].labels[i])" : "clean \(tasks.test[1].labels[i])" } }
        return Figure(Axes(x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden, [.images(ImageGrid(images: images, columns: 8, captions: captions))]),
                      title: "Task 1 is noisy digits, Task 2 the same digits clean", height: 400)
    }

    /// Our number, the slide's, and the difference in points, for every key.
    public static func comparison(_ agg: SeedAggregate, rows: [(label: String, key: String)]) -> Table {
        Table(caption: "Mean over \(agg.values.first?.value.count ?? 0) seeds, ± the 95% confidence interval; the slide's numbers are rounded to whole percent.",
              headers: ["accuracy", "ours", "± 95% CI", "slide", "difference"],
              rows: rows.map { row in
                  let ours = agg.mean(row.key), slide = NoisyClean.slide[row.key] ?? .nan
                  return [row.label, percent(ours), Ticks.formatNumber(agg.ci(row.key) * 100, decimals: 1) + " pp", percent(slide, decimals: 0),
                          (ours >= slide ? "+" : "−") + Ticks.formatNumber(abs(ours - slide) * 100, decimals: 1) + " pp"]
              })
    }
}

/// 0.8042 → "80.4%".
public func percent(_ v: Double, decimals: Int = 1) -> String { Ticks.formatNumber(v * 100, decimals: decimals) + "%" }

// MARK: - Settings

extension NoisyClean {
    /// The defaults both lessons use, tuned on real MNIST so that the mean of 3 seeds lands near
    /// the slide's numbers (README, "Lessons"): Gaussian noise (σ from `noise(for:)`), and on half
    /// the images a blanked 10×10 square; 5 epochs of SGD (lr 0.1, batch 64) per task.
    public static let defaults: (corruption: Corruption, training: TwoTaskSettings) = {
        var training = TwoTaskSettings()
        (training.epochs, training.learningRate, training.batchSize, training.evaluateEvery) = (5, 0.1, 64, 500)
        return (Corruption(noise: 0.33, occlusionChance: 0.5, occlusionSize: 10), training)
    }()

    /// Task 1's noise σ for a data set: 0.33 on MNIST (every slide number within 2 points), 0.2 on
    /// the built-in digits, whose clean images are easier and whose noisy ones are harder for this
    /// network (there, 0.2 keeps the slide's story: ≥ 5 points forgotten in order 1→2, ≤ 1 in 2→1).
    public static func noise(for dataset: DatasetIdentity) -> Float { dataset.name == "MNIST" ? 0.33 : 0.2 }

    /// Multi-task training sees both tasks' data, so 4/5 of the epochs give it 1.6× the steps of one
    /// task (the budget tuned against the slide's joint numbers).
    public static func jointSettings(_ s: TwoTaskSettings) -> TwoTaskSettings {
        var joint = s
        joint.epochs = max(1, (s.epochs * 4 + 2) / 5)
        return joint
    }

    /// The settings as name/value pairs for the report and `results.json`.
    public static func describe(_ s: TwoTaskSettings, _ c: Corruption) -> [(String, String)] {
        [("network", "784-\(s.hidden.map(String.init).joined(separator: "-"))-10, ReLU"), ("optimizer", "SGD, learning rate \(s.learningRate), batch \(s.batchSize)"),
         ("epochs per task", "\(s.epochs)"), ("epochs of joint training", "\(jointSettings(s).epochs)"),
         ("Task 1 noise", "Gaussian σ = \(c.noise), salt \(c.salt), a blanked \(c.occlusionSize)×\(c.occlusionSize) square on \(Int(c.occlusionChance * 100))% of images"),
         ("accuracy sampled every", "\(s.evaluateEvery) steps")]
    }
}
