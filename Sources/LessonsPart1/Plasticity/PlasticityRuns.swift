import Autograd
import Continual
import Datasets
import LessonCore

/// The plasticity lesson's training runs, each on the one loop, spread over the cores
/// (`parallelRuns`): part 1 (the slide), part 2 (five guards), part 3 (λ from 0 to very large).
public enum PlasticityRuns {
    /// One run per method and seed: `runs[method][seed index]`, and each run's learner's per-task
    /// importances (empty for methods without a penalty); `scoring`: what of R and the curves each
    /// run measures (part 2's figure reads the curves of the tasks seen so far only).
    public static func sequences(_ methods: [GuardMethod], seeds: [UInt64], strength: [String: Float], training: DigitTraining, samples: Int,
                                 scoring: StageScoring = .everyTask, tasks: (UInt64) -> [ContinualTask], progress: (String) -> Void) throws
        -> [GuardMethod: [(run: SequenceRun, importances: [[[Float]]])]] {
        let jobs = methods.flatMap { m in seeds.map { (m, $0) } }
        let taskLists = Dictionary(uniqueKeysWithValues: seeds.map { ($0, tasks($0)) })
        progress("\(jobs.count) runs (\(methods.map(\.title).joined(separator: ", ")); \(seeds.count) seed\(seeds.count == 1 ? "" : "s")) \(runThreadsText)")
        let results = try parallelRuns(jobs) { method, seed in
            let lambda = strength[method.key] ?? 0
            do {
                let (run, learner) = try method.run(taskLists[seed]!, strength: lambda, training: training, seed: seed, samples: samples, scoring: scoring)
                return (run, (learner.strategies.first as? QuadraticPenalty)?.taskImportances ?? [])
            } catch let error as TrainingError {
                throw GuardDiverged(method: method, lambda: lambda, seed: seed, cause: error)
            }
        }
        var grouped: [GuardMethod: [(run: SequenceRun, importances: [[[Float]]])]] = [:]
        for (job, result) in zip(jobs, results) { grouped[job.0, default: []].append(result) }
        return grouped
    }

    /// A guarded run whose loss stopped being finite, named with its method, λ and seed.
    public struct GuardDiverged: Error, CustomStringConvertible {
        public let method: GuardMethod, lambda: Float, seed: UInt64, cause: TrainingError
        public var description: String {
            "\(method.title)\(method.hasStrength ? " (λ = \(String(format: "%g", Double(lambda))))" : ""), seed \(seed): \(cause)"
                + (method.hasStrength ? "; under plain SGD a smaller λ keeps the guard stable (--slide-lambda or --lambda \(method.key)=…)" : "")
        }
    }

    /// One point of the stability–plasticity frontier: after the last task, the mean accuracy on
    /// the earlier tasks (with two tasks: the first) and the accuracy on the newest.
    public struct FrontierPoint: Sendable {
        public let method: GuardMethod, lambda: Float, old: Double, new: Double
    }

    /// Part 3: for each method and each λ = factor × its chosen λ, and for b = 0 and b = ∞, one
    /// run on `tasks` (a diverged run is left out and named in `diverged`); only the last row of R
    /// is measured, all a point reads.
    public static func frontier(_ methods: [GuardMethod], factors: [Float], strength: [String: Float], training: DigitTraining, samples: Int,
                                tasks: [ContinualTask], seed: UInt64) throws -> (points: [FrontierPoint], diverged: [(GuardMethod, Float)]) {
        let jobs = [(GuardMethod.naive, Float(0)), (.freeze, 0)] + methods.flatMap { m in factors.map { (m, $0 * (strength[m.key] ?? 1)) } }
        let results = try parallelRuns(jobs) { method, lambda -> FrontierPoint? in
            do {
                let final = try method.run(tasks, strength: lambda, training: training, seed: seed, samples: samples, scoring: .lastRow).0.rows.last!
                return FrontierPoint(method: method, lambda: lambda, old: final.dropLast().reduce(0, +) / Double(final.count - 1), new: final.last!)
            } catch is TrainingError { return nil }
        }
        return (results.compactMap { $0 }, zip(jobs, results).filter { $0.1 == nil }.map(\.0))
    }
}
