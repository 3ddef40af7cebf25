import Autograd

/// What learning a sequence of tasks recorded: the evaluation matrix and the curves along training.
public struct SequenceRun: Sendable {
    /// The tasks' names, in task order (the columns).
    public var tasks: [String]
    /// R, row by row: row 0 before any training, row s after stage s; one column per task, in
    /// task order (when the learning order is the task order, `evaluationMatrix()` reads it).
    public var rows: [[Double]] = []
    /// The global step of every evaluation along training.
    public var steps: [Double] = []
    /// The score of every task at each of those steps: `curves[task][sample]`.
    public var curves: [[Double]]
    /// The step at which each stage ended.
    public var boundaries: [Double] = []

    public init(tasks: [String]) {
        self.tasks = tasks
        curves = Array(repeating: [], count: tasks.count)
    }

    /// The rows after each stage (R without its row 0): `afterStage[stage][task]`.
    public var afterStage: ArraySlice<[Double]> { rows.dropFirst() }

    /// The rows as the lecture's evaluation matrix (needs one stage per task).
    public func evaluationMatrix() throws -> EvaluationMatrix { try EvaluationMatrix(rows) }

    mutating func record(step: Int, _ scores: [Double]) {
        steps.append(Double(step))
        for (task, score) in scores.enumerated() { curves[task].append(score) }
    }
}

/// Learns `tasks` one after another in `order` (default: task order) with `learner`, evaluating
/// every task's test set before training, along training (`plan.evaluateEvery`) and after each
/// stage — or only what `scoring` names. The order of batches comes from `rng`.
public func learnSequence(_ tasks: [ContinualTask], order: [Int]? = nil, learner: Learner, using rng: inout SeededGenerator,
                          scoring: StageScoring = .everyTask, progress: (String) -> Void = { _ in }) throws -> SequenceRun {
    let order = order ?? Array(tasks.indices)
    var run = untrainedRun(tasks, learner, scoring)
    for (stage, id) in order.enumerated() {
        progress("stage \(stage + 1) of \(order.count): \(tasks[id].name)")
        try learnStage(tasks, id, stage: stage, learner: learner, run: &run, using: &rng, scoring: scoring, seen: Array(order[..<stage]),
                       last: stage == order.count - 1)
    }
    return run
}

/// `learnSequence` for each of `branches` (strategies to add to `learner`'s own), every one from
/// `learner`'s present state and `rng`, the first task learned once for all of them: `learner`
/// learns it, then each branch goes on from a copy its strategies join after that task
/// (`Learner.joined(by:after:)`). The same runs, bit for bit, as one `learnSequence` per branch,
/// for strategies that leave a task alone until their first `endTask` (`LearnBranchesTests`
/// checks fine-tuning, EWC, A-GEM and exact replay); `learner`'s own must be `CopyableStrategy`s. Returns each
/// branch's run and learner (in the state after the last task).
public func learnBranches(_ tasks: [ContinualTask], learner: Learner, branches: [[any Strategy]],
                          using rng: SeededGenerator) throws -> [(run: SequenceRun, learner: Learner)] {
    precondition(!tasks.isEmpty, "learnBranches shares a first task: it needs one")
    var (run, rng) = (untrainedRun(tasks, learner, .everyTask), rng)
    try learnStage(tasks, 0, stage: 0, learner: learner, run: &run, using: &rng, scoring: .everyTask, seen: [], last: tasks.count == 1)
    let first = TaskInfo(id: 0, stage: 0, name: tasks[0].name, train: tasks[0].train)
    return try branches.map { strategies in
        let branch = try learner.joined(by: strategies, after: first)
        var (branchRun, branchRNG) = (run, rng)
        for id in tasks.indices.dropFirst() {
            try learnStage(tasks, id, stage: id, learner: branch, run: &branchRun, using: &branchRNG, scoring: .everyTask, seen: Array(0..<id),
                           last: id == tasks.count - 1)
        }
        return (branchRun, branch)
    }
}

