import Autograd
import Continual
import Datasets
import Foundation
import LessonCore
import NN

/// The taskonomy lesson's runs: the transfer map (part 2) and every order of the subset (part 3),
/// as jobs on the cores (`parallelRuns`). Every run is the one training loop with a head per task.
public enum TaskonomyRuns {
    /// One source's row of the map for one seed: the source learned alone (it is also the target's
    /// "from scratch" run when it is the target), then each other task fine-tuned from a copy of it.
    public struct SourceRow: Sendable {
        /// Validation accuracy and per-example loss of the source alone.
        public var scratchAccuracy: Double
        public var scratchLosses: [Double]
        /// For each target t (index in the family; nil at the source itself): accuracy and losses
        /// after learning the source, then t.
        public var transferAccuracy: [Double?]
        public var transferLosses: [[Double]?]
        /// The source's own validation accuracy after the target was learned (what t cost s).
        public var retainedAccuracy: [Double?]

        public init(scratchAccuracy: Double, scratchLosses: [Double], transferAccuracy: [Double?], transferLosses: [[Double]?], retainedAccuracy: [Double?]) {
            (self.scratchAccuracy, self.scratchLosses, self.transferAccuracy) = (scratchAccuracy, scratchLosses, transferAccuracy)
            (self.transferLosses, self.retainedAccuracy) = (transferLosses, retainedAccuracy)
        }
    }

    /// One order of part 3 for one seed: its evaluation matrix in the order's own stage order, with
    /// only what ACC and BWT read measured (`StageScoring.diagonalAndLastRow`; the rest NaN).
    public struct OrderRun: Sendable {
        public var order: [Int]
        public var rows: [[Double]]
        public init(order: [Int], rows: [[Double]]) { (self.order, self.rows) = (order, rows) }
        /// Mean accuracy after the last task, and backward transfer (in learning order).
        public var accuracy: Double { rows.last!.reduce(0, +) / Double(rows.last!.count) }
        public var backwardTransfer: Double {
            let t = order.count
            return order.dropLast().reduce(0.0) { $0 + rows[t][$1] - rows[order.firstIndex(of: $1)! + 1][$1] } / Double(t - 1)
        }
    }

    /// `map[seed][source]` and `orders[seed][order index]`.
    public struct All: Sendable {
        public var map: [[SourceRow]]
        public var orders: [[OrderRun]]
    }

    /// A source's row of the map, or the orders of part 3 that start with task `first`: they are
    /// learned together, each shared prefix once (`learnOrders`).
    private enum Job: Sendable { case source(seed: Int, source: Int), orders(seed: Int, first: Int) }

    /// Runs the map for every seed and every order of `setup.subset` for every seed.
    public static func all(_ data: DigitData, setup: TaskonomySetup, seeds: [UInt64], familySeed: UInt64, progress: (String) -> Void) throws -> All {
        let subsetIDs = setup.subset.map { setup.kinds.firstIndex(of: $0)! }
        let orders = TaskOrder.permutations(Array(subsetIDs.indices))
        let mapTasks = seeds.map { setup.tasks(setup.kinds, data, seed: $0, familySeed: familySeed, scoredOn: .map) }
        let orderTasks = seeds.map { setup.tasks(setup.subset, data, seed: $0, familySeed: familySeed, scoredOn: .orders) }
        let firsts = orders.reduce(into: [Int]()) { if !$0.contains($1[0]) { $0.append($1[0]) } }
        let jobs = seeds.indices.flatMap { k in setup.kinds.indices.map { Job.source(seed: k, source: $0) } }
            + seeds.indices.flatMap { k in firsts.map { Job.orders(seed: k, first: $0) } }
        progress("\(jobs.count) jobs (\(setup.kinds.count) sources × \(setup.kinds.count - 1) targets, then \(orders.count) orders of \(setup.subset.count) tasks in \(firsts.count) groups; \(seeds.count) seed\(seeds.count == 1 ? "" : "s")) \(runThreadsText)")
        let done = ProgressCounter(), step = max(1, jobs.count / 10)
        enum Output: Sendable { case row(SourceRow), orders([OrderRun]) }
        let outputs = try parallelRuns(jobs) { job -> Output in
            defer { let n = done.next(); if n % step == 0 || n == jobs.count { progress("\(n) of \(jobs.count) jobs done") } }
            switch job {
            case .source(let k, let s): return .row(try sourceRow(s, mapTasks[k], setup: setup, seed: seeds[k]))
            case .orders(let k, let first):     // every order from the same fresh learner and generator
                var rng = SeededGenerator(seed: seeds[k] ^ 0x6F72)
                let learner = setup.learner(setup.subset, using: &rng), mine = orders.filter { $0[0] == first }
                let runs = try learnOrders(orderTasks[k], orders: mine, learner: learner, using: rng, scoring: .diagonalAndLastRow)
                return .orders(zip(mine, runs).map { OrderRun(order: $0, rows: $1.rows) })
            }
        }
        var all = All(map: seeds.map { _ in [] }, orders: seeds.map { _ in [] })
        var byOrder: [[[Int]: OrderRun]] = seeds.map { _ in [:] }
        for (job, output) in zip(jobs, outputs) {
            switch (job, output) {
            case (.source(let k, _), .row(let row)): all.map[k].append(row)
            case (.orders(let k, _), .orders(let runs)): for run in runs { byOrder[k][run.order] = run }
            default: preconditionFailure("a job's output is of its kind")
            }
        }
        all.orders = byOrder.map { runs in orders.map { runs[$0]! } }      // in the order of `orders`
        return all
    }

