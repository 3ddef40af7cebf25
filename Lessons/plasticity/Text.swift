import LessonKit

/// The plasticity lesson's prose; every number in it comes from this run.
enum PlasticityText {
    /// HW14's one published run (rotated digits, 784-1024-512-256-10, Adam 1e-4, 10 epochs a
    /// task): mean accuracy over the five tasks after the last one.
    static let homework: [String: Double] = ["naive": 69.9, "ewc": 72.2, "mas": 84.2, "si": 72.4, "rwalk": 77.5, "scp": 76.7]

    static func settings(_ s: PlasticitySetup) -> [(String, String)] {
        func lambdas(_ d: [String: Float], _ methods: [GuardMethod]) -> String {
            methods.filter(\.hasStrength).map { "\($0.title) \(String(format: "%g", Double(d[$0.key] ?? 0)))" }.joined(separator: ", ")
        }
        return [("network", "784-\(s.guards.hidden.map(String.init).joined(separator: "-"))-10, ReLU"),
                ("part 1 (the slide)", "\(s.slideTasks) permuted-digit tasks, \(s.slideTrain) images and \(s.slide.epochs) epochs a task, SGD learning rate \(s.slide.learningRate), batch \(s.slide.batchSize)"),
                ("part 1 λ", lambdas(s.slideStrength, PlasticitySetup.slideMethods)),
                ("parts 2–4", "\(s.guardTasks) permuted-digit tasks, \(s.guardTrain) images and \(s.guards.epochs) epochs a task, Adam learning rate \(s.guards.learningRate), batch \(s.guards.batchSize)"),
                ("parts 2–4 λ", lambdas(s.strength, GuardMethod.estimators)),
                ("part 3 λ", "each chosen λ × " + s.sweepFactors.map { String(format: "%g", Double($0)) }.joined(separator: ", ")),
                ("importance estimates", "\(s.importanceSamples) training images a task (EWC, MAS, SCP); SCP 100 slices; SI ξ = 0.1; RWalk α = 0.9, ε = 0.1"),
                ("test images", "\(s.testPerTask) a task")]
    }

    static let learn = ["What the guard bᵢ does, from b = 0 (forgetting) through b = 1 (intransigence) to b = ∞",
                        "How EWC, SI, MAS, RWalk and SCP each estimate bᵢ, and what they end up protecting",
                        "How λ trades the old tasks against the new one"]

    static let intro = """
    ## Selective synaptic plasticity
    After a task, keep its parameters θᵇ and a guard bᵢ ≥ 0 for every parameter: how much parameter i matters to \
    what was learned. Later tasks minimise L′(θ) below. With **bᵢ = 0** nothing holds θ back: *catastrophic \
    forgetting*. With **bᵢ = ∞** nothing moves: *intransigence*, the new task is never learned. The methods of the \
    slide differ only in how they estimate bᵢ; here each is a strategy in `Sources/Continual` on one shared \
    quadratic penalty, and the importances of successive tasks add up (one penalty, anchored at the latest θᵇ).
    """

    static var estimators: Table { Table(caption: "How each guard estimates bᵢ, at the end of each task, from that task's training images only.",
                                  headers: ["guard", "bᵢ", "paper"], rows: [
        ["b = 1", "1 for every parameter (plain L2 towards θᵇ)", "the slide"],
        ["EWC", "Fisher information (1/N) Σₙ (∂ log p(ŷₙ | xₙ)/∂θᵢ)², labels ŷ sampled from the model", "Kirkpatrick et al. 2017"],
        ["SI", "Σ_steps −gᵢ Δθᵢ / ((Δθᵢ over the task)² + ξ): what each move of θᵢ did to the loss", "Zenke et al. 2017"],
        ["MAS", "(1/N) Σₙ |∂ ‖f(xₙ)‖² / ∂θᵢ|: how much the output moves; no labels needed", "Aljundi et al. 2018"],
        ["RWalk", "a running Fisher + SI's path score divided by the loss change the Fisher predicts", "Chaudhry et al. 2018"],
        ["SCP", "(1/L) Σₗ (∂ ξₗᵀ f̄ / ∂θᵢ)²: the mean output seen through L random directions ξₗ", "Kolouri et al. 2020"]]) }

