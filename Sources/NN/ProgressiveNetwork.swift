import Autograd

/// Progressive Neural Networks (Rusu et al. 2016, arXiv 1606.04671): one column — an MLP of the
/// same sizes — per task. Column k's layer i reads its own layer i − 1 and, through a lateral
/// weight U, layer i − 1 of every earlier column:
///
///     h_k⁰ = x
///     h_kⁱ = relu( W_kⁱ h_kⁱ⁻¹ + b_kⁱ + Σ_{j<k} U_{k←j}ⁱ h_jⁱ⁻¹ )      i = 1 … L (no relu at L)
///
/// (the laterals start at the second layer: all columns read the same x). Column k's last layer
/// is task k's head. The paper's adapters are small MLPs; these are single linear maps, the
/// simplest form of the same idea. Rows of a batch go through the column of their task id; a task
/// without a column yet (scored before it is learned) goes through the newest column.
public final class ProgressiveNetwork: Layer {
    /// One column: its layers, and `laterals[i][j]`, the weight from column j's hidden layer i + 1
    /// into this column's layer i + 2 (layers counted from 1; `[sizes[i + 1], sizes[i + 2]]`).
    public final class Column {
        public let layers: [Linear]
        public let laterals: [[Tensor]]
        init(layers: [Linear], laterals: [[Tensor]]) { (self.layers, self.laterals) = (layers, laterals) }
    }

    /// The sizes of every column, inputs first: `[784, 100, 100, 10]`.
    public let sizes: [Int]
    public private(set) var columns: [Column] = []

    /// A network with its first column.
    public init(_ sizes: [Int], using rng: inout SeededGenerator) {
        precondition(sizes.count >= 2, "a column needs at least an input and an output size")
        self.sizes = sizes
        addColumn(using: &rng)
    }

    private init(sizes: [Int], columns: [Column]) { (self.sizes, self.columns) = (sizes, columns) }

    public func copy() -> ProgressiveNetwork {
        ProgressiveNetwork(sizes: sizes, columns: columns.map { c in
            Column(layers: c.layers.map { $0.copy() }, laterals: c.laterals.map { $0.map { $0.copiedParameter() } })
        })
    }

    /// Adds a column for the next task, with laterals from every existing column (initialised like
    /// a `Linear` weight of the same shape).
    public func addColumn(using rng: inout SeededGenerator) {
        let layers = (0..<(sizes.count - 1)).map { Linear(sizes[$0], sizes[$0 + 1], using: &rng) }
        let laterals = (0..<(sizes.count - 2)).map { i in
            columns.indices.map { _ in Linear(sizes[i + 1], sizes[i + 2], using: &rng).weight }
        }
        columns.append(Column(layers: layers, laterals: laterals))
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        columns.enumerated().flatMap { k, column in
            column.layers.enumerated().flatMap { prefixed("columns.\(k).layers.\($0.offset)", $0.element) }
                + column.laterals.enumerated().flatMap { i, row in row.enumerated().map { ("columns.\(k).laterals.\(i).\($0.offset)", $0.element) } }
        }
    }

    /// The parameters of column `k` (its layers and its laterals).
    public func parameters(ofColumn k: Int) -> [Tensor] {
        columns[k].layers.flatMap(\.parameters) + columns[k].laterals.flatMap { $0 }
    }

    /// The newest column's outputs.
    public func callAsFunction(_ x: Tensor) -> Tensor { forward(x, column: columns.count - 1) }

    /// Each row through its task's column (the newest for a task without one).
    public func callAsFunction(_ x: Tensor, tasks: [Int]) -> Tensor {
        forwardRowsByTask(x, tasks: tasks, parts: columns.count) { forward($0, column: $1) }
    }

    /// Column `k`'s outputs, computing the hidden layers of columns 0…k that it reads.
    public func forward(_ x: Tensor, column k: Int) -> Tensor {
        var h = [Tensor](repeating: x, count: k + 1)
        let last = sizes.count - 2
        for i in 0...last {
            let previous = h                             // layer i reads every column's layer i − 1
            for j in (i == last ? k : 0)...k {          // at the last layer only column k's head is needed
                var z = columns[j].layers[i](previous[j])
                if i > 0 { for p in 0..<j { z = z + previous[p].matmul(columns[j].laterals[i - 1][p]) } }
                h[j] = i < last ? z.relu() : z
            }
        }
        return h[k]
    }
}
