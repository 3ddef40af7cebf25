/// # Gradient Episodic Memory: the projection g′·gᵇ ≥ 0, drawn and measured
///
/// Slide: "Gradient Episodic Memory (GEM)" (Hung-yi Lee, Life Long Learning, ML 2021; Lopez-Paz &
/// Ranzato 2017, arXiv 1706.08840; A-GEM: Chaudhry et al. 2019, arXiv 1812.00420): the update g′
/// stays as close as possible to the current task's gradient g while g′·gᵇ ≥ 0 for every earlier
/// task's gradient gᵇ, computed on a few stored examples — "Need the data from the previous tasks".
///
/// Claim: on permuted MNIST (20 tasks, 1,000 examples each, one pass) GEM reaches ACC .826 with
/// BWT +.025 where single fine-tuning reaches .602 / −.198 and EWC .619 / −.165; A-GEM keeps most
/// of GEM's gain at a fraction of its cost.
import ArgumentParser
import Foundation
import LessonKit

struct GEMLesson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gem", abstract: "GEM and A-GEM: the projection drawn in two parameters and measured on digit sequences.")

    // MARK: - Settings (the paper's protocol; README, "gem")
    @OptionGroup var options: LessonOptions
    @Option(help: "Tasks in each sequence, 2 to 20 (default: 11; the paper's 20 takes about 3½× longer; --quick: 4).") var tasks: Int?
    @Option(help: "Memories per task for GEM and A-GEM, 1 to 1000 (default: 256, the paper's; --quick: 32).") var memories: Int?
    @Option(help: "GEM's margin (the paper's code's memory strength), 0 to 5; 0 is the paper's equation.") var gemMargin = 0.5

    func validate() throws {
        try SettingRange.check(tasks, "--tasks", in: 2...20)
        try SettingRange.check(memories, "--memories", in: 1...1000)
        try SettingRange.check(Float(gemMargin), "--gem-margin", in: 0...5)
        try SettingRange.checkNotWithQuick(tasks != nil, "--tasks", quick: options.quick, quickValue: "4 tasks")
        try SettingRange.checkNotWithQuick(memories != nil, "--memories", quick: options.quick, quickValue: "32 memories a task")
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "gem", options: options)
        var setup = GEMSetup(quick: options.quick)
        (setup.tasks, setup.memories, setup.gemMargin) = (tasks ?? setup.tasks, memories ?? setup.memories, gemMargin)

        // MARK: - 1. Data: two tasks in two parameters; permuted and rotated digit sequences
        let geometry = try GEMGeometry(seed: options.seed, steps: options.quick ? 60 : 300)
        let data = try lesson.loadDigits()

        // MARK: - 2. Model and 3. Train: every method on the one loop, GEM and A-GEM as strategies
        let runs = try GEMRuns.paper(data, setup: setup, methods: GEMMethod.all, sequences: GEMMethod.Sequence.allCases, seeds: options.seedList, progress: lesson.progress)
        lesson.progress("how much memory is enough: \(setup.memorySweep.map(String.init).joined(separator: ", ")) a task (seed \(options.seed))")
        let sweep = try GEMRuns.memorySweep(data, setup: setup, runs: runs, seed: options.seed)
        var agg = try GEMKeys.aggregate(runs)
        agg.add(GEMKeys.memorySingle, sweep.single)
        agg.add(GEMKeys.memoryJoint, sweep.joint)
        let matrices = GEMKeys.meanMatrices(runs)

        // MARK: - 4. Plot
        let methods = GEMMethod.all, sequences = GEMMethod.Sequence.allCases
        func values(_ metric: String, _ s: GEMMethod.Sequence) -> MethodFigures.Values { methods.map { (agg.mean(GEMKeys.key($0, metric, s)), agg.ci(GEMKeys.key($0, metric, s))) } }
        let figures: [(String, Figure)] = [
            ("projection", GEMFigures.projection(geometry, steps: geometry.stepsToDraw)),
            ("paths", GEMFigures.paths(geometry)),
            ("R", MethodFigures.matrices(title: "R on permuted digits (mean over seeds)", methods.map { ($0.title, matrices[GEMKeys.matrix($0, .permuted)]!) })),
            ("metrics", MethodFigures.metricBars(title: "\(setup.tasks) digit tasks, one pass each", methods: methods.map(\.title),
                                                 series: sequences.map { s in ("\(s.rawValue) digits", values("ACC", s), values("BWT", s), values("FWT", s)) })),
            ("times", GEMFigures.times(methods.map(\.title), sequences.map { s in ("\(s.rawValue) digits", methods.map { m in runs[s]![m]!.map(\.seconds).reduce(0, +) / Double(options.seedList.count) }) })),
            ("memory", GEMFigures.memory(setup.memorySweep, gem: sweep.gem, agem: sweep.agem, single: sweep.single, joint: sweep.joint))]

        // MARK: - 5. Report
        let settings = GEMText.settings(setup)
        var report = lesson.report(title: "Gradient Episodic Memory: the projection g′·gᵇ ≥ 0", slide: "Gradient Episodic Memory (GEM)", dataset: data.identity,
                                   settings: settings, seconds: Date().timeIntervalSince(start))
        GEMText.fill(&report, agg: agg, figures: Dictionary(uniqueKeysWithValues: figures), setup: setup, runs: runs, data: data.identity, seeds: options.seedList.count)
        try lesson.finish(report, results: Dictionary(uniqueKeysWithValues: GEMKeys.all.map { ($0.name, agg.mean($0)) }), matrices: matrices,
                          curves: ["memory.gem": Results.Curve(x: setup.memorySweep.map(Double.init), y: sweep.gem),
                                   "memory.agem": Results.Curve(x: setup.memorySweep.map(Double.init), y: sweep.agem)],
                          figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

GEMLesson.main()
