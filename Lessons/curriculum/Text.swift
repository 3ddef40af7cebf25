import LessonKit

/// The curriculum lesson's prose and table rows.
enum CurriculumText {
    static let intro = """
    ## The experiment
    The two tasks of the forgetting lesson — **Task 1**, noisy digits; **Task 2**, the same digits clean —
    learned by a fresh 784-50-50-50-10 network in each of the two possible orders, with the same
    training for every stage. Only the order changes.
    """

    static let rows: [(label: String, key: ResultKey)] = [
        ("Order 1 → 2, after Task 1 — on Task 1", NoisyClean.key(.order12, afterLearning: 1, on: 1)), ("Order 1 → 2, after Task 1 — on Task 2", NoisyClean.key(.order12, afterLearning: 1, on: 2)),
        ("Order 1 → 2, after Task 2 — on Task 1", NoisyClean.key(.order12, afterLearning: 2, on: 1)), ("Order 1 → 2, after Task 2 — on Task 2", NoisyClean.key(.order12, afterLearning: 2, on: 2)),
        ("Order 2 → 1, after Task 2 — on Task 1", NoisyClean.key(.order21, afterLearning: 2, on: 1)), ("Order 2 → 1, after Task 2 — on Task 2", NoisyClean.key(.order21, afterLearning: 2, on: 2)),
        ("Order 2 → 1, after Task 1 — on Task 1", NoisyClean.key(.order21, afterLearning: 1, on: 1)), ("Order 2 → 1, after Task 1 — on Task 2", NoisyClean.key(.order21, afterLearning: 1, on: 2)),
    ]

    static let discussion = """
    ## Why the order matters
    Noisy digits contain the clean ones: a network that learned to read digits through noise and
    blanked squares also reads them clean, so learning the noisy task **last** costs the clean task
    almost nothing. The other way round, the clean task pulls the weights to features that the noise
    breaks, and the noisy task is forgotten. With many tasks the number of orders explodes (T! for T
    tasks), which is why choosing a curriculum — and knowing which tasks help which, as *taskonomy*
    maps for vision tasks — is a research question of its own.
    """
}
