import Autograd
import Continual
import Datasets
import Foundation
import LessonCore

/// How the lesson's λ values were chosen: every method's grid, run on a **validation split of
/// the training images** (one sixth, never the test set), with a stated rule per part.
/// `plasticity --sweep` prints the tables the README quotes.
public enum PlasticitySweep {
    public static let slideGrid: [(GuardMethod, [Float])] = [(.l2, [0.01, 0.03, 0.1, 0.3]), (.ewc, [1, 3, 10, 30])]
    public static let guardGrid: [(GuardMethod, [Float])] = [
        (.ewc, [3, 10, 30, 100, 300]), (.si, [3, 10, 30, 100, 300]), (.mas, [0.01, 0.03, 0.1, 0.3, 1]),
        (.rwalk, [3, 10, 30, 100, 300]), (.scp, [3, 10, 30, 100, 300])]

    /// The training images split into training and validation; the test images are not used.
    public static func validationData(_ data: DigitData) -> DigitData {
        var v = data
        (v.train, v.test) = data.train.split(validationFraction: 1.0 / 6, seed: 0x76616C)
        return v
    }

    /// Runs both grids and returns the two tables (Markdown) with the chosen λ marked.
    public static func run(_ data: DigitData, setup: PlasticitySetup, seeds: [UInt64], progress: (String) -> Void) throws -> String {
        let v = validationData(data)
        let slide = try grid([(.naive, [0])] + slideGrid, seeds: seeds, training: setup.slide, samples: setup.importanceSamples) { setup.slideTaskList(v, seed: $0) }
        progress("part 1 grid done")
        let guards = try grid([(.naive, [0])] + guardGrid, seeds: seeds, training: setup.guards, samples: setup.importanceSamples) { setup.guardTaskList(v, seed: $0) }
        return slideTable(slide) + "\n" + guardTable(guards)
    }

    typealias Cell = (method: GuardMethod, lambda: Float, runs: [SequenceRun?])

    static func grid(_ grid: [(GuardMethod, [Float])], seeds: [UInt64], training: DigitTraining, samples: Int,
                     tasks: (UInt64) -> [ContinualTask]) throws -> [Cell] {
        let jobs = grid.flatMap { m, values in values.flatMap { l in seeds.map { (m, l, $0) } } }
        let lists = Dictionary(uniqueKeysWithValues: seeds.map { ($0, tasks($0)) })
        let runs = try parallelRuns(jobs) { m, l, seed -> SequenceRun? in
            do { return try m.run(lists[seed]!, strength: l, training: training, seed: seed, samples: samples).0 } catch is TrainingError { return nil }
        }
        var cells: [Cell] = []
        for (job, run) in zip(jobs, runs) {
            if let last = cells.last, last.method == job.0, last.lambda == job.1 { cells[cells.count - 1].runs.append(run) }
            else { cells.append((job.0, job.1, [run])) }
        }
        return cells
    }

    static func mean(_ xs: [Double]) -> Double { xs.reduce(0, +) / Double(max(xs.count, 1)) }
    static func pct(_ x: Double) -> String { String(format: "%.1f", 100 * x) }

    /// Part 1's rule. b = 1 is there to show the slide's point (it holds A, at a price on C): the
    /// smallest λ at which it does, on every seed, A within 5 points of its best and C at least 10
    /// points below b = 0. EWC: the best validation ACC without a diverged run.
    static func slideTable(_ cells: [Cell]) -> String {
        let naiveC = mean(cells[0].runs.compactMap { $0?.rows.last!.last! })
        var lines = ["| method | λ | drop on A (mean / worst) | C at the end | C below b = 0 | ACC | chosen |", "|---|---|---|---|---|---|---|"]
        let ok = cells.filter { !$0.runs.contains { $0 == nil } }
        let naiveCs = cells[0].runs.map { $0?.rows.last!.last! ?? 0 }
        let l2 = ok.filter { $0.method == .l2 && zip($0.runs, naiveCs).allSatisfy { drop($0!) <= 0.05 && $1 - $0!.rows.last!.last! >= 0.10 } }.map(\.lambda).min()
        let ewc = ok.filter { $0.method == .ewc }.max { mean($0.runs.map { acc($0!) }) < mean($1.runs.map { acc($0!) }) }?.lambda
        for c in cells {
            guard !c.runs.contains(where: { $0 == nil }) else { lines.append("| \(c.method.title) | \(c.lambda) | diverged | | | | |"); continue }
            let runs = c.runs.map { $0! }, c3 = mean(runs.map { $0.rows.last!.last! })
            let chosen = (c.method == .l2 && c.lambda == l2) || (c.method == .ewc && c.lambda == ewc)
            lines.append("| \(c.method.title) | \(c.lambda) | \(pct(mean(runs.map(drop)))) / \(pct(runs.map(drop).max()!)) | \(pct(c3)) | \(pct(naiveC - c3)) | \(pct(mean(runs.map(acc)))) | \(chosen ? "✓" : "") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Part 2's rule: for each guard, the λ with the best mean validation ACC (no diverged run).
    static func guardTable(_ cells: [Cell]) -> String {
        var lines = ["| method | λ | ACC | BWT | chosen |", "|---|---|---|---|---|"]
        for method in [GuardMethod.naive] + GuardMethod.estimators {
            let mine = cells.filter { $0.method == method }
            let best = !method.hasStrength ? nil : mine.filter { !$0.runs.contains { $0 == nil } }.max { mean($0.runs.map { acc($0!) }) < mean($1.runs.map { acc($0!) }) }?.lambda
            for c in mine {
                guard !c.runs.contains(where: { $0 == nil }) else { lines.append("| \(method.title) | \(c.lambda) | diverged | | |"); continue }
                let runs = c.runs.map { $0! }
                lines.append("| \(method.title) | \(c.lambda) | \(pct(mean(runs.map(acc)))) | \(String(format: "%+.1f", 100 * mean(runs.map(bwt))))  | \(c.lambda == best ? "✓" : "") |")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Points lost on the first task from its best along training.
    public static func drop(_ run: SequenceRun) -> Double { run.curves[0].max()! - run.rows.last![0] }
    static func acc(_ run: SequenceRun) -> Double { mean(run.rows.last!) }
    static func bwt(_ run: SequenceRun) -> Double { (try? run.evaluationMatrix().backwardTransfer ?? 0) ?? 0 }
}
