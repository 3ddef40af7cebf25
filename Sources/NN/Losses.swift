import Autograd
import CKernels

/// Softmax cross-entropy of `logits` `[B, C]` against class `labels`, fused and stable, each
/// example weighted by w_b (default: the mean, w_b = 1/B; replay weighs old and new examples apart):
///
///     L = Σ_b w_b [ log Σ_c e^(z_bc) − z_b,y_b ]        ∂z_bc = w_b (softmax(z_b)_c − [c = y_b])
///
/// Computing it in one op avoids forming log-softmax and a one-hot mask in the graph.
public func softmaxCrossEntropy(_ logits: Tensor, labels: [Int], weights: [Float]? = nil) -> Tensor {
    precondition(logits.rank == 2, "logits must be [batch, classes]; shape is \(logits.shape)")
    let (b, c) = (logits.shape[0], logits.shape[1])
    precondition(labels.count == b, "\(labels.count) labels for a batch of \(b)")
    precondition(weights == nil || weights!.count == b, "\(weights?.count ?? 0) weights for a batch of \(b)")
    for label in labels { precondition(label >= 0 && label < c, "label \(label) out of 0..<\(c)") }
    // Without weights, the mean as (Σ ℓ_b)/B and its gradient as g/B, exactly as before weights existed.
    let mean = Float(max(b, 1)), w = weights ?? [Float](repeating: 1, count: b)
    var loss: Double = 0
    let softmax = [Float](unsafeUninitializedCapacity: b * c) { p, filled in       // every row written
        loss = lf_softmax_xent_rows(b, c, logits.data, labels, w, p.baseAddress)
        filled = b * c
    }
    return Tensor.custom(shape: [], data: [Float(weights == nil ? loss / Double(mean) : loss)], parents: [logits]) { out in
        let g = weights == nil ? out.grad![0] / mean : out.grad![0]
        let scale = weights == nil ? [Float](repeating: g, count: b) : w.map { g * $0 }
        logits.accumulateGrad { dst in lf_softmax_xent_backward(b, c, softmax, labels, scale, dst.baseAddress) }
    }
}

/// Mean squared error: (1/N) Σ (ŷ − y)².
public func meanSquaredError(_ prediction: Tensor, _ target: Tensor) -> Tensor {
    (prediction - target).pow(2).mean()
}

/// Mean binary cross-entropy of logits z against targets y ∈ [0, 1], in the stable form
///
///     ℓ = max(z, 0) − z·y + log(1 + e^(−|z|))        ∂z = (σ(z) − y) / N
public func binaryCrossEntropyWithLogits(_ logits: Tensor, _ targets: Tensor) -> Tensor {
    precondition(logits.shape == targets.shape, "logits \(logits.shape) and targets \(targets.shape) differ")
    let n = logits.count
    var loss: Double = 0
    for i in 0..<n {
        let z = logits.data[i], y = targets.data[i]
        loss += Double(max(z, 0) - z * y + log1pf(expf(-abs(z))))
    }
    return Tensor.custom(shape: [], data: [Float(loss / Double(max(n, 1)))], parents: [logits, targets]) { out in
        let g = out.grad![0] / Float(max(n, 1))
        logits.accumulateGrad { dst in
            for i in 0..<n { dst[i] += g * (sigmoid(logits.data[i]) - targets.data[i]) }
        }
        targets.accumulateGrad { dst in
            for i in 0..<n { dst[i] -= g * logits.data[i] }
        }
    }
}

/// Binary cross-entropy of logits z `[B, D]` against targets y ∈ [0, 1], summed over each row's D
/// elements and weighted by row (a VAE's reconstruction term: nats per image, averaged over the
/// batch when `weights` is nil, w_b = 1/B):
///
///     L = Σ_b w_b Σ_d [ max(z, 0) − z·y + log(1 + e^(−|z|)) ]        ∂z_bd = w_b (σ(z_bd) − y_bd)
///
/// The targets are data (pixels, generated images): no gradient flows into them.
public func binaryCrossEntropyWithLogits(_ logits: Tensor, _ targets: Tensor, rowWeights weights: [Float]?) -> Tensor {
    precondition(logits.shape == targets.shape && logits.rank == 2, "logits \(logits.shape) and targets \(targets.shape) must be the same [batch, size]")
    let (b, d) = (logits.shape[0], logits.shape[1])
    precondition(weights == nil || weights!.count == b, "\(weights?.count ?? 0) weights for a batch of \(b)")
    let w = weights ?? [Float](repeating: 1 / Float(max(b, 1)), count: b)
    var loss: Double = 0
    let sigma = [Float](unsafeUninitializedCapacity: b * d) { sigma, filled in     // σ(z), kept for the backward pass
        loss = lf_bce_logits_rows(b, d, logits.data, targets.data, w, sigma.baseAddress)   // in C: vectorised exp and log
        filled = b * d
    }
    return Tensor.custom(shape: [], data: [Float(loss)], parents: [logits]) { out in
        let g = out.grad![0]
        logits.accumulateGrad(writing: { dst, first in
            lf_bce_logits_backward(b, d, sigma, targets.data, w.map { g * $0 }, dst.baseAddress, first ? 1 : 0)
        })
    }
}

/// The KL term of a VAE with a diagonal Gaussian posterior N(μ, σ²) and a N(0, I) prior, summed
/// over latent dimensions and averaged over the batch (Kingma & Welling 2014, appendix B):
///
///     KL = −½ Σ_j (1 + log σ²_j − μ²_j − σ²_j)
///
/// With `weights`, example b counts w_b instead of 1/B (replayed images weighed apart from new
/// ones). Composed from primitives, so its gradient comes from theirs.
public func gaussianKL(mean mu: Tensor, logVariance logVar: Tensor, weights: [Float]? = nil) -> Tensor {
    precondition(mu.shape == logVar.shape && mu.rank == 2, "μ and log σ² must both be [batch, latent]")
    precondition(weights == nil || weights!.count == mu.shape[0], "\(weights?.count ?? 0) weights for a batch of \(mu.shape[0])")
    let perSample = (1 + logVar - mu.pow(2) - logVar.exp()).sum(axis: 1)
    guard let weights else { return perSample.mean().scaled(by: -0.5) }
    return (perSample * Tensor(shape: [weights.count], data: weights)).sum().scaled(by: -0.5)
}

private func sigmoid(_ x: Float) -> Float { x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x)) }

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