    /// Source `s` alone, then each other task from a copy of it (the same initial weights and
    /// batches for every seed's scratch run, whichever job runs it).
    static func sourceRow(_ s: Int, _ tasks: [ContinualTask], setup: TaskonomySetup, seed: UInt64) throws -> SourceRow {
        var rng = SeededGenerator(seed: seed ^ UInt64(s + 1) &* 0x9E37_79B9)
        let learner = setup.learner(setup.kinds, using: &rng)
        try learner.learn(TaskInfo(id: s, stage: 0, name: tasks[s].name, train: tasks[s].train), using: &rng)
        let scratch = scoreAndLosses(learner, tasks[s].test, task: s)
        var row = SourceRow(scratchAccuracy: scratch.score, scratchLosses: scratch.losses,
                            transferAccuracy: tasks.map { _ in nil }, transferLosses: tasks.map { _ in nil }, retainedAccuracy: tasks.map { _ in nil })
        for t in tasks.indices where t != s {
            var fork = rng.fork(UInt64(t))
            let next = Learner(model: (learner.model as! MultiHeadMLP).copy(), plan: setup.plan, strategies: [HeadPerTask(rng: fork.fork())])
            try next.learn(TaskInfo(id: t, stage: 1, name: tasks[t].name, train: tasks[t].train), using: &fork)
            (row.transferAccuracy[t], row.transferLosses[t]) = scoreAndLosses(next, tasks[t].test, task: t)
            row.retainedAccuracy[t] = next.score(on: tasks[s].test, task: s)
        }
        return row
    }

    /// The learner's score on `set` (`Learner.score(on:task:)`, the same bits) and the cross-entropy
    /// of each example under its predictions for `task`, from one pass of predictions.
    public static func scoreAndLosses(_ learner: Learner, _ set: any ExampleSet, task: Int, chunk: Int = 2048) -> (score: Double, losses: [Double]) {
        var (total, losses) = (0.0, [Double]())
        for first in stride(from: 0, to: set.count, by: chunk) {
            let batch = set.batch(Array(first..<min(first + chunk, set.count)), task: task)
            let logits = learner.predict(batch.inputs, tasks: batch.tasks), width = logits.shape[1]
            total += learner.plan.objective.score(logits, batch)
            losses += batch.labels.enumerated().map { r, label in
                let row = logits.data[(r * width)..<((r + 1) * width)].map(Double.init), top = row.max()!
                return top + log(row.reduce(0.0) { $0 + exp($1 - top) }) - row[label]
            }
        }
        return (set.count > 0 ? total / Double(set.count) : 0, losses)
    }
}

/// A count shared by worker threads (progress lines).
final class ProgressCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value }
}
