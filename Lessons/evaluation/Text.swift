import Foundation
import LessonKit

/// The evaluation lesson's prose, formulas and tables.
enum EvaluationText {
    static func intro(_ dataset: DatasetIdentity) -> String {
        """
    ## The experiment
    The data: \(digitsDescription(dataset)). Two sequences of five digit tasks share the 10 labels: **permuted digits** (each task shuffles the
    pixels in its own fixed way; task 1 is plain digits) and **rotated digits** (each task turns the images
    further). The 784-50-50-50-10 network learns each sequence three ways: **naive fine-tuning** (one
    network, task after task), **multi-task** training (after each task, a fresh network on all data so
    far: the upper bound) and **one model per task**. After each task we test on every task, which fills
    one row of the matrix R. \(digitsNote(dataset))
    """
    }

    /// ACC, BWT and FWT as the slide writes them.
    static let formulas: [(MathNode, String)] = [
        (.row([.text("Accuracy"), .op("="), .frac(.num("1"), .id("T")), .underover(.op("∑"), .row([.id("i"), .op("="), .num("1")]), .id("T")),
               .sub(.id("R"), .row([.id("T"), .op(","), .id("i")]))]), "T is the number of tasks; R(i, j) is the test accuracy on task j after training on tasks 1…i (R(0, j): the untrained network). Accuracy is the average over all tasks at the end."),
        (.row([.text("Backward Transfer"), .op("="), .frac(.num("1"), .row([.id("T"), .op("−"), .num("1")])),
               .underover(.op("∑"), .row([.id("i"), .op("="), .num("1")]), .row([.id("T"), .op("−"), .num("1")])),
               .paren(.row([.sub(.id("R"), .row([.id("T"), .op(","), .id("i")])), .op("−"), .sub(.id("R"), .row([.id("i"), .op(","), .id("i")]))]))]),
         "How much learning later tasks changed each earlier one (negative = forgetting)."),
        (.row([.text("Forward Transfer"), .op("="), .frac(.num("1"), .row([.id("T"), .op("−"), .num("1")])),
               .underover(.op("∑"), .row([.id("i"), .op("="), .num("2")]), .id("T")),
               .paren(.row([.sub(.id("R"), .row([.id("i"), .op("−"), .num("1"), .op(","), .id("i")])), .op("−"), .sub(.id("R"), .row([.num("0"), .op(","), .id("i")]))]))]),
         "How much earlier tasks helped each task before it was trained, against the untrained network. Here we divide by T − 1 and compare with R(0, i), as the slide does; some libraries divide by T or drop R(0, i)."),
    ]

    /// The three numbers of one R, worked out from its cells.
    static func explain(_ r: EvaluationMatrix, name: String) -> String {
        let t = r.taskCount
        func p(_ v: Double) -> String { Ticks.formatNumber(v * 100, decimals: 1) }
        let last = (1...t).map { p(r[t, $0]) }.joined(separator: " + ")
        let back = (1..<t).map { "(\(p(r[t, $0])) − \(p(r[$0, $0])))" }.joined(separator: " + ")
        let fwd = (2...t).map { "(\(p(r[$0 - 1, $0])) − \(p(r[0, $0])))" }.joined(separator: " + ")
        return """
        ## The numbers, from the formulas (\(name), in %)
        - **Accuracy** = (\(last)) / \(t) = **\(p(r.accuracy))**
        - **Backward Transfer** = (\(back)) / \(t - 1) = **\(p(r.backwardTransfer!))**
        - **Forward Transfer** = (\(fwd)) / \(t - 1) = **\(p(r.forwardTransfer!))**
        """
    }

    /// ACC, BWT and FWT of every seed's R, as mean ± 95% CI, by result key.
    static func perSeedMetrics(_ matrices: [String: [[[Double]]]]) throws -> [ResultKey: (mean: Double, ci: Double)] {
        var out: [ResultKey: (mean: Double, ci: Double)] = [:]
        for s in SequenceBaseline.Sequence.allCases {
            for m in SequenceBaseline.all {
                let rs = try matrices[m.matrixKey(s)]!.map { try EvaluationMatrix($0) }
                let values: [SequenceBaseline.Metric: [Double]] = [.ACC: rs.map(\.accuracy), .BWT: rs.map { $0.backwardTransfer! }, .FWT: rs.map { $0.forwardTransfer! }]
                for (metric, v) in values { let (mean, ci) = meanAndCI95(v); out[m.key(metric, s)] = (mean, ci) }
            }
        }
        return out
    }

