import Autograd
import CKernels
import Continual
import NN
import Testing

/// A random symmetric positive definite K×K matrix (AAᵀ + 0.1 I) and a random q.
func randomQP(_ k: Int, seed: UInt64) -> ([[Double]], [Double]) {
    var rng = SeededGenerator(seed: seed)
    let a = (0..<k).map { _ in (0..<(k + 2)).map { _ in Double(rng.normal()) } }
    var p = a.map { r in a.map { s in zip(r, s).reduce(0) { $0 + $1.0 * $1.1 } } }
    for i in 0..<k { p[i][i] += 0.1 }
    return (p, (0..<k).map { _ in Double(rng.normal()) * 2 })
}

/// The best v ≥ 0 over every active set: solve P_SS v_S = −q_S for each subset S, keep the feasible
/// ones, take the smallest objective.
func bruteForce(_ p: [[Double]], _ q: [Double]) -> [Double] {
    let k = q.count
    var best = [Double](repeating: 0, count: k), bestValue = 0.0
    for mask in 1..<(1 << k) {
        let s = (0..<k).filter { mask & (1 << $0) != 0 }
        var a = s.map { i in s.map { p[i][$0] } + [-q[i]] }
        for c in s.indices {                                    // Gauss–Jordan on the small system
            let pivot = (c..<s.count).max { abs(a[$0][c]) < abs(a[$1][c]) }!
            a.swapAt(c, pivot)
            let d = a[c][c]
            for j in c...s.count { a[c][j] /= d }
            for r in s.indices where r != c { let f = a[r][c]; for j in c...s.count { a[r][j] -= f * a[c][j] } }
        }
        var v = [Double](repeating: 0, count: k)
        for (j, i) in s.enumerated() { v[i] = a[j][s.count] }
        if v.allSatisfy({ $0 >= -1e-12 }), NonnegativeQP.objective(p, q, v) < bestValue { (best, bestValue) = (v, NonnegativeQP.objective(p, q, v)) }
    }
    return best
}

@Suite("GEM's quadratic program, GEM and A-GEM")
struct GEMTests {
    /// KKT on random problems: v ≥ 0, gradient ≥ −tol, and zero gradient where v > 0.
    @Test(arguments: [1, 2, 3, 5, 8, 12, 19])
    func solverMeetsTheKKTConditions(k: Int) {
        for seed in 0..<20 {
            let (p, q) = randomQP(k, seed: UInt64(100 * k + seed))
            let v = NonnegativeQP.solve(p, q)
            let g: [Double] = (0..<k).map { (i: Int) -> Double in q[i] + (0..<k).reduce(0.0) { (sum: Double, j: Int) -> Double in sum + p[i][j] * v[j] } }
            #expect(v.allSatisfy { $0 >= 0 })
            #expect(g.allSatisfy { $0 >= -1e-8 }, "k \(k) seed \(seed): \(g)")
            #expect(zip(v, g).allSatisfy { $0 == 0 || abs($1) < 1e-8 })
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6])
    func solverMatchesBruteForceOverActiveSets(k: Int) {
        for seed in 0..<15 {
            let (p, q) = randomQP(k, seed: UInt64(7000 + 100 * k + seed))
            let v = NonnegativeQP.solve(p, q), best = bruteForce(p, q)
            #expect(zip(v, best).allSatisfy { abs($0 - $1) < 1e-7 }, "\(v) vs \(best)")
        }
    }

    /// By hand. One variable: v = max(0, −q/p). Two: P = [[2, 1], [1, 2]], q = (−3, 1): v₂ = 0 and
    /// v₁ = 3/2 (then ∂/∂v₂ = 1 + 3/2 > 0); q = (−3, −3): both free, v = (1, 1).
    @Test func handCases() {
        #expect(NonnegativeQP.solve([[4]], [-2]) == [0.5])
        #expect(NonnegativeQP.solve([[4]], [3]) == [0])
        let one = NonnegativeQP.solve([[2, 1], [1, 2]], [-3, 1])
        #expect(abs(one[0] - 1.5) < 1e-12 && one[1] == 0)
        let two = NonnegativeQP.solve([[2, 1], [1, 2]], [-3, -3])
        #expect(abs(two[0] - 1) < 1e-12 && abs(two[1] - 1) < 1e-12)
    }

