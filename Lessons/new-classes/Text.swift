import LessonKit

/// The new-classes lesson's prose; every number in it comes from this run.
enum NewClassesText {
    static func settings(_ s: NewClassesSetup) -> [(String, String)] {
        let h = s.hidden.map(String.init).joined(separator: "-")
        return [("tasks", "5 tasks of two digits (\(s.groups.map { $0.map(String.init).joined(separator: "/") }.joined(separator: ", "))), labelled three ways"),
                ("solver", "784-\(h), ReLU; Task-IL a head of 2 per task, Domain-IL one head of 2, Class-IL one head of 10"),
                ("training", "\(s.iterations) steps a task, batch \(s.batchSize), Adam 1e-3, fresh per task; offline: all tasks at once, \(5 * s.iterations) steps"),
                ("online EWC", "λ = \(formatted(s.ewcStrength["class"]!)) (Fisher from \(s.fisherSamples) training images, labels sampled from the model)"),
                ("SI", "c = \(formatted(s.siStrength["class"]!)), ξ = 0.1"),
                ("LwF", "T = \(formatted(s.temperature)); loss 1/t · cross-entropy + (t − 1)/t · distillation on the old outputs"),
                ("stored images", "\(grouped(s.budget)) in all: iCaRL's exemplars (herding), exact replay's (random), A-GEM's (\(grouped(s.budget / s.groups.count)) a task; its reference gradient on \(s.batchSize) of them a step)"),
                ("generative replay", "VAE 784-\(h)-z, z = \(s.latent), trained on the images only (one per seed, shared by the three scenarios)"),
                ("part 3", "budgets \(s.budgetSweep.map(grouped).joined(separator: ", ")) for iCaRL and exact replay (class-incremental, first seed)")]
    }

    static func formatted(_ v: Float) -> String { v == v.rounded() ? grouped(Int(v)) : "\(v)" }

    static let learn = ["The three scenarios of continual learning, and why the same tasks are easy in one and hard in another",
                        "Why regularisation (EWC, SI, LwF) cannot add new classes: the confusion matrix shows where the old digits go",
                        "How iCaRL keeps a few exemplars per class and classifies by the nearest class mean, and what the budget buys"]

    static let intro = """
        ## One sequence, three questions
        Five tasks, each a pair of digits: 0/1, then 2/3, 4/5, 6/7, 8/9. What the network is asked at test time makes \
        three different problems (van de Ven & Tolias 2019). **Task-incremental**: the task id is given — which pair is \
        this from? — and the network only chooses between the pair's two digits, with a head of its own per task. \
        **Domain-incremental**: no task id, and the answer is only "the first or the second digit of its pair" — one \
        head of two outputs for every task. **Class-incremental**: no task id, and the network must tell all ten digits \
        apart — the slide's "adding new classes". Every method below is a strategy on the same training loop; only the \
        labels and the output layer change between the scenarios.
        """

