import Autograd
import Continual
import NN

/// A two-parameter regression task, y = θ·x + noise, whose error surface L(θ) = mean((θ·x − y)²)
/// is a valley: the spread of each input coordinate sets how much the loss cares about that θᵢ.
public struct TwoParameterTask: ExampleSet {
    public var x: [Float]     // [n, 2], row by row
    public var y: [Float]
    public var n: Int { y.count }
    public var count: Int { n }

    /// `n` samples with x ~ N(0, diag(spread²)) and y = target·x + N(0, noise²).
    public init(n: Int, spread: (Float, Float), target: (Float, Float), noise: Float, using rng: inout SeededGenerator) {
        var xs: [Float] = [], ys: [Float] = []
        for _ in 0..<n {
            let a = rng.normal() * spread.0, b = rng.normal() * spread.1
            xs += [a, b]
            ys.append(target.0 * a + target.1 * b + noise * rng.normal())
        }
        (x, y) = (xs, ys)
    }

    /// Inputs `[k, 2]` and targets `[k, 1]`.
    public func batch(_ indices: [Int], task: Int) -> Batch {
        Batch(inputs: Tensor(shape: [indices.count, 2], data: indices.flatMap { [x[2 * $0], x[2 * $0 + 1]] }),
              targets: Tensor(shape: [indices.count, 1], data: indices.map { y[$0] }), tasks: Array(repeating: task, count: indices.count))
    }

    /// L(θ) exactly, from the data (cheap enough for a 120×120 grid).
    public func loss(_ t1: Double, _ t2: Double) -> Double {
        var total = 0.0
        for i in 0..<n {
            let r = t1 * Double(x[2 * i]) + t2 * Double(x[2 * i + 1]) - Double(y[i])
            total += r * r
        }
        return total / Double(n)
    }

    /// The diagonal of the Fisher information of θ under y ~ N(θ·x, σ²): E[xᵢ²]/σ², scaled so the
    /// largest entry is 1 (the scale folds into λ). EWC's guard bᵢ.
    public var fisherDiagonal: [Float] {
        let f = meanSquares
        let top = f.max() ?? 1
        return f.map { $0 / top }
    }

    /// The largest curvature of the loss, 2·max E[xᵢ²] (for a stable step size).
    public var curvature: Float { 2 * meanSquares.max()! }

    /// E[x₁²] and E[x₂²] over the samples.
    var meanSquares: [Float] {
        (0..<2).map { (j: Int) -> Float in
            let squares: [Float] = (0..<n).map { (i: Int) -> Float in x[2 * i + j] * x[2 * i + j] }
            return squares.reduce(0, +) / Float(n)
        }
    }
}

/// The model of the error-surface lesson: ŷ = x·θ with θ = (θ₁, θ₂), nothing else.
public final class TwoParameterModel: Layer {
    public let theta: Tensor
    public init(_ start: (Double, Double)) { theta = Tensor(shape: [2], data: [Float(start.0), Float(start.1)], requiresGrad: true) }
    public var namedParameters: [(name: String, tensor: Tensor)] { [("theta", theta)] }
    public func copy() -> TwoParameterModel { TwoParameterModel((Double(theta.data[0]), Double(theta.data[1]))) }
    public func callAsFunction(_ x: Tensor) -> Tensor { x.matmul(theta.reshaped([2, 1])) }
}

/// A guard bᵢ on θ, as the error-surface lesson compares them.
public struct TwoParameterGuard: Sendable {
    /// The results key prefix: `b0`, `bLarge`, `bOne`, `bFisher`.
    public let key: String
    public let name: String
    public let b: @Sendable (TwoParameterTask) -> [Float]
    public let lambda: Float

    public init(key: String, name: String, lambda: Float, b: @escaping @Sendable (TwoParameterTask) -> [Float]) {
        (self.key, self.name, self.lambda, self.b) = (key, name, lambda, b)
    }

    /// Task `task`'s loss (1 or 2) at the end under this guard.
    public func lossKey(task: Int) -> ResultKey { ResultKey("\(key).task\(task)Loss") }
    /// The guard's Task 2 path in `results.json`'s curves.
    public var pathKey: String { "\(key).path" }
}

/// Learns `task1` from `start`, then `task2` under `guard` (the penalty λ Σᵢ bᵢ (θᵢ − θᵢᵇ)² with
/// b computed from Task 1), by full-batch gradient descent through the one training loop. The
/// step size is set from each task's curvature so that any guard stays stable.
/// - Returns: the path of θ on each task, its start included.
public func learnWithGuard(_ task1: TwoParameterTask, then task2: TwoParameterTask, guard g: TwoParameterGuard,
                           from start: (Double, Double), steps: Int) throws -> (task1: [(Double, Double)], task2: [(Double, Double)]) {
    let b = g.b(task1)
    return try learnTwoParameterTasks(task1, then: task2, strategies: [QuadraticPenalty(lambda: g.lambda) { _ in [b] }],
                                      extraCurvature: 2 * g.lambda * (b.max() ?? 0), from: start, steps: steps)
}

/// Full-batch gradient descent on `task1` from `start`, then on `task2`, with `strategies` on the
/// one loop; the step is `stepFactor` / (the task's curvature + `extraCurvature` on Task 2, a guard's).
/// - Returns: the path of θ on each task, its start included.
public func learnTwoParameterTasks(_ task1: TwoParameterTask, then task2: TwoParameterTask, strategies: [any Strategy], extraCurvature: Float = 0,
                                   stepFactor: Float = 0.9, from start: (Double, Double), steps: Int) throws -> (task1: [(Double, Double)], task2: [(Double, Double)]) {
    precondition(task1.n == task2.n, "full-batch descent on tasks of one size")
    let rule = OptimizerRule("SGD, step \(stepFactor) / (curvature + guard)") { parameters, task in
        SGD(parameters, learningRate: task.id == 0 ? 0.9 / task1.curvature : stepFactor / (task2.curvature + extraCurvature))
    }
    let trace = ParameterTrace()
    let learner = Learner(model: TwoParameterModel(start), plan: TrainingPlan(epochs: steps, batchSize: task1.n, objective: .regression, optimizer: rule, shuffle: false),
                          strategies: strategies + [trace])
    var rng = SeededGenerator(seed: 0)      // unused: full batches in storage order draw nothing
    _ = try learnSequence([ContinualTask(name: "Task 1", train: task1, test: task1), ContinualTask(name: "Task 2", train: task2, test: task2)],
                          learner: learner, using: &rng)
    let path = { (id: Int) in trace.paths[id]!.map { (Double($0[0]), Double($0[1])) } }
    return (path(0), path(1))
}

extension TwoParameterGuard {
    /// The four guards the lesson compares: b = 0, b very large (b = 1 with λ = 1000), b = 1, and
    /// b = Task 1's Fisher information (EWC), the last two with strength `lambda`.
    public static func lessonGuards(lambda: Float) -> [TwoParameterGuard] {
        [TwoParameterGuard(key: "b0", name: "b = 0 (no guard)", lambda: lambda) { _ in [0, 0] },
         TwoParameterGuard(key: "bLarge", name: "b very large", lambda: 1000) { _ in [1, 1] },
         TwoParameterGuard(key: "bOne", name: "b = 1 (isotropic)", lambda: lambda) { _ in [1, 1] },
         TwoParameterGuard(key: "bFisher", name: "b = Fisher of Task 1 (EWC)", lambda: lambda) { $0.fisherDiagonal }]
    }
}