    /// One y range in points for the BWT and FWT panels, so the two can be compared by eye.
    static func transferRange(_ metrics: [ResultKey: (mean: Double, ci: Double)]) -> ClosedRange<Double> {
        let ends = metrics.filter { !$0.key.name.hasSuffix("ACC") }.values.flatMap { [($0.mean - $0.ci) * 100, ($0.mean + $0.ci) * 100] }
        let lo = min(0, ends.min() ?? 0), hi = max(0, ends.max() ?? 0), pad = max(hi - lo, 1) * 0.18
        return (lo - (lo < 0 ? pad : 0))...(hi + pad)
    }

    static func table(_ metrics: [ResultKey: (mean: Double, ci: Double)], methods: [SequenceBaseline], seeds: Int) -> Table {
        func cell(_ v: (mean: Double, ci: Double), percentSign: Bool) -> String {
            Ticks.formatNumber(v.mean * 100, decimals: 1) + (percentSign ? "%" : "") + " ± " + Ticks.formatNumber(v.ci * 100, decimals: 1)
        }
        let rows = SequenceBaseline.Sequence.allCases.flatMap { seq in methods.map { m -> [String] in
            ["\(seq.rawValue) digits", m.title, cell(metrics[m.key(.ACC, seq)]!, percentSign: true),
             cell(metrics[m.key(.BWT, seq)]!, percentSign: false), cell(metrics[m.key(.FWT, seq)]!, percentSign: false)]
        } }
        return Table(caption: "Mean ± 95% confidence interval over \(seeds) seed\(seeds == 1 ? "" : "s"); Accuracy in percent, the transfers in percentage points.",
                     headers: ["sequence", "method", "Accuracy", "Backward Transfer (points)", "Forward Transfer (points)"], rows: rows)
    }

    static func settings(tasks: Int, trainCount: Int, settings: DigitTraining, rotationStep: Float) -> [(String, String)] {
        [("tasks per sequence", "\(tasks)"), ("training images per task", "\(trainCount)"), ("epochs per task", "\(settings.epochs)"),
         ("optimizer", "SGD, learning rate \(settings.learningRate), batch \(settings.batchSize)"), ("rotation step", "\(Int(rotationStep))°"),
         ("network", settings.networkDescription)]
    }

    /// Reading R, with this run's numbers (so the text always agrees with the table beside it).
    static func discussion(_ metrics: [ResultKey: (mean: Double, ci: Double)]) -> String {
        func v(_ m: SequenceBaseline, _ metric: SequenceBaseline.Metric, _ s: SequenceBaseline.Sequence) -> String { points(metrics[m.key(metric, s)]!.mean) }
        return """
        ## Reading R
        - **Below the diagonal** is memory: naive fine-tuning loses earlier tasks as it learns new ones, so
          its Backward Transfer is negative (\(v(.naive, .BWT, .permuted)) on permuted digits, \(v(.naive, .BWT, .rotated)) on rotated ones).
          Multi-task training sees all data again and keeps them (\(v(.joint, .BWT, .permuted))); one model per task cannot forget (each
          task keeps its own network: \(v(.perTask, .BWT, .permuted)) exactly) but stores T networks.
        - **Above the diagonal** is transfer: a network trained on earlier tasks, tested on a task it has not
          seen yet, against the untrained network. Permuted tasks share little that a fully connected network
          can use — only what every permutation keeps, such as how much ink a digit has — so Forward Transfer
          is small (\(v(.naive, .FWT, .permuted)) for naive fine-tuning). Nearby rotations share most of their
          pixels, so it is large (\(v(.naive, .FWT, .rotated))).
        """
    }

    /// "Try it": each expectation was checked on the built-in digits (2 seeds) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release evaluation --rotation-step 15",
              expect: "Rotations 15° apart instead of 45°: neighbouring tasks look alike, so Forward Transfer on rotated digits rises (on the built-in digits from about +33 to +72 points for naive fine-tuning) and naive fine-tuning forgets much less (BWT from about −46 to −13 points)."),
        .init("swift run -c release evaluation --tasks 8",
              expect: "A longer sequence: R grows to 9 × 8. The earliest tasks sit under more later training: on the built-in digits task 1 ends near 34% instead of 46%, and naive fine-tuning's BWT falls from about −27 to −39 points."),
        .init("swift run -c release evaluation --epochs 1",
              expect: "Half the training per task: every diagonal entry is lower, and naive fine-tuning forgets less (BWT about −15 instead of −27 points on permuted built-in digits) — fewer steps on each new task move the weights less."),
        .init("swift run -c release evaluation --seeds 1 --quick",
              expect: "A quick run: 1,000 images a task and one epoch. R has the same shape and the same story, with much lower accuracies — check the three numbers by hand from the printed matrix."),
    ], questions: [
        "Compute Accuracy, BWT and FWT by hand from the R-naive heatmap above, and check them against the table.",
        "One model per task has BWT exactly 0 and still a lower Accuracy than multi-task training here. Why? What would Forward Transfer tell you about it?",
    ])
}
