import LessonKit

/// The curriculum lesson's prose and table rows.
enum CurriculumText {
    static func intro(_ dataset: DatasetIdentity) -> String {
        """
        ## The experiment
        The two tasks of the forgetting lesson — **Task 1**, noisy digits; **Task 2**, the same digits clean,
        both \(digitsDescription(dataset)) — learned by a fresh 784-50-50-50-10 network in each of the two
        possible orders, with the same training for every stage. Only the order changes. A change is
        *after − before*: a drop is negative. \(digitsNote(dataset))
        """
    }

    static let rows: [(label: String, key: ResultKey)] = [
        ("Order 1 → 2, after Task 1 — on Task 1", NoisyClean.key(.order12, afterLearning: 1, on: 1)), ("Order 1 → 2, after Task 1 — on Task 2", NoisyClean.key(.order12, afterLearning: 1, on: 2)),
        ("Order 1 → 2, after Task 2 — on Task 1", NoisyClean.key(.order12, afterLearning: 2, on: 1)), ("Order 1 → 2, after Task 2 — on Task 2", NoisyClean.key(.order12, afterLearning: 2, on: 2)),
        ("Order 2 → 1, after Task 2 — on Task 1", NoisyClean.key(.order21, afterLearning: 2, on: 1)), ("Order 2 → 1, after Task 2 — on Task 2", NoisyClean.key(.order21, afterLearning: 2, on: 2)),
        ("Order 2 → 1, after Task 1 — on Task 1", NoisyClean.key(.order21, afterLearning: 1, on: 1)), ("Order 2 → 1, after Task 1 — on Task 2", NoisyClean.key(.order21, afterLearning: 1, on: 2)),
    ]

    /// Why the order matters, with this run's changes (so the text agrees with the cards above it).
    static func discussion(order12: Double, order21: Double) -> String {
        """
        ## Why the order matters
        Noisy digits contain the clean ones: a network that learned to read digits through noise and
        blanked squares also reads them clean, so learning the noisy task **last** costs the clean task
        almost nothing (here \(points(order21)) on Task 2). The other way round, the clean task pulls the
        weights to features that the noise breaks, and the noisy task is forgotten (\(points(order12)) on
        Task 1). With many tasks the number of orders explodes (T! for T tasks), which is why choosing a
        curriculum — and knowing which tasks help which, as *taskonomy* maps for vision tasks — is a
        research question of its own.
        """
    }

    /// "Try it": each expectation was checked on the built-in digits (2 seeds) before it was written.
    static let exercises = Exercises(tries: [
        .init("swift run -c release curriculum --noise 0.4",
              expect: "A noisier Task 1: in order 1 → 2 it loses more when the clean task follows; in order 2 → 1 the clean task is still kept. The gap between the orders grows."),
        .init("swift run -c release curriculum --epochs 1",
              expect: "Shorter stages (one epoch): nothing is learned as well, and neither order forgets much — on the built-in digits Task 1 even gains a point in order 1 → 2. Forgetting needs the later task to pull the weights far; with little training they stay near where the first task left them."),
        .init("swift run -c release forgetting && swift run -c release curriculum",
              expect: "Order 1 → 2 here is the forgetting lesson's experiment: with the same seeds and settings its numbers are the same, bit for bit."),
        .init("swift run -c release lifelong download mnist && swift run -c release curriculum",
              expect: "Real MNIST: close to the slide — about 88% → 81% in order 1 → 2 (slide: 90% → 80%), and in order 2 → 1 the clean model reads about 64% of the noisy digits before it learns them (slide: 62%)."),
    ], questions: [
        "Why does learning the noisy task last cost the clean task almost nothing, while the other order forgets?",
        "With 10 tasks there are 10! = 3,628,800 orders. How could you choose a good one without trying them all? (The taskonomy slide suggests one way.)",
    ])
}
