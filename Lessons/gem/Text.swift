import LessonKit

/// The gem lesson's prose; every number in it comes from this run.
enum GEMText {
    /// GEM paper, Appendix B (20 tasks): ACC, BWT, FWT as published (BWT and FWT divided by T).
    static let paper: [String: (Double, Double, Double)] = [
        "single": (0.6018, -0.1980, 0.0093), "independent": (0.4523, 0, 0), "ewc": (0.6185, -0.1653, 0.0054), "gem": (0.8260, 0.0247, 0.0088),
        "rotated.single": (0.5307, -0.0896, 0.4254), "rotated.ewc": (0.5461, -0.2047, 0.5524), "rotated.gem": (0.8607, 0.0048, 0.6647)]

    static func settings(_ s: GEMSetup) -> [(String, String)] {
        [("network", "784-\(s.training.hidden.map(String.init).joined(separator: "-"))-10, ReLU; independent: \(s.training.hidden.map { String(max(1, $0 / s.tasks)) }.joined(separator: "-")) a task"),
         ("tasks", "\(s.tasks) permuted-digit tasks; \(s.tasks) rotated-digit tasks, 0° to \(180 * (s.tasks - 1) / s.tasks)°"),
         ("training", "\(s.trainPerTask) images a task, one pass, batch \(s.training.batchSize), plain SGD"),
         ("learning rates (permuted / rotated)", "single 0.03 / 0.003, EWC 0.1 / 0.01, independent, GEM and A-GEM 0.1"),
         ("EWC", "λ = \(String(format: "%g", Double(GEMMethod.ewcStrength(.permuted)))) / \(String(format: "%g", Double(GEMMethod.ewcStrength(.rotated)))), Fisher from \(s.memories) images a task"),
         ("memories", "\(s.memories) a task (the first \(s.memories) of its training images); A-GEM's reference from 256 of them"),
         ("GEM", "ridge 0.001, margin \(String(format: "%g", s.gemMargin))"),
         ("part 3", "memories a task: \(s.memorySweep.map(String.init).joined(separator: ", "))"),
         ("test images", "\(s.testPerTask) a task")]
    }

    static let learn = ["What GEM's projection does to a gradient, drawn in two parameters",
                        "Why a few stored examples a task are enough to stop forgetting",
                        "What GEM's guarantee costs, and how A-GEM makes it cheaper"]

    static func intro(_ s: GEMSetup) -> String {
        """
        ## Gradient Episodic Memory
        GEM keeps a few examples of every finished task (here the first \(s.memories)). At every step it computes \
        the gradient gₖ of the loss on each earlier task's memory. If the current task's gradient g would raise any \
        of those losses (⟨g, gₖ⟩ < 0), it takes instead the g′ closest to g that raises none: minimise ½‖g′ − g‖² \
        subject to ⟨g′, gₖ⟩ ≥ 0 for every k. That is a quadratic program with one variable per weight; its dual has \
        one variable per earlier task, v ≥ 0, and g′ = g + Σₖ vₖ gₖ. `NonnegativeQP` solves it exactly \
        (Lawson–Hanson's active set). **A-GEM** keeps one constraint only: g_ref on a sample of the whole memory, \
        g′ = g − (gᵀg_ref / ‖g_ref‖²) g_ref when gᵀg_ref < 0.
        """
    }

    static func fill(_ report: inout Report, agg: SeedAggregate, figures: [String: Figure], setup: GEMSetup, runs: GEMRuns.Runs,
                     data: DatasetIdentity, seeds: Int) {
        func v(_ m: GEMMethod, _ k: String, _ s: GEMMethod.Sequence = .permuted) -> Double { agg.mean(GEMKeys.key(m, k, s)) }
        report.learn = learn
        report.thumbnailFigure = "metrics"
        report.headline = ("ACC on \(setup.tasks) permuted-digit tasks: single → GEM (BWT \(points(v(.single, "BWT"))) → \(points(v(.gem, "BWT"))))",
                           "\(percent(v(.single, "ACC"))) → \(percent(v(.gem, "ACC")))")
        report.add(.markdown(intro(setup)))
        report.add(.markdown("## 1. The projection, drawn\nThe error-surface lesson's two tasks: Task 1 cares about θ₂, Task 2 mostly about θ₁. After Task 1, Task 2 is learned by full-batch gradient descent, once plainly and once with GEM (its memory: Task 1's 400 examples; margin 0, the paper's equation)."))
        report.add(.figure(name: "projection", figures["projection"]!, caption: "Three steps of learning Task 2 with GEM: the step Task 2 asks for (−g) and GEM's step (−g′), to one scale, and the direction of the step Task 1 would take (−gᵇ, whose length does not matter here). GEM's step is the one closest to −g inside the shaded half-plane, where Task 1's loss does not rise to first order. At θᵇ Task 1 sits at its minimum, its gradient is about 0, and there is nothing to protect yet."))
        report.add(.figure(name: "paths", figures["paths"]!, caption: "Both paths from θᵇ (the end of Task 1) on each task's error surface, and Task 1's loss along each (log scale)."))
        report.add(.markdown("## 2. The paper's experiment\n" + digitsNote(data)))
        report.add(.figure(name: "R", figures["R"]!, caption: "R(i, j) on permuted digits, mean over \(seeds) seeds."))
        report.add(.figure(name: "metrics", figures["metrics"]!, caption: "ACC, BWT and FWT (mean ± 95% CI over \(seeds) seeds); BWT and FWT in percentage points."))
        report.add(.table(paperTable(agg, tasks: setup.tasks)))
        report.add(.markdown(discussion(agg, setup: setup, runs: runs)))
        report.add(.figure(name: "times", figures["times"]!, caption: "Seconds a run took in its thread (mean over seeds; longer when other lessons share the cores): GEM pays a backward pass on every earlier task's memory at every step."))
        report.add(.markdown("## 3. How much memory is enough?"))
        report.add(.figure(name: "memory", figures["memory"]!, caption: "ACC on permuted digits against memories a task (first seed); single stores nothing, multi-task training learns all the tasks' data at once (one pass)."))
        report.add(.exercises(exercises))
    }

