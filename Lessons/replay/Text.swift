import LessonKit

/// The replay lesson's prose; every number in it comes from this run.
enum ReplayText {
    /// van de Ven & Tolias 2019, Table 4, split MNIST class-incremental (MLP 2×400, 2,000 iterations a task).
    static let paper: [String: Double] = ["none": 0.1990, "generative": 0.9079, "joint": 0.9794]
    static let paperDistillation = 0.9179

    static func settings(_ s: ReplaySetup) -> [(String, String)] {
        let h = s.hidden.map(String.init).joined(separator: "-")
        return [("tasks", "5 tasks of two digits (\(s.groups.map { $0.map(String.init).joined(separator: "/") }.joined(separator: ", "))); one 10-way output; no task id at test time"),
                ("solver", "784-\(h)-10, ReLU"),
                ("generator", "VAE 784-\(h)-z and z-\(h)-784, z = \(s.latent); loss: binary cross-entropy + KL (nats an image)"),
                ("training", "\(s.iterations) steps a task, batch \(s.batchSize) (+ \(s.batchSize) replayed), Adam 1e-3, fresh per task; the generator the same"),
                ("replay weighting", "new task 1/t, replayed (t − 1)/t of the loss, t = tasks seen"),
                ("generative replay", "images from the previous generator, hard labels from the previous solver"),
                ("exact replay", "\(grouped(s.budget)) images in all, a seeded random ⌊\(grouped(s.budget))/t⌋ of each task kept"),
                ("joint", "all five tasks at once, \(5 * s.iterations) steps"),
                ("part 4", "exact replay budgets: \(s.budgetSweep.map(grouped).joined(separator: ", ")) (first seed)")]
    }

    static let learn = ["Why class-incremental learning forgets everything without replay",
                        "How a generator stands in for the data you did not keep, and what it remembers task after task",
                        "What memory each kind of replay costs, in bytes"]

    static let intro = """
        ## Replay without the data
        **Exact replay** keeps some images of every finished task and mixes them into each new batch. **Generative \
        replay** keeps none: a generator (here a variational autoencoder) learns to produce the tasks' images. While \
        the solver learns task t, every batch of 128 new images is joined by 128 images from the generator as it was \
        after task t − 1, labelled by the solver as it was then; the new task counts 1/t of the loss, the replayed \
        images (t − 1)/t. After the task the generator itself learns the new images mixed with its own replayed ones, \
        on the same training loop, with the VAE's loss: it now produces all the tasks so far. The slide calls this \
        multi-task learning with generated data.
        """

    static func fill(_ report: inout Report, agg: SeedAggregate, figures: [String: Figure], setup: ReplaySetup, runs: ReplayRuns.Runs, data: DatasetIdentity) {
        func acc(_ m: ReplayMethod) -> Double { agg.mean(ReplayKeys.key(m, "ACC")) }
        report.learn = learn
        report.thumbnailFigure = "final"
        report.headline = ("ten digits learned two at a time, no task id: none → generative replay (joint \(percent(acc(.joint))))",
                           "\(percent(acc(.none))) → \(percent(acc(.generative)))")
        report.add(.markdown(intro))
        report.add(.markdown("## 1. What the generator remembers\n" + digitsNote(data)))
        report.add(.figure(name: "samples", figures["samples"]!, caption: "The generator's images of the same \(setup.galleryCount) codes z after each task (first seed). After 0/1 it draws only zeros and ones. Later a code may draw another digit — a 1 may become a 3 or a 5 — because all the digits share one code space; the old digits survive only as far as the generator's own replay keeps them, a little more blurred with every copy."))
        report.add(.markdown("## 2. Task by task"))
        report.add(.figure(name: "stages", figures["stages"]!, caption: "Test accuracy on each pair of digits after each task (mean over \(agg.seedCount) seeds), from the task that learns it; dashed: joint training's mean accuracy."))
        report.add(.markdown("## 3. After the fifth task"))
        report.add(.figure(name: "final", figures["final"]!, caption: "Accuracy on the ten digits' test images after the last task (mean ± 95% CI over \(agg.seedCount) seeds)."))
        report.add(.table(paperTable(agg, setup: setup)))
        report.add(.markdown(discussion(agg, setup: setup, runs: runs)))
        report.add(.markdown("## 4. What it costs in memory"))
        report.add(.figure(name: "memory", figures["memory"]!, caption: "Accuracy after the last task against the bytes kept between tasks (first seed): exact replay at each budget, and generative replay's generator plus the old solver that labels its images."))
        report.add(.table(memoryTable(agg, setup: setup)))
        report.add(.exercises(exercises))
    }