    static func fill(_ report: inout Report, agg: SeedAggregate, figures: [String: Figure], setup: PlasticitySetup,
                     frontier: (points: [PlasticityRuns.FrontierPoint], diverged: [(GuardMethod, Float)]), rho: (names: [String], values: [[Double]]),
                     data: DatasetIdentity, seeds: Int) {
        func drop(_ m: GuardMethod) -> Double { agg.mean(PlasticityKeys.slide(m, "dropA")) }
        report.learn = learn
        report.thumbnailFigure = "seen-so-far"
        report.headline = ("Points of Task A lost after learning B and C: b = 0 → EWC (b = 1: \(points(-drop(.l2))), but C at \(percent(agg.mean(PlasticityKeys.slide(.l2, "finalC")))))",
                           "\(points(-drop(.naive))) → \(points(-drop(.ewc)))")
        report.add(.markdown(intro))
        report.add(.formula(Formulas.guardedLoss, note: "λ: the guard's strength; θᵢᵇ: parameter i after the previous task; bᵢ: its guard."))
        report.add(.table(estimators))
        report.add(.markdown("## 1. The EWC slide: A, B, C\n" + digitsNote(data)))
        report.add(.figure(name: "slide", figures["slide"]!, caption: "Test accuracy of each task along training, mean ± 95% CI over \(seeds) seeds; dashed lines: the next task starts."))
        report.add(.table(slideTable(agg)))
        report.add(.markdown(slideDiscussion(agg, setup: setup)))
        report.add(.markdown("## 2. Five guards side by side\nFive permuted-digit tasks; each guard's λ was chosen on a validation split of the training images (README). Plain SGD at part 1's step cannot hold a stiff guard (it diverges once 2 × learning rate × λbᵢ > 2), so this part trains with Adam, as the homework does."))
        report.add(.figure(name: "R", figures["R"]!, caption: "R(i, j): accuracy on task j after learning task i, mean over seeds."))
        report.add(.figure(name: "metrics", figures["metrics"]!, caption: "ACC, BWT and FWT from R, mean ± 95% CI over \(seeds) seeds. BWT and FWT are in percentage points."))
        report.add(.figure(name: "seen-so-far", figures["seen-so-far"]!, caption: "HW14's metric: after every epoch, the mean accuracy over the tasks learned so far (mean over seeds)."))
        report.add(.table(guardTable(agg, seeds: seeds)))
        report.add(.markdown(guardDiscussion(agg)))
        report.add(.markdown("## 3. Stability against plasticity\nThe first two tasks of part 2, one seed; λ runs from \(String(format: "%g", Double(setup.sweepFactors.first!))) to \(String(format: "%g", Double(setup.sweepFactors.last!))) times the chosen value."))
        report.add(.figure(name: "frontier", figures["frontier"]!, caption: "After task 2: accuracy on task 1 against accuracy on task 2. Each line is one guard, its points from right to left λ × \(setup.sweepFactors.map { String(format: "%g", Double($0)) }.joined(separator: ", ")) of the chosen λ; b = 0 and b = ∞ are the two ends."))
        report.add(.markdown(frontierDiscussion(frontier)))
        report.add(.markdown("## 4. What each guard protects"))
        report.add(.figure(name: "pixels", figures["pixels"]!, caption: "For task 1 (the plain digits), each guard's first-layer importance summed over the hidden units: one value per input pixel, scaled to its own maximum (first seed)."))
        report.add(.figure(name: "agreement", figures["agreement"]!, caption: "Spearman's rank correlation between two guards' importances over all parameters (task 1, first seed)."))
        report.add(.markdown(pixelDiscussion(names: rho.names, rho: rho.values)))
        report.add(.exercises(exercises))
    }

