/// # Catastrophic forgetting on digits
///
/// Slides: "Example (3 layers, 50 neurons each)", "Multi-task training can solve the problem!",
/// "Train a model for each task", "Life-Long v.s. Transfer" (Hung-yi Lee, Life Long Learning, ML 2021).
///
/// Claim: a 784-50-50-50-10 MLP learns noisy digits (Task 1, 90%), then clean digits (Task 2, 97%),
/// and Task 1 falls to 80%. Trained on both at once it keeps both (89% / 98%): the network has the
/// capacity; learning one task after the other simply does not keep it.
import ArgumentParser
import Datasets
import Foundation
import LessonKit
import Report

struct Forgetting: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "forgetting", abstract: "Catastrophic forgetting on noisy then clean digits.")

    // MARK: - Settings (defaults tuned on MNIST: README, "Lessons")
    @OptionGroup var options: LessonOptions
    @OptionGroup var task: NoisyCleanOptions

    func validate() throws { try task.validate(quick: options.quick) }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "forgetting", options: options)
        let settings = task.training(quick: options.quick)

        // MARK: - 1. Data: Task 1 = noisy digits, Task 2 = the same digits clean
        let data = try lesson.loadDigits()
        let corruption = task.corruption(for: data.identity)
        let tasks = NoisyClean.tasks(data, corruption: corruption, seed: options.seed)

        // MARK: - 2. Model and 3. Train: sequentially, jointly, and one model per task, for each seed
        var agg = SeedAggregate(), runs: [SequenceRun] = [], seconds = (sequential: 0.0, joint: 0.0)
        for (i, seed) in options.seedList.enumerated() {
            lesson.progress("seed \(seed) (\(i + 1)/\(options.seedList.count)): Task 1, then Task 2")
            var clock = Date()
            let seq = try NoisyClean.sequential(tasks, order: [0, 1], settings: settings, seed: seed)
            seconds.sequential += Date().timeIntervalSince(clock)
            lesson.progress("seed \(seed): both tasks at once (multi-task), and a clean-only model")
            clock = Date()
            let joint = try NoisyClean.joint(tasks, settings: NoisyClean.jointSettings(settings), seed: seed)
            seconds.joint += Date().timeIntervalSince(clock)
            let cleanOnly = try NoisyClean.sequential(tasks, order: [1], settings: settings, seed: seed)
            runs.append(seq)
            for (stage, accuracies) in seq.afterStage.enumerated() {
                for task in 1...2 { agg.add(NoisyClean.key(.seq, afterLearning: stage + 1, on: task), accuracies[task - 1]) }
            }
            for task in 1...2 { agg.add(NoisyClean.jointKey(on: task), joint[task - 1]) }
            agg.add(NoisyClean.perTaskKey(on: 1), seq.rows[1][0])
            agg.add(NoisyClean.perTaskKey(on: 2), cleanOnly.rows[1][1])
            agg.add(NoisyClean.cleanModelKey, cleanOnly.rows[1][0])
        }

        // MARK: - 4. Plot
        let (before, after) = (NoisyClean.key(.seq, afterLearning: 1, on: 1), NoisyClean.key(.seq, afterLearning: 2, on: 1))
        let stages = [NoisyClean.stage("after Task 1", .seq, afterLearning: 1), NoisyClean.stage("after Task 2", .seq, afterLearning: 2),
                      ("joint training", (NoisyClean.jointKey(on: 1), NoisyClean.jointKey(on: 2)))]
        let changes = [("Task 1 (noisy)", before, after), ("Task 2 (clean)", NoisyClean.key(.seq, afterLearning: 1, on: 2), NoisyClean.key(.seq, afterLearning: 2, on: 2))]
        let stageFigure = Plot.Figure(title: "Learning Task 2 makes the network forget Task 1", panels: [
            NoisyClean.stageBars(agg, stages: stages, title: "Accuracy after each stage"),
            NoisyClean.changeBars(agg, changes: changes, title: "What learning Task 2 changed"),
        ])
        let figures: [(String, Plot.Figure, String)] = [
            ("tasks", NoisyClean.samples(tasks), "What the network sees: Task 1 (noisy) and Task 2 (clean)."),
            ("stages", stageFigure, "Left: accuracy on both tasks after each stage, and after training on both at once. Right: the change from after Task 1 to after Task 2, in percentage points, beside the slide's (mean ± 95% CI over seeds)."),
            ("curves", Plot.Figure(NoisyClean.curves(runs, stageNames: ["Task 1", "Task 2"], title: nil), title: "Task 1 accuracy falls as soon as Task 2 training starts"),
             "Test accuracy sampled along training (mean ± 95% CI over seeds)."),
        ]

        // MARK: - 5. Report
        let perSeed = (sequential: seconds.sequential / Double(options.seedList.count), joint: seconds.joint / Double(options.seedList.count))
        var report = lesson.report(title: "Catastrophic forgetting on digits", slide: "Example (3 layers, 50 neurons each)", dataset: data.identity,
                                   settings: NoisyClean.describe(settings, corruption), seconds: Date().timeIntervalSince(start))
        report.learn = ["A network that can learn two tasks forgets the first when it learns them one after the other",
                        "Multi-task training is the upper bound, and what it costs", "Why one model per task, or transfer learning, is not lifelong learning"]
        let drop = agg.change(from: before, to: after).mean
        report.headline = ("Task 1 before → after learning Task 2: \(points(drop)) (slide: 90% → 80%, −10 points)", "\(percent(agg.mean(before))) → \(percent(agg.mean(after)))")
        report.thumbnailFigure = "stages"
        report.add(.markdown(ForgettingText.intro(data.identity)))
        report.add(.figure(name: figures[0].0, figures[0].1, caption: figures[0].2))
        report.add(.metrics([Metric("Task 1 after Task 1", percent(agg.mean(before)), detail: "slide: 90%"),
                             Metric("Task 1 after Task 2", percent(agg.mean(after)), detail: "slide: 80%", tone: .bad),
                             Metric("Task 1's change", points(drop), detail: "slide: −10 points", tone: .bad),
                             Metric("Task 1, multi-task", percent(agg.mean(NoisyClean.jointKey(on: 1))), detail: "slide: 89%", tone: .good)]))
        for figure in figures.dropFirst() { report.add(.figure(name: figure.0, figure.1, caption: figure.2)) }
        report.add(.table(NoisyClean.comparison(agg, rows: ForgettingText.rows)))
        report.add(.markdown(ForgettingText.approaches(agg, seconds: perSeed)))
        report.add(.exercises(ForgettingText.exercises))
        try lesson.finish(report, results: agg.means, curves: meanCurves(runs, prefix: NoisyClean.Run.seq.rawValue), figures: figures.map(\.0), settings: NoisyClean.describe(settings, corruption), dataset: data.identity)
    }
}

Forgetting.main()
