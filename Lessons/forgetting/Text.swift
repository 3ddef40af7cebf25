import Foundation
import LessonKit

/// The forgetting lesson's prose and table rows (kept apart so main.swift reads like a notebook).
enum ForgettingText {
    static let intro = """
    ## The experiment
    One network, **784-50-50-50-10** with ReLU, learns two tasks that share their labels: **Task 1** is
    handwritten digits under noise (and, on half the images, a blanked square); **Task 2** is the same
    digits, clean. We train on Task 1 until it is learned, then on Task 2, measuring both tasks' test
    accuracy all along. Then, as a reference, a fresh network learns both tasks at once.
    """

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
}