    static func slideTable(_ agg: SeedAggregate) -> Table {
        let naiveC = agg.mean(PlasticityKeys.slide(.naive, "finalC"))
        let rows = PlasticitySetup.slideMethods.map { m -> [String] in
            let d = agg.mean(PlasticityKeys.slide(m, "dropA")), c = agg.mean(PlasticityKeys.slide(m, "finalC"))
            let target: String = switch m.key {
            case "naive": d >= 0.15 ? "loses ≥ 15 points of A ✓" : "loses ≥ 15 points of A ✗"
            case "l2": d <= 0.05 && naiveC - c >= 0.10 ? "keeps A within 5, C ≥ 10 below b = 0 ✓" : "keeps A within 5, C ≥ 10 below b = 0 ✗"
            default: d <= 0.05 && naiveC - c <= 0.05 ? "keeps A within 5, C within 5 of b = 0 ✓" : "keeps A within 5, C within 5 of b = 0 ✗"
            }
            return [m.title, points(-d) + " ± " + Ticks.formatNumber(agg.ci(PlasticityKeys.slide(m, "dropA")) * 100, decimals: 1),
                    percent(agg.mean(PlasticityKeys.slide(m, "finalA"))), percent(c), points(c - naiveC), target]
        }
        return Table(caption: "Mean over \(agg.seedCount) seeds. \"A from its best\": the final accuracy on A minus the best it reached along training. The slide shows the pattern, not numbers; the last column checks ours against it.",
                     headers: ["guard", "A from its best", "A at the end", "C at the end", "C against b = 0", "the slide's pattern"], rows: rows)
    }

    static func slideDiscussion(_ agg: SeedAggregate, setup: PlasticitySetup) -> String {
        func v(_ m: GuardMethod, _ k: String) -> String { percent(agg.mean(PlasticityKeys.slide(m, k))) }
        return """
        **b = 0** ends with A at \(v(.naive, "finalA")): each new permutation rewrites the weights A needs. **b = 1** \
        (λ = \(String(format: "%g", Double(setup.slideStrength["l2"]!)))) holds every weight equally, so A stays (\(v(.l2, "finalA"))) but C, \
        which needs weights to move, reaches only \(v(.l2, "finalC")): intransigence. **EWC** holds only the weights \
        A's Fisher information marks as important and lets the others learn: A at \(v(.ewc, "finalA")), C at \(v(.ewc, "finalC")).
        """
    }

    static func guardTable(_ agg: SeedAggregate, seeds: Int) -> Table {
        func cell(_ m: GuardMethod, _ k: String, percentValue: Bool) -> String {
            let (mean, ci) = (agg.mean(PlasticityKeys.guarded(m, k)), agg.ci(PlasticityKeys.guarded(m, k)))
            return (percentValue ? percent(mean) : points(mean)) + " ± " + Ticks.formatNumber(ci * 100, decimals: 1)
        }
        let naive = agg.mean(PlasticityKeys.guarded(.naive, "ACC"))
        return Table(caption: "Mean ± 95% CI over \(seeds) seeds. The homework's run is a different protocol (rotated digits, a larger network, Adam 1e-4, 10 epochs a task): compare rankings and gains, not values.",
                     headers: ["guard", "ACC", "gain over b = 0", "BWT", "FWT", "HW14 (mean accuracy after task 5)"],
                     rows: PlasticitySetup.guardMethods.map { m in
                         [m.title, cell(m, "ACC", percentValue: true), m == .naive ? "" : points(agg.mean(PlasticityKeys.guarded(m, "ACC")) - naive),
                          cell(m, "BWT", percentValue: false), cell(m, "FWT", percentValue: false), homework[m.key].map { String(format: "%.1f%%", $0) } ?? ""]
                     })
    }

    static func guardDiscussion(_ agg: SeedAggregate) -> String {
        let naive = (agg.mean(PlasticityKeys.guarded(.naive, "ACC")), agg.mean(PlasticityKeys.guarded(.naive, "BWT")))
        let better = GuardMethod.estimators.filter { agg.mean(PlasticityKeys.guarded($0, "ACC")) > naive.0 && agg.mean(PlasticityKeys.guarded($0, "BWT")) > naive.1 }
        let best = GuardMethod.estimators.max { agg.mean(PlasticityKeys.guarded($0, "ACC")) < agg.mean(PlasticityKeys.guarded($1, "ACC")) }!
        return """
        \(better.count == 5 ? "Every guard" : "\(better.count) of the 5 guards (\(better.map(\.title).joined(separator: ", ")))") beats b = 0 on both ACC and BWT here; \
        the best is \(best.title) at \(percent(agg.mean(PlasticityKeys.guarded(best, "ACC")))). The guards trade the same way: a smaller BWT (less \
        forgetting) is paid for on the newest tasks, whose row of R stays lower than b = 0's diagonal. In the homework MAS \
        came first and EWC barely beat the baseline; the ranking depends on the protocol and on λ, which is why each λ is \
        chosen on validation data and the sweep is published.
        """
    }

