import Continual
import Foundation
import LessonCore

/// Part 2's transfer map, averaged over seeds, normalised as Taskonomy does, and clustered.
public struct TransferMap: Sendable {
    /// Validation accuracy of each task alone, and of target t after source s (`transfer[s][t]`;
    /// the diagonal holds the task alone).
    public var scratch: [Double]
    public var transfer: [[Double]]
    /// transfer − scratch, in accuracy (the diagonal is 0: not a transfer).
    public var gains: [[Double]]
    /// `costs[s][t]`: what learning t after s takes from s — s's accuracy alone minus after t
    /// (the diagonal is 0).
    public var costs: [[Double]]
    /// `affinities[s][t]`: source s's share of target t's principal eigenvector (`TaskAffinity`),
    /// s over the other tasks and, last, "from scratch"; each column sums to 1 (0 at s = t).
    public var affinities: [[Double]]
    /// The taxonomy: average-linkage merges on d(i, j) = 1 − S_ij, S = (A + Aᵀ) / 2 (the mutual
    /// affinity), and the tasks in dendrogram order.
    public var merges: [TaskClustering.Merge]
    public var clusterOrder: [Int]

    /// The map from every seed's source rows (`rows[seed][source]`).
    public init(_ rows: [[TaskonomyRuns.SourceRow]]) {
        let n = rows[0].count
        /// The mean over seeds of one number of source `s`'s row.
        func mean(_ s: Int, _ value: (TaskonomyRuns.SourceRow) -> Double) -> Double {
            rows.reduce(0.0) { (sum: Double, seedRows: [TaskonomyRuns.SourceRow]) -> Double in sum + value(seedRows[s]) } / Double(rows.count)
        }
        /// An n×n matrix, 0 on the diagonal.
        func offDiagonal(_ entry: (Int, Int) -> Double) -> [[Double]] {
            (0..<n).map { (s: Int) -> [Double] in (0..<n).map { (t: Int) -> Double in s == t ? 0 : entry(s, t) } }
        }
        let scratch: [Double] = (0..<n).map { (t: Int) -> Double in mean(t) { $0.scratchAccuracy } }
        var transfer: [[Double]] = offDiagonal { s, t in mean(s) { $0.transferAccuracy[t]! } }
        for t in 0..<n { transfer[t][t] = scratch[t] }
        (self.scratch, self.transfer) = (scratch, transfer)
        gains = offDiagonal { s, t in transfer[s][t] - scratch[t] }
        costs = offDiagonal { s, t in scratch[s] - mean(s) { $0.retainedAccuracy[t]! } }
        var a = [[Double]](repeating: [Double](repeating: 0, count: n), count: n + 1)
        for t in 0..<n {
            let sources = (0..<n).filter { $0 != t }
            let losses = sources.map { s in rows.flatMap { $0[s].transferLosses[t]! } } + [rows.flatMap { $0[t].scratchLosses }]
            let column = TaskAffinity.affinities(wins: TaskAffinity.wins(losses: losses))
            for (k, s) in (sources + [n]).enumerated() { a[s][t] = column[k] }
        }
        affinities = a
        let distance: [[Double]] = (0..<n).map { (i: Int) -> [Double] in
            (0..<n).map { (j: Int) -> Double in i == j ? 0 : 1 - (a[i][j] + a[j][i]) / 2 }
        }
        (merges, clusterOrder) = TaskClustering.averageLinkage(distance)
    }
}

/// Part 3: every order of the subset, measured, against the order the map predicts.
public struct OrderStudy: Sendable {
    /// Every order (indices into the subset), its ACC and BWT (mean over seeds), and Q (the map's
    /// predicted transfer, `TaskOrder.predictedTransfer` on the subset's gains).
    public var orders: [[Int]]
    public var accuracy: [Double], backwardTransfer: [Double], predicted: [Double]
    /// The greedy order and where it lands.
    public var greedy: [Int]
    public var greedyIndex: Int
    /// Spearman's ρ between Q and ACC over all orders.
    public var greedyCorrelation: Double

    /// The pairwise model's predicted ACC of every order (`TaskOrder.predictedAccuracy`), its best
    /// order, and Spearman's ρ between it and the measured ACC.
    public var pairwise: [Double]
    public var pairwiseBest: Int
    public var pairwiseCorrelation: Double

    public init(_ runs: [[TaskonomyRuns.OrderRun]], gains: [[Double]], costs: [[Double]], scratch: [Double], subsetIDs: [Int]) {
        orders = runs[0].map(\.order)
        let seeds = Double(runs.count)
        accuracy = orders.indices.map { o in runs.reduce(0.0) { $0 + $1[o].accuracy } / seeds }
        backwardTransfer = orders.indices.map { o in runs.reduce(0.0) { $0 + $1[o].backwardTransfer } / seeds }
        let sub = subsetIDs.map { s in subsetIDs.map { gains[s][$0] } }
        predicted = orders.map { TaskOrder.predictedTransfer($0, gains: sub) }
        greedy = TaskOrder.greedy(Array(subsetIDs.indices), gains: sub)
        greedyIndex = orders.firstIndex(of: greedy)!
        greedyCorrelation = ImportanceMaps.spearman(predicted.map(Float.init), accuracy.map(Float.init))
        let cost = subsetIDs.map { s in subsetIDs.map { costs[s][$0] } }, alone = subsetIDs.map { scratch[$0] }
        let pairwise = orders.map { TaskOrder.predictedAccuracy($0, alone: alone, gains: sub, costs: cost) }
        self.pairwise = pairwise
        pairwiseBest = pairwise.indices.max { pairwise[$0] < pairwise[$1] }!
        pairwiseCorrelation = ImportanceMaps.spearman(pairwise.map(Float.init), accuracy.map(Float.init))
    }

    /// The share of the other orders whose ACC is below order o's (its percentile, 0…1).
    public func percentile(_ o: Int) -> Double { Double(accuracy.filter { $0 < accuracy[o] }.count) / Double(max(accuracy.count - 1, 1)) }
    /// The order with the highest ACC.
    public var best: Int { accuracy.indices.max { accuracy[$0] < accuracy[$1] }! }

    public func median(_ v: [Double]) -> Double {
        let s = v.sorted(), n = s.count
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
}
