import Autograd
import Continual
import NN
import Testing

@Suite("Choosing an order from a transfer map, and the taxonomy's clustering")
struct TaskOrderTests {
    /// gains[s][t]: 0 → 1 helps most, 1 → 2 next, everything else little.
    let gains: [[Double]] = [[0, 0.5, 0.1], [0.0, 0, 0.3], [0.2, 0.1, 0]]

    @Test func predictedTransferTakesTheBestEarlierSourceOfEachTask() {
        // 0, 1, 2: task 1 gets g(0→1) = 0.5; task 2 gets max(g(0→2), g(1→2)) = 0.3.
        #expect(abs(TaskOrder.predictedTransfer([0, 1, 2], gains: gains) - 0.8) < 1e-12)
        // 2, 1, 0: task 1 gets 0.1; task 0 gets max(0.2, 0.0) = 0.2.
        #expect(abs(TaskOrder.predictedTransfer([2, 1, 0], gains: gains) - 0.3) < 1e-12)
    }

    @Test func greedyStartsWithTheBestPairAndAddsTheBestHelped() {
        #expect(TaskOrder.greedy([0, 1, 2], gains: gains) == [0, 1, 2])
        // A map where greedy is short-sighted: the best pair (0 → 1) leaves task 2 little help,
        // while starting 2 → 0 → 1 gets 0.5 + 0.5 > greedy's 0.6 + 0.1.
        let trap: [[Double]] = [[0, 0.6, 0.0], [0.0, 0, 0.1], [0.5, 0.0, 0]]
        let greedy = TaskOrder.greedy([0, 1, 2], gains: trap)
        let best = TaskOrder.permutations([0, 1, 2]).max { TaskOrder.predictedTransfer($0, gains: trap) < TaskOrder.predictedTransfer($1, gains: trap) }!
        #expect(greedy == [0, 1, 2] && best == [2, 0, 1])
        // Ties go to the task listed first.
        #expect(TaskOrder.greedy([0, 1, 2], gains: [[0, 0, 0], [0, 0, 0], [0, 0, 0]]) == [0, 1, 2])
    }

    @Test func predictedAccuracyAddsGainsAndSubtractsLaterCosts() {
        let alone = [0.9, 0.8, 0.7]
        let costs: [[Double]] = [[0, 0.2, 0.1], [0.05, 0, 0.3], [0.0, 0.4, 0]]
        // Order 0, 1, 2: task 0 = 0.9 − c(0,1) − c(0,2) = 0.6; task 1 = 0.8 + 0.5 − c(1,2) = 1.0; task 2 = 0.7 + 0.3 = 1.0.
        #expect(abs(TaskOrder.predictedAccuracy([0, 1, 2], alone: alone, gains: gains, costs: costs) - 2.6 / 3) < 1e-12)
        // Order 2, 0, 1: task 2 = 0.7 − 0.0 − 0.4 = 0.3; task 0 = 0.9 + 0.2 − 0.2 = 0.9; task 1 = 0.8 + 0.5 = 1.3.
        #expect(abs(TaskOrder.predictedAccuracy([2, 0, 1], alone: alone, gains: gains, costs: costs) - 2.5 / 3) < 1e-12)
    }

    @Test func permutationsAreEveryOrderOnce() {
        let all = TaskOrder.permutations([3, 5, 7, 9])
        #expect(all.count == 24 && Set(all.map { $0.map(String.init).joined(separator: ",") }).count == 24)
        #expect(all.first == [3, 5, 7, 9] && all.last == [9, 7, 5, 3] && all.allSatisfy { $0.sorted() == [3, 5, 7, 9] })
        #expect(TaskOrder.permutations([4]) == [[4]])
    }

    @Test func averageLinkageMergesClosestFirstWithMeanDistances() {
        // Points 0, 1, 5, 6 and 20 on a line, d = |a − b|.
        let x: [Double] = [5, 0, 20, 6, 1]
        let d = x.map { a in x.map { abs(a - $0) } }
        let (merges, order) = TaskClustering.averageLinkage(d)
        #expect(merges.count == 4)
        #expect(merges[0] == .init(left: [0], right: [3], height: 1) && merges[1] == .init(left: [1], right: [4], height: 1))
        // {5, 6} with {0, 1}: (5 + 4 + 6 + 5) / 4 = 5; then 20 with all four: (15 + 20 + 14 + 19) / 4 = 17.
        #expect(merges[2].height == 5 && merges[3].height == 17 && merges[3].right == [2])
        #expect(order == [0, 3, 1, 4, 2], "each cluster's leaves stay together")
    }

    @Test func headsMayHaveTheirOwnNumberOfClasses() {
        var rng = SeededGenerator(seed: 3)
        let net = MultiHeadMLP([6, 5], classes: 10, headClasses: [10, 2, 4], using: &rng)
        net.ensureHead(for: 3, using: &rng)
        #expect(net.heads.map(\.outputs) == [10, 2, 4, 10], "beyond the list: classes")
        let x = Tensor(shape: [3, 6], data: (0..<18).map { Float($0) / 18 })
        #expect(net(x, tasks: [1, 1, 1]).shape == [3, 2] && net(x, tasks: [2, 2, 2]).shape == [3, 4])
        #expect(net(x, tasks: [0, 3, 0]).shape == [3, 10], "heads of the same width share a batch")
        #expect(net.copy().heads.map(\.outputs) == [10, 2, 4, 10] && net.copy().headClasses == [10, 2, 4])
    }
}
