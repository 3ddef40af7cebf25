import Report

/// Every slide of the lecture (Hung-yi Lee, "Life Long Learning", ML 2021), in order, with the
/// lesson meant to reproduce it. The course index shows a slide's lesson only when that lesson is
/// in `LessonCatalog`; otherwise "not yet", so the map never claims more than exists.
public enum LectureMap {
    public struct Slide: Sendable {
        public let title: String
        /// The lesson that reproduces it (or will), nil for a slide with no experiment.
        public let lesson: String?
    }

    public static let slides: [Slide] = [
        Slide(title: "Life Long Learning (LLL), Continuous / Never Ending / Incremental Learning", lesson: nil),
        Slide(title: "Life Long Learning in real-world applications", lesson: nil),
        Slide(title: "Example (3 layers, 50 neurons each): Task 1 90%, then Task 2 and Task 1 falls to 80%", lesson: "forgetting"),
        Slide(title: "Example: question answering, the 20 bAbI tasks learned one after another", lesson: "babi"),
        Slide(title: "Example: task 5's accuracy, 20 tasks sequentially vs simultaneously", lesson: "babi"),
        Slide(title: "Catastrophic Forgetting", lesson: "forgetting"),
        Slide(title: "Wait a minute: multi-task training can solve the problem!", lesson: "forgetting"),
        Slide(title: "Wait a minute: train a model for each task", lesson: "forgetting"),
        Slide(title: "Life-Long v.s. Transfer", lesson: "forgetting"),
        Slide(title: "Evaluation: the matrix R, Accuracy, Backward Transfer, Forward Transfer", lesson: "evaluation"),
        Slide(title: "Research Directions", lesson: nil),
        Slide(title: "Why Catastrophic Forgetting? The error surfaces of tasks 1 & 2", lesson: "error-surface"),
        Slide(title: "Selective Synaptic Plasticity: each parameter has a guard bᵢ", lesson: "error-surface"),
        Slide(title: "Selective Synaptic Plasticity: bᵢ = 0, bᵢ = ∞ (intransigence), MNIST permutation from the EWC paper", lesson: "plasticity"),
        Slide(title: "Selective Synaptic Plasticity: EWC, SI, MAS, RWalk, SCP", lesson: "plasticity"),
        Slide(title: "Gradient Episodic Memory (GEM)", lesson: "gem"),
        Slide(title: "Progressive Neural Networks", lesson: "allocation"),
        Slide(title: "PackNet; Compacting, Picking, and Growing (CPG)", lesson: "allocation"),
        Slide(title: "Memory Replay: generating pseudo-data with a generative model", lesson: "replay"),
        Slide(title: "Adding new classes: Learning without Forgetting (LwF), iCaRL", lesson: "new-classes"),
        Slide(title: "Three scenarios for continual learning (van de Ven & Tolias)", lesson: "new-classes"),
        Slide(title: "Concluding Remarks", lesson: nil),
        Slide(title: "Curriculum Learning: what is the proper learning order? (97% → 62%)", lesson: "curriculum"),
        Slide(title: "taskonomy = task + taxonomy", lesson: "taskonomy"),
    ]

    /// The map as the course index shows it, against the lessons that exist.
    public static var rows: [CourseIndex.MapRow] {
        slides.map { slide in
            if let id = slide.lesson, let n = LessonCatalog.all.firstIndex(where: { $0.id == id }) {
                return CourseIndex.MapRow(slide: slide.title, lesson: (id, "\(n + 1). \(LessonCatalog.all[n].title)"), note: "")
            }
            return CourseIndex.MapRow(slide: slide.title, lesson: nil,
                                      note: slide.lesson.map { "not yet (lesson `\($0)`)" } ?? "no experiment on this slide")
        }
    }

    /// The course index's introduction.
    public static let introduction = """
    **Lifelong learning** is one model learning task after task, as people do, without forgetting
    the earlier ones. Networks trained that way forget badly — *catastrophic forgetting* — and
    this course shows it happen, measures it, and tries the lecture's remedies, each lesson a
    small Swift program that trains for real on your machine.

    **What you need**: a Linux machine (Debian or Ubuntu) with a Swift 6 toolchain; nothing else
    (the setup script installs Cairo and fonts). Every lesson runs offline on built-in synthetic
    digits; with the real MNIST on disk (`swift run -c release lifelong download mnist`) they use it.

    **Run one lesson**: `swift run -c release forgetting` (its report: `Output/forgetting/index.html`;
    add `--quick` for a ten-second look). **Run the whole course**: `swift run -c release lifelong course`
    (about five minutes on two cores — twice that on a slow one — after a two-minute build), which writes this page.

    **The slides and the video**: Hung-yi Lee, *Life Long Learning*, Machine Learning 2021, on the
    [course page](https://speech.ee.ntu.edu.tw/~hylee/ml/2021-spring.php) and its
    [video playlist](https://www.youtube.com/playlist?list=PLJV_el3uVTsMhtt7_Y6sgTHGHp1Vb2P2J).
    The [map below](#map) lists every slide and the lesson that reproduces it.
    """
}
