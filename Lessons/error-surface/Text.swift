import LessonKit

/// The error-surface lesson's prose.
enum ErrorSurfaceText {
    static let learn = ["Why a network forgets: the new task's valley is elsewhere", "What a guard bᵢ on each parameter does, from b = 0 to b = ∞",
                        "Why EWC's guard, the Fisher information, moves only where the old task does not care"]

    static let intro = """
    ## Two tasks, two parameters
    A model with only two parameters θ = (θ₁, θ₂) lets us draw the whole error surface. **Task 1** only
    cares about θ₂ (its valley runs along θ₁); **Task 2** cares mostly about θ₁, and its best point is
    elsewhere. Gradient descent on Task 1 ends at θᵇ. Then we train on Task 2 from θᵇ, minimising
    """

    static let guardFormula: MathNode = .row([.sup(.id("L"), .op("′")), .paren(.id("θ")), .op("="), .id("L"), .paren(.id("θ")), .op("+"), .id("λ"),
                                               .underover(.op("∑"), .id("i"), .row([])), .sub(.id("b"), .id("i")),
                                               .sup(.paren(.row([.sub(.id("θ"), .id("i")), .op("−"), .sup(.sub(.id("θ"), .id("i")), .id("b"))])), .num("2"))])

    static func table(_ agg: SeedAggregate, guards: [TwoParameterGuard]) -> Table {
        Table(caption: "Mean over seeds; losses are mean squared errors (the noise floor is 0.01).",
              headers: ["guard", "Task 1 loss", "Task 2 loss"],
              rows: guards.map { [$0.name, Ticks.formatNumber(agg.mean($0.lossKey(task: 1)), decimals: 3), Ticks.formatNumber(agg.mean($0.lossKey(task: 2)), decimals: 3)] })
    }

    static let discussion = """
    ## What the guards do
    - **b = 0**: nothing holds θ back; it walks to Task 2's minimum and out of Task 1's valley —
      catastrophic forgetting.
    - **b very large**: θ cannot leave θᵇ; Task 1 is safe, Task 2 is never learned — *intransigence*.
    - **b = 1 for every parameter**: the same pull in every direction. It protects θ₂, which Task 1 needs,
      but also θ₁, which Task 1 does not need, so Task 2 stays poorly learned.
    - **b = Fisher information of Task 1** (Elastic Weight Consolidation): b₁ is small because Task 1's loss
      hardly changes along θ₁, b₂ is large. θ moves along θ₁ — good for Task 2 — and keeps θ₂ — good for
      Task 1. That is the slide's picture: *modify θ₁, do not change θ₂*.
    """
}
