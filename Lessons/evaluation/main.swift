/// # Measuring lifelong learning: the matrix R, Accuracy, Backward and Forward Transfer
///
/// Slides: "Evaluation" (Hung-yi Lee, Life Long Learning, ML 2021; after van de Ven & Tolias 2019).
///
/// Claim: one matrix tells the whole story of a task sequence. R(i, j) is the accuracy on task j after
/// learning task i (row 0: before any training). Its last row gives Accuracy, the drop below the
/// diagonal gives Backward Transfer (usually negative: forgetting), the entries just above the
/// diagonal give Forward Transfer. Naive fine-tuning forgets; multi-task training does not.
import ArgumentParser
import Foundation
import LessonKit

struct Evaluation: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluation", abstract: "The matrix R and ACC, BWT, FWT on digit task sequences.")

    // MARK: - Settings
    @OptionGroup var options: LessonOptions
    @Option(help: "Tasks in each sequence, 2 to 20.") var tasks = 5
    @Option(help: "Training images per task, 64 to 60000 (default: 10000; --quick: 1000).") var trainPerTask: Int?
    @Option(help: "Epochs of training per task, 1 to 100 (default: 2; --quick: 1).") var epochs: Int?
    @Option(help: "Rotation between consecutive rotated-digit tasks, in degrees, 0 to 180.") var rotationStep: Float = 45

    func validate() throws {
        try SettingRange.check(tasks, "--tasks", in: 2...20)
        try SettingRange.check(trainPerTask, "--train-per-task", in: 64...60_000)
        try SettingRange.check(epochs, "--epochs", in: 1...100)
        try SettingRange.check(rotationStep, "--rotation-step", in: 0...180)
        try SettingRange.checkNotWithQuick(trainPerTask != nil, "--train-per-task", quick: options.quick, quickValue: "1000 images a task")
        try SettingRange.checkNotWithQuick(epochs != nil, "--epochs", quick: options.quick, quickValue: "1 epoch a task")
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "evaluation", options: options)
        var settings = DigitTraining()
        (settings.epochs, settings.evaluateEvery) = (options.quick ? 1 : epochs ?? 2, 0)
        let (trainCount, testCount) = options.quick ? (1000, 500) : (trainPerTask ?? 10_000, 2000)

        // MARK: - 1. Data: two sequences of digit tasks
        let data = try lesson.loadDigits()
        let sequences: [(SequenceBaseline.Sequence, [ContinualTask])] = [
            (.permuted, DigitSequences.permuted(data, count: tasks, trainPerTask: trainCount, testPerTask: testCount, seed: options.seed)),
            (.rotated, DigitSequences.rotated(data, degrees: (0..<tasks).map { Float($0) * rotationStep }, trainPerTask: trainCount, testPerTask: testCount, seed: options.seed))]

        // MARK: - 2. Model and 3. Train: each method on each sequence, for each seed (independent runs, side by side)
        let methods = SequenceBaseline.all
        let runs = sequences.flatMap { sequence, taskList in methods.flatMap { method in options.seedList.map { (sequence, taskList, method, $0) } } }
        lesson.progress("\(runs.count) runs (\(methods.map(\.title).joined(separator: ", ")) on permuted and rotated digits) \(runThreadsText)")
        let rows = try parallelRuns(runs) { sequence, taskList, method, seed in
            lesson.progress("\(sequence) digits, \(method.title), seed \(seed)")
            return try method.rows(taskList, settings, seed)
        }
        var matrices: [String: [[[Double]]]] = [:]      // by method.matrixKey(sequence), seeds in order
        for ((sequence, _, method, _), r) in zip(runs, rows) { matrices[method.matrixKey(sequence), default: []].append(r) }
        let mean = try matrices.mapValues { try EvaluationMatrix(averageMatrices($0)) }
        func r(_ method: SequenceBaseline, _ sequence: SequenceBaseline.Sequence = .permuted) -> EvaluationMatrix { mean[method.matrixKey(sequence)]! }
        let metrics = try EvaluationText.perSeedMetrics(matrices)         // mean ± 95% CI of ACC, BWT, FWT over seeds

        // MARK: - 4. Plot
        let naiveR = Figure(EvaluationFigures.heatmap(r(.naive), title: nil), title: "R(i, j), naive fine-tuning on permuted digits")
        let heatmaps = Figure(title: "R for each method, permuted digits", panels: methods.map { EvaluationFigures.heatmap(r($0), title: $0.title) },
                              width: 1920, height: 720)
        let order = SequenceBaseline.Sequence.allCases, transfer = EvaluationText.transferRange(metrics)
        var bars = Figure(title: "Accuracy, Backward and Forward Transfer, as the slide defines them", panels: SequenceBaseline.Metric.allCases.map { m in
            EvaluationFigures.metricPanel(m, methods: methods, sequences: order, value: { metrics[$0.key(m, $1)]! }, range: m == .ACC ? nil : transfer)
        })
        bars.sharedLegend = true
        let curves = Figure(EvaluationFigures.taskCurves(r(.naive), title: nil), title: "Naive fine-tuning: each task's accuracy along the sequence")

        // MARK: - 5. Report
        var report = lesson.report(title: "Measuring lifelong learning: R, Accuracy, BWT, FWT", slide: "Evaluation", dataset: data.identity,
                                   settings: EvaluationText.settings(tasks: tasks, trainCount: trainCount, settings: settings, rotationStep: rotationStep),
                                   seconds: Date().timeIntervalSince(start))
        report.learn = ["How the matrix R records a whole task sequence", "Accuracy, Backward Transfer and Forward Transfer, computed from R by hand",
                        "Why naive fine-tuning has a negative BWT and multi-task training does not"]
        let naive = r(.naive)
        report.headline = ("Backward Transfer of naive fine-tuning on permuted digits (multi-task training: \(points(r(.joint).backwardTransfer!)))",
                           points(naive.backwardTransfer!))
        report.add(.markdown(EvaluationText.intro(data.identity)))
        for formula in EvaluationText.formulas { report.add(.formula(formula.0, note: formula.1)) }
        report.add(.figure(name: "R-naive", naiveR, caption: "R for naive fine-tuning, mean over seeds: row i is the network after task i, column j the task tested; the first row is the untrained network."))
        report.add(.markdown(EvaluationText.explain(naive, name: "naive fine-tuning on permuted digits")))
        report.add(.figure(name: "R", heatmaps, caption: "R for each method on permuted digits, mean over seeds."))
        report.add(.figure(name: "metrics", bars, caption: "ACC, BWT and FWT for each method on both sequences (mean ± 95% CI over seeds). Accuracy is in percent; the two transfers are differences of accuracies, in percentage points (rounded here; the table has the decimals), on one shared scale."))
        report.add(.figure(name: "curves", curves, caption: "Each row of R for naive fine-tuning, read column by column: one line per task."))
        report.add(.table(EvaluationText.table(metrics, methods: methods, seeds: options.seedList.count)))
        report.add(.markdown(EvaluationText.discussion(metrics)))
        report.add(.exercises(EvaluationText.exercises))
        var scalars: [String: Double] = [:]
        for sequence in SequenceBaseline.Sequence.allCases {
            for m in methods {
                let rm = r(m, sequence)
                (scalars[m.key(.ACC, sequence).name], scalars[m.key(.BWT, sequence).name], scalars[m.key(.FWT, sequence).name]) = (rm.accuracy, rm.backwardTransfer ?? .nan, rm.forwardTransfer ?? .nan)
            }
        }
        try lesson.finish(report, results: scalars, matrices: mean.mapValues(\.rows), figures: ["R-naive", "R", "metrics", "curves"],
                          settings: EvaluationText.settings(tasks: tasks, trainCount: trainCount, settings: settings, rotationStep: rotationStep), dataset: data.identity)
    }
}

Evaluation.main()