/// A run holding only row 0: every task scored before `learner` trains on any (NaN where
/// `scoring` does not measure it).
private func untrainedRun(_ tasks: [ContinualTask], _ learner: Learner, _ scoring: StageScoring) -> SequenceRun {
    var run = SequenceRun(tasks: tasks.map(\.name))
    let untrained = scores(learner, tasks, only: scoring.scoresUntrained ? nil : [])
    run.record(step: learner.steps, untrained)
    run.rows.append(untrained)
    return run
}

/// One stage of `learnSequence`: task `id` learned, evaluated along training and at the end, as
/// `scoring` says (`seen`: the tasks learned before this stage; `last`: the run's last stage).
private func learnStage(_ tasks: [ContinualTask], _ id: Int, stage: Int, learner: Learner, run: inout SequenceRun,
                        using rng: inout SeededGenerator, scoring: StageScoring, seen: [Int], last: Bool) throws {
    let info = TaskInfo(id: id, stage: stage, name: tasks[id].name, train: tasks[id].train)
    let along = scoring.scoredAlongTraining(seen: seen, id: id)
    try learner.learn(info, using: &rng) { step in
        if along?.isEmpty != true { run.record(step: step, scores(learner, tasks, only: along)) }
    }
    let end = scores(learner, tasks, only: scoring.scored(after: id, last: last))
    run.record(step: learner.steps, end)
    run.boundaries.append(Double(learner.steps))
    run.rows.append(end)
}

/// Every task's score (`Learner.scores(on:)`), or only those of the tasks in `only`, the others NaN.
private func scores(_ learner: Learner, _ tasks: [ContinualTask], only: [Int]?) -> [Double] {
    guard let only else { return learner.scores(on: tasks) }
    return tasks.indices.map { only.contains($0) ? learner.score(on: tasks[$0].test, task: $0) : .nan }
}

/// Which entries of R a run measures (`learnSequence`, `learnOrders`): a run that reads only a few
/// of them need not pay for the rest. The entries not measured are NaN (`EvaluationMatrix`
/// refuses them); those measured are the same bits in every mode.
public enum StageScoring: Sendable {
    /// Every task before training, along it (`plan.evaluateEvery`) and after every stage: the whole R and the curves.
    case everyTask
    /// The whole R, and along training only the tasks seen so far (learned, or being learned):
    /// the curves of a metric over the tasks seen so far (the homework's).
    case seenSoFar
    /// Only what ACC and BWT read: after a stage the task just learned (R's diagonal, in learning
    /// order), after the last stage every task (R's last row).
    case diagonalAndLastRow
    /// Only what ACC reads: every task after the last stage.
    case lastRow

    /// Whether row 0 (before any training) is measured.
    var scoresUntrained: Bool { self == .everyTask || self == .seenSoFar }

    /// The tasks scored along training in a stage that learns `id` after the tasks `seen`, or nil
    /// for all of them (empty: nothing is recorded along training).
    func scoredAlongTraining(seen: [Int], id: Int) -> [Int]? {
        switch self {
        case .everyTask: nil
        case .seenSoFar: seen + [id]
        case .diagonalAndLastRow, .lastRow: []
        }
    }

    /// The tasks scored at the end of a stage that learned `id`, or nil for all of them.
    func scored(after id: Int, last: Bool) -> [Int]? {
        switch self {
        case .everyTask, .seenSoFar: nil
        case .diagonalAndLastRow: last ? nil : [id]
        case .lastRow: last ? nil : []
        }
    }
}

/// `learnSequence` for each of `orders`, every one from `learner`'s present state and `rng`
/// (the learner and generator of each run copied before it starts): the same runs, bit for bit,
/// but a prefix the orders share is learned once and forked (`Learner.copy()`), not once per
/// order — every order of 5 tasks learns 325 stages instead of 600. `scoring` says which tasks
/// are scored at the stages' ends (`.diagonalAndLastRow`: 805 test-set passes for the 120 orders
/// of 5 tasks instead of 1,630). `learner` ends in the state of one of the runs. Its strategies
/// must be `CopyableStrategy`s.
public func learnOrders(_ tasks: [ContinualTask], orders: [[Int]], learner: Learner, using rng: SeededGenerator,
                        scoring: StageScoring = .everyTask) throws -> [SequenceRun] {
    let run = untrainedRun(tasks, learner, scoring)
    var runs = [SequenceRun?](repeating: nil, count: orders.count)
    try learnSuffixes(tasks, orders, Array(orders.indices), stage: 0, run: run, learner: learner, rng: rng, scoring: scoring, into: &runs)
    return runs.map { $0! }
}

