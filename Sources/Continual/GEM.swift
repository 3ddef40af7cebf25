import Autograd
import CKernels
import NN

/// **Gradient Episodic Memory** (Lopez-Paz & Ranzato 2017, arXiv 1706.08840): keep m examples of
/// every finished task; at every step compute the loss gradient gₖ on each earlier task's memory,
/// and if the current gradient g would raise any of those losses (⟨g, gₖ⟩ < 0), replace it by the
/// closest g̃ that does not:
///
///     minimise ½ ‖g̃ − g‖²   subject to ⟨g̃, gₖ⟩ ≥ 0 for every earlier task k
///
/// solved in its dual (`NonnegativeQP`): v = argmin_{v ≥ 0} ½ vᵀ (GGᵀ + εI) v + (Gg)ᵀ v,
/// g̃ = Gᵀv + g, on the whole flattened gradient. ε = `ridge` (10⁻³, as the paper's code; with it
/// the constraints hold up to the ridge: ⟨g̃, gₖ⟩ ≥ −ε vₖ). `margin` is the paper's code's
/// "memory strength": when a constraint is violated it solves with v ≥ margin instead of v ≥ 0
/// (substituting v = u + margin, u ≥ 0), which pushes g̃ a little towards every memory's gradient;
/// its runs use 0.5. margin = 0 is the paper's equation. Hooks: `afterBackward`, `endTask`.
public final class GEM: Strategy {
    public let memory: EpisodicMemory
    public let ridge: Double
    /// Steps taken with earlier tasks in memory, and how many of them were projected.
    public private(set) var steps = 0, projections = 0
    /// With `record` on, every step's g, G and g̃ (the geometry figure; small models only).
    public var record = false
    public private(set) var log: [(g: [Float], memories: [[Float]], projected: [Float])] = []

    /// The paper's code's "memory strength": v ≥ margin instead of v ≥ 0 when projecting.
    public let margin: Double

    public init(memoriesPerTask: Int, ridge: Double = 1e-3, margin: Double = 0) {
        (memory, self.ridge, self.margin) = (EpisodicMemory(perTask: memoriesPerTask), ridge, margin)
    }

    public func endTask(_ context: TaskContext) { memory.remember(context) }

    public func afterBackward(_ batch: Batch, _ context: TaskContext) {
        let earlier = memory.others(than: context.task.id)
        guard !earlier.isEmpty else { return }
        let model = context.model, g = model.flatGradients()
        let rows = earlier.map { model.flatGradient(of: context.objective, on: $0) }
        let projected = GEM.project(g, onto: rows, ridge: ridge, margin: margin)
        steps += 1
        if projected != g { projections += 1 }
        if record { log.append((g, rows, projected)) }
        try! model.setFlatGradients(projected)       // same layout as flatGradients(): cannot fail
    }

    /// g itself when ⟨g, gₖ⟩ ≥ 0 for every row gₖ of G; otherwise g̃ = Gᵀv + g with v from the dual.
    public static func project(_ g: [Float], onto rows: [[Float]], ridge: Double = 1e-3, margin: Double = 0) -> [Float] {
        let q = dots(g, rows)
        guard q.contains(where: { $0 < 0 }) else { return g }
        var p = rows.map { _ in [Double](repeating: 0, count: rows.count) }
        for k in rows.indices {                       // P is symmetric: one triangle, mirrored
            for (j, value) in zip(k..., dots(rows[k], rows[k...])) { (p[k][j], p[j][k]) = (value, value) }
            p[k][k] += ridge
        }
        // v = u + margin with u ≥ 0: the same problem in u, with q + P·margin.
        let shifted = q.indices.map { k in q[k] + margin * p[k].reduce(0, +) }
        let v = NonnegativeQP.solve(p, shifted).map { $0 + margin }
        return plusWeightedRows(g, rows, weights: v)
    }
}

/// Σ aᵢbᵢ in Double.
public func dot(_ a: [Float], _ b: [Float]) -> Double {
    var s = 0.0
    for i in a.indices { s += Double(a[i]) * Double(b[i]) }
    return s
}

/// `bs.map { dot(a, $0) }`, the same sums to the bit: `lf_dots_f64` (CKernels) reads eight rows side
/// by side, lanes across the rows, each lane summing its terms in order in Double, product and sum
/// rounded apart. One sum in order is a chain of dependent adds; eight in a vector (and two vectors
/// in flight) overlap them: GEM's 19 rows of 89,610 weights took 560 µs against 1,063 for the four
/// Swift chains at a time it replaces.
public func dots<Rows: Collection<[Float]>>(_ a: [Float], _ bs: Rows) -> [Double] {
    let bs = Array(bs)
    precondition(bs.allSatisfy { $0.count == a.count }, "dot products of vectors of different lengths")
    var out = [Double](repeating: 0, count: bs.count)
    guard !bs.isEmpty else { return out }
    a.withUnsafeBufferPointer { a in
        withPointers(bs) { rows in
            rows.withUnsafeBufferPointer { rows in
                out.withUnsafeMutableBufferPointer { lf_dots_f64(a.count, a.baseAddress, rows.baseAddress, bs.count, $0.baseAddress) }
            }
        }
    }
    return out
}

/// g + Gᵀv in Double, rounded to Float: for each i, g[i] + v₀G₀[i] + v₁G₁[i] + … in order of the
/// rows, those with vₖ = 0 left out (`lf_combine_f64`, lanes along i).
public func plusWeightedRows(_ g: [Float], _ rows: [[Float]], weights v: [Double]) -> [Float] {
    precondition(rows.count == v.count && rows.allSatisfy { $0.count == g.count })
    return [Float](unsafeUninitializedCapacity: g.count) { out, filled in
        g.withUnsafeBufferPointer { g in
            withPointers(rows) { pointers in
                pointers.withUnsafeBufferPointer { p in v.withUnsafeBufferPointer { v in
                    lf_combine_f64(g.count, g.baseAddress, p.baseAddress, v.baseAddress, rows.count, out.baseAddress)
                } }
            }
        }
        filled = g.count
    }
}
