extension Tensor {
    /// Inverted dropout: each value is zeroed with probability p and the survivors scaled by
    /// 1/(1 − p), so the expected output equals the input. Identity when `training` is false.
    ///
    ///     out = x ⊙ m / (1 − p),  m ~ Bernoulli(1 − p)      ∂x = g ⊙ m / (1 − p)
    public func dropout(_ p: Float, training: Bool, using rng: inout SeededGenerator) -> Tensor {
        precondition(p >= 0 && p < 1, "dropout probability must be in [0, 1), got \(p)")
        guard training, p > 0 else { return self }
        let keep = 1 / (1 - p)
        let mask = (0..<count).map { _ in rng.nextFloat() < p ? Float(0) : keep }
        return self * Tensor(shape: shape, data: mask)
    }
}
