import Autograd
import Foundation

/// Knowledge distillation (Hinton et al. 2015; Learning without Forgetting's L_old): the student's
/// `logits` `[B, C]` against a teacher's `teacherLogits` `[B, C]`, both softened by the temperature
/// T, over the output `units` only (the old classes), averaged over the batch and scaled by T² so
/// that its gradients keep the size of a hard-label loss's:
///
///     q_b = softmax_U(t_b / T),   p_b = softmax_U(z_b / T)        (softmax over the units U)
///     L   = T²/B Σ_b Σ_{c∈U} −q_bc log p_bc                       ∂z_bc = T/B (p_bc − q_bc),  c ∈ U
///
/// The teacher is a constant (no gradient flows into it); units outside U get no gradient.
public func distillationLoss(_ logits: Tensor, teacher teacherLogits: Tensor, units: [Int], temperature: Float) -> Tensor {
    precondition(logits.rank == 2 && logits.shape == teacherLogits.shape, "student \(logits.shape) and teacher \(teacherLogits.shape) must be the same [batch, classes]")
    let (b, c) = (logits.shape[0], logits.shape[1])
    precondition(!units.isEmpty && units.allSatisfy { $0 >= 0 && $0 < c }, "units \(units) must be in 0..<\(c)")
    precondition(temperature > 0, "the temperature must be positive")
    let t = temperature
    var p = [Float](repeating: 0, count: b * units.count), q = p
    var loss: Double = 0
    for r in 0..<b {
        let row = r * units.count
        softmax(units.map { logits.data[r * c + $0] / t }, into: &p, at: row)
        softmax(units.map { teacherLogits.data[r * c + $0] / t }, into: &q, at: row)
        for k in units.indices { loss -= Double(q[row + k]) * log(Double(max(p[row + k], .leastNormalMagnitude))) }
    }
    let scale = t * t / Float(max(b, 1))
    return Tensor.custom(shape: [], data: [Float(loss) * scale], parents: [logits]) { out in
        let g = out.grad![0] * t / Float(max(b, 1))
        logits.accumulateGrad { dst in
            for r in 0..<b {
                for (k, unit) in units.enumerated() { dst[r * c + unit] += g * (p[r * units.count + k] - q[r * units.count + k]) }
            }
        }
    }
}

/// softmax(values), stable, written into `out[start...]`.
private func softmax(_ values: [Float], into out: inout [Float], at start: Int) {
    let m = values.max() ?? 0
    var sum: Float = 0
    for (k, v) in values.enumerated() { out[start + k] = expf(v - m); sum += out[start + k] }
    for k in values.indices { out[start + k] /= sum }
}
