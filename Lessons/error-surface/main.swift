/// # Why forgetting happens: error surfaces and guards
///
/// Slides: "Why Catastrophic Forgetting?" and "Selective Synaptic Plasticity" (Hung-yi Lee, Life Long
/// Learning, ML 2021).
///
/// Claim: θᵇ, found on Task 1, sits in a valley of Task 1 that is a poor point for Task 2; training on
/// Task 2 walks out of Task 1's valley (forgetting). A guard bᵢ on each parameter changes the walk:
/// b = 0 forgets, a huge b does not move (intransigence), b = 1 compromises everywhere, and b = the
/// Fisher information of Task 1 (EWC) moves only along the direction Task 1 does not care about.
import ArgumentParser
import Foundation
import LessonKit

struct ErrorSurface: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "error-surface", abstract: "Error surfaces of two tasks, and four guards.")

    // MARK: - Settings
    @OptionGroup var options: LessonOptions
    @Option(help: "λ, the strength of the guard term, 0 to 10000.") var lambda: Float = 5
    @Option(help: "Gradient steps per task, 1 to 100000 (default: 300; --quick: 60).") var steps: Int?

    func validate() throws {
        try SettingRange.check(lambda, "--lambda", in: 0...10_000)
        try SettingRange.check(steps, "--steps", in: 1...100_000)
        try SettingRange.checkNotWithQuick(steps != nil, "--steps", quick: options.quick, quickValue: "60 steps a task")
    }

    func run() throws {
        let start = Date()
        let lesson = try LessonRun(id: "error-surface", options: options)
        let guards = TwoParameterGuard.lessonGuards(lambda: lambda)

        // MARK: - 1. Data: two regression tasks whose valleys point different ways
        var agg = SeedAggregate(), paths: [[(Double, Double)]] = [], tasksOfFirstSeed: [TwoParameterTask] = [], firstPath: [(Double, Double)] = []
        for seed in options.seedList {
            var rng = SeededGenerator(seed: seed)
            let task1 = TwoParameterTask(n: 400, spread: (0.12, 1), target: (0, 1), noise: 0.1, using: &rng)
            let task2 = TwoParameterTask(n: 400, spread: (1, 0.55), target: (2, -1), noise: 0.1, using: &rng)

            // MARK: - 2. Model θ = (θ₁, θ₂), and 3. Train: Task 1 from θ₀, then Task 2 under each guard
            lesson.progress("seed \(seed): Task 1, then Task 2 under \(guards.count) guards")
            for g in guards {
                let (toB, path) = try learnWithGuard(task1, then: task2, guard: g, from: (-2, -1.6), steps: options.quick ? 60 : steps ?? 300)
                agg.add(g.lossKey(task: 1), task1.loss(path.last!.0, path.last!.1))
                agg.add(g.lossKey(task: 2), task2.loss(path.last!.0, path.last!.1))
                if tasksOfFirstSeed.isEmpty { (paths, firstPath) = (paths + [path], toB) }
            }
            if tasksOfFirstSeed.isEmpty { tasksOfFirstSeed = [task1, task2] }
        }

        // MARK: - 4. Plot: both surfaces, the same four walks on each
        let panels = zip(["Task 1", "Task 2"], tasksOfFirstSeed).map { title, task in
            ErrorSurfaceFigures.surface(task, title: "\(title): L(θ)", taskOnePath: title == "Task 1" ? firstPath : nil,
                                        paths: zip(guards, paths).map { ($0.name, ErrorSurfaceFigures.color(of: $0.key), $1) }, resolution: options.quick ? 40 : 110)
        }
        var surfaces = Figure(title: "Learning Task 2 from θᵇ under four guards (darker = smaller loss)", panels: panels)
        surfaces.sharedLegend = true
        let bars = Figure(ErrorSurfaceFigures.lossBars(agg, guards: guards), title: "Final losses: forget, refuse, or choose the direction")

        // MARK: - 5. Report
        let settings = [("λ", "\(lambda) (b very large: λ = 1000)"), ("steps per task", "\(options.quick ? 60 : steps ?? 300)"),
                        ("Task 1", "x ~ N(0, diag(0.12², 1)), y = 0·x₁ + 1·x₂ + N(0, 0.1²), 400 samples"),
                        ("Task 2", "x ~ N(0, diag(1, 0.55²)), y = 2·x₁ − 1·x₂ + N(0, 0.1²), 400 samples"), ("start", "θ₀ = (−2, −1.6)")]
        let identity = DatasetIdentity(name: "two-parameter regression", source: "generated in the lesson", checksum: "seeds \(options.seedList)", size: 800)
        var report = lesson.report(title: "Why forgetting happens: error surfaces and guards", slide: "Why Catastrophic Forgetting?",
                                   dataset: identity, settings: settings, seconds: Date().timeIntervalSince(start))
        report.learn = ErrorSurfaceText.learn
        report.headline = ErrorSurfaceText.headline(agg, none: guards[0], ewc: guards[3])
        report.add(.markdown(ErrorSurfaceText.intro))
        report.add(.formula(Formulas.guardedLoss, note: ErrorSurfaceText.symbols))
        report.add(.figure(name: "surfaces", surfaces, caption: "Both error surfaces with Task 1's training path (dashed) and the four Task 2 paths from θᵇ (first seed)."))
        report.add(.figure(name: "losses", bars, caption: "Task 1 and Task 2 loss at the end of Task 2 training, for each guard (mean over seeds)."))
        report.add(.table(ErrorSurfaceText.table(agg, guards: guards)))
        report.add(.markdown(ErrorSurfaceText.discussion(agg, guards)))
        report.add(.exercises(ErrorSurfaceText.exercises))
        let curves = Dictionary(uniqueKeysWithValues: zip(guards, paths).map { g, path in (g.pathKey, Results.Curve(x: path.map(\.0), y: path.map(\.1))) })
        try lesson.finish(report, results: agg.means, curves: curves, figures: ["surfaces", "losses"], settings: settings, dataset: identity)
    }
}

ErrorSurface.main()