    static func frontierDiscussion(_ f: (points: [PlasticityRuns.FrontierPoint], diverged: [(GuardMethod, Float)])) -> String {
        let diverged = f.diverged.isEmpty ? "" : " Runs that diverged (left out): " + f.diverged.map { "\($0.0.title) λ = \(String(format: "%g", Double($0.1)))" }.joined(separator: ", ") + "."
        return """
        Small λ sits next to b = 0: the new task is learned, the old ones forgotten. As λ grows each line climbs towards \
        the old tasks' accuracy and slides left, away from the new one, towards b = ∞, which keeps task 1 and learns \
        nothing after it. No λ gives both ends: the guard only chooses where on this line to stand.\(diverged)
        """
    }

    static func pixelDiscussion(names: [String], rho: [[Double]]) -> String {
        let pairs = names.indices.flatMap { i in names.indices.filter { $0 > i }.map { (i, $0) } }
        guard let low = pairs.min(by: { rho[$0.0][$0.1] < rho[$1.0][$1.1] }), let high = pairs.max(by: { rho[$0.0][$0.1] < rho[$1.0][$1.1] }) else { return "" }
        func pair(_ p: (Int, Int)) -> String { "\(names[p.0]) and \(names[p.1]) (ρ = \(Ticks.formatNumber(rho[p.0][p.1], decimals: 2)))" }
        return """
        The border pixels of every digit are 0, so no weight leaving them can matter: every guard leaves them dark \
        (and they are left out of the correlations, where their ties would inflate the agreement). Inside, the guards \
        agree far more than their formulas suggest: the least alike are \(pair(low)), the most alike \(pair(high)). \
        Where they differ is the **scale** of bᵢ, by orders of magnitude, which is why each needs its own λ. SI and \
        RWalk can coincide: when a task's moves Δθ are small (Adam's steps), (Δθ)² and ½FΔθ² vanish beside the \
        damping ξ = ε = 0.1 and both reduce to the path integral ω itself.
        """
    }

    /// "Try it": each expectation was checked (3 seeds, built-in digits) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release plasticity --slide-lambda ewc=1",
              expect: "Part 1 with a ten times weaker EWC: Task A is no longer held (on the built-in digits it loses about 20 points of its best instead of 8), while C ends as high as with b = 0. λ, not the Fisher alone, sets how much is kept."),
        .init("swift run -c release plasticity --lambda mas=1 --lambda scp=300",
              expect: "Part 2 with MAS and SCP 30 times stiffer: their BWT moves close to 0 (about −3 points), but their ACC falls (MAS to about 59%, below b = 0's 66%; SCP to about 72%): the later tasks can no longer be learned. Intransigence, measured."),
        .init("swift run -c release plasticity --tasks 10",
              expect: "Ten tasks instead of five (about 100 s): b = 0's accuracy falls to about 48% (BWT about −47 points), the guards keep 64–69%, so their advantage grows from about 12 to about 20 points. EWC and SCP stay ahead, RWalk falls behind."),
    ], questions: [
        "Why can the slide's b = 1 keep Task A and still be the worst choice for Task C?",
        "EWC's Fisher uses labels sampled from the model. What would the empirical Fisher (the true labels) give for an example the network already classifies with probability 0.999?",
        "MAS needs no labels. On which kind of continual-learning problem is that an advantage?",
        "Part 2 uses Adam because plain SGD at learning rate 0.3 diverges once 2 · 0.3 · λbᵢ > 2. What is the largest bᵢ that λ = 10 can take there?",
    ])
}
