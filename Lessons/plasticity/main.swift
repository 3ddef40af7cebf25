/// # Selective synaptic plasticity: the guard bᵢ on a real network
///
/// Slides: "Selective Synaptic Plasticity" (Hung-yi Lee, Life Long Learning, ML 2021):
/// L′(θ) = L(θ) + λ Σᵢ bᵢ (θᵢ − θᵢᵇ)², "if bᵢ = 0 … catastrophic forgetting; if bᵢ = ∞ …
/// intransigence", and "MNIST permutation, from the original EWC paper" (Kirkpatrick et al. 2017,
/// arXiv 1612.00796, Fig. 2A) with bᵢ = 1 and bᵢ = 0; then the list of ways to set bᵢ: EWC, SI
/// (arXiv 1703.04200), MAS (1711.09601), RWalk (1801.10112), SCP (OpenReview BJge3TNKwH).
///
/// Claim: learning permuted digits A, B, C in turn, b = 0 forgets A; b = 1 keeps A but cannot learn
/// C well; EWC keeps A and learns C. Every way of estimating bᵢ beats b = 0 on five tasks (the
/// course's HW14: baseline 69.9, EWC 72.2, MAS 84.2, SI 72.4, RWalk 77.5, SCP 76.7).
import ArgumentParser
import Foundation
import LessonKit

