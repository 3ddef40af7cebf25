import Foundation

/// Taskonomy's normalisation of a transfer map (Zamir et al. 2018, §3.3, the Analytic Hierarchy
/// Process): raw gains are not comparable across targets, so for each target t the sources are
/// compared pairwise, example by example, and ranked by the principal eigenvector of the ratio
/// matrix.
///
///     W_ij   = fraction of t's test examples on which source i's transfer beats source j's,
///              clipped to [ε, 1 − ε]
///     W′_ij  = W_ij / W_ji                        (W′ = W ⊘ Wᵀ: W′_ii = 1, W′_ji = 1 / W′_ij)
///     a      = the principal eigenvector of W′, scaled to sum to 1: the sources' affinities for t
///
/// For a consistent W′ (W′_ij = a_i / a_j for some positive a) the eigenvector is a itself.
public enum TaskAffinity {
    /// W for one target: `losses[i][n]` is source i's loss on test example n (lower wins; a tie
    /// counts half to each), clipped to [`clip`, 1 − `clip`]. The diagonal is ½.
    public static func wins(losses: [[Double]], clip: Double = 0.001) -> [[Double]] {
        let k = losses.count
        precondition(k > 0 && losses.allSatisfy { $0.count == losses[0].count && !$0.isEmpty }, "one loss per test example for every source")
        precondition(clip > 0 && clip < 0.5, "the clip is in (0, ½)")
        let n = Double(losses[0].count)
        return (0..<k).map { i in
            (0..<k).map { j in
                let score = zip(losses[i], losses[j]).reduce(0.0) { $0 + ($1.0 < $1.1 ? 1 : $1.0 == $1.1 ? 0.5 : 0) }
                return min(max(score / n, clip), 1 - clip)
            }
        }
    }

    /// The principal eigenvector of W ⊘ Wᵀ by power iteration, scaled to sum to 1 (all entries
    /// positive: the matrix is positive, Perron–Frobenius).
    public static func affinities(wins w: [[Double]], iterations: Int = 1000, tolerance: Double = 1e-12) -> [Double] {
        let k = w.count
        precondition(w.allSatisfy { $0.count == k && $0.allSatisfy { $0 > 0 } }, "a square, positive win matrix")
        let ratio: [[Double]] = (0..<k).map { (i: Int) -> [Double] in (0..<k).map { (j: Int) -> Double in w[i][j] / w[j][i] } }
        var a = [Double](repeating: 1 / Double(k), count: k)
        for _ in 0..<iterations {
            var next: [Double] = (0..<k).map { (i: Int) -> Double in (0..<k).reduce(0.0) { (sum: Double, j: Int) -> Double in sum + ratio[i][j] * a[j] } }
            let sum = next.reduce(0, +)
            next = next.map { $0 / sum }
            let change = zip(next, a).map { abs($0 - $1) }.max()!
            a = next
            if change < tolerance { break }
        }
        return a
    }
}