    static func paperTable(_ agg: SeedAggregate, tasks: Int) -> Table {
        let rows = GEMMethod.Sequence.allCases.flatMap { s in GEMMethod.all.map { m -> [String] in
            let ours = GEMKeys.metrics.map { k in agg.mean(GEMKeys.key(m, k, s)) }
            let name = (s == .permuted ? "" : "rotated.") + m.key
            let theirs = paper[name].map { p in [percent(p.0), points(p.1 * 20 / 19), points(p.2 * 20 / 19)] } ?? ["", "", ""]
            return ["\(m.title), \(s.rawValue)", percent(ours[0]) + " ± " + Ticks.formatNumber(100 * agg.ci(GEMKeys.key(m, "ACC", s)), decimals: 1),
                    points(ours[1]), points(ours[2])] + theirs
        } }
        return Table(caption: "Ours: \(tasks) tasks, mean over \(agg.seedCount) seeds. The paper: 20 tasks, its Appendix B; its code divides BWT and FWT by T, our formula (the slide's) by T − 1, so its BWT and FWT are multiplied here by 20/19. The paper gives no A-GEM run (A-GEM came a year later) and no independent run on rotations.",
                     headers: ["method", "ACC", "BWT", "FWT", "paper ACC", "paper BWT × 20/19", "paper FWT × 20/19"], rows: rows)
    }

    static func discussion(_ agg: SeedAggregate, setup: GEMSetup, runs: GEMRuns.Runs) -> String {
        func v(_ m: GEMMethod, _ k: String, _ s: GEMMethod.Sequence = .permuted) -> String {
            k == "ACC" ? percent(agg.mean(GEMKeys.key(m, k, s))) : points(agg.mean(GEMKeys.key(m, k, s)))
        }
        func seconds(_ m: GEMMethod) -> Double { runs[.permuted]![m]!.map(\.seconds).reduce(0, +) / Double(runs[.permuted]![m]!.count) }
        let ewcLess = agg.mean(GEMKeys.key(.ewc, "BWT", .permuted)) > agg.mean(GEMKeys.key(.single, "BWT", .permuted))
        let positive = agg.mean(GEMKeys.key(.gem, "BWT", .permuted)) > 0
            ? ", positive because the margin (\(String(format: "%g", setup.gemMargin))) nudges every step a little towards the memories' gradients" : ""
        let agemBetween = (agg.mean(GEMKeys.key(.single, "ACC", .permuted))...agg.mean(GEMKeys.key(.gem, "ACC", .permuted))).contains(agg.mean(GEMKeys.key(.agem, "ACC", .permuted)))
        return """
        On permuted digits **single** forgets (BWT \(v(.single, "BWT"))); **EWC** forgets \(ewcLess ? "less" : "no less") \
        (\(v(.ewc, "BWT"))) at the paper's strength. **GEM** \(agg.mean(GEMKeys.key(.gem, "BWT", .permuted)) >= -0.02 ? "does not forget" : "forgets less"): its BWT is \(v(.gem, "BWT"))\(positive), \
        and its ACC is \(v(.gem, "ACC")). It stores \(setup.memories) × \(setup.tasks - 1) = \(setup.memories * (setup.tasks - 1)) images by \
        the last task and a run took \(String(format: "%.0f", seconds(.gem))) s against \(String(format: "%.1f", seconds(.single))) s for single. \
        **A-GEM** (\(v(.agem, "ACC")), BWT \(v(.agem, "BWT"))) checks one averaged constraint instead of \(setup.tasks - 1), one extra \
        backward pass a step (\(String(format: "%.1f", seconds(.agem))) s a run)\(agemBetween ? ", and lands between single and GEM" : "; here it does not reach single's accuracy"). \
        **independent** never forgets, but each task gets a network \(setup.tasks) times smaller and nothing transfers. On rotated \
        digits, where neighbouring tasks look alike, GEM reaches \(v(.gem, "ACC", .rotated)) and its FWT (\(v(.gem, "FWT", .rotated))) shows \
        what learning one angle does for the next.
        """
    }

    /// "Try it": each expectation was checked (3 seeds, built-in digits) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release gem --gem-margin 0",
              expect: "GEM as the paper's equation writes it (v ≥ 0), without its code's margin: on the built-in digits its ACC falls from about 75% to 62% and its BWT from about +6 to −7 points on permuted digits (rotated: 78% → 56%, BWT −21). A first-order guarantee on a few memories does not survive a pass of large steps; the margin's extra pull towards the memories does."),
        .init("swift run -c release gem --memories 32",
              expect: "Eight times fewer memories (32 a task): GEM drops to about 65% on permuted digits (BWT about −5) and 71% on rotated ones, and runs several times faster: fewer memories, fewer and cheaper gradients each step."),
        .init("swift run -c release gem --tasks 6",
              expect: "Six tasks: GEM about 70% with a positive BWT, single about 42% — on the built-in digits single barely forgets over six tasks (BWT about −1), it simply learns little from one pass at learning rate 0.03."),
    ], questions: [
        "GEM needs the data of the previous tasks. How much of it, here, and how does that compare with storing every image?",
        "Why can GEM's BWT be positive, when its constraint only asks that no earlier loss rises?",
        "A-GEM checks one averaged constraint. Which kind of step can it let through that GEM would stop?",
    ])
}
