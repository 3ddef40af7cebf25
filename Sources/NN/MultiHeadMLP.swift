import Autograd

/// An MLP body shared by every task and a head (a `Linear` to the classes) per task: the model of
/// task-incremental learning, where each row's task id picks its head. With `owners`, every body
/// weight also belongs to one task, and task t computes with the weights it owns and the earlier
/// tasks' weights it is allowed to read (PackNet, Mallya & Lazebnik 2018, reads them all; CPG,
/// Hung et al. 2019, reads those its learned mask `picks` — see `MultiHeadMLP+Growth.swift`):
///
///     h⁰ = x,   hⁱ = relu( hⁱ⁻¹ · (Wⁱ ⊙ Mⁱ(t)) + bⁱ ),   y = head_t(h)
///     Mⁱ(t) = [owner = t] + [owner < t] · pick_t      (pick_t = 1 without picking)
///
/// A weight no task owns (`free`) is used by none. A task computes at the widths the body had
/// when it was learned (`widths`), so growing the body later changes nothing for it. A task
/// without a head yet (scored before it is learned) uses the newest head.
public final class MultiHeadMLP: Layer {
    public internal(set) var body: [Linear]
    public internal(set) var heads: [Linear]
    public let classes: Int
    /// Head k's number of classes when tasks differ in their label space (`headClasses[k]`; a task
    /// beyond the list, or nil: `classes`). Rows of heads of different widths never share a batch.
    public let headClasses: [Int]?
    /// `owners[layer][i]`: the task that owns weight i of body layer `layer`, or `free`; nil: every
    /// task uses every weight (plain fine-tuning of a shared body).
    public var owners: [[Int32]]? { didSet { maskCache = [:] } }
    /// Task t's hidden widths, when the body has grown since (nil: the full width).
    public var widths: [Int: [Int]] = [:]
    /// Task t's picks over earlier tasks' weights while it learns them: real-valued scores, a
    /// weight read where its score > 0 (straight-through). Parameters of the model until `finishPicking`.
    public internal(set) var pickScores: [Int: [Tensor]] = [:]
    /// Task t's final picks, one flag per weight of each layer (at its widths).
    public internal(set) var picked: [Int: [[Bool]]] = [:] { didSet { maskCache = [:] } }
    /// Task t's constant masks per layer ([owner = t], [owner < t], and with its final picks),
    /// made once while the owners stay the same (a step would otherwise rebuild them).
    private var maskCache: [Int: [(own: Tensor, earlier: Tensor, fixed: Tensor)]] = [:]
    /// The owner of a weight no task has kept.
    public static let free = Int32.max

    /// A body `sizes` (inputs first, e.g. `[784, 100, 100]`) and one head to `classes` (or, with
    /// `headClasses`, head k to `headClasses[k]` classes).
    public init(_ sizes: [Int], classes: Int, headClasses: [Int]? = nil, using rng: inout SeededGenerator) {
        precondition(sizes.count >= 2, "a body needs at least an input and a hidden size")
        precondition(headClasses?.allSatisfy { $0 >= 1 } ?? true, "every head has at least one class")
        (self.classes, self.headClasses) = (classes, headClasses)
        body = (0..<(sizes.count - 1)).map { Linear(sizes[$0], sizes[$0 + 1], using: &rng) }
        heads = [Linear(sizes.last!, Self.classCount(ofHead: 0, classes, headClasses), using: &rng)]
    }

    private init(_ other: MultiHeadMLP) {
        (body, heads, classes, headClasses, owners, widths) = (other.body.map { $0.copy() }, other.heads.map { $0.copy() }, other.classes, other.headClasses, other.owners, other.widths)
        (pickScores, picked) = (other.pickScores.mapValues { $0.map { $0.copiedParameter() } }, other.picked)
    }

    public func copy() -> MultiHeadMLP { MultiHeadMLP(self) }

    /// Adds heads until task `task` has one.
    public func ensureHead(for task: Int, using rng: inout SeededGenerator) {
        while heads.count <= task { heads.append(Linear(body.last!.outputs, classCount(ofHead: heads.count), using: &rng)) }
    }

    /// How many classes head k has.
    public func classCount(ofHead k: Int) -> Int { Self.classCount(ofHead: k, classes, headClasses) }

