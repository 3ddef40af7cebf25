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

    func validate() throws { try task.validate(quick: options.quick) }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "curriculum", options: options)
        let settings = task.training(quick: options.quick)

        // MARK: - 1. Data: Task 1 = noisy digits, Task 2 = the same digits clean
        let data = try lesson.loadDigits()
        let corruption = task.corruption(for: data.identity)
        let tasks = NoisyClean.tasks(data, corruption: corruption, seed: options.seed)

        // MARK: - 2. Model and 3. Train: a fresh network per order and seed
        var agg = SeedAggregate(), runs12: [SequenceRun] = [], runs21: [SequenceRun] = []
        for (i, seed) in options.seedList.enumerated() {
            lesson.progress("seed \(seed) (\(i + 1)/\(options.seedList.count)): order Task 1 → Task 2")
            let forward = try NoisyClean.sequential(tasks, order: [0, 1], settings: settings, seed: seed)
            lesson.progress("seed \(seed) (\(i + 1)/\(options.seedList.count)): order Task 2 → Task 1")
            let backward = try NoisyClean.sequential(tasks, order: [1, 0], settings: settings, seed: seed)
            (runs12, runs21) = (runs12 + [forward], runs21 + [backward])
            for task in 1...2 {     // rows[s]: after stage s; order 2 → 1 learns Task 2 in stage 1
                agg.add(NoisyClean.key(.order12, afterLearning: 1, on: task), forward.rows[1][task - 1])
                agg.add(NoisyClean.key(.order12, afterLearning: 2, on: task), forward.rows[2][task - 1])
                agg.add(NoisyClean.key(.order21, afterLearning: 2, on: task), backward.rows[1][task - 1])
                agg.add(NoisyClean.key(.order21, afterLearning: 1, on: task), backward.rows[2][task - 1])
            }
        }

        // MARK: - 4. Plot: the slide's two panels, what the second task cost the first, and the curves behind them
        let firstTask = [("Task 1 (1 → 2)", NoisyClean.key(.order12, afterLearning: 1, on: 1), NoisyClean.key(.order12, afterLearning: 2, on: 1)),
                         ("Task 2 (2 → 1)", NoisyClean.key(.order21, afterLearning: 2, on: 2), NoisyClean.key(.order21, afterLearning: 1, on: 2))]
        let bars = Figure(title: "The order matters: the same tasks, learned in each order", panels: [
            NoisyClean.stageBars(agg, stages: [NoisyClean.stage("after Task 1", .order12, afterLearning: 1), NoisyClean.stage("after Task 2", .order12, afterLearning: 2)],
                                 title: "Task 1, then Task 2"),
            NoisyClean.stageBars(agg, stages: [NoisyClean.stage("after Task 2", .order21, afterLearning: 2), NoisyClean.stage("after Task 1", .order21, afterLearning: 1)],
                                 title: "Task 2, then Task 1"),
            NoisyClean.changeBars(agg, changes: firstTask, title: "The first task's change"),
        ])
        var curves = Figure(title: "Accuracy along training in each order", panels: [
            NoisyClean.curves(runs12, stageNames: ["Task 1", "Task 2"], title: "Task 1, then Task 2"),
            NoisyClean.curves(runs21, stageNames: ["Task 2", "Task 1"], title: "Task 2, then Task 1"),
        ])
        curves.sharedLegend = true

        // MARK: - 5. Report
        var report = lesson.report(title: "Curriculum: the order of the tasks", slide: "Curriculum Learning: what is the proper learning order?",
                                   dataset: data.identity, settings: NoisyClean.describe(settings, corruption), seconds: Date().timeIntervalSince(start))
        report.learn = ["Forgetting depends on the order in which tasks arrive", "Learning the harder, noisier task last keeps both",
                        "Why choosing the order of tasks (curriculum learning, taskonomy) is a research question"]
        let change12 = agg.change(from: firstTask[0].1, to: firstTask[0].2).mean, change21 = agg.change(from: firstTask[1].1, to: firstTask[1].2).mean
        report.headline = ("What the second task costs the first: order 1 → 2 vs order 2 → 1 (slide: −10 vs 0 points)",
                           "\(points(change12, decimals: 1).replacingOccurrences(of: " points", with: "")) vs \(points(change21))")
        report.add(.markdown(CurriculumText.intro(data.identity)))
        report.add(.metrics([Metric("Task 1's change, order 1 → 2", points(change12), detail: "slide: 90% → 80%, −10 points", tone: .bad),
                             Metric("Task 2's change, order 2 → 1", points(change21), detail: "slide: 97% → 97%, 0 points", tone: .good)]))
        report.add(.figure(name: "orders", bars, caption: "Accuracy on both tasks after each stage, in each order, and the change of the task learned first when the second is learned, in percentage points beside the slide's (mean ± 95% CI over seeds)."))
        report.add(.figure(name: "curves", curves, caption: "Test accuracy along training in each order (mean ± 95% CI over seeds)."))
        report.add(.table(NoisyClean.comparison(agg, rows: CurriculumText.rows)))
        report.add(.markdown(CurriculumText.discussion(order12: change12, order21: change21)))
        report.add(.exercises(CurriculumText.exercises))
        try lesson.finish(report, results: agg.means,
                          curves: meanCurves(runs12, prefix: NoisyClean.Run.order12.rawValue).merging(meanCurves(runs21, prefix: NoisyClean.Run.order21.rawValue)) { a, _ in a }, figures: ["orders", "curves"], settings: NoisyClean.describe(settings, corruption), dataset: data.identity)
    }
}

Curriculum.main()
