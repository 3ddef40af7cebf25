import Report

/// Formulas that more than one lesson shows.
public enum Formulas {
    /// The lecture's guarded loss, L′(θ) = L(θ) + λ Σᵢ bᵢ (θᵢ − θᵢᵇ)².
    public static let guardedLoss: MathNode = .row([.sup(.id("L"), .op("′")), .paren(.id("θ")), .op("="), .id("L"), .paren(.id("θ")), .op("+"), .id("λ"),
                                                    .underover(.op("∑"), .id("i"), .row([])), .sub(.id("b"), .id("i")),
                                                    .sup(.paren(.row([.sub(.id("θ"), .id("i")), .op("−"), .subsup(.id("θ"), .id("i"), .id("b"))])), .num("2"))])
}
