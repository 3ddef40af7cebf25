import Autograd
import NN

/// A two-parameter regression task, y = θ·x + noise, whose error surface L(θ) = mean((θ·x − y)²)
/// is a valley: the spread of each input coordinate sets how much the loss cares about that θᵢ.
public struct TwoParameterTask: Sendable {
    public var x: [Float]     // [n, 2], row by row
    public var y: [Float]
    public var n: Int { y.count }

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

    /// L(θ) exactly, from the data's second moments (cheap enough for a 120×120 grid).
    public func loss(_ t1: Double, _ t2: Double) -> Double {
        var total = 0.0
        for i in 0..<n {
            let r = t1 * Double(x[2 * i]) + t2 * Double(x[2 * i + 1]) - Double(y[i])
            total += r * r
        }
        return total / Double(n)
    }

    /// The loss as a graph, for training: mean((X·θ − y)²).
    func loss(_ theta: Tensor) -> Tensor {
        meanSquaredError(Tensor(shape: [n, 2], data: x).matmul(theta.reshaped([2, 1])), Tensor(shape: [n, 1], data: y))
    }

    /// The diagonal of the Fisher information of θ under y ~ N(θ·x, σ²): E[xᵢ²]/σ², scaled so the
    /// largest entry is 1 (the scale folds into λ). EWC's guard bᵢ.
    public var fisherDiagonal: [Float] {
        let f = (0..<2).map { j in (0..<n).map { x[2 * $0 + j] * x[2 * $0 + j] }.reduce(0, +) / Float(n) }
        let top = f.max() ?? 1
        return f.map { $0 / top }
    }

    /// The largest curvature of the loss, 2·max E[xᵢ²] (for a stable step size).
    var curvature: Float { 2 * (0..<2).map { j in (0..<n).map { x[2 * $0 + j] * x[2 * $0 + j] }.reduce(0, +) / Float(n) }.max()! }
}

/// Full-batch gradient descent on `task` from `start`, minimising
///
///     L'(θ) = L(θ) + λ Σᵢ bᵢ (θᵢ − θᵢᵇ)²
///
/// (the lecture's selective synaptic plasticity; `guard` = b, `anchor` = θᵇ). The step size is set
/// from the curvature so that any guard stays stable. Returns the path, start included.
public func descend(_ task: TwoParameterTask, from start: (Double, Double), steps: Int, guard b: [Float] = [0, 0], lambda: Float = 0,
                    anchor: (Double, Double)? = nil) -> [(Double, Double)] {
    let theta = Tensor(shape: [2], data: [Float(start.0), Float(start.1)], requiresGrad: true)
    let thetaB = Tensor(shape: [2], data: [Float((anchor ?? start).0), Float((anchor ?? start).1)])
    let guardB = Tensor(shape: [2], data: b)
    let rate = 0.9 / (task.curvature + 2 * lambda * (b.max() ?? 0))
    let optimizer = SGD([theta], learningRate: rate)
    var path = [start]
    for _ in 0..<steps {
        optimizer.zeroGrad()
        (task.loss(theta) + ((theta - thetaB).pow(2) * guardB).sum() * lambda).backward()
        optimizer.step()
        path.append((Double(theta.data[0]), Double(theta.data[1])))
    }
    return path
}