/// The orders `which` share their first `stage` tasks, learned into `run`, `learner` and `rng`:
/// the finished ones take `run`; the others go on with each next task once, on a fork.
private func learnSuffixes(_ tasks: [ContinualTask], _ orders: [[Int]], _ which: [Int], stage: Int, run: SequenceRun,
                           learner: Learner, rng: SeededGenerator, scoring: StageScoring, into runs: inout [SequenceRun?]) throws {
    for i in which where orders[i].count == stage { runs[i] = run }
    let going = which.filter { orders[$0].count > stage }
    var nextTasks: [Int] = []
    for i in going where !nextTasks.contains(orders[i][stage]) { nextTasks.append(orders[i][stage]) }
    for (k, id) in nextTasks.enumerated() {
        let fork = k == nextTasks.count - 1 ? learner : learner.copy()    // the last one may change the original
        let these = going.filter { orders[$0][stage] == id }
        let last = these.contains { orders[$0].count == stage + 1 }      // some order ends here: its last row
        var (forkRun, forkRNG) = (run, rng)
        try learnStage(tasks, id, stage: stage, learner: fork, run: &forkRun, using: &forkRNG, scoring: scoring, seen: Array(orders[these[0]][..<stage]),
                       last: last)
        try learnSuffixes(tasks, orders, these, stage: stage + 1, run: forkRun, learner: fork, rng: forkRNG, scoring: scoring, into: &runs)
    }
}

// MARK: - Baselines on the same loop

/// Multi-task training, the upper bound: one model learns the union of `tasks` as a single task
/// (each example keeps its task id). Returns the score on every task's test set.
public func learnJointly(_ tasks: [ContinualTask], learner: Learner, using rng: inout SeededGenerator) throws -> [Double] {
    let all = unionTask(tasks)
    try learner.learn(TaskInfo(id: 0, stage: 0, name: "all tasks together", train: all.train), using: &rng)
    return learner.scores(on: tasks)
}

/// R for multi-task training along a sequence: after task i, a fresh model (made by `makeLearner`
/// from a generator seeded with `seed`) learns tasks 1…i together. Row 0 is the fresh model.
public func jointEvaluationRows(_ tasks: [ContinualTask], seed: UInt64,
                                makeLearner: (inout SeededGenerator) -> Learner) throws -> [[Double]] {
    var rng = SeededGenerator(seed: seed)
    var rows = [makeLearner(&rng).scores(on: tasks)]
    for i in tasks.indices {
        var rng = SeededGenerator(seed: seed)
        let learner = makeLearner(&rng)
        rows.append(try learnJointly(Array(tasks[...i]), learner: learner, using: &rng) + learner.scores(on: Array(tasks[(i + 1)...])))
    }
    return rows
}

/// R for one model per task: after task i, task j ≤ i is scored with the model trained on task j
/// alone, and a task not yet seen with the newest model. Every model starts from a generator
/// seeded with `seed`. Row 0 is the fresh model.
public func oneModelPerTaskRows(_ tasks: [ContinualTask], seed: UInt64,
                                makeLearner: (inout SeededGenerator) -> Learner) throws -> [[Double]] {
    var rng = SeededGenerator(seed: seed)
    var rows = [makeLearner(&rng).scores(on: tasks)]
    var own: [Double] = []          // task j's score under its own model
    for (i, task) in tasks.enumerated() {
        var rng = SeededGenerator(seed: seed)
        let learner = makeLearner(&rng)
        try learner.learn(TaskInfo(id: i, stage: 0, name: task.name, train: task.train), using: &rng)
        own.append(learner.score(on: task.test, task: i))
        rows.append(own + tasks.indices.dropFirst(i + 1).map { learner.score(on: tasks[$0].test, task: $0) })
    }
    return rows
}