    /// After the projection no memory's loss rises to first order; with no violation g is returned as is.
    @Test func projectionSatisfiesEveryConstraint() {
        var rng = SeededGenerator(seed: 4)
        for k in [1, 3, 7, 19] {
            let rows = (0..<k).map { _ in (0..<50).map { _ in rng.normal() } }
            let g = (0..<50).map { _ in rng.normal() }
            let projected = GEM.project(g, onto: rows, ridge: 0)
            for row in rows { #expect(zip(projected, row).reduce(0.0) { $0 + Double($1.0 * $1.1) } >= -1e-3) }
            #expect(GEM.project(g, onto: [g.map { $0 * 2 }]) == g)
        }
        let g: [Float] = [1, 1]
        #expect(GEM.project(g, onto: [[1, 0], [0, 0.5], [-0.5, 1]]) == g, "no violated constraint: g unchanged")
    }

    /// One constraint by hand: g = (1, −1), gₖ = (0, 1): g̃ = (1, 0) (ridge 0).
    @Test func gemWithOneMemoryIsTheSlidesPicture() {
        let projected = GEM.project([1, -1], onto: [[0, 1]], ridge: 0)
        #expect(abs(projected[0] - 1) < 1e-6 && abs(projected[1]) < 1e-6)
    }

    /// The paper's code's margin: v ≥ margin. g = (1, −0.2), gₖ = (0, 1): without a margin v = 0.2 and
    /// g̃ = (1, 0); with margin 0.5, v = 0.5 and g̃ = (1, 0.3). A margin below the free optimum changes nothing.
    @Test func marginRaisesTheDualFloor() {
        let plain = GEM.project([1, -0.2], onto: [[0, 1]], ridge: 0), pushed = GEM.project([1, -0.2], onto: [[0, 1]], ridge: 0, margin: 0.5)
        #expect(abs(plain[1]) < 1e-6 && abs(pushed[1] - 0.3) < 1e-6 && pushed[0] == 1)
        #expect(GEM.project([1, -1], onto: [[0, 1]], ridge: 0, margin: 0.5) == GEM.project([1, -1], onto: [[0, 1]], ridge: 0))
    }

    /// A-GEM by hand: g = (1, −2), g_ref = (0, 1): gᵀg_ref = −2 → g̃ = g + 2·(0, 1) = (1, 0); and a copy.
    @Test func agemFormula() {
        let g: [Float] = [1, -2], r: [Float] = [0, 1]
        #expect(AGEM.project(g, reference: r) == [1, 0])
        #expect(AGEM.project([3, 1], reference: r) == [3, 1])
        #expect(g == [1, -2], "g is not changed in place")
    }

    /// The memory hands out any rows of the earlier tasks' memories without building the whole
    /// concatenation: the same batch as concatenating and picking rows.
    @Test func memoryExamplesEqualRowsOfTheConcatenation() {
        let memory = EpisodicMemory(perTask: 10)
        var rng = SeededGenerator(seed: 11)
        let blobs = twoBlobTasks(), model = MLP([2, 2], using: &rng)
        for (id, task) in [(0, blobs[0]), (1, blobs[1]), (2, blobs[0])] {
            memory.remember(TaskContext(model: model, task: TaskInfo(id: id, stage: id, name: task.name, train: task.train), objective: .classification, step: 0))
        }
        let picked = [19, 0, 7, 12, 3, 19, 10]
        let expected = Batch.concatenated(memory.others(than: 1)).rows(picked), got = memory.examples(picked, otherThan: 1)
        #expect(got.inputs.shape == expected.inputs.shape && got.inputs.data == expected.inputs.data)
        #expect(got.labels == expected.labels && got.tasks == expected.tasks && got.tasks.contains(2) && !got.tasks.contains(1))
    }

    /// In a real run, after every projected step every earlier task's memory gradient agrees with
    /// the step (ridge 0 here: with a ridge ε the constraints hold up to ε·vₖ).
    @Test func gemRunKeepsEveryConstraint() throws {
        let gem = GEM(memoriesPerTask: 16, ridge: 0)
        gem.record = true
        var (learner, rng) = blobLearner(strategies: [gem])
        _ = try learnSequence(twoBlobTasks(), learner: learner, using: &rng)
        #expect(gem.memory.totalExamples == 32 && gem.steps > 0)
        for entry in gem.log { for row in entry.memories { #expect(zip(entry.projected, row).reduce(0.0) { $0 + Double($1.0 * $1.1) } >= -1e-4) } }
        #expect(gem.log.contains { $0.projected != $0.g } == (gem.projections > 0))
    }

    /// g + Gᵀv as the plain loop has it: from g in Double, row after row (rows with vₖ = 0 skipped).
    @Test(arguments: [0, 1, 5, 19])
    func weightedRowsAddInOrder(count: Int) {
        var rng = SeededGenerator(seed: UInt64(100 + count))
        let g = (0..<1003).map { _ in rng.normal() }
        let rows = (0..<count).map { _ in (0..<1003).map { _ in rng.normal() } }
        let v = (0..<count).map { k in k % 3 == 1 ? 0 : Double(rng.uniform(0, 2)) }
        var plain = g.map(Double.init)
        for (k, row) in rows.enumerated() where v[k] != 0 { for i in plain.indices { plain[i] += v[k] * Double(row[i]) } }
        for isa in ["avx512", "avx2", "generic"] where lf_lanes_force_isa(isa) == 1 {
            #expect(plusWeightedRows(g, rows, weights: v) == plain.map { Float($0) }, "\(isa)")
            lf_lanes_force_isa(nil)
        }
        #expect(plusWeightedRows([], rows.map { _ in [] }, weights: v) == [])
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 9, 15, 16, 17, 19, 33])
    func dotProductsSideBySideAreTheSumsInOrder(count: Int) {
        var rng = SeededGenerator(seed: UInt64(count))
        let a = (0..<1001).map { _ in rng.normal() }
        let rows = (0..<count).map { _ in (0..<1001).map { _ in rng.normal() } }
        let plain = rows.map { row in zip(a, row).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } }
        for isa in ["avx512", "avx2", "generic"] where lf_lanes_force_isa(isa) == 1 {   // every copy the CPU runs
            #expect(dots(a, rows) == plain, "\(isa)")
            #expect(dots(a, rows.dropFirst()) == Array(plain.dropFirst()), "\(isa)")
            lf_lanes_force_isa(nil)
        }
        #expect(dot(a, rows[0]) == plain[0])
        #expect(dots([], rows.map { _ in [Float]() }) == Array(repeating: 0, count: count))
        #expect(dots(a, [[Float]]()) == [])
    }
}