    static func fill(_ report: inout Report, agg: SeedAggregate, figures: [String: Figure], setup: NewClassesSetup, matrices: [String: [[Double]]], sweep: [String: [Double]], data: DatasetIdentity) {
        func acc(_ m: NewClassesMethod, _ s: Scenario) -> Double { agg.mean(NewClassesKeys.key(m, s, "ACC")) }
        report.learn = learn
        report.thumbnailFigure = "scenarios"
        report.headline = ("new classes, no task id: online EWC → iCaRL after five tasks (with the task id EWC keeps \(percent(acc(.ewc, .taskIncremental))))",
                           "\(percent(acc(.ewc, .classIncremental))) → \(percent(acc(.icarl, .classIncremental)))")
        report.add(.markdown(intro + (digitsNote(data).isEmpty ? "" : "\n\n" + digitsNote(data))))
        report.add(.markdown("## 1. Three scenarios"))
        report.add(.figure(name: "scenarios", figures["scenarios"]!, caption: "Accuracy on all five tasks' test images after the fifth task (mean ± 95% interval over \(agg.seedCount) seeds). iCaRL classifies by class means, so it runs class-incremental only."))
        report.add(.table(paperTable(agg, setup: setup)))
        report.add(.markdown(scenariosDiscussion(agg)))
        report.add(.markdown("## 2. Why regularisation fails on new classes"))
        report.add(.figure(name: "confusion", figures["confusion"]!, caption: "Class-incremental, after the fifth task: each row is a true digit, each cell the share of its test images predicted as the column's digit (summed over \(agg.seedCount) seeds)."))
        report.add(.markdown(confusionDiscussion(matrices)))
        report.add(.markdown("## 3. How many exemplars"))
        report.add(.figure(name: "budget", figures["budget"]!, caption: "Class-incremental accuracy after the fifth task against the images stored in all (first seed): iCaRL's herded exemplars with its nearest-mean classifier, and exact replay's random sample."))
        report.add(.markdown(budgetDiscussion(sweep, setup: setup)))
        report.add(.exercises(exercises))
    }

    /// Our ACC per scenario beside the paper's Table 4.
    static func paperTable(_ agg: SeedAggregate, setup: NewClassesSetup) -> Table {
        let rows = NewClassesMethod.all.map { m -> [String] in
            [m.title] + Scenario.allCases.enumerated().flatMap { k, s -> [String] in
                let ours = m.runs(in: s) ? percent(agg.mean(NewClassesKeys.key(m, s, "ACC"))) + " ± " + Ticks.formatNumber(100 * agg.ci(NewClassesKeys.key(m, s, "ACC")), decimals: 1) : "–"
                let difference = m.runs(in: s) ? m.paper[k].map { " (ours " + points(agg.mean(NewClassesKeys.key(m, s, "ACC")) - $0 / 100).replacingOccurrences(of: " points", with: "") + ")" } : nil
                return [ours, m.paper[k].map { Ticks.formatNumber($0, decimals: 2) + "%" + (difference.flatMap { $0 } ?? "") } ?? "–"]
            }
        }
        return Table(caption: "ACC after the fifth task (mean ± 95% interval over \(agg.seedCount) seeds) beside van de Ven & Tolias, Table 4 (split MNIST, MLP 2×400, 2,000 iterations a task; ours 2×\(setup.hidden[0]), \(setup.iterations) steps). The Class-IL column is from the paper; the Task-IL and Domain-IL columns are from a secondary copy of the table. The paper's online EWC row is shown for ours (our EWC is the online form); its plain EWC reads 98.64 / 63.95 / 20.01%. A-GEM and exact replay are not in that table. In brackets: ours − paper, in points.",
                     headers: ["method", "Task-IL", "paper", "Domain-IL", "paper", "Class-IL", "paper"], rows: rows)
    }

    static func scenariosDiscussion(_ agg: SeedAggregate) -> String {
        func acc(_ m: NewClassesMethod, _ s: Scenario) -> String { percent(agg.mean(NewClassesKeys.key(m, s, "ACC"))) }
        return """
        With the task id, every method keeps the five tasks (online EWC \(acc(.ewc, .taskIncremental)), SI \(acc(.si, .taskIncremental)), \
        LwF \(acc(.lwf, .taskIncremental))); even none keeps \(acc(.none, .taskIncremental)), because each task has its own head and \
        only the shared body drifts. Without it (Domain-IL) the regularisers barely help (none \(acc(.none, .domainIncremental)), EWC \
        \(acc(.ewc, .domainIncremental)), LwF \(acc(.lwf, .domainIncremental))), and replay does (generative \
        \(acc(.generative, .domainIncremental)), exact \(acc(.exact, .domainIncremental))). Adding new classes (Class-IL) separates \
        the methods completely: everything that only guards weights or outputs ends near 20% (EWC \(acc(.ewc, .classIncremental)), SI \
        \(acc(.si, .classIncremental)), LwF \(acc(.lwf, .classIncremental))) — it knows the last two digits — while the methods that \
        bring old examples back keep most of them: A-GEM \(acc(.agem, .classIncremental)), generative replay \
        \(acc(.generative, .classIncremental)), exact replay \(acc(.exact, .classIncremental)), iCaRL \(acc(.icarl, .classIncremental)) \
        (offline, the upper bound: \(acc(.joint, .classIncremental))).
        """
    }

