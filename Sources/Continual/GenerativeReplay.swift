import Autograd
import NN

/// Deep generative replay (Shin et al. 2017, arXiv 1705.08690; the slide "Generating Data"): a
/// generator learns to produce the data of the tasks so far, and while the solver learns task t,
/// every batch is mixed with images from the generator as it was after task t − 1, labelled by the
/// solver as it was then — "multi-task learning" with data that was never kept.
///
///     prepare   x̃ ~ G_{t−1}, ỹ = arg max solver_{t−1}(x̃);  batch + (x̃, ỹ), weighted 1/t : (t − 1)/t
///     endTask   G_t learns task t's images mixed with x̃ ~ G_{t−1}, weighted the same way,
///               **on the one loop**: a `Learner` with the `negativeELBO` objective;
///               then G_{t−1} ← copy(G_t), solver_{t−1} ← copy(solver)
///
/// With `perTaskHeads` (task-incremental, a head per task), each generated image is given an earlier
/// task drawn uniformly and labelled by that task's head (the arg-max over its outputs only).
///
/// Labels are **hard** (the old solver's arg-max over all its outputs, one head): the simplest
/// form, and in van de Ven & Tolias's Table 4 soft targets (distillation) add about a point
/// (90.79 → 91.79 on split MNIST). The generator continues from its own weights task after task.
public final class GenerativeReplay: Strategy {
    /// The generator, trained at the end of every task.
    public let generator: VariationalAutoencoder
    /// How the generator is trained each task (its objective is set to `.negativeELBO`).
    public let generatorPlan: TrainingPlan
    /// Images of a fixed set of codes, decoded after each task: `gallery[stage]` is `[codes, pixels]`
    /// (the same z every time, so the grids show one generator changing).
    public private(set) var gallery: [Tensor] = []
    private var previous: (generator: VariationalAutoencoder, solver: any Layer)?
    private var rng: SeededGenerator
    /// Draws the earlier task of each generated image (`perTaskHeads` only; nil keeps the single-head
    /// stream of draws unchanged).
    private var taskDraws: SeededGenerator?
    /// The ids of the tasks learned so far.
    private var learned: [Int] = []
    /// The generator as it was after each task (what a later run may take as `pretrained`).
    public private(set) var generators: [VariationalAutoencoder] = []
    private let pretrained: [VariationalAutoencoder]?
    private let galleryCodes: Tensor
    /// The stage of the run's last task, when the caller knows it (see `init`).
    private let lastStage: Int?

    /// - Parameters:
    ///   - generator: the VAE (its size and z set by the caller).
    ///   - plan: the generator's training each task: iterations, batch, optimizer.
    ///   - galleryCount: codes decoded after each task for `gallery` (0: none).
    ///   - perTaskHeads: label each generated image by the head of an earlier task drawn uniformly.
    ///   - pretrained: the generators another run trained on the same tasks' images (its
    ///     `generators`), used after each task instead of training one: the generator never sees
    ///     labels, so runs that differ only in labels (the three scenarios) can share it.
    ///   - lastStage: the stage of the run's last task, when the experiment knows it: after that task
    ///     nothing replays, so without a gallery the generator is not trained on it (the run's
    ///     results are the same, bit for bit; `generators` then ends one task earlier). A learner
    ///     that must keep learning leaves it nil.
    public init(generator: VariationalAutoencoder, plan: TrainingPlan, galleryCount: Int = 0, perTaskHeads: Bool = false,
                pretrained: [VariationalAutoencoder]? = nil, lastStage: Int? = nil, rng: SeededGenerator) {
        var plan = plan
        plan.objective = .negativeELBO
        (self.generator, self.generatorPlan, self.rng, self.pretrained, self.lastStage) = (generator, plan, rng, pretrained, lastStage)
        var codes = self.rng.fork(0x67616C)
        galleryCodes = generator.standardNormal(rows: galleryCount, using: &codes)
        if perTaskHeads { taskDraws = self.rng.fork(0x68656164) }
    }

    /// Parameters kept between tasks: the generator and the copy of the solver that labels its images.
    public func storedParameters(solver: any Layer) -> Int { generator.parameterCount + solver.parameterCount }

    public func prepare(_ batch: Batch, _ context: TaskContext) -> Batch {
        guard let previous else { return batch }
        let x = previous.generator.sample(batch.count, using: &rng)
        let tasks = taskDraws == nil ? Array(repeating: context.task.id, count: batch.count)
            : (0..<batch.count).map { _ in learned[taskDraws!.int(below: learned.count)] }
        let labels = withNoGrad { previous.solver(x, tasks: tasks).argmax(axis: 1) }
        return .withReplay(batch, Batch(inputs: x, labels: labels, tasks: tasks), tasksSeen: context.task.stage + 1)
    }

    public func endTask(_ context: TaskContext) throws {
        if context.task.stage == lastStage, galleryCodes.count == 0 { return }   // nothing would replay from it
        let trained: VariationalAutoencoder
        if let pretrained {
            precondition(learned.count < pretrained.count, "\(pretrained.count) pretrained generators for more tasks")
            trained = pretrained[learned.count]
        } else {
            let replay = ReplayedImages(from: previous?.generator, rng: rng.fork(UInt64(context.task.stage)))
            let learner = Learner(model: generator, plan: generatorPlan, strategies: [replay])
            try learner.learn(TaskInfo(id: context.task.id, stage: context.task.stage, name: "the generator on \(context.task.name)", train: context.task.train),
                              using: &rng)
            trained = generator.copy()
        }
        generators.append(trained)
        previous = (trained, context.model.copy())
        learned.append(context.task.id)
        if galleryCodes.count > 0 { gallery.append(trained.images(of: galleryCodes)) }
    }
}

/// The generator's own replay: each batch of new images is mixed with as many images from the
/// previous generator (no labels), weighted like the solver's (`Batch.withReplay`).
final class ReplayedImages: Strategy {
    let source: VariationalAutoencoder?
    var rng: SeededGenerator

    init(from source: VariationalAutoencoder?, rng: SeededGenerator) { (self.source, self.rng) = (source, rng) }

    func prepare(_ batch: Batch, _ context: TaskContext) -> Batch {
        guard let source else { return batch }
        let x = source.sample(batch.count, using: &rng)
        var current = batch
        current.labels = []
        return .withReplay(current, Batch(inputs: x, tasks: Array(repeating: context.task.id, count: batch.count)), tasksSeen: context.task.stage + 1)
    }
}
