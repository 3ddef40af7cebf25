import Autograd
import Continual
import Datasets
import Foundation
import LessonKit
import NN

/// One MemN2N training step at the babi lesson's shapes: the built-in task 5's questions (its
/// stories), the 20 tasks' vocabulary, d = 30, 3 hops, 50 slots, batch 32, Adam, through the
/// `Learner`; µs a step and questions a second, the median of `runs` epochs after a warm-up.
struct MemN2NBench {
    let runs: Int

    func report() throws {
        let setup = BabISetup()
        let data = try BabIData.load(dataOption: DataLocation.builtin, size: .oneThousand, questions: nil)
        let task = setup.tasks(data)[setup.watched - 1]
        var rng = SeededGenerator(seed: 0)
        let learner = Learner(model: setup.model(data, using: &rng), plan: TrainingPlan(epochs: 1, batchSize: setup.batchSize, optimizer: .adam(learningRate: setup.learningRate)))
        let steps = task.train.count / setup.batchSize
        func epoch() throws -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try learner.learn(TaskInfo(id: 0, stage: 0, name: "task 5", train: task.train), using: &rng)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e3 / Double(steps)
        }
        _ = try epoch()
        let times = try (0..<runs).map { _ in try epoch() }.sorted()
        let median = times[times.count / 2]
        print(String(format: "MemN2N    %6d  %9.0f  (%.0f … %.0f)  %7.1f  (babi lesson: d %d, %d hops, %d slots, %d words, vocabulary %d)",
                     setup.batchSize, Double(setup.batchSize) / median * 1e6, Double(setup.batchSize) / times.last! * 1e6, Double(setup.batchSize) / times.first! * 1e6,
                     median, setup.dimension, setup.hops, setup.slots, data.vocabulary.longestSentence, data.vocabulary.count))
    }
}
