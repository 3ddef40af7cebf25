/// # Adding new classes: LwF, iCaRL, and the three scenarios of continual learning
///
/// Slides: "Adding new classes" — Learning without Forgetting (Li & Hoiem 2016, arXiv 1606.09282),
/// iCaRL (Rebuffi et al. 2017, arXiv 1611.07725) and "Three scenarios for continual learning"
/// (van de Ven & Tolias 2019, arXiv 1904.07734) (Hung-yi Lee, Life Long Learning, ML 2021).
///
/// Claim (van de Ven & Tolias, Table 4, split MNIST, MLP 2×400): the same five tasks are easy when
/// the task id is given (Task-IL: every method ≥ 98%, none 87.19%), harder without it
/// (Domain-IL: EWC 63.95%, LwF 71.50%, generative replay 95.72%), and regularisation fails
/// entirely when new classes must be told from old ones (Class-IL: EWC 20.01%, SI 19.99%, LwF
/// 23.85%) — only methods that replay or store data hold (generative replay 90.79%, iCaRL 94.57%).
import ArgumentParser
import Foundation
import LessonKit

struct NewClassesLesson: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new-classes", abstract: "LwF, iCaRL and the three scenarios of continual learning on split digits.")

    // MARK: - Settings (README, "new-classes", says why these)
    @OptionGroup var options: LessonOptions
    @Option(help: "Training steps a task, 10 to 5000 (default: 250; --quick: 40).") var iterations: Int?
    @Option(help: "Units in each of the two hidden layers, 16 to 1000 (default: 100; --quick: 64).") var hidden: Int?
    @Option(help: "Stored images in all for iCaRL, exact replay and A-GEM, 10 to 20000 (default: 2000; --quick: 200).") var budget: Int?
    @Option(help: "LwF's temperature T, 0.5 to 20 (default: 2).") var temperature: Float?

    func validate() throws {
        try SettingRange.check(iterations, "--iterations", in: 10...5000)
        try SettingRange.check(hidden, "--hidden", in: 16...1000)
        try SettingRange.check(budget, "--budget", in: 10...20000)
        if let temperature, !(0.5...20).contains(temperature) { throw ValidationError("--temperature must be from 0.5 to 20, not \(temperature)") }
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "new-classes", options: options)
        var setup = NewClassesSetup(quick: options.quick)
        setup.iterations = iterations ?? setup.iterations
        setup.hidden = hidden.map { [$0, $0] } ?? setup.hidden
        (setup.budget, setup.temperature) = (budget ?? setup.budget, temperature ?? setup.temperature)
        if !setup.budgetSweep.contains(setup.budget) { setup.budgetSweep = (setup.budgetSweep + [setup.budget]).sorted() }

        // MARK: - 1. Data: five tasks of two digits, labelled three ways
        let data = try lesson.loadDigits()

        // MARK: - 2. Model and 3. Train: nine methods × three scenarios, each a strategy on the one loop
        let all = try NewClassesRuns.all(data, setup: setup, seeds: options.seedList, progress: lesson.progress)
        let agg = try NewClassesKeys.aggregate(all)
        let matrices = NewClassesKeys.matrices(all)

        // MARK: - 4. Plot
        func acc(_ m: NewClassesMethod, _ s: Scenario) -> (mean: Double, ci: Double) {
            m.runs(in: s) ? (agg.mean(NewClassesKeys.key(m, s, "ACC")), agg.ci(NewClassesKeys.key(m, s, "ACC"))) : (.nan, .nan)
        }
        let methods = NewClassesMethod.all
        let figures: [(String, Figure)] = [
            ("scenarios", NewClassesFigures.scenarios(methods: methods.map(\.title), acc: Scenario.allCases.map { s in methods.map { acc($0, s) } })),
            ("confusion", NewClassesFigures.confusion(NewClassesKeys.confused.map { ($0.title, matrices["class.\($0.key).confusion"]!) })),
            ("budget", NewClassesFigures.budget(setup.budgetSweep, series: NewClassesRuns.budgetMethods.map { ($0.title, all.sweep[$0.key]!) },
                                                none: acc(.none, .classIncremental).mean, joint: acc(.joint, .classIncremental).mean))]

        // MARK: - 5. Report
        let settings = NewClassesText.settings(setup)
        var report = lesson.report(title: "Adding new classes: LwF, iCaRL and the three scenarios", slide: "Adding new classes; three scenarios",
                                   dataset: data.identity, settings: settings, seconds: Date().timeIntervalSince(start))
        NewClassesText.fill(&report, agg: agg, figures: Dictionary(uniqueKeysWithValues: figures), setup: setup, matrices: matrices, sweep: all.sweep, data: data.identity)
        try lesson.finish(report, results: agg.means, matrices: matrices,
                          curves: Dictionary(uniqueKeysWithValues: NewClassesRuns.budgetMethods.map {
                              ("budget.\($0.key)", Results.Curve(x: setup.budgetSweep.map(Double.init), y: all.sweep[$0.key]!)) }),
                          figures: figures.map(\.0), settings: settings, dataset: data.identity)
    }
}

NewClassesLesson.main()
