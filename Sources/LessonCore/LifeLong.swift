import Report

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
    /// Seconds a full run (its default seeds) took on the 2-core reference machine, one lesson at a
    /// time (`lifelong course --jobs 1`, built-in data; MNIST is within a few seconds); the course
    /// runner's ETA starts from it and corrects it by how fast this machine turns out to be.
    /// (gem, replay and new-classes: scaled by how much faster their lower default settings of
    /// 2026-12-02 ran in the course, back to back with the settings before.)
    public let fullRunSeconds: Double
    /// The seeds a run averages when `--seeds` is not given (3; `babi`: 1, to stay within its time).
    public let defaultSeeds: Int

    public init(id: String, title: String, slide: String, fullRunSeconds: Double, defaultSeeds: Int = 3) {
        (self.id, self.title, self.slide, self.fullRunSeconds, self.defaultSeeds) = (id, title, slide, fullRunSeconds, defaultSeeds)
    }

    /// The expected duration of a run with these settings.
    /// `seeds` nil: the lesson's default.
    public func expectedSeconds(quick: Bool, seeds: Int?) -> Double {
        let share = Double(seeds ?? defaultSeeds) / Double(defaultSeeds)
        return quick ? 2 * share + 1 : fullRunSeconds * share + 1
    }
}

/// The course's lessons in the order of the lecture's slides (forgetting first, curriculum last),
/// numbered from 1 in this order. Each lesson issue adds its entry where its slide stands;
/// `lifelong lessons` prints this list, and `LectureMap` places every slide.
public enum LessonCatalog {
    public static let all: [LessonInfo] = [
        LessonInfo(id: "forgetting", title: "Catastrophic forgetting on digits",
                   slide: "Example (3 layers, 50 neurons each); Multi-task training; Train a model for each task; Life-Long v.s. Transfer",
                   fullRunSeconds: 19),
        LessonInfo(id: "babi", title: "Twenty QA tasks, one after another", slide: "Example — QA: the 20 bAbI tasks", fullRunSeconds: 20, defaultSeeds: 1),
        LessonInfo(id: "evaluation", title: "Measuring lifelong learning: R, Accuracy, BWT, FWT", slide: "Evaluation", fullRunSeconds: 7),
        LessonInfo(id: "error-surface", title: "Why forgetting happens: error surfaces and guards", slide: "Why Catastrophic Forgetting?; Selective Synaptic Plasticity", fullRunSeconds: 1),
        LessonInfo(id: "plasticity", title: "Selective synaptic plasticity: the guard bᵢ",
                   slide: "Selective Synaptic Plasticity (bᵢ = 0, 1, ∞; EWC, SI, MAS, RWalk, SCP)", fullRunSeconds: 20),
        LessonInfo(id: "gem", title: "Gradient Episodic Memory: the projection g′·gᵇ ≥ 0", slide: "Gradient Episodic Memory (GEM)", fullRunSeconds: 35),
        LessonInfo(id: "allocation", title: "Additional neural resources: Progressive Nets, PackNet, CPG", slide: "Additional Neural Resource Allocation", fullRunSeconds: 31),
        LessonInfo(id: "replay", title: "Generating pseudo-data: generative replay", slide: "Memory Replay: generating pseudo-data", fullRunSeconds: 23),
        LessonInfo(id: "new-classes", title: "Adding new classes: LwF, iCaRL and the three scenarios", slide: "Adding new classes; three scenarios",
                   fullRunSeconds: 66),
        LessonInfo(id: "curriculum", title: "Curriculum: the order of the tasks",
                   slide: "Curriculum Learning: what is the proper learning order?", fullRunSeconds: 17),
        LessonInfo(id: "taskonomy", title: "Taskonomy: which task helps which, and the order it chooses",
                   slide: "Curriculum learning; taskonomy", fullRunSeconds: 26),
    ]

    /// The lesson's number (1 for the first) and its neighbours, for the report's navigation.
    public static func navigation(of id: String) -> Navigation? {
        guard let i = all.firstIndex(where: { $0.id == id }) else { return nil }
        return Navigation(number: i + 1, count: all.count, previous: i > 0 ? (all[i - 1].id, all[i - 1].title) : nil,
                          next: i + 1 < all.count ? (all[i + 1].id, all[i + 1].title) : nil)
    }

    /// The lessons named in `ids` (all of them when `ids` is empty), in teaching order.
    public static func select(_ ids: [String]) throws -> [LessonInfo] {
        if let unknown = ids.first(where: { id in !all.contains { $0.id == id } }) {
            throw LessonSelectionError(description: "unknown lesson '\(unknown)'; the lessons are: \(all.map(\.id).joined(separator: ", "))")
        }
        return ids.isEmpty ? all : all.filter { ids.contains($0.id) }
    }
}

/// A lesson name that is not in the catalogue.
public struct LessonSelectionError: Error, CustomStringConvertible {
    public let description: String
}
