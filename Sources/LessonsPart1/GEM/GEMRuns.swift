import Autograd
import Continual
import Datasets
import LessonCore

/// The gem lesson's runs, spread over the cores (`parallelRuns`).
public enum GEMRuns {
    public typealias Runs = [GEMMethod.Sequence: [GEMMethod: [GEMMethod.Run]]]

    /// Part 2: every method on every sequence for every seed.
    public static func paper(_ data: DigitData, setup: GEMSetup, methods: [GEMMethod], sequences: [GEMMethod.Sequence], seeds: [UInt64],
                             progress: (String) -> Void) throws -> Runs {
        let jobs = sequences.flatMap { s in methods.flatMap { m in seeds.map { (s, m, $0) } } }
        let lists = Dictionary(uniqueKeysWithValues: sequences.flatMap { s in seeds.map { ("\(s)-\($0)", setup.taskList(data, s, seed: $0)) } })
        progress("\(jobs.count) runs (\(methods.map(\.title).joined(separator: ", ")) on \(sequences.map(\.rawValue).joined(separator: " and ")) digits, \(seeds.count) seed\(seeds.count == 1 ? "" : "s")) \(runThreadsText)")
        let results = try parallelRuns(jobs) { s, m, seed in try m.run(lists["\(s)-\(seed)"]!, s, setup: setup, memories: setup.memories, seed: seed) }
        var runs: Runs = [:]
        for (job, run) in zip(jobs, results) { runs[job.0, default: [:]][job.1, default: []].append(run) }
        return runs
    }

    /// Part 3: ACC of GEM and A-GEM for each number of memories per task (permuted digits, the
    /// first seed), and of single and of multi-task training on all the data. The runs part 2
    /// already made (its memories, its first seed) are read from `runs`, not made again.
    public static func memorySweep(_ data: DigitData, setup: GEMSetup, runs: Runs, seed: UInt64) throws -> (gem: [Double], agem: [Double], single: Double, joint: Double) {
        let tasks = setup.taskList(data, .permuted, seed: seed)
        func known(_ m: GEMMethod) throws -> Double { try EvaluationMatrix(runs[.permuted]![m]![0].rows).accuracy }
        let jobs = [GEMMethod.gem, .agem].flatMap { m in setup.memorySweep.filter { $0 != setup.memories }.map { (m, $0) } }
        var acc: [String: Double] = ["gem-\(setup.memories)": try known(.gem), "agem-\(setup.memories)": try known(.agem)]
        let measured = try parallelRuns(jobs) { m, memories in       // only R's last row, all ACC reads
            let last = try m.run(tasks, .permuted, setup: setup, memories: memories, seed: seed, scoring: .lastRow).rows.last!
            return last.reduce(0, +) / Double(last.count)
        }
        for (job, value) in zip(jobs, measured) { acc["\(job.0.key)-\(job.1)"] = value }
        var training = setup.training
        training.learningRate = GEMMethod.gem.learningRate(.permuted)
        var rng = SeededGenerator(seed: seed)
        let joint = try learnJointly(tasks, learner: training.learner(using: &rng), using: &rng)
        return (setup.memorySweep.map { acc["gem-\($0)"]! }, setup.memorySweep.map { acc["agem-\($0)"]! }, try known(.single), joint.reduce(0, +) / Double(joint.count))
    }
}