    static func classCount(ofHead k: Int, _ classes: Int, _ headClasses: [Int]?) -> Int { headClasses.flatMap { k < $0.count ? $0[k] : nil } ?? classes }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        var all: [(name: String, tensor: Tensor)] = []
        for (k, layer) in body.enumerated() { all += prefixed("body.\(k)", layer) }
        for (k, head) in heads.enumerated() { all += prefixed("heads.\(k)", head) }
        for t in pickScores.keys.sorted() {
            for (k, scores) in pickScores[t]!.enumerated() { all.append((name: "picks.\(t).\(k)", tensor: scores)) }
        }
        return all
    }

    /// The newest head's outputs.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x, task: heads.count - 1) }

    /// Each row through its task's weights and head.
    public func callAsFunction(_ x: Tensor, tasks: [Int]) -> Tensor {
        precondition(headClasses == nil || Set(tasks.map { heads[min(max($0, 0), heads.count - 1)].outputs }).count <= 1,
                     "rows of heads with different numbers of classes cannot share a batch")
        return forwardRowsByTask(x, tasks: tasks, parts: heads.count) { forward($0, task: $1) }
    }

    /// Every row through each of the tasks `ks`' heads: `[outputs of head k]`. Without owners or
    /// growth the body is computed once for all of them (LwF distils every old head each step).
    public func outputs(_ x: Tensor, heads ks: [Int]) -> [Tensor] {
        guard owners == nil, widths.isEmpty else { return ks.map { forward(x, task: $0) } }
        var h = x
        for layer in body { h = layer(h, then: .relu) }
        return ks.map { heads[min($0, heads.count - 1)](h) }
    }

    /// Task `t`'s outputs: the body at its widths with the weights it may read, then head t.
    public func forward(_ x: Tensor, task t: Int) -> Tensor {
        let width = widths[t] ?? body.map(\.outputs)
        var h = x
        for (i, layer) in body.enumerated() {
            let (rows, cols) = (i == 0 ? layer.inputs : width[i - 1], width[i])
            var (w, b) = (layer.weight, layer.bias)
            if rows != layer.inputs || cols != layer.outputs { (w, b) = (w.slice(axis: 0, 0..<rows).slice(axis: 1, 0..<cols), b.slice(axis: 0, 0..<cols)) }
            if owners != nil { w = w * mask(task: t, layer: i, rows: rows, cols: cols) }
            h = h.linear(w, b, relu: true)
        }
        let head = heads[t]
        return width.last! == head.inputs ? head(h) : h.linear(head.weight.slice(axis: 0, 0..<width.last!), head.bias)
    }

    /// Mⁱ(t) on the `rows` × `cols` block: 1 for t's own weights, the pick for earlier ones, 0 else.
    func mask(task t: Int, layer i: Int, rows: Int, cols: Int) -> Tensor {
        if maskCache[t] == nil || maskCache[t]![i].own.shape != [rows, cols] { maskCache[t] = masks(task: t) }
        let cached = maskCache[t]![i]
        guard let scores = pickScores[t] else { return cached.fixed }
        precondition(scores[i].shape == [rows, cols], "task \(t) learns its picks at full width")
        return cached.own + cached.earlier * scores[i].thresholdStraightThrough()      // learning: straight through
    }

    /// Task `t`'s masks for every layer, at its widths.
    private func masks(task t: Int) -> [(own: Tensor, earlier: Tensor, fixed: Tensor)] {
        let width = widths[t] ?? body.map(\.outputs), task = Int32(t)
        return body.indices.map { i in
            let (rows, cols, full, owner) = (i == 0 ? body[0].inputs : width[i - 1], width[i], body[i].outputs, owners![i])
            var own = [Float](repeating: 0, count: rows * cols), earlier = own, fixed = own
            for r in 0..<rows {
                for c in 0..<cols {
                    let (o, k) = (owner[r * full + c], r * cols + c)
                    (own[k], earlier[k]) = (o == task ? 1 : 0, o < task ? 1 : 0)
                    fixed[k] = own[k] + earlier[k] * (picked[t].map { $0[i][k] ? 1 : 0 } ?? 1)      // picks are laid out at t's widths
                }
            }
            return (Tensor(shape: [rows, cols], data: own), Tensor(shape: [rows, cols], data: earlier), Tensor(shape: [rows, cols], data: fixed))
        }
    }
}
