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

    static let symbols = """
    L(θ): Task 2's loss. θᵢ: parameter i; θᵢᵇ: its value after Task 1. bᵢ ≥ 0: the guard, how much parameter i \
    matters to Task 1. λ: the strength of the guard against the loss (the slide labels it "learning rate": \
    a slip — it is a weight in the loss, not a step size).
    """

    static func table(_ agg: SeedAggregate, guards: [TwoParameterGuard]) -> Table {
        func cell(_ key: ResultKey) -> String { Ticks.formatNumber(agg.mean(key), decimals: 3) + " ± " + Ticks.formatNumber(agg.ci(key), decimals: 3) }
        return Table(caption: "Mean ± 95% confidence interval over \(agg.seedCount) seeds (each seed draws both tasks' data); losses are mean squared errors (the noise floor is 0.01).",
                     headers: ["guard", "Task 1 loss", "Task 2 loss"], rows: guards.map { [$0.name, cell($0.lossKey(task: 1)), cell($0.lossKey(task: 2))] })
    }

    /// Both sides of the trade: what EWC saves on Task 1, and what Task 2 pays for it.
    static func headline(_ agg: SeedAggregate, none: TwoParameterGuard, ewc: TwoParameterGuard) -> (label: String, value: String) {
        func f(_ key: ResultKey) -> String { Ticks.formatNumber(agg.mean(key), decimals: 2) }
        return ("Task 1's loss after Task 2, no guard → EWC's guard; the price, Task 2's loss: \(f(none.lossKey(task: 2))) → \(f(ewc.lossKey(task: 2)))",
                "\(f(none.lossKey(task: 1))) → \(f(ewc.lossKey(task: 1)))")
    }

    /// What the guards did, with this run's losses (Task 1's, then Task 2's), so the text always
    /// agrees with the table.
    static func discussion(_ agg: SeedAggregate, _ guards: [TwoParameterGuard]) -> String {
        func losses(_ key: String) -> String {
            let g = guards.first { $0.key == key }!
            return "Task 1 \(Ticks.formatNumber(agg.mean(g.lossKey(task: 1)), decimals: 2)), Task 2 \(Ticks.formatNumber(agg.mean(g.lossKey(task: 2)), decimals: 2))"
        }
        return """
        ## What the guards do
        - **b = 0** (\(losses("b0"))): nothing holds θ back; it walks to Task 2's minimum and out of Task 1's
          valley — catastrophic forgetting.
        - **b very large** (\(losses("bLarge"))): θ cannot leave θᵇ; Task 1 is safe, Task 2 is never learned —
          *intransigence*.
        - **b = 1 for every parameter** (\(losses("bOne"))): the same pull in every direction. It protects θ₂,
          which Task 1 needs, but also θ₁, which Task 1 does not need, so Task 2 stays poorly learned.
        - **b = Fisher information of Task 1**, Elastic Weight Consolidation (\(losses("bFisher"))): b₁ is small
          because Task 1's loss hardly changes along θ₁, b₂ is large. θ moves along θ₁ — good for Task 2 — and
          keeps θ₂ — good for Task 1. That is the slide's picture: *modify θ₁, do not change θ₂*.
        """
    }

    /// "Try it": each expectation was checked (3 seeds) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release error-surface --lambda 1",
              expect: "A weaker guard (λ = 1 instead of 5): every guarded path walks further towards Task 2's minimum; b = 1 and EWC keep less of Task 1 and pay less on Task 2."),
        .init("swift run -c release error-surface --lambda 50",
              expect: "A stronger guard: b = 1 barely moves (it behaves like \"b very large\"), while EWC still slides along θ₁, the direction Task 1 does not care about — its Task 2 loss stays far below b = 1's."),
        .init("swift run -c release error-surface --steps 30",
              expect: "Thirty steps a task instead of 300: without a guard Task 1's loss is already as high as after 300 (about 3.8) — forgetting is fast. The guarded paths, slowed by the pull towards θᵇ, stop short, so b = 1 and b very large pay more on Task 2; EWC, which moves freely along θ₁, hardly changes."),
    ], questions: [
        "Why does b = 1 protect θ₁, and why is that a waste for this Task 1?",
        "EWC's bᵢ is the Fisher information, E[xᵢ²]/σ² here. Which input coordinate's spread makes b₂ large, and what would happen if Task 1's inputs varied as much along x₁ as along x₂?",
    ])
}
