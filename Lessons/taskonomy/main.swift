/// # Taskonomy: which task helps which, and the learning order chosen from it
///
/// Slides: "Curriculum Learning: what is the proper learning order?" and "taskonomy = task +
/// taxonomy" (Hung-yi Lee, Life Long Learning, ML 2021), after Zamir et al., "Taskonomy:
/// Disentangling Task Transfer Learning" (CVPR 2018, arXiv 1804.08328).
///
/// Claim: tasks are related, and the relations can be measured — train on a source, fine-tune on a
/// target with a small budget, compare with the target alone — then normalised (Taskonomy's
/// pairwise wins and their principal eigenvector) and clustered into a taxonomy. The curriculum
/// lesson showed that the order of two tasks matters; here the map of all pairs chooses the order
/// of five, and every one of the 120 orders is learned to see how good the choice was.
import ArgumentParser
import Datasets
import Foundation
import LessonKit

struct TaskonomyLesson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "taskonomy", abstract: "A transfer map of digit tasks, and the learning order chosen from it.")

    // MARK: - Settings (README, "taskonomy", says why these)
    @OptionGroup var options: LessonOptions
    @Option(help: "Training images a task learns from, 100 to 20000 (default: 1000; --quick: 300).") var examples: Int?
    @Option(help: "Training steps a task, 10 to 5000 (default: 100; --quick: 40).") var steps: Int?
    @Option(help: "Units in each of the two hidden layers, 16 to 1000 (default: 100; --quick: 32).") var hidden: Int?
    @Option(help: "Part 3's tasks, 3 to 6 of \(DigitTaskKind.allCases.map(\.rawValue).joined(separator: ", ")), comma-separated (default: clean,noisy,rotated,inverted,parity).")
    var subset: String?

    func validate() throws {
        try SettingRange.check(examples, "--examples", in: 100...20000)
        try SettingRange.check(steps, "--steps", in: 10...5000)
        try SettingRange.check(hidden, "--hidden", in: 16...1000)
        _ = try subset.map(TaskonomySetup.parseSubset)
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "taskonomy", options: options)
        var setup = TaskonomySetup(quick: options.quick)
        (setup.examples, setup.steps) = (examples ?? setup.examples, steps ?? setup.steps)
        setup.hidden = hidden.map { [$0, $0] } ?? setup.hidden
        setup.subset = try subset.map(TaskonomySetup.parseSubset) ?? setup.subset
        let names = setup.kinds.map(\.title)

        // MARK: - 1. Data: eight tasks from the same images
        let data = try lesson.loadDigits()

        // MARK: - 2. Model and 3. Train: every source → target pair, then every order of the subset
        let all = try TaskonomyRuns.all(data, setup: setup, seeds: options.seedList, familySeed: options.seedList[0], progress: lesson.progress)
        let map = TransferMap(all.map)
        let study = OrderStudy(all.orders, gains: map.gains, costs: map.costs, scratch: map.scratch, subsetIDs: setup.subsetIDs)
        let agg = TaskonomyKeys.aggregate(all, map: map, study: study, kinds: setup.kinds)

        // MARK: - 4. Plot
        let figures: [(String, Figure)] = [
            ("family", TaskonomyFigures.family(setup.kinds, data.test, seed: options.seedList[0])),
            ("gains", TaskonomyFigures.gains(map, names: names)),
            ("affinities", TaskonomyFigures.affinities(map, names: names)),
            ("taxonomy", TaskonomyFigures.taxonomy(map, names: names)),
            ("costs", TaskonomyFigures.costs(map, names: names)),
            ("orders", TaskonomyFigures.orders(study))]

        // MARK: - 5. Report
        let settings = TaskonomyText.settings(setup)
        var report = lesson.report(title: "Taskonomy: which task helps which, and the order it chooses", slide: "Curriculum learning; taskonomy",
                                   dataset: data.identity, settings: settings, seconds: Date().timeIntervalSince(start))
        TaskonomyText.fill(&report, agg: agg, map: map, study: study, setup: setup, figures: Dictionary(uniqueKeysWithValues: figures), data: data.identity)
        try lesson.finish(report, results: agg.means, matrices: TaskonomyKeys.matrices(map, study), figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

TaskonomyLesson.main()
