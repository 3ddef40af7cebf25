/// # Twenty question-answering tasks, one after another: task 5 is forgotten
///
/// Slides: "Example — QA: given a document, answer the question based on the document. There are
/// 20 QA tasks in bAbi corpus" and "Train a QA model through the 20 tasks" (Hung-yi Lee, Life Long
/// Learning, ML 2021; Weston et al. 2015, arXiv 1502.05698; the model: an end-to-end memory
/// network, Sukhbaatar et al. 2015, arXiv 1503.08895).
///
/// Claim: learned one after another, task 5 ("Mary gave the cake to Fred. Who gave the cake to
/// Fred?") is answered well right after its own stage and then forgotten, while the same network
/// learning all 20 tasks at once answers it well: "not because the machine is not able to do it,
/// but it just didn't do it". Replaying a small stored sample of earlier stories keeps it.
import ArgumentParser
import Foundation
import LessonKit

struct BabILesson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "babi", abstract: "The 20 bAbI tasks learned one after another: task 5 is forgotten.")

    // MARK: - Settings (README, "babi", says why these)
    @OptionGroup var options: LessonOptions   // one seed unless --seeds says more (three minutes)
    @Option(help: "Epochs a task, 1 to 200 (default: 20; --quick: 4).") var epochs: Int?
    @Option(help: "Embedding size d of the memory network, 4 to 200 (default: 50; --quick: 20).") var dimension: Int?
    @Option(help: "Replay: questions (with their stories) stored in all, 20 to 20000 (default: 2000; --quick: 200).") var budget: Int?
    @Option(help: "The task to follow, 1 to 20 (default: 5, the slide's).") var watch: Int?
    @Option(help: "The real corpus's release: en (1,000 questions a task, default) or en-10k.") var size: String?

    func validate() throws {
        try SettingRange.check(epochs, "--epochs", in: 1...200)
        try SettingRange.check(dimension, "--dimension", in: 4...200)
        try SettingRange.check(budget, "--budget", in: 20...20000)
        try SettingRange.check(watch, "--watch", in: 1...20)
        if let size, BabI.Size(rawValue: size) == nil { throw ValidationError("--size must be en or en-10k, not '\(size)'") }
    }

    func run() throws {
        let start = Date()
        var options = self.options
        options.seeds = options.seeds ?? 1
        let lesson = try LessonRun(id: "babi", options: options)
        var setup = BabISetup(quick: options.quick)
        (setup.epochs, setup.dimension) = (epochs ?? setup.epochs, dimension ?? setup.dimension)
        (setup.replayBudget, setup.watched) = (budget ?? setup.replayBudget, watch ?? setup.watched)
        setup.size = size.flatMap(BabI.Size.init) ?? setup.size

        // MARK: - 1. Data: the 20 tasks, stories and questions as word ids
        let data = try BabIData.load(dataOption: options.data, size: setup.size, questions: setup.questions)
        lesson.progress("data: \(data.note); \(data.vocabulary.count) words")

        // MARK: - 2. Model and 3. Train: a memory network, three ways, on the one loop
        let runs = try BabIMethod.all(data, setup: setup, seeds: options.seedList, progress: lesson.progress)
        let agg = try BabIKeys.aggregate(runs, setup: setup, data: data)
        let matrices = ["sequential.R": averageMatrices(runs[.sequential]!.map(\.rows)), "replay.R": averageMatrices(runs[.replay]!.map(\.rows)),
                        "multitask.final": [averageMatrices(runs[.multitask]!.map { [$0.final] })[0]],
                        "sequential.answerKinds": BabIKeys.answerKinds(runs[.sequential]!, setup: setup, data: data)]
        let curves = ["sequential.watched": BabIKeys.meanCurve(runs[.sequential]!), "replay.watched": BabIKeys.meanCurve(runs[.replay]!)]

        // MARK: - 4. Plot
        let multitaskWatched = agg.mean(BabIKeys.key(.multitask, BabIKeys.final))
        let figures: [(String, Figure)] = [
            ("watched", BabIFigures.watched([(.sequential, curves["sequential.watched"]!), (.replay, curves["replay.watched"]!)],
                                            task: setup.watched, multitask: multitaskWatched, tasks: data.tasks.count)),
            ("final", BabIFigures.final(BabIMethod.allCases.map { m in (m, matrices[m == .multitask ? "multitask.final" : "\(m.rawValue).R"]!.last!) })),
            ("matrix", BabIFigures.matrix(matrices["sequential.R"]!, title: "R: every task's accuracy after each stage, learned one after another (mean over seeds)")),
            ("answers", BabIFigures.answers(matrices["sequential.answerKinds"]!, firstStage: setup.watched, task: setup.watched))]

        // MARK: - 5. Report
        let settings = BabIText.settings(setup, data: data)
        var report = lesson.report(title: "Twenty QA tasks, one after another", slide: "Example — QA: the 20 bAbI tasks", dataset: data.identity,
                                   settings: settings, seconds: Date().timeIntervalSince(start))
        BabIText.fill(&report, agg: agg, figures: Dictionary(uniqueKeysWithValues: figures), setup: setup, data: data, matrices: matrices)
        try lesson.finish(report, results: agg.means, matrices: matrices, curves: curves,
                          figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

BabILesson.main()
