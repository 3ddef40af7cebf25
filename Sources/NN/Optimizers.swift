import Autograd
import CKernels

/// Updates parameters from their gradients. Parameters that are frozen (`requiresGrad == false`)
/// or received no gradient are left alone, and so is every entry that a parameter's `updateMask`
/// protects (no step, no weight decay, no change to its momentum or moments).
public protocol Optimizer: AnyObject {
    /// One update of every parameter.
    func step()
    /// The parameters this optimizer updates.
    var parameters: [Tensor] { get }
}

extension Optimizer {
    /// Clears the gradients of the optimizer's parameters.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }
}

/// Stochastic gradient descent with optional momentum and weight decay (PyTorch's convention):
///
///     g ← ∇θ + λ_wd·θ;   v ← μ·v + g;   θ ← θ − η·v        (μ = 0: plain θ ← θ − η·g)
public final class SGD: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let momentum: Float
    public let weightDecay: Float
    private var velocity: [[Float]]

    public init(_ parameters: [Tensor], learningRate: Float, momentum: Float = 0, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        self.momentum = momentum
        self.weightDecay = weightDecay
        velocity = parameters.map { [Float](repeating: 0, count: momentum == 0 ? 0 : $0.count) }
    }

    public func step() {
        let (lr, mu, wd) = (learningRate, momentum, weightDecay)
        for (k, p) in parameters.enumerated() where p.requiresGrad {
            guard let grad = p.grad else { continue }
            let mask = p.updateMask
            p.data.withUnsafeMutableBufferPointer { theta in
                grad.withUnsafeBufferPointer { g in
                    if mu == 0 {
                        forEachTrainable(theta.count, mask) { i in theta[i] -= lr * (g[i] + wd * theta[i]) }
                    } else {
                        velocity[k].withUnsafeMutableBufferPointer { v in
                            forEachTrainable(theta.count, mask) { i in
                                v[i] = mu * v[i] + g[i] + wd * theta[i]
                                theta[i] -= lr * v[i]
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Adam (Kingma & Ba 2015) with bias correction; weight decay added to the gradient (L2, not AdamW):
///
///     g ← ∇θ + λ_wd·θ;   m ← β₁m + (1−β₁)g;   v ← β₂v + (1−β₂)g²
///     θ ← θ − η · m̂ / (√v̂ + ε),   m̂ = m/(1−β₁ᵗ),  v̂ = v/(1−β₂ᵗ)
public final class Adam: Optimizer {
    public let parameters: [Tensor]
    public var learningRate: Float
    public let beta1: Float, beta2: Float, epsilon: Float, weightDecay: Float
    private var m: [[Float]], v: [[Float]]
    private var t = 0

    public init(_ parameters: [Tensor], learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999,
                epsilon: Float = 1e-8, weightDecay: Float = 0) {
        self.parameters = parameters
        self.learningRate = learningRate
        (self.beta1, self.beta2, self.epsilon, self.weightDecay) = (beta1, beta2, epsilon, weightDecay)
        m = parameters.map { [Float](repeating: 0, count: $0.count) }
        v = m
    }

    public func step() {
        t += 1
        let (b1, b2, eps, wd) = (beta1, beta2, epsilon, weightDecay)
        let c1 = 1 - powf(b1, Float(t)), c2 = 1 - powf(b2, Float(t))
        let stepSize = learningRate / c1, rootC2 = c2.squareRoot()
        for (k, p) in parameters.enumerated() where p.requiresGrad {
            guard let grad = p.grad else { continue }
            let mask = p.updateMask
            p.data.withUnsafeMutableBufferPointer { theta in
                grad.withUnsafeBufferPointer { g in
                    m[k].withUnsafeMutableBufferPointer { m in
                        v[k].withUnsafeMutableBufferPointer { v in
                            // Vectorised in C: the arithmetic of the formula above, in this order, without FMA.
                            guard let mask else {
                                return lf_adam_step(theta.count, theta.baseAddress, g.baseAddress, m.baseAddress, v.baseAddress, b1, b2, wd, stepSize, rootC2, eps)
                            }
                            mask.withUnsafeBufferPointer { mask in
                                lf_adam_step_masked(theta.count, theta.baseAddress, g.baseAddress, m.baseAddress, v.baseAddress, b1, b2, wd, stepSize, rootC2, eps, mask.baseAddress)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Runs `update(i)` for every index that `mask` leaves trainable (every index when there is no
/// mask; that loop is the same as without masks, so it vectorises as before).
@inline(__always)
private func forEachTrainable(_ count: Int, _ mask: [Bool]?, _ update: (Int) -> Void) {
    if let mask {
        for i in 0..<count where mask[i] { update(i) }
    } else {
        for i in 0..<count { update(i) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
