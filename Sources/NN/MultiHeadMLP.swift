import Autograd

/// An MLP body shared by every task and a head (a `Linear` to the classes) per task: the model of
/// task-incremental learning, where each row's task id picks its head. With `owners`, every body
/// weight also belongs to one task, and task t computes with the weights owned by tasks ≤ t only
/// (PackNet; Mallya & Lazebnik 2018, arXiv 1711.05769):
///
///     h⁰ = x,   hⁱ = relu( hⁱ⁻¹ · (Wⁱ ⊙ Mᵢ(t)) + bⁱ ),   y = head_t(h)    Mᵢ(t) = [owner ≤ t]
///
/// A weight no task owns (`free`) is used by none. A task without a head yet (scored before it is
/// learned) uses the newest head.
public final class MultiHeadMLP: Layer {
    public let body: [Linear]
    public private(set) var heads: [Linear]
    public let classes: Int
    /// `owners[layer][i]`: the task that owns weight i of body layer `layer`, or `free`; nil: every
    /// task uses every weight (plain fine-tuning of a shared body).
    public var owners: [[Int32]]?
    /// The owner of a weight no task has kept.
    public static let free = Int32.max

    /// A body `sizes` (inputs first, e.g. `[784, 100, 100]`) and one head to `classes`.
    public init(_ sizes: [Int], classes: Int, using rng: inout SeededGenerator) {
        precondition(sizes.count >= 2, "a body needs at least an input and a hidden size")
        body = (0..<(sizes.count - 1)).map { Linear(sizes[$0], sizes[$0 + 1], using: &rng) }
        heads = [Linear(sizes.last!, classes, using: &rng)]
        self.classes = classes
    }

    private init(body: [Linear], heads: [Linear], classes: Int, owners: [[Int32]]?) {
        (self.body, self.heads, self.classes, self.owners) = (body, heads, classes, owners)
    }

    public func copy() -> MultiHeadMLP {
        MultiHeadMLP(body: body.map { $0.copy() }, heads: heads.map { $0.copy() }, classes: classes, owners: owners)
    }

    /// Adds heads until task `task` has one.
    public func ensureHead(for task: Int, using rng: inout SeededGenerator) {
        while heads.count <= task { heads.append(Linear(body.last!.outputs, classes, using: &rng)) }
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        body.enumerated().flatMap { prefixed("body.\($0.offset)", $0.element) } + heads.enumerated().flatMap { prefixed("heads.\($0.offset)", $0.element) }
    }

    /// The newest head's outputs.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x, task: heads.count - 1) }

    /// Each row through its task's weights and head.
    public func callAsFunction(_ x: Tensor, tasks: [Int]) -> Tensor {
        let wanted = tasks.map { min(max($0, 0), heads.count - 1) }
        if Set(wanted).count == 1 { return forward(x, task: wanted[0]) }
        var rows = [Int](repeating: 0, count: tasks.count), parts: [Tensor] = [], done = 0
        for t in Set(wanted).sorted() {
            let mine = wanted.indices.filter { wanted[$0] == t }
            parts.append(forward(x.gatherRows(mine), task: t))
            for (n, r) in mine.enumerated() { rows[r] = done + n }
            done += mine.count
        }
        return Tensor.concat(parts).gatherRows(rows)
    }

    /// Task `t`'s outputs: the body with the weights owned by tasks ≤ t, then head t.
    public func forward(_ x: Tensor, task t: Int) -> Tensor {
        var h = x
        for (i, layer) in body.enumerated() {
            var weight = layer.weight
            if let owners { weight = weight * Tensor(shape: weight.shape, data: owners[i].map { owner in owner <= Int32(t) ? 1 : 0 }) }
            h = (h.matmul(weight) + layer.bias).relu()
        }
        return heads[t](h)
    }
}
