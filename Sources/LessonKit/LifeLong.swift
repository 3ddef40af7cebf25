/// Facts about this package that every output records.
public enum LifeLong {
    /// The package version, written into every `results.json` and weights file.
    public static let version = "0.1.0"
}

/// One lesson of the course: an executable target under `Lessons/<id>/`.
public struct LessonInfo: Sendable, Equatable {
    /// The target name and the `Output/<id>/` folder, e.g. `forgetting`.
    public let id: String
    /// A short title for lists and the course index.
    public let title: String
    /// The lecture slide(s) the lesson reproduces.
    public let slide: String

    public init(id: String, title: String, slide: String) {
        (self.id, self.title, self.slide) = (id, title, slide)
    }
}

/// The course's lessons in teaching order. Each lesson issue adds its entry here when its
/// target lands; `lifelong lessons` prints this list.
public enum LessonCatalog {
    public static let all: [LessonInfo] = [
        LessonInfo(id: "forgetting", title: "Catastrophic forgetting on digits",
                   slide: "Example (3 layers, 50 neurons each); Multi-task training; Train a model for each task; Life-Long v.s. Transfer"),
        LessonInfo(id: "curriculum", title: "Curriculum: the order of the tasks",
                   slide: "Curriculum Learning: what is the proper learning order?"),
        LessonInfo(id: "evaluation", title: "Measuring lifelong learning: R, Accuracy, BWT, FWT", slide: "Evaluation"),
        LessonInfo(id: "error-surface", title: "Why forgetting happens: error surfaces and guards", slide: "Why Catastrophic Forgetting?; Selective Synaptic Plasticity"),
    ]
}
