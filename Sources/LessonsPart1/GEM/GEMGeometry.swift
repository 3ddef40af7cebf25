import Autograd
import Continual
import LessonCore

/// Part 1 of the gem lesson: GEM in two parameters, on the error-surface lesson's two tasks, so the
/// projection can be drawn. Task 2 is learned with and without GEM (its memory: all of Task 1).
public struct GEMGeometry: Sendable {
    public let task1: TwoParameterTask, task2: TwoParameterTask
    /// θ along Task 1, then along Task 2 without and with GEM.
    public let task1Path: [(Double, Double)], plain: [(Double, Double)], projected: [(Double, Double)]
    /// For every GEM step: θ before it, Task 2's gradient g, Task 1's memory gradient gᵇ, and g′.
    public let steps: [(theta: (Double, Double), g: [Float], gb: [Float], projected: [Float])]

    public init(seed: UInt64, steps count: Int) throws {
        var rng = SeededGenerator(seed: seed)
        task1 = TwoParameterTask(n: 400, spread: (0.12, 1), target: (0, 1), noise: 0.1, using: &rng)
        task2 = TwoParameterTask(n: 400, spread: (1, 0.55), target: (2, -1), noise: 0.1, using: &rng)
        let start = (-2.0, -1.6)
        // Small steps on Task 2 (0.05 / curvature), so the path shows where the projection bends it.
        let plainRun = try learnTwoParameterTasks(task1, then: task2, strategies: [], stepFactor: 0.05, from: start, steps: count)
        let gem = GEM(memoriesPerTask: task1.n, ridge: 0)
        gem.record = true
        let gemRun = try learnTwoParameterTasks(task1, then: task2, strategies: [gem], stepFactor: 0.05, from: start, steps: count)
        (task1Path, plain, projected) = (plainRun.task1, plainRun.task2, gemRun.task2)
        steps = zip(gemRun.task2, gem.log).map { theta, entry in (theta, entry.g, entry.memories[0], entry.projected) }
    }

    /// Task 1's loss along a Task 2 path.
    public func task1Loss(along path: [(Double, Double)]) -> [Double] { path.map { task1.loss($0.0, $0.1) } }

    /// Three steps to draw: the first (at θᵇ Task 1's gradient is 0: nothing to protect), the first
    /// the projection changed, and one halfway between it and the end.
    public var stepsToDraw: [Int] {
        guard let first = steps.indices.first(where: { steps[$0].g != steps[$0].projected }) else { return [0] }
        return [0, first, (first + steps.count - 1) / 2]
    }
}
