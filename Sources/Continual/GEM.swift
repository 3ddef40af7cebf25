import Autograd
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
        var out = g.map(Double.init)
        for (k, row) in rows.enumerated() where v[k] != 0 { for i in out.indices { out[i] += v[k] * Double(row[i]) } }
        return out.map { Float($0) }
    }
}

/// Σ aᵢbᵢ in Double.
public func dot(_ a: [Float], _ b: [Float]) -> Double {
    var s = 0.0
    for i in a.indices { s += Double(a[i]) * Double(b[i]) }
    return s
}

/// `bs.map { dot(a, $0) }`, the same sums to the bit, four at a time: one sum in order is a chain
/// of dependent adds (an add's latency per element); four independent chains overlap. Two or
/// three left over run as four too (a row repeated; its extra sum thrown away): that still costs
/// less than one chain after another.
public func dots<Rows: Collection<[Float]>>(_ a: [Float], _ bs: Rows) -> [Double] {
    let bs = Array(bs)
    precondition(bs.allSatisfy { $0.count == a.count }, "dot products of vectors of different lengths")
    var out: [Double] = [], k = 0
    out.reserveCapacity(bs.count)
    while k < bs.count {
        let m = min(4, bs.count - k)
        if m == 1 { out.append(dot(a, bs[k])); break }
        let four = fourDots(a, bs[k], bs[k + 1], bs[k + min(2, m - 1)], bs[k + min(3, m - 1)])
        out += [four.0, four.1, four.2, four.3].prefix(m)
        k += m
    }
    return out
}

/// (a·b0, a·b1, a·b2, a·b3), each summed in order in Double, the four chains side by side.
private func fourDots(_ a: [Float], _ b0: [Float], _ b1: [Float], _ b2: [Float], _ b3: [Float]) -> (Double, Double, Double, Double) {
    a.withUnsafeBufferPointer { a in
        b0.withUnsafeBufferPointer { b0 in b1.withUnsafeBufferPointer { b1 in
            b2.withUnsafeBufferPointer { b2 in b3.withUnsafeBufferPointer { b3 in
                var (s0, s1, s2, s3) = (0.0, 0.0, 0.0, 0.0)
                for i in 0..<a.count {
                    let x = Double(a[i])
                    (s0, s1) = (s0 + x * Double(b0[i]), s1 + x * Double(b1[i]))
                    (s2, s3) = (s2 + x * Double(b2[i]), s3 + x * Double(b3[i]))
                }
                return (s0, s1, s2, s3)
            } }
        } }
    }
}