struct Plasticity: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plasticity", abstract: "The guard bᵢ: b = 0, 1, ∞, EWC, SI, MAS, RWalk and SCP on permuted digits.")

    // MARK: - Settings (defaults chosen on a validation split: README, "plasticity")
    @OptionGroup var options: LessonOptions
    @Option(help: "Tasks in parts 2 and 4, 2 to 10.") var tasks = 5
    @Option(help: "Epochs per task in every part, 1 to 50 (default: 5; --quick: 2).") var epochs: Int?
    @Option(name: .customLong("lambda"), help: "λ of a guard in parts 2–4 as method=value (ewc, si, mas, rwalk, scp; defaults ewc=10 si=10 mas=0.03 rwalk=30 scp=10); repeat the option for several.")
    var lambdas: [String] = []
    @Option(name: .customLong("slide-lambda"), help: "λ in part 1 as method=value (l2, ewc; defaults l2=0.1 ewc=10).") var slideLambdas: [String] = []
    @Flag(help: "Choose λ again: run every guard's grid on a validation split of the training images and print the tables (writes no report).") var sweep = false

    func validate() throws {
        try SettingRange.check(tasks, "--tasks", in: 2...10)
        try SettingRange.check(epochs, "--epochs", in: 1...50)
        try SettingRange.checkNotWithQuick(epochs != nil, "--epochs", quick: options.quick, quickValue: "2 epochs a task")
        _ = try setup()
    }

    func setup() throws -> PlasticitySetup {
        var s = PlasticitySetup(quick: options.quick)
        if let epochs { (s.slide.epochs, s.guards.epochs) = (epochs, epochs) }
        s.guardTasks = tasks
        for text in lambdas { let (k, v) = try PlasticitySetup.parseStrength(text, option: "--lambda", methods: GuardMethod.estimators); s.strength[k] = v }
        for text in slideLambdas { let (k, v) = try PlasticitySetup.parseStrength(text, option: "--slide-lambda", methods: PlasticitySetup.slideMethods); s.slideStrength[k] = v }
        return s
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "plasticity", options: options)
        let setup = try setup(), seeds = options.seedList

        // MARK: - 1. Data: permuted digits (task 1 = the plain digits)
        let data = try lesson.loadDigits()
        if sweep { return print(try PlasticitySweep.run(data, setup: setup, seeds: seeds, progress: lesson.progress)) }

        // MARK: - 2. Model and 3. Train: every guard is a strategy on the one loop
        lesson.progress("part 1, the EWC slide: A, B, C with SGD")
        let slide = try PlasticityRuns.sequences(PlasticitySetup.slideMethods, seeds: seeds, strength: setup.slideStrength, training: setup.slide, samples: setup.importanceSamples,
                                                 tasks: { setup.slideTaskList(data, seed: $0) }, progress: lesson.progress)
        lesson.progress("part 2, five guards on \(setup.guardTasks) tasks with Adam")
        let guards = try PlasticityRuns.sequences(PlasticitySetup.guardMethods, seeds: seeds, strength: setup.strength, training: setup.guards, samples: setup.importanceSamples,
                                                  scoring: .seenSoFar, tasks: { setup.guardTaskList(data, seed: $0) }, progress: lesson.progress)
        lesson.progress("part 3, λ from small to very large (seed \(options.seed))")
        let frontier = try PlasticityRuns.frontier(PlasticitySetup.sweepMethods, factors: setup.sweepFactors, strength: setup.strength, training: setup.guards, samples: setup.importanceSamples,
                                                   tasks: Array(setup.guardTaskList(data, seed: options.seed).prefix(2)), seed: options.seed)
        let agg = try PlasticityResults.aggregate(slide: slide, guards: guards)
        let matrices = try PlasticityResults.meanMatrices(guards, methods: PlasticitySetup.guardMethods)
        let importance = PlasticityResults.importances(guards)

        // MARK: - 4. Plot
        let methods = PlasticitySetup.guardMethods
        let stat = { (m: GuardMethod, k: String) in (agg.mean(PlasticityKeys.guarded(m, k)), agg.ci(PlasticityKeys.guarded(m, k))) }
        let figures: [(String, Figure)] = [
            ("slide", PlasticityFigures.slideCurves(PlasticityResults.sequences(slide), methods: PlasticitySetup.slideMethods, taskNames: ["Task A", "Task B", "Task C"],
                                                    stepsPerEpoch: setup.slideTrain / setup.slide.batchSize)),
            ("R", PlasticityFigures.matrices(matrices.map { ($0.0.title, $0.1) })),
            ("metrics", PlasticityFigures.metricBars(methods.map(\.title), acc: methods.map { stat($0, "ACC") }, bwt: methods.map { stat($0, "BWT") }, fwt: methods.map { stat($0, "FWT") })),
            ("seen-so-far", PlasticityFigures.seenSoFar(PlasticityResults.sequences(guards), methods: methods, stepsPerEpoch: setup.guardTrain / setup.guards.batchSize)),
            ("frontier", PlasticityFigures.frontier(frontier.points, methods: PlasticitySetup.sweepMethods)),
            ("pixels", PlasticityFigures.pixelMaps(importance.maps)),
            ("agreement", PlasticityFigures.rankCorrelations(importance.names, importance.rho))]

        // MARK: - 5. Report
        let settings = PlasticityText.settings(setup)
        var report = lesson.report(title: "Selective synaptic plasticity: the guard bᵢ", slide: "Selective Synaptic Plasticity", dataset: data.identity,
                                   settings: settings, seconds: Date().timeIntervalSince(start))
        PlasticityText.fill(&report, agg: agg, figures: Dictionary(uniqueKeysWithValues: figures), setup: setup, frontier: frontier,
                              rho: (importance.names, importance.rho), data: data.identity, seeds: options.seedList.count)
        try lesson.finish(report, results: Dictionary(uniqueKeysWithValues: PlasticityKeys.all.map { ($0.name, agg.mean($0)) }),
                          matrices: Dictionary(uniqueKeysWithValues: matrices.map { ("\($0.0.key).R", $0.1.rows) } + [("importance.spearman", importance.rho)]),
                          curves: Dictionary(uniqueKeysWithValues: PlasticitySetup.sweepMethods.map { m in
                              let p = frontier.points.filter { $0.method == m }
                              return ("frontier.\(m.key)", Results.Curve(x: p.map(\.new), y: p.map(\.old)))
                          }),
                          figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

Plasticity.main()
