import LessonCore
import Plot

/// The replay lesson's figures.
public enum ReplayFigures {
    /// Part 1: the generator's images of one fixed set of codes after each task, one row a stage.
    public static func gallery(_ stages: [[[Float]]], taskNames: [String]) -> Figure {
        let columns = stages.first?.count ?? 1
        let captions = stages.indices.flatMap { s in ["after \(taskNames[s])"] + Array(repeating: "", count: columns - 1) }
        return Figure(Axes(x: Axis(hidden: true), y: Axis(hidden: true), legend: .hidden,
                           [.images(ImageGrid(images: stages.flatMap { $0 }, columns: columns, captions: captions))]),
                      title: "What the generator remembers: the same \(columns) codes decoded after each task (first seed)",
                      width: 1280, height: Double(110 + 112 * stages.count))
    }

    /// Part 2: accuracy on each task after each stage (mean over seeds), one panel per sequential
    /// method; a task is drawn from the stage that learns it. Joint training's ACC is the dashed line.
    public static func stages(_ matrices: [(String, [[Double]])], taskNames: [String], joint: Double) -> Figure {
        let x = taskNames.indices.map(Double.init)
        let panels = matrices.map { title, rows in
            var marks: [Mark] = taskNames.indices.map { k in
                .line(Line(x: Array(x[k...]), y: rows.dropFirst().map { $0[k] }.suffix(from: k).map { $0 }, label: "task \(taskNames[k])",
                           color: Palette.color(k), marker: .circle))
            }
            marks.append(.line(Line(x: [x.first!, x.last!], y: [joint, joint], label: "joint, mean", color: Color(hex: 0x555555), dashed: true)))
            return Axes(title: title, x: Axis("after learning task", categories: taskNames), y: Axis("test accuracy", limits: 0...1, format: .percent),
                        marks)
        }
        var figure = Figure(title: "Accuracy on each task as the five tasks are learned (class-incremental, mean over seeds)", panels: panels,
                            columns: panels.count, width: 1920, height: 680)
        figure.sharedLegend = true
        return figure
    }

    /// Part 3: ACC after the last task by method, mean ± 95% CI over seeds.
    public static func final(methods: [String], acc: [(mean: Double, ci: Double)]) -> Figure {
        Figure(Axes(x: Axis(categories: methods), y: Axis("accuracy on all ten digits after the last task", format: .percent), legend: .hidden,
                    [.bars(Bars(series: ["ACC"], values: [acc.map(\.mean)], errors: [acc.map(\.ci)], valueFormat: .percent))]),
               title: "Ten digits, no task id: accuracy after the fifth task (mean ± 95% CI)")
    }

    /// Part 4: ACC against the memory kept between tasks: exact replay at each budget (first
    /// seed), generative replay (its generator and old solver), none and joint as lines.
    public static func memory(budgets: [Int], exact: [Double], generative: (kilobytes: Double, acc: Double), none: Double, joint: Double, trainImages: Int) -> Figure {
        let kb = budgets.map { Double($0 * 784) / 1000 }
        let span = [min(kb.first!, generative.kilobytes) / 1.5, max(kb.last!, generative.kilobytes) * 1.5]
        let marks: [Mark] = [
            .line(Line(x: span, y: [joint, joint], label: "joint (all \(grouped(trainImages)) images)", color: Color(hex: 0x555555), dashed: true)),
            .line(Line(x: span, y: [none, none], label: "none (nothing kept)", color: Palette.color(0), dashed: true)),
            .line(Line(x: kb, y: exact, label: "exact replay: \(budgets.map(grouped).joined(separator: ", ")) images", color: Palette.color(1), marker: .circle)),
            .scatter(Scatter(x: [generative.kilobytes], y: [generative.acc], label: "generative replay (generator + old solver)", color: Palette.color(2), marker: .diamond)),
            .text(Annotation("generative replay, \(percent(generative.acc))", at: (generative.kilobytes, generative.acc + (generative.acc < 0.3 ? 0.1 : -0.1)), pointing: (generative.kilobytes, generative.acc))),
        ]
        return Figure(Axes(x: Axis("kilobytes kept between tasks (images: 1 byte a pixel; networks: 4 bytes a weight)", scale: .log),
                           y: Axis("accuracy after the last task", limits: 0...1, format: .percent), legend: .above, marks),
                      title: "What memory buys: stored images against a generator (first seed)")
    }
}
