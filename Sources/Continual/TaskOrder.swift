import Foundation

/// Choosing a learning order from a transfer map (the taskonomy lesson, issue 20). `gains[s][t]` is
/// how much learning task s first helps task t (the diagonal is ignored). The map only speaks of
/// pairs, so an order is scored by the transfer its pairs predict:
///
///     Q(o) = Σ_{k ≥ 2} max_{j < k} gains[o_j][o_k]
///
/// — each task, when it arrives, gets the best help any task learned before it gives. `greedy` builds
/// an order one task at a time: first the pair with the largest gain, then each next task the one
/// the learned tasks transfer to best. (Forgetting is not in Q: the map measures forward transfer.)
public enum TaskOrder {
    /// Q of `order` under `gains`.
    public static func predictedTransfer(_ order: [Int], gains: [[Double]]) -> Double {
        order.indices.dropFirst().reduce(0.0) { sum, k in sum + order[..<k].map { gains[$0][order[k]] }.max()! }
    }

    /// The accuracy after the last task that the pairs predict for `order`, as a mean over tasks:
    /// each task's accuracy alone, plus the best gain a task before it gives, minus what each task
    /// after it costs it (`costs[s][t]`: s's loss when t is learned after it):
    ///
    ///     ACĈ(o) = 1/T · Σ_k ( alone[o_k] + max_{j<k} gains[o_j][o_k] − Σ_{j>k} costs[o_k][o_j] )
    public static func predictedAccuracy(_ order: [Int], alone: [Double], gains: [[Double]], costs: [[Double]]) -> Double {
        order.indices.reduce(0.0) { sum, k in
            let help = k == 0 ? 0 : order[..<k].map { gains[$0][order[k]] }.max()!
            return sum + alone[order[k]] + help - order[(k + 1)...].reduce(0.0) { $0 + costs[order[k]][$1] }
        } / Double(order.count)
    }

    /// The greedy order of `tasks` (at least two): the pair (s, t) with the largest gains[s][t]
    /// first, then each next task the one with the largest max over learned s of gains[s][t]. Ties go
    /// to the task listed first in `tasks`.
    public static func greedy(_ tasks: [Int], gains: [[Double]]) -> [Int] {
        precondition(tasks.count >= 2 && Set(tasks).count == tasks.count, "at least two different tasks")
        var best = (tasks[0], tasks[1])
        for s in tasks { for t in tasks where t != s && gains[s][t] > gains[best.0][best.1] { best = (s, t) } }
        var order = [best.0, best.1]
        while order.count < tasks.count {
            let left = tasks.filter { !order.contains($0) }
            let help = left.map { t in order.map { gains[$0][t] }.max()! }
            order.append(left[help.indices.max { help[$0] < help[$1] || (help[$0] == help[$1] && $0 > $1) }!])
        }
        return order
    }

    /// Every order of `items` (n! of them), in lexicographic order of positions.
    public static func permutations(_ items: [Int]) -> [[Int]] {
        guard items.count > 1 else { return [items] }
        return items.indices.flatMap { i in
            permutations(Array(items[..<i] + items[(i + 1)...])).map { [items[i]] + $0 }
        }
    }
}

/// Average-linkage agglomerative clustering of a few tasks: the "taxonomy" of a transfer map.
///
///     d(A, B) = mean over a ∈ A, b ∈ B of d(a, b); repeatedly merge the two closest clusters.
public enum TaskClustering {
    /// One merge: the two clusters' members and the distance at which they joined.
    public struct Merge: Sendable, Equatable {
        public let left: [Int], right: [Int]
        public let height: Double
        public init(left: [Int], right: [Int], height: Double) { (self.left, self.right, self.height) = (left, right, height) }
    }

    /// The merges, closest first (n − 1 of them for n tasks), and the leaves in dendrogram order
    /// (each merge puts its left cluster — the one holding the lower task — before its right).
    public static func averageLinkage(_ distances: [[Double]]) -> (merges: [Merge], order: [Int]) {
        let n = distances.count
        precondition(n >= 1 && distances.allSatisfy { $0.count == n }, "a square distance matrix")
        var clusters: [[Int]] = (0..<n).map { [$0] }, merges: [Merge] = []
        func distance(_ a: [Int], _ b: [Int]) -> Double {
            a.reduce(0.0) { sum, i in b.reduce(sum) { $0 + distances[i][$1] } } / Double(a.count * b.count)
        }
        while clusters.count > 1 {
            var best = (0, 1, Double.infinity)
            for i in clusters.indices { for j in clusters.indices where j > i {
                let d = distance(clusters[i], clusters[j])
                if d < best.2 { best = (i, j, d) }
            } }
            let (a, b) = clusters[best.0].min()! < clusters[best.1].min()! ? (clusters[best.0], clusters[best.1]) : (clusters[best.1], clusters[best.0])
            merges.append(Merge(left: a, right: b, height: best.2))
            clusters.remove(at: best.1)
            clusters[best.0] = a + b
        }
        return (merges, clusters[0])
    }
}
