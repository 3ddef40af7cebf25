import Foundation
import LessonKit

/// The forgetting lesson's prose, table rows and exercises (kept apart so main.swift reads like a notebook).
enum ForgettingText {
    static func intro(_ dataset: DatasetIdentity) -> String {
        """
        ## The experiment
        One network, **784-50-50-50-10** with ReLU, learns two tasks that share their labels: **Task 1** is
        \(digitsDescription(dataset)) under noise (and, on half the images, a blanked square); **Task 2** is the
        same digits, clean. We train on Task 1 until it is learned, then on Task 2, measuring both tasks' test
        accuracy all along. Then, as a reference, a fresh network learns both tasks at once. \(digitsNote(dataset))
        """
    }

    static let rows: [(label: String, key: ResultKey)] = [
        ("After Task 1 — on Task 1 (noisy)", NoisyClean.key(.seq, afterLearning: 1, on: 1)), ("After Task 1 — on Task 2 (clean)", NoisyClean.key(.seq, afterLearning: 1, on: 2)),
        ("After Task 2 — on Task 1 (noisy)", NoisyClean.key(.seq, afterLearning: 2, on: 1)), ("After Task 2 — on Task 2 (clean)", NoisyClean.key(.seq, afterLearning: 2, on: 2)),
        ("Multi-task — on Task 1 (noisy)", NoisyClean.jointKey(on: 1)), ("Multi-task — on Task 2 (clean)", NoisyClean.jointKey(on: 2)),
    ]

    /// The other approaches on the slides, with this run's numbers.
    static func approaches(_ agg: SeedAggregate, seconds: (sequential: Double, joint: Double)) -> String {
        let params = 784 * 50 + 50 + 2 * (50 * 50 + 50) + 50 * 10 + 10
        let perTask = seconds.sequential / 2
        return """
        ## What else could we do?
        - **Multi-task training** (the upper bound): one network on all the data kept it all —
          \(percent(agg.mean(NoisyClean.jointKey(on: 1)))) on Task 1 and \(percent(agg.mean(NoisyClean.jointKey(on: 2)))) on Task 2. The price: every task's
          data must be **stored forever**, and each new task means **retraining on everything**. Here one task took
          \(String(format: "%.1f", perTask)) s and joint training on two took \(String(format: "%.1f", seconds.joint)) s; after T tasks,
          retraining from scratch each time has processed T(T+1)/2 task-datasets instead of T — 55 instead of 10 for T = 10.
        - **One model per task**: keep the Task 1 network and train a second one for Task 2. Each task keeps its
          accuracy (\(percent(agg.mean(NoisyClean.perTaskKey(on: 1)))) and \(percent(agg.mean(NoisyClean.perTaskKey(on: 2))))), but the parameters
          stored grow with every task (\(params.formatted()) per model here), and **nothing transfers**: the clean-digit model
          scores only \(percent(agg.mean(NoisyClean.cleanModelKey))) on the noisy digits.
        - **Transfer learning** (fine-tuning): exactly what we did — but judged on Task 2 alone
          (\(percent(agg.mean(NoisyClean.key(.seq, afterLearning: 2, on: 2))))), where it looks like a success. Lifelong learning also asks that
          Task 1 is not forgotten: \(percent(agg.mean(NoisyClean.key(.seq, afterLearning: 2, on: 1)))).
        """
    }

    /// "Try it": each expectation was checked on the built-in digits (2 seeds) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release forgetting --epochs 1",
              expect: "One epoch per task instead of five: Task 1 is learned much less well (about 73% instead of 88% on the built-in digits), and it no longer falls when Task 2 is learned — it even gains a point. Fewer steps on Task 2 pull the weights less far from where Task 1 left them, and clean digits still teach something about noisy ones."),
        .init("swift run -c release forgetting --learning-rate 0.02",
              expect: "Steps five times smaller: the network learns Task 1 less well in the same epochs (about 77% instead of 88% on the built-in digits), and the drop after Task 2 shrinks too (about −3 instead of −6 points). Slowing learning down trades plasticity for stability — the lecture's theme."),
        .init("swift run -c release forgetting --noise 0.4",
              expect: "A harder Task 1 (σ = 0.4 instead of 0.2 on the built-in digits): it is learned less well (about 82%) and the clean Task 2 pulls it down further (about −11 instead of −6 points): what the network learns from clean digits helps less with very noisy ones."),
        .init("swift run -c release forgetting --seeds 6",
              expect: "Twice the seeds: the same means, within their intervals, and narrower 95% intervals in the table and error bars (about 1/√2 as wide)."),
        .init("swift run -c release lifelong download mnist && swift run -c release forgetting",
              expect: "Real handwritten digits (MNIST): the numbers land within about 2 points of the slide's 90% → 80% and 89% / 98%, which is what the defaults were tuned for."),
    ], questions: [
        "Multi-task training keeps both tasks. Why is it not a solution to lifelong learning? Give two reasons from the numbers on this page.",
        "The clean-only model scores far below the noisy one on noisy digits, yet the noisy model does well on clean digits. What does that asymmetry suggest about the order in which to learn the two tasks? (The curriculum lesson answers it.)",
    ])
}
