import Autograd
import Continual
import Datasets
import Foundation
import LessonKit
import NN

/// MemN2N training steps at the babi lesson's shapes, on a workload a peer can build too
/// (Sources/bench/peer/torch_memn2n.py): the built-in tasks' vocabulary V and longest sentence W,
/// d = 50, 3 hops, 50 slots, batch 32, Adam lr 0.005 with L2 0.001. Every story fills `used`
/// slots with sentences of `length` words and every question has `length` words, where `used` is
/// the mean over task 5's batches of the most slots a story fills and `length` its mean sentence
/// length — so each step costs what an average step of the lesson costs, with fixed shapes.
/// Random word ids (1…V−1) and answers; one thread; µs a step and questions a second, the
/// median of `runs` passes of `steps` steps after a warm-up pass.
struct MemN2NBench {
    let runs: Int
    var steps = 300

    /// The babi lesson's task 5 as the workload's shape: V, W, used slots, words a sentence.
    static func shape(_ setup: BabISetup) throws -> (vocabulary: Int, words: Int, used: Int, length: Int) {
        let data = try BabIData.load(dataOption: DataLocation.builtin, size: .oneThousand, questions: nil)
        let task = setup.tasks(data)[setup.watched - 1]
        let w = data.vocabulary.longestSentence, width = (setup.slots + 1) * w
        var (usedSum, batches, words, sentences) = (0, 0, 0, 0)
        for first in stride(from: 0, to: task.train.count - setup.batchSize + 1, by: setup.batchSize) {
            let x = task.train.batch(Array(first..<(first + setup.batchSize)), task: 0).inputs.data
            var used = 0
            for b in 0..<setup.batchSize {
                let filled = (0..<setup.slots).prefix { x[b * width + $0 * w] != 0 }
                used = max(used, filled.count)
                for s in filled { words += (0..<w).filter { x[b * width + s * w + $0] != 0 }.count; sentences += 1 }
            }
            (usedSum, batches) = (usedSum + used, batches + 1)
        }
        return (data.vocabulary.count, w, Int((Double(usedSum) / Double(batches)).rounded()), Int((Double(words) / Double(sentences)).rounded()))
    }

    func report() throws {
        let setup = BabISetup()
        let (v, w, used, length) = try Self.shape(setup)
        var rng = SeededGenerator(seed: 1)
        let model = MemoryNetwork(vocabulary: v, dimension: setup.dimension, slots: setup.slots, words: w, hops: setup.hops, using: &rng)
        let optimizer = Adam(model.parameters, learningRate: setup.learningRate, weightDecay: setup.weightDecay)
        let (batch, width) = (setup.batchSize, model.rowWidth)
        let inputs = (0..<steps).map { _ in
            var x = [Float](repeating: 0, count: batch * width)
            for b in 0..<batch {
                for s in Array(0..<used) + [setup.slots] { for j in 0..<length { x[b * width + s * w + j] = Float(1 + rng.int(below: v - 1)) } }
            }
            return Tensor(shape: [batch, width], data: x)
        }
        let answers = (0..<steps).map { _ in (0..<batch).map { _ in rng.int(below: v) } }
        StepRow(name: "MemN2N", batch: batch, steps: steps, runs: runs).measure(
            detail: "babi lesson: V \(v), W \(w), d \(setup.dimension), \(setup.hops) hops, \(used) of \(setup.slots) slots, \(length) words a sentence") { s in
            optimizer.zeroGrad()
            softmaxCrossEntropy(model(inputs[s]), labels: answers[s]).backward()
            optimizer.step()
        }
    }
}
