import Autograd

/// Anything with trainable parameters. Each module lists its parameters **explicitly**, by name,
/// in a fixed order (no reflection): a child's names are prefixed with the child's, like
/// `layers.0.weight`. Everything else here (flat vectors, snapshots, freezing) builds on that list.
public protocol Module: AnyObject {
    /// Every parameter with its dotted name, in a fixed order.
    var namedParameters: [(name: String, tensor: Tensor)] { get }
    /// An independent module with the same structure and the same parameter values: training one
    /// never changes the other (LwF, iCaRL and replay keep the previous model this way).
    func copy() -> Self
}

/// A module that maps one tensor to another.
public protocol Layer: Module {
    func callAsFunction(_ x: Tensor) -> Tensor
    /// The outputs for a batch whose examples belong to `tasks` (one id per row). A model with a
    /// head per task (task-incremental learning) picks each row's head; the default ignores the ids.
    func callAsFunction(_ x: Tensor, tasks: [Int]) -> Tensor
}

extension Layer {
    public func callAsFunction(_ x: Tensor, tasks: [Int]) -> Tensor { self(x) }
}

/// A layer whose last hidden representation can be read: iCaRL's feature space φ(x).
public protocol FeatureLayer: Layer {
    /// φ(x): the activations that feed the output layer.
    func features(_ x: Tensor) -> Tensor
}

/// Each row of `x` through the part of a model that belongs to its task (a head, a column):
/// `forward(rows, part)` for each part used, the results put back in row order. A task without
/// a part yet (scored before it is learned) uses the newest, `parts − 1`.
public func forwardRowsByTask(_ x: Tensor, tasks: [Int], parts: Int, _ forward: (Tensor, Int) -> Tensor) -> Tensor {
    let wanted = tasks.map { min(max($0, 0), parts - 1) }
    if Set(wanted).count == 1 { return forward(x, wanted[0]) }
    var rows = [Int](repeating: 0, count: tasks.count), outputs: [Tensor] = [], done = 0
    for part in Set(wanted).sorted() {
        let mine = wanted.indices.filter { wanted[$0] == part }
        outputs.append(forward(x.gatherRows(mine), part))
        for (n, r) in mine.enumerated() { rows[r] = done + n }
        done += mine.count
    }
    return Tensor.concat(outputs).gatherRows(rows)
}

/// `child`'s parameters, names prefixed with `prefix.`.
public func prefixed(_ prefix: String, _ child: any Module) -> [(name: String, tensor: Tensor)] {
    child.namedParameters.map { ("\(prefix).\($0.name)", $0.tensor) }
}

// MARK: - Access

extension Module {
    /// The parameters in order.
    public var parameters: [Tensor] { namedParameters.map(\.tensor) }

    /// The total number of scalar parameters.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// The parameter called `name`, if there is one.
    public func parameter(named name: String) -> Tensor? {
        namedParameters.first { $0.name == name }?.tensor
    }

    /// Clears every gradient before the next backward pass.
    public func zeroGrad() { for p in parameters { p.zeroGrad() } }

    /// Stops (or restarts) gradients into the named parameters; the optimizers skip frozen ones.
    /// - Throws: `ParameterError.unknownName` for a name the module does not have.
    public func setFrozen(_ frozen: Bool, _ names: [String]) throws {
        for name in names {
            guard let p = parameter(named: name) else { throw ParameterError.unknownName(name) }
            p.requiresGrad = !frozen
            if frozen { p.zeroGrad() }
        }
    }
}

// MARK: - Flat vectors (GEM projects whole gradients; EWC, SI, MAS keep one number per parameter)

extension Module {
    /// All parameters concatenated in order into one vector θ.
    public func flatParameters() -> [Float] { parameters.flatMap(\.data) }

    /// All gradients concatenated in the same order (zeros where a parameter has none).
    public func flatGradients() -> [Float] {
        parameters.flatMap { $0.grad ?? [Float](repeating: 0, count: $0.count) }
    }

    /// Sets θ from a vector laid out like `flatParameters()`.
    public func setFlatParameters(_ values: [Float]) throws {
        try scatter(values) { p, slice in p.data = slice }
    }

    /// Sets the gradients from a vector laid out like `flatGradients()` (after a GEM projection).
    public func setFlatGradients(_ values: [Float]) throws {
        try scatter(values) { p, slice in if p.requiresGrad { p.grad = slice } }
    }

    private func scatter(_ values: [Float], _ assign: (Tensor, [Float]) -> Void) throws {
        guard values.count == parameterCount else {
            throw ParameterError.sizeMismatch(expected: parameterCount, got: values.count)
        }
        var offset = 0
        for p in parameters {
            assign(p, Array(values[offset..<(offset + p.count)]))
            offset += p.count
        }
    }
}

// MARK: - Snapshots (θ* of a finished task, the best epoch, …)

/// A copy of every parameter's values, by name.
public struct ParameterSnapshot: Equatable, Sendable {
    public var names: [String]
    public var shapes: [[Int]]
    public var values: [[Float]]

    /// The values of the parameter called `name`.
    public subscript(name: String) -> [Float]? {
        names.firstIndex(of: name).map { values[$0] }
    }
}

extension Module {
    /// A copy of θ that later training does not change.
    public func snapshot() -> ParameterSnapshot {
        let named = namedParameters
        return ParameterSnapshot(names: named.map(\.name), shapes: named.map(\.tensor.shape),
                                 values: named.map(\.tensor.data))
    }

    /// Puts θ back as it was in `snapshot`.
    /// - Throws: `ParameterError` if a name is missing or a shape differs.
    public func restore(_ snapshot: ParameterSnapshot) throws {
        for (name, p) in namedParameters {
            guard let i = snapshot.names.firstIndex(of: name) else { throw ParameterError.missing(name) }
            guard snapshot.shapes[i] == p.shape else {
                throw ParameterError.shapeMismatch(name, expected: p.shape, got: snapshot.shapes[i])
            }
            p.data = snapshot.values[i]
        }
    }
}

extension Tensor {
    /// An independent leaf with the same values and the same `requiresGrad` and `updateMask`
    /// (no gradient, no history): the building block of `Module.copy()`.
    public func copiedParameter() -> Tensor {
        let copy = Tensor(shape: shape, data: data, requiresGrad: requiresGrad)
        copy.updateMask = updateMask
        return copy
    }

    /// Multiplies the gradient elementwise by `mask` (0 blocks this step's gradient). This alone
    /// does not hold a weight still under momentum, weight decay or Adam: to protect weights, set
    /// `updateMask`, which every optimizer honours.
    public func maskGradient(_ mask: [Float]) {
        precondition(mask.count == count, "mask has \(mask.count) values for \(count) parameters")
        guard grad != nil else { return }
        for i in 0..<count { grad![i] *= mask[i] }
    }
}

/// What can go wrong when addressing parameters by name or as a flat vector.
public enum ParameterError: Error, Equatable, CustomStringConvertible {
    case unknownName(String)
    case missing(String)
    case sizeMismatch(expected: Int, got: Int)
    case shapeMismatch(String, expected: [Int], got: [Int])

    public var description: String {
        switch self {
        case .unknownName(let n): "no parameter named '\(n)'"
        case .missing(let n): "parameter '\(n)' is missing"
        case .sizeMismatch(let e, let g): "expected \(e) values (one per parameter), got \(g)"
        case .shapeMismatch(let n, let e, let g): "parameter '\(n)' has shape \(e), the stored one \(g)"
        }
    }
}
