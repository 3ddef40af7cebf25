/// # Additional neural resource allocation: Progressive Networks, PackNet, CPG
///
/// Slides: "Additional Neural Resource Allocation" (Hung-yi Lee, Life Long Learning, ML 2021):
/// Progressive Neural Networks (Rusu et al. 2016, arXiv 1606.04671), PackNet (Mallya & Lazebnik
/// 2018, arXiv 1711.05769), Compacting, Picking and Growing — CPG (Hung et al. 2019, arXiv 1910.06562).
///
/// Claim: giving each task weights of its own (a column, a share of one network, a share that
/// grows when needed) forgets nothing — BWT exactly 0 — at a price in storage that differs by
/// method: a column per task grows fastest, PackNet stays one network until its free weights run
/// out, CPG grows only when a task misses its goal. (The papers' numbers are on CIFAR and ImageNet;
/// the CPG README's CIFAR-100 in 20 tasks: PackNet 67.5%, CPG 80.9%.)
import ArgumentParser
import Foundation
import LessonKit

struct AllocationLesson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "allocation", abstract: "Progressive Networks, PackNet and CPG on permuted digits, task-incremental.")

    // MARK: - Settings (README, "allocation", says why these)
    @OptionGroup var options: LessonOptions
    @Option(help: "Permuted-digit tasks, 2 to 20 (default: 10; --quick: 4).") var tasks: Int?
    @Option(help: "The fraction of its weights PackNet releases after each task, 0 to 0.95 (default: 0.5, the paper's).") var prune = 0.5
    @Option(help: "Units in each of the two hidden layers, 16 to 400 (default: 100; --quick: 32).") var hidden: Int?

    func validate() throws {
        try SettingRange.check(tasks, "--tasks", in: 2...20)
        try SettingRange.check(Float(prune), "--prune", in: 0...0.95)
        try SettingRange.check(hidden, "--hidden", in: 16...400)
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "allocation", options: options)
        var setup = AllocationSetup(quick: options.quick)
        (setup.tasks, setup.pruneFraction) = (tasks ?? setup.tasks, prune)
        setup.hidden = hidden.map { [$0, $0] } ?? setup.hidden

        // MARK: - 1. Data: permuted digits, a head per task (the task id is known at test time)
        let data = try lesson.loadDigits()

        // MARK: - 2. Model and 3. Train: every method on the one loop
        let runs = try AllocationRuns.all(data, setup: setup, methods: AllocationMethod.all, seeds: options.seedList, progress: lesson.progress)
        var rng = SeededGenerator(seed: options.seed)
        let network = setup.multiHead(using: &rng).parameterCount
        let agg = try AllocationKeys.aggregate(runs, network: network)
        let matrices = AllocationKeys.meanMatrices(runs)

        // MARK: - 4. Plot
        let methods = AllocationMethod.all
        func mean(_ m: AllocationMethod, _ pick: (AllocationMethod.Run) -> [Double]) -> [Double] { averageMatrices(runs[m]!.map { [pick($0)] })[0] }
        let capacity: [AllocationMethod] = [.packnet, .packnetEven, .cpg]
        let figures: [(String, Figure)] = [
            ("R", MethodFigures.matrices(title: "R for each method (mean over seeds)", methods.map { ($0.title, matrices[AllocationKeys.matrix($0)]!) })),
            ("metrics", MethodFigures.metricBars(title: "\(setup.tasks) permuted-digit tasks, a head per task", methods: methods.map(\.title),
                                                 series: [("", methods.map { (agg.mean(AllocationKeys.key($0, "ACC")), agg.ci(AllocationKeys.key($0, "ACC"))) },
                                                           methods.map { (agg.mean(AllocationKeys.key($0, "BWT")), agg.ci(AllocationKeys.key($0, "BWT"))) },
                                                           methods.map { (agg.mean(AllocationKeys.key($0, "FWT")), agg.ci(AllocationKeys.key($0, "FWT"))) })])),
            ("cost", AllocationFigures.cost(methods.map { m in (m.title, mean(m) { $0.storedAfter.map { Double($0) / Double(network) } }) })),
            ("capacity", AllocationFigures.capacity(free: capacity.map { ($0.title, runs[$0]![0].freeBefore) },
                                                    newTask: capacity.map { m in (m.title, (1..<runs[m]![0].rows.count).map { runs[m]![0].rows[$0][$0 - 1] }) })),
            ("owners", AllocationFigures.owners(runs[.packnetEven]![0].firstLayerOwners, hidden: setup.hidden[0], units: 6, tasks: setup.tasks,
                                                title: "Who owns which weight: PackNet with even shares, the first layer's weights into six hidden units (first seed)"))]

        // MARK: - 5. Report
        let settings = AllocationText.settings(setup)
        var report = lesson.report(title: "Additional neural resources: Progressive Nets, PackNet, CPG", slide: "Additional Neural Resource Allocation", dataset: data.identity,
                                   settings: settings, seconds: Date().timeIntervalSince(start))
        AllocationText.fill(&report, agg: agg, figures: Dictionary(uniqueKeysWithValues: figures), setup: setup, runs: runs, data: data.identity)
        try lesson.finish(report, results: agg.means, matrices: matrices, figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

AllocationLesson.main()