    /// The share of the old digits' (0–7) test images predicted as 8 or 9, per method.
    static func confusionDiscussion(_ matrices: [String: [[Double]]]) -> String {
        func newest(_ m: NewClassesMethod) -> String {
            let rows = matrices["class.\(m.key).confusion"]!.prefix(8)
            return percent(rows.map { $0[8] + $0[9] }.reduce(0, +) / Double(rows.count))
        }
        return """
        Each task's loss only ever compares the task's own two digits, so nothing in it says that a 3 is not an 8. \
        The last task pushes the outputs of 8 and 9 up for everything the network sees, and a guard on the weights (EWC) \
        or on the old outputs' relative values (LwF's distillation) cannot stop it: of the test images of digits 0–7, \
        none sends \(newest(.none)) to 8 or 9, EWC \(newest(.ewc)), LwF \(newest(.lwf)) — the old rows all land in the \
        newest columns. iCaRL sends \(newest(.icarl)): its exemplars put the old digits back into every batch, and it \
        decides by the nearest class mean in feature space rather than by the output layer that the last task skewed.
        """
    }

    static func budgetDiscussion(_ sweep: [String: [Double]], setup: NewClassesSetup) -> String {
        let (icarl, exact) = (sweep["icarl"]!, sweep["exact"]!), (low, high) = (setup.budgetSweep.first!, setup.budgetSweep.last!)
        return """
        Herding chooses each class's exemplars so that their mean stays close to the class mean in feature space; the \
        budget is shared by the classes seen, so a class keeps ⌊budget/classes⌋ and an old class's set shrinks by dropping \
        its last exemplars. With \(grouped(low)) images in all iCaRL reaches \(percent(icarl.first!)) and exact replay \
        \(percent(exact.first!)): a few exemplars summarise a class well enough for a nearest-mean decision, but are too few \
        to retrain an output layer on. With \(grouped(high)), iCaRL \(percent(icarl.last!)) and exact replay \
        \(percent(exact.last!)): once the sample is large, the plain classifier \(exact.last! >= icarl.last! ? "catches up" : "comes close").
        """
    }

    /// "Try it": each expectation was checked by running it (built-in digits) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release new-classes --budget 200 --seeds 1",
              expect: "Every method that stores images gets 200 in all (20 a class at the end), one seed: in Class-IL exact replay falls from about 93% to about 76%, while iCaRL keeps about 82% (from 87%): herded exemplars and class means need few images. Generative replay, which stores no image, stays at about 67% on the built-in digits."),
        .init("swift run -c release new-classes --iterations 150 --seeds 1",
              expect: "150 steps a task instead of 250: the plain methods barely move (exact replay about 92% in Class-IL either way), but generative replay drops from about 67% to about 52% in Class-IL and from 86% to 83% in Domain-IL: its generator has too little time to learn each pair, and what it cannot draw is forgotten."),
        .init("swift run -c release new-classes --temperature 8 --seeds 1",
              expect: "A softer teacher for LwF (T = 8 instead of 2): in Domain-IL it falls from about 82% to 78%, no better than none (78%); Class-IL stays at 20% whatever T — distillation on the new digits cannot bring the old classes back."),
    ], questions: [
        "Why does none keep much more in Task-IL than in Class-IL, although it learns exactly the same images?",
        "LwF distils the old outputs on the new task's images. Why can that not protect a 3 from being called an 8?",
        "iCaRL and exact replay store the same number of images. What else does iCaRL do, and when does it matter?",
    ])
}
