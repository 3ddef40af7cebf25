/// The small quadratic program behind GEM's projection, solved exactly by an active-set method:
///
///     minimise ½ vᵀ P v + qᵀ v   subject to v ≥ 0        (P symmetric positive definite, K × K)
///
/// **Where it comes from.** GEM wants the update g̃ closest to the current gradient g that does not
/// raise any earlier task's loss: minimise ½‖g̃ − g‖² subject to G g̃ ≥ 0 (row k of G is task k's
/// memory gradient). Its Lagrangian is ½‖g̃ − g‖² − vᵀ G g̃ with v ≥ 0; setting its gradient in g̃
/// to zero gives g̃ = g + Gᵀ v, and putting that back gives the dual: maximise −½ vᵀ G Gᵀ v − gᵀ Gᵀ v,
/// i.e. minimise ½ vᵀ (G Gᵀ) v + (G g)ᵀ v over v ≥ 0. One variable per earlier task (≤ 19 here)
/// instead of one per weight. GEM's code adds a ridge ε I to G Gᵀ (ε = 10⁻³) so that P is positive
/// definite even when two memories' gradients are parallel.
///
/// **How.** Lawson–Hanson's active set (as for non-negative least squares): start with every
/// variable at 0; while some variable at 0 has a negative gradient (Pv + q)ₖ < −tolerance, free the
/// most negative one, solve P_FF z_F = −q_F on the free set F, and step from v towards z as far as
/// v stays ≥ 0 (dropping variables that reach 0 from F). Each outer pass lowers the objective, so it
/// ends; for K ≤ 20 it takes a few passes. Arithmetic in Double.
///
/// **Tolerance.** On return, v ≥ 0 exactly, (Pv + q)ₖ ≥ −tolerance·scale for every k, and
/// (Pv + q)ₖ = 0 to rounding for every k with vₖ > 0, where scale = max(1, max |qₖ|) and
/// tolerance = 10⁻¹⁰ by default.
public enum NonnegativeQP {
    public static func solve(_ p: [[Double]], _ q: [Double], tolerance: Double = 1e-10) -> [Double] {
        let k = q.count
        precondition(p.count == k && p.allSatisfy { $0.count == k }, "P must be \(k)×\(k)")
        let limit = tolerance * max(1, q.map(abs).max() ?? 0)
        var v = [Double](repeating: 0, count: k), free = [Bool](repeating: false, count: k)
        func gradient() -> [Double] {
            (0..<k).map { (i: Int) -> Double in q[i] + (0..<k).reduce(0.0) { (sum: Double, j: Int) -> Double in sum + p[i][j] * v[j] } }
        }
        for _ in 0..<(3 * k + 10) {
            let g = gradient()
            guard let enter = (0..<k).filter({ !free[$0] && g[$0] < -limit }).min(by: { g[$0] < g[$1] }) else { break }
            free[enter] = true
            for _ in 0...k {                                   // each pass frees one fewer variable
                let z = solveFree(p, q, free)
                if (0..<k).allSatisfy({ !free[$0] || z[$0] > 0 }) { v = z; break }
                // Step from v towards z until the first free variable reaches 0; it leaves F.
                var (alpha, blocking) = (1.0, -1)
                for i in 0..<k where free[i] && z[i] <= 0 {
                    let a = v[i] / (v[i] - z[i])
                    if a < alpha || blocking < 0 { (alpha, blocking) = (a, i) }
                }
                for i in 0..<k where free[i] { v[i] += alpha * (z[i] - v[i]) }
                (free[blocking], v[blocking]) = (false, 0)
                for i in 0..<k where free[i] && v[i] <= 0 { (free[i], v[i]) = (false, 0) }
                if !free.contains(true) { break }
            }
        }
        return v
    }

    /// z with P_FF z_F = −q_F on the free set and 0 elsewhere (Gaussian elimination, partial pivoting).
    static func solveFree(_ p: [[Double]], _ q: [Double], _ free: [Bool]) -> [Double] {
        let index = free.indices.filter { free[$0] }, n = index.count
        var a = index.map { i in index.map { p[i][$0] } + [-q[i]] }
        for col in 0..<n {
            let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
            a.swapAt(col, pivot)
            for row in (col + 1)..<max(col + 1, n) where a[col][col] != 0 {
                let f = a[row][col] / a[col][col]
                for c in col...n { a[row][c] -= f * a[col][c] }
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            let rest = ((row + 1)..<n).reduce(0.0) { $0 + a[row][$1] * x[$1] }
            x[row] = a[row][row] != 0 ? (a[row][n] - rest) / a[row][row] : 0
        }
        var z = [Double](repeating: 0, count: free.count)
        for (j, i) in index.enumerated() { z[i] = x[j] }
        return z
    }

    /// ½ vᵀ P v + qᵀ v.
    public static func objective(_ p: [[Double]], _ q: [Double], _ v: [Double]) -> Double {
        var total = 0.0
        for i in q.indices { total += q[i] * v[i] + 0.5 * v[i] * (0..<q.count).reduce(0) { $0 + p[i][$1] * v[$1] } }
        return total
    }
}
