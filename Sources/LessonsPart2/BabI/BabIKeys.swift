import Continual
import LessonCore
import Plot

/// The bAbI lesson's `results.json` names and the numbers behind them.
public enum BabIKeys {
    public static func key(_ m: BabIMethod, _ name: String) -> ResultKey { ResultKey("\(m.rawValue).\(name)") }
    /// The watched task right after the stage that learns it, and after the last stage.
    public static let afterItsStage = "watched.afterItsStage", final = "watched.final"
    /// Sequential: the share of the watched task's answers that are of its own kinds (people, objects), after the last stage.
    public static let ownKinds = ResultKey("sequential.answers.ownKinds.final")

    public static let all: [ResultKey] = [BabIMethod.sequential, .replay].flatMap { m in
        [key(m, afterItsStage), key(m, final), key(m, "ACC"), key(m, "BWT"), key(m, "FWT")]
    } + [key(.multitask, final), key(.multitask, "ACC"), ownKinds]

    /// The watched task's own answer kinds.
    public static let watchedKinds: Set<AnswerKind> = [.person, .object]

    /// Every key, per seed.
    public static func aggregate(_ runs: [BabIMethod: [BabIMethod.Run]], setup: BabISetup, data: BabIData) throws -> SeedAggregate {
        var agg = SeedAggregate()
        let w = setup.watched - 1
        for (m, list) in runs { for run in list {
            agg.add(key(m, final), run.final[w])
            agg.add(key(m, "ACC"), run.final.reduce(0, +) / Double(run.final.count))
            guard m != .multitask else { continue }
            agg.add(key(m, afterItsStage), run.rows[w + 1][w])
            let r = try EvaluationMatrix(run.rows)
            agg.add(key(m, "BWT"), r.backwardTransfer ?? .nan)
            agg.add(key(m, "FWT"), r.forwardTransfer ?? .nan)
            if m == .sequential { agg.add(ownKinds, ownShare(run.answers.last!, data: data)) }
        } }
        return agg
    }

    /// The share of `answers` that are people or objects.
    static func ownShare(_ answers: [Int], data: BabIData) -> Double {
        let shares = AnswerKind.shares(answers, vocabulary: data.vocabulary)
        return AnswerKind.allCases.indices.filter { watchedKinds.contains(AnswerKind.allCases[$0]) }.reduce(0) { $0 + shares[$1] }
    }

    /// Sequential: the share of each answer kind (columns, `AnswerKind.allCases`) after each stage
    /// from the watched task's own (rows), mean over seeds.
    public static func answerKinds(_ runs: [BabIMethod.Run], setup: BabISetup, data: BabIData) -> [[Double]] {
        averageMatrices(runs.map { run in run.answers.dropFirst(setup.watched - 1).map { AnswerKind.shares($0, vocabulary: data.vocabulary) } })
    }

    /// The watched task's curve, mean over seeds (every run samples the same points).
    public static func meanCurve(_ runs: [BabIMethod.Run]) -> Results.Curve {
        let x = runs[0].curve.map(\.stage)
        let y = x.indices.map { i in runs.map { $0.curve[i].accuracy }.reduce(0, +) / Double(runs.count) }
        return Results.Curve(x: x, y: y)
    }
}

/// The bAbI lesson's figures.
public enum BabIFigures {
    static let colors: [BabIMethod: Color] = [.sequential: Palette.color(0), .replay: Palette.color(2), .multitask: Color(hex: 0x555555)]

    /// Part 1 (the slide): the watched task's accuracy as the 20 tasks are learned; its own stage shaded.
    public static func watched(_ curves: [(BabIMethod, Results.Curve)], task: Int, multitask: Double, tasks: Int) -> Figure {
        var marks: [Mark] = [.band(Band(x: [Double(task - 1), Double(task)], lower: [0, 0], upper: [1, 1], color: Palette.color(1), label: "training on task \(task)"))]
        marks += curves.map { m, c in .line(Line(x: c.x, y: c.y, label: m.title, color: colors[m]!, marker: .none)) }
        marks.append(.line(Line(x: [0, Double(tasks)], y: [multitask, multitask], label: "multi-task, after training on all 20", color: colors[.multitask]!, dashed: true)))
        return Figure(Axes(x: Axis("tasks learned (task k is trained between k − 1 and k)", limits: 0...Double(tasks)),
                           y: Axis("test accuracy on task \(task)", limits: 0...1, format: .percent), legend: .above, marks),
                      title: "Task \(task) (three-argument relations) while the 20 bAbI tasks are learned one after another")
    }

    /// Part 2: every task's accuracy at the end, by method.
    public static func final(_ finals: [(BabIMethod, [Double])]) -> Figure {
        let n = finals[0].1.count
        return Figure(Axes(x: Axis("bAbI task", categories: (1...n).map(String.init)), y: Axis("test accuracy after learning all 20", limits: 0...1.08, format: .percent),
                           legend: .above, [.bars(Bars(series: finals.map(\.0.title), values: finals.map(\.1), colors: finals.map { colors[$0.0]! }, valueFormat: nil))]),
                      title: "The end of the course: each task's accuracy, learned one after another or all at once", width: 1600, height: 640)
    }

    /// Part 3: R of the sequential run, a row per stage.
    public static func matrix(_ rows: [[Double]], title: String) -> Figure {
        let t = rows[0].count
        return Figure(Axes(x: Axis("test on task j", categories: (1...t).map(String.init)),
                           y: Axis("after training", categories: ["untrained"] + (1...t).map { "task \($0)" }),
                           [.heatmap(Heatmap(values: rows.map { $0.map { $0 * 100 } }, range: 0...100, cellFormat: .fixed(decimals: 0), colorbarLabel: "accuracy (%)"))]),
                      title: title, width: 1500, height: 1000)
    }

    /// Part 4: what the model answers to the watched task's questions after each stage.
    public static func answers(_ shares: [[Double]], firstStage: Int, task: Int) -> Figure {
        let stages = shares.indices.map { "\($0 + firstStage)" }
        let series = AnswerKind.allCases.indices.map { k in shares.map { $0[k] } }
        return Figure(Axes(x: Axis("after learning task", categories: stages), y: Axis("share of task \(task)'s test answers", limits: 0...1, format: .percent),
                           legend: .above, [.bars(Bars(series: AnswerKind.allCases.map(\.rawValue), values: series, valueFormat: .percent, stacked: true))]),
                      title: "What the network answers to task \(task)'s questions (\"Who gave the cake to Fred?\") after each later task", width: 1500, height: 640)
    }
}
