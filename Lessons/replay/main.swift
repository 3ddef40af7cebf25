/// # Generating pseudo-data: deep generative replay on ten digits without a task id
///
/// Slides: "Memory Replay" / "Generating Data: generating pseudo-data using generative model for
/// previous tasks" (Hung-yi Lee, Life Long Learning, ML 2021; Shin et al. 2017, arXiv 1705.08690;
/// FearNet, 1711.10563; LAMOL, 1909.03329): a generator learns to produce the earlier tasks' data,
/// and while the solver learns a new task it also trains on generated, labelled examples —
/// multi-task learning with data that was never kept.
///
/// Claim (van de Ven & Tolias 2019, arXiv 1904.07734, Table 4, split MNIST class-incremental):
/// fine-tuning ends at 19.90% (it knows only the last two digits), deep generative replay at
/// 90.79% (91.79% with distillation), training on all the data at once at 97.94%.
import ArgumentParser
import Foundation
import LessonKit

struct ReplayLesson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "replay", abstract: "Exact and generative replay on split digits, class-incremental.")

    // MARK: - Settings (README, "replay", says why these)
    @OptionGroup var options: LessonOptions
    @Option(help: "Training steps a task for the solver and the generator, 10 to 5000 (default: 300; --quick: 50).") var iterations: Int?
    @Option(help: "Units in each of the two hidden layers of the solver and of the generator, 16 to 1000 (default: 100; --quick: 64).") var hidden: Int?
    @Option(help: "The generator's code size z, 2 to 200 (default: 32; the paper's 100; --quick: 16).") var latent: Int?
    @Option(help: "Exact replay's budget: images stored in all, 5 to 20000 (default: 1000; --quick: 200).") var budget: Int?

    func validate() throws {
        try SettingRange.check(iterations, "--iterations", in: 10...5000)
        try SettingRange.check(hidden, "--hidden", in: 16...1000)
        try SettingRange.check(latent, "--latent", in: 2...200)
        try SettingRange.check(budget, "--budget", in: 5...20000)
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "replay", options: options)
        var setup = ReplaySetup(quick: options.quick)
        setup.iterations = iterations ?? setup.iterations
        setup.hidden = hidden.map { [$0, $0] } ?? setup.hidden
        (setup.latent, setup.budget) = (latent ?? setup.latent, budget ?? setup.budget)
        if let budget, !setup.budgetSweep.contains(budget) { setup.budgetSweep = (setup.budgetSweep + [budget]).sorted() }

        // MARK: - 1. Data: five tasks of two digits, one 10-way output, no task id at test time
        let data = try lesson.loadDigits()
        let names = setup.groups.map { $0.map(String.init).joined(separator: "/") }

        // MARK: - 2. Model and 3. Train: every method on the one loop; the generator trains on it too
        let runs = try ReplayRuns.all(data, setup: setup, methods: ReplayMethod.all, seeds: options.seedList, progress: lesson.progress)
        lesson.progress("how many stored images: exact replay with \(setup.budgetSweep.map(grouped).joined(separator: ", ")) (seed \(options.seed))")
        let sweep = try ReplayRuns.budgetSweep(data, setup: setup, runs: runs, seed: options.seed)
        let agg = try ReplayKeys.aggregate(runs)
        let matrices = ReplayKeys.meanMatrices(runs)

        // MARK: - 4. Plot
        func first(_ m: ReplayMethod) -> Double { ReplayKeys.accuracy(runs[m]![0].final) }
        let generativeKB = Double(runs[.generative]![0].storedBytes) / 1000
        let figures: [(String, Figure)] = [
            ("samples", ReplayFigures.gallery(runs[.generative]![0].gallery, taskNames: names)),
            ("stages", ReplayFigures.stages(ReplayMethod.sequential.map { ($0.title, matrices[ReplayKeys.matrix($0)]!) }, taskNames: names,
                                            joint: agg.mean(ReplayKeys.key(.joint, "ACC")))),
            ("final", ReplayFigures.final(methods: ReplayMethod.all.map(\.title),
                                          acc: ReplayMethod.all.map { (agg.mean(ReplayKeys.key($0, "ACC")), agg.ci(ReplayKeys.key($0, "ACC"))) })),
            ("memory", ReplayFigures.memory(budgets: setup.budgetSweep, exact: sweep, generative: (generativeKB, first(.generative)),
                                            none: first(.none), joint: first(.joint), trainImages: data.train.count))]

        // MARK: - 5. Report
        let settings = ReplayText.settings(setup)
        var report = lesson.report(title: "Generating pseudo-data: generative replay", slide: "Memory Replay: generating pseudo-data", dataset: data.identity,
                                   settings: settings, seconds: Date().timeIntervalSince(start))
        ReplayText.fill(&report, agg: agg, figures: Dictionary(uniqueKeysWithValues: figures), setup: setup, runs: runs, data: data.identity)
        try lesson.finish(report, results: agg.means, matrices: matrices,
                          curves: ["budget.exact": Results.Curve(x: setup.budgetSweep.map(Double.init), y: sweep)],
                          figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

ReplayLesson.main()
