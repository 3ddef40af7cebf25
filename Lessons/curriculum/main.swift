/// # Curriculum: the order of the tasks
///
/// Slide: "Curriculum Learning: what is the proper learning order?" (Hung-yi Lee, Life Long Learning, ML 2021).
///
/// Claim: the same two tasks, learned in the two possible orders, end very differently. Noisy
/// digits then clean digits: 90% / 96%, then Task 1 falls to 80%. Clean then noisy: the clean
/// model knows only 62% of the noisy digits, but after learning them it keeps both (90% / 97%).
import ArgumentParser
import Datasets
import Foundation
import LessonKit
import Report

struct Curriculum: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "curriculum", abstract: "The same two tasks in both orders.")

    // MARK: - Settings (defaults tuned on MNIST: README, "Lessons")
    @OptionGroup var options: LessonOptions
    @OptionGroup var task: NoisyCleanOptions

    func run() throws {
        let start = Date()
        let lesson = LessonRun(id: "curriculum", options: options)
        let settings = task.training(quick: options.quick)

        // MARK: - 1. Data: Task 1 = noisy digits, Task 2 = the same digits clean
        let data = try lesson.loadDigits()
        let corruption = task.corruption(for: data.identity)
        let tasks = noisyAndCleanDigits(data, corruption: corruption, seed: options.seed)

        // MARK: - 2. Model and 3. Train: a fresh network per order and seed
        var agg = SeedAggregate(), runs12: [Trajectory] = [], runs21: [Trajectory] = []
        for (i, seed) in options.seedList.enumerated() {
            lesson.progress("seed \(seed) (\(i + 1)/\(options.seeds)): order Task 1 → Task 2")
            let forward = trainSequentially(tasks, order: [0, 1], settings: settings, seed: seed)
            lesson.progress("seed \(seed) (\(i + 1)/\(options.seeds)): order Task 2 → Task 1")
            let backward = trainSequentially(tasks, order: [1, 0], settings: settings, seed: seed)
            (runs12, runs21) = (runs12 + [forward], runs21 + [backward])
            for task in 0..<2 {
                agg.add("order12.afterTask1.task\(task + 1)", forward.afterStage[0][task])
                agg.add("order12.afterTask2.task\(task + 1)", forward.afterStage[1][task])
                agg.add("order21.afterTask2.task\(task + 1)", backward.afterStage[0][task])
                agg.add("order21.afterTask1.task\(task + 1)", backward.afterStage[1][task])
            }
        }

        // MARK: - 4. Plot: the slide's two panels, and the curves behind them
        let bars = Figure(title: "The order matters: the same tasks, learned in each order", panels: [
            NoisyClean.stageBars(agg, stages: [("after Task 1", "order12.afterTask1"), ("after Task 2", "order12.afterTask2")], title: "Task 1, then Task 2"),
            NoisyClean.stageBars(agg, stages: [("after Task 2", "order21.afterTask2"), ("after Task 1", "order21.afterTask1")], title: "Task 2, then Task 1"),
        ])
        let curves = Figure(title: "Accuracy along training in each order", panels: [
            NoisyClean.curves(runs12, stageNames: ["Task 1", "Task 2"], title: "Task 1, then Task 2"),
            NoisyClean.curves(runs21, stageNames: ["Task 2", "Task 1"], title: "Task 2, then Task 1"),
        ])

        // MARK: - 5. Report
        var report = lesson.report(title: "Curriculum: the order of the tasks", slide: "Curriculum Learning: what is the proper learning order?",
                                   data: data, settings: NoisyClean.describe(settings, corruption), seconds: Date().timeIntervalSince(start))
        report.learn = ["Forgetting depends on the order in which tasks arrive", "Learning the harder, noisier task last keeps both",
                        "Why choosing the order of tasks (curriculum learning, taskonomy) is a research question"]
        let forgotten = agg.mean("order12.afterTask1.task1") - agg.mean("order12.afterTask2.task1")
        let keptOther = agg.mean("order21.afterTask1.task2") - agg.mean("order21.afterTask2.task2")
        report.headline = ("Task 1 lost in order 1→2 (slide: 10 points)", Ticks.formatNumber(forgotten * 100, decimals: 1) + " pp")
        report.add(.markdown(CurriculumText.intro))
        report.add(.metrics([Metric("Task 1 lost, order 1 → 2", Ticks.formatNumber(forgotten * 100, decimals: 1) + " pp", detail: "slide: 90% → 80%", tone: .bad),
                             Metric("Task 2 change, order 2 → 1", Ticks.formatNumber(keptOther * 100, decimals: 1) + " pp", detail: "slide: 97% → 97%", tone: .good)]))
        report.add(.figure(name: "orders", bars, caption: "Accuracy on both tasks after each stage, in each order (mean ± 95% CI over seeds)."))
        report.add(.figure(name: "curves", curves, caption: "Test accuracy along training in each order (mean ± 95% CI over seeds)."))
        report.add(.table(NoisyClean.comparison(agg, rows: CurriculumText.rows)))
        report.add(.markdown(CurriculumText.discussion))
        try lesson.finish(report, results: agg.means,
                          curves: accuracyCurves(runs12, prefix: "order12").merging(accuracyCurves(runs21, prefix: "order21")) { a, _ in a }, figures: ["orders", "curves"], settings: NoisyClean.describe(settings, corruption), dataset: data.identity)
    }
}

Curriculum.main()
