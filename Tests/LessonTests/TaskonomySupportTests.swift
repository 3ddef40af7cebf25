import Autograd
import Continual
import Datasets
import Foundation
import LessonKit
import NN
import Testing

@Suite("Taskonomy lesson support: the map from pair runs, the order study, per-example losses")
struct TaskonomySupportTests {
    /// Three tasks, two seeds; task 1 is helped by task 0 (+0.1) and costs task 0 0.3.
    func rows(seedShift: Double) -> [TaskonomyRuns.SourceRow] {
        let scratch = [0.8, 0.6, 0.7].map { $0 + seedShift }
        return (0..<3).map { s in
            var row = TaskonomyRuns.SourceRow(scratchAccuracy: scratch[s], scratchLosses: [1, 1, 1, 1], transferAccuracy: [nil, nil, nil],
                                              transferLosses: [nil, nil, nil], retainedAccuracy: [nil, nil, nil])
            for t in 0..<3 where t != s {
                let helps = s == 0 && t == 1
                row.transferAccuracy[t] = scratch[t] + (helps ? 0.1 : 0)
                row.transferLosses[t] = helps ? [0.5, 0.5, 0.5, 2] : [1, 1, 1, 1]     // wins 3 of 4 examples against scratch
                row.retainedAccuracy[t] = scratch[s] - (helps ? 0.3 : 0.05)
            }
            return row
        }
    }

    @Test func theMapAveragesSeedsAndNormalisesEachTarget() {
        let map = TransferMap([rows(seedShift: 0), rows(seedShift: 0.02)])
        #expect(abs(map.scratch[1] - 0.61) < 1e-12 && abs(map.transfer[0][1] - 0.71) < 1e-12 && map.transfer[1][1] == map.scratch[1])
        #expect(abs(map.gains[0][1] - 0.1) < 1e-12 && abs(map.gains[2][1]) < 1e-12 && map.gains[1][1] == 0)
        #expect(abs(map.costs[0][1] - 0.3) < 1e-12 && abs(map.costs[1][0] - 0.05) < 1e-12)
        for t in 0..<3 {
            let column = (0...3).map { map.affinities[$0][t] }
            #expect(abs(column.reduce(0, +) - 1) < 1e-9 && map.affinities[t][t] == 0)
        }
        // Target 1: source 0 beats source 2 and scratch on 3 of 4 examples; 2 and scratch tie.
        #expect(map.affinities[0][1] > map.affinities[2][1] && abs(map.affinities[2][1] - map.affinities[3][1]) < 1e-9)
        #expect(map.clusterOrder.sorted() == [0, 1, 2] && map.merges.count == 2)
    }

    @Test func anOrderRunReadsACCAndBWTInItsOwnOrder() {
        // Order 1, 0: R rows in task order; task 1 learned first (0.9 after stage 1, 0.5 at the end).
        let run = TaskonomyRuns.OrderRun(order: [1, 0], rows: [[0.1, 0.1], [0.2, 0.9], [0.8, 0.5]])
        #expect(abs(run.accuracy - 0.65) < 1e-12 && abs(run.backwardTransfer - -0.4) < 1e-12)
    }

    @Test func theStudyRanksOrdersAndMarksBothRules() {
        let map = TransferMap([rows(seedShift: 0)])
        let orders = TaskOrder.permutations([0, 1, 2])
        // Measured ACC: the orders that learn task 0 last are best (task 1 costs task 0 most).
        let runs = [orders.map { o in TaskonomyRuns.OrderRun(order: o, rows: [[0, 0, 0], [0, 0, 0], [0, 0, 0], o.last == 0 ? [0.8, 0.8, 0.8] : [0.5, 0.5, 0.5]]) }]
        let study = OrderStudy(runs, gains: map.gains, costs: map.costs, scratch: map.scratch, subsetIDs: [0, 1, 2])
        #expect(study.orders.count == 6 && study.greedy == [0, 1, 2], "greedy follows the one gain")
        let chosen = study.orders[study.pairwiseBest]
        #expect(chosen.firstIndex(of: 0)! > chosen.firstIndex(of: 1)!, "the pairwise rule learns task 0 after task 1, which would cost it most: \(chosen)")
        #expect(study.percentile(study.greedyIndex) == 0 && study.pairwiseCorrelation > 0)
        #expect(study.median(study.accuracy) == 0.5)
    }

    @Test func scoreAndLossesAreTheScoreAndTheCrossEntropyOfEachRow() {
        var rng = SeededGenerator(seed: 2)
        let learner = Learner(model: MLP([4, 3], using: &rng), plan: TrainingPlan(epochs: 1, batchSize: 2, optimizer: .sgd(learningRate: 0.1)))
        let set = DigitSetLike(x: (0..<12).map { Float($0) / 12 }, labels: [0, 2, 1])
        let (score, losses) = TaskonomyRuns.scoreAndLosses(learner, set, task: 0, chunk: 2)
        #expect(score.bitPattern == learner.score(on: set, task: 0, chunk: 2).bitPattern)
        let logits = learner.model(Tensor(shape: [3, 4], data: set.x))
        let mean = softmaxCrossEntropy(logits, labels: set.labels).item
        #expect(losses.count == 3 && abs(losses.reduce(0, +) / 3 - Double(mean)) < 1e-5)
    }
}

/// Three examples of four inputs.
struct DigitSetLike: ExampleSet {
    let x: [Float], labels: [Int]
    var count: Int { labels.count }
    func batch(_ indices: [Int], task: Int) -> Batch {
        Batch(inputs: Tensor(shape: [indices.count, 4], data: indices.flatMap { x[($0 * 4)..<($0 * 4 + 4)] }), labels: indices.map { labels[$0] }, tasks: indices.map { _ in task })
    }
}
