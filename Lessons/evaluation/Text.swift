import Foundation
import LessonKit

/// The evaluation lesson's prose, formulas and tables.
enum EvaluationText {
    static let intro = """
    ## The experiment
    Two sequences of five digit tasks share the 10 labels: **permuted digits** (each task shuffles the
    pixels in its own fixed way; task 1 is plain digits) and **rotated digits** (each task turns the images
    further). The 784-50-50-50-10 network learns each sequence three ways: **naive fine-tuning** (one
    network, task after task), **multi-task** training (after each task, a fresh network on all data so
    far: the upper bound) and **one model per task**. After each task we test on every task, which fills
    one row of the matrix R.
    """

    /// ACC, BWT and FWT as the slide writes them.
    static let formulas: [(MathNode, String)] = [
        (.row([.text("Accuracy"), .op("="), .frac(.num("1"), .id("T")), .underover(.op("∑"), .row([.id("i"), .op("="), .num("1")]), .id("T")),
               .sub(.id("R"), .row([.id("T"), .op(","), .id("i")]))]), "The average accuracy on all tasks at the end."),
        (.row([.text("Backward Transfer"), .op("="), .frac(.num("1"), .row([.id("T"), .op("−"), .num("1")])),
               .underover(.op("∑"), .row([.id("i"), .op("="), .num("1")]), .row([.id("T"), .op("−"), .num("1")])),
               .sub(.id("R"), .row([.id("T"), .op(","), .id("i")])), .op("−"), .sub(.id("R"), .row([.id("i"), .op(","), .id("i")]))]),
         "How much learning later tasks changed each earlier one (negative = forgetting)."),
        (.row([.text("Forward Transfer"), .op("="), .frac(.num("1"), .row([.id("T"), .op("−"), .num("1")])),
               .underover(.op("∑"), .row([.id("i"), .op("="), .num("2")]), .id("T")),
               .sub(.id("R"), .row([.id("i"), .op("−"), .num("1"), .op(","), .id("i")])), .op("−"), .sub(.id("R"), .row([.num("0"), .op(","), .id("i")]))]),
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

    static func table(_ mean: (SequenceBaseline, SequenceBaseline.Sequence) -> EvaluationMatrix, methods: [SequenceBaseline]) -> Table {
        func p(_ v: Double?) -> String { v.map { Ticks.formatNumber($0 * 100, decimals: 1) + "%" } ?? "–" }
        let rows = SequenceBaseline.Sequence.allCases.flatMap { seq in methods.map { m -> [String] in
            let r = mean(m, seq)
            return ["\(seq.rawValue) digits", m.title, p(r.accuracy), p(r.backwardTransfer), p(r.forwardTransfer)]
        } }
        return Table(caption: "Mean over seeds.", headers: ["sequence", "method", "Accuracy", "Backward Transfer", "Forward Transfer"], rows: rows)
    }

    static func settings(tasks: Int, trainCount: Int, settings: DigitTraining, rotationStep: Float) -> [(String, String)] {
        [("tasks per sequence", "\(tasks)"), ("training images per task", "\(trainCount)"), ("epochs per task", "\(settings.epochs)"),
         ("optimizer", "SGD, learning rate \(settings.learningRate), batch \(settings.batchSize)"), ("rotation step", "\(Int(rotationStep))°"),
         ("network", settings.networkDescription)]
    }

    static let discussion = """
    ## Reading R
    - **Below the diagonal** is memory: naive fine-tuning loses earlier tasks as it learns new ones, so
      its Backward Transfer is negative. Multi-task training sees all data again and keeps them; one model
      per task cannot forget (each task keeps its own network) but stores T networks.
    - **Above the diagonal** is transfer: a network trained on earlier tasks, tested on a task it has not
      seen yet. Permuted tasks share nothing a fully connected network can use (FWT ≈ 0); nearby rotations
      do share, so FWT is positive there.
    """
}