    static func paperTable(_ agg: SeedAggregate, setup: ReplaySetup) -> Table {
        let rows = ReplayMethod.all.map { m -> [String] in
            let k = ReplayKeys.key(m, "ACC"), ours = agg.mean(k)
            let bwt = m == .joint ? "" : points(agg.mean(ReplayKeys.key(m, "BWT")))
            let title = m == .exact ? "exact replay (\(grouped(setup.budget)) images)" : m == .generative ? "generative replay (hard labels)" : m.title
            let theirs = paper[m.key].map { [percent($0), points(ours - $0)] } ?? ["not in the table", ""]
            return [title, percent(ours) + " ± " + Ticks.formatNumber(100 * agg.ci(k), decimals: 1), bwt] + theirs
        } + [["generative replay + distillation", "", "", percent(paperDistillation), ""]]
        return Table(caption: "ACC after the last task (mean ± 95% CI over \(agg.seedCount) seeds) and BWT, beside van de Ven & Tolias, Table 4 (split MNIST, class-incremental; MLP 2×400, VAE of the same size with z = 100, 2,000 iterations a task). Our networks are 2×\(setup.hidden[0]) with z = \(setup.latent), \(setup.iterations) steps a task.",
                     headers: ["method", "ACC", "BWT", "paper ACC", "ours − paper"], rows: rows)
    }

    static func memoryTable(_ agg: SeedAggregate, setup: ReplaySetup) -> Table {
        let exact = agg.mean(ReplayKeys.stored(.exact)), generative = agg.mean(ReplayKeys.stored(.generative))
        return Table(caption: "Bytes kept between tasks besides the solver itself.",
                     headers: ["method", "what is kept", "kilobytes"],
                     rows: [["exact replay", "\(grouped(setup.budget)) images × 784 pixels, one byte each", Ticks.formatNumber(exact / 1000, decimals: 0)],
                            ["generative replay", "the generator and a copy of the old solver, 4 bytes a weight", Ticks.formatNumber(generative / 1000, decimals: 0)],
                            ["none", "nothing", "0"]])
    }

    static func discussion(_ agg: SeedAggregate, setup: ReplaySetup, runs: ReplayRuns.Runs) -> String {
        func acc(_ m: ReplayMethod) -> String { percent(agg.mean(ReplayKeys.key(m, "ACC"))) }
        func bwt(_ m: ReplayMethod) -> String { points(agg.mean(ReplayKeys.key(m, "BWT"))) }
        func seconds(_ m: ReplayMethod) -> String { Ticks.formatNumber(runs[m]!.map(\.seconds).reduce(0, +) / Double(runs[m]!.count), decimals: 0) }
        let lastTask = runs[.none]!.map { $0.final.last! }.reduce(0, +) / Double(runs[.none]!.count)
        let generativeBeatsExact = agg.mean(ReplayKeys.key(.generative, "ACC")) > agg.mean(ReplayKeys.key(.exact, "ACC"))
        return """
        **none** ends at \(acc(.none)) (BWT \(bwt(.none))): it scores \(percent(lastTask)) on the last pair and almost nothing on \
        the others, because with one output for all ten digits nothing stops each new task from pushing the old digits' \
        outputs down — the network answers "8 or 9" for every image. **Generative replay** ends at \(acc(.generative)) \
        (BWT \(bwt(.generative))) without storing a single image, and **exact replay** with \(grouped(setup.budget)) stored \
        images at \(acc(.exact)) (BWT \(bwt(.exact)))\(generativeBeatsExact ? "" : ": \(grouped(setup.budget)) real images are still worth more than a generator this small"). \
        **Joint** training, the upper bound, reaches \(acc(.joint)). A generative-replay run took \(seconds(.generative)) s in its thread \
        against \(seconds(.none)) s for none: the generator is a second network to train on every task, and every step \
        draws and labels \(setup.batchSize) images.
        """
    }

    /// "Try it": each expectation was checked (3 seeds, built-in digits) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release replay --latent 100",
              expect: "The paper's code size, z = 100, with this small generator: generative replay falls by about 11 points on the built-in digits (67.1% → 56.3%), and its BWT from −38 to −52 points. A small VAE with more code dimensions than it can use draws blurrier digits, and the old solver labels blurred old digits wrongly."),
        .init("swift run -c release replay --budget 100",
              expect: "Exact replay with 100 images in all (20 a task at the end) ends at about 65% (BWT −43 points): still far above none's 20%, now below generative replay's 67% — which stores no image at all."),
        .init("swift run -c release replay --iterations 500",
              expect: "500 steps a task instead of 300 (the default until the whole course had to fit in five minutes): the run takes about 1.6 times as long; exact replay and joint training barely move (90% and 98%), but generative replay rises from 67% to about 76% and its BWT from −38 to −27 points: its generator has time to learn each pair, and what it can draw, the solver keeps."),
    ], questions: [
        "Generative replay stores no images. What does it store instead, and is it less than exact replay's budget here?",
        "The old solver labels the generated images. What happens to an old digit that the old solver already got wrong?",
        "Why is none's accuracy close to 20%, and not close to 0% or to 50%?",
    ])
}
