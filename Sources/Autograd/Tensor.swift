/// A dense, row-major array of `Float` that remembers how it was computed, so that
/// `backward()` can send gradients back to whatever produced it (reverse-mode autograd).
///
/// Every op lives in a `Tensor+Concern.swift` file with its forward and backward side by side:
/// the forward computes `data`; the backward closure reads the output's `grad` and adds each
/// input's share into that input's `grad` (chain rule, summed over all uses).
public final class Tensor {
    /// The size of each axis; `[]` is a scalar.
    public let shape: [Int]
    /// The values, `shape.reduce(1, *)` of them, last axis fastest.
    public var data: [Float]
    /// ∂loss/∂self after `backward()`, or `nil` where nothing flowed back yet.
    public var grad: [Float]?
    /// Whether gradients flow into this tensor. Parameters set it; op results inherit it.
    public var requiresGrad: Bool
    /// Which entries an optimizer may change (`nil`: all of them). An entry whose mask is `false`
    /// is protected: no gradient step, no weight decay, and its momentum or Adam moments are not
    /// advanced either, so it stays bitwise unchanged (PackNet's and CPG's owned weights).
    public var updateMask: [Bool]? {
        didSet { precondition(updateMask.map { $0.count == count } ?? true, "update mask has \(updateMask!.count) entries for \(count) values") }
    }

    let parents: [Tensor]
    let backwardFn: ((Tensor) -> Void)?

    /// A leaf tensor (data or parameter).
    public init(shape: [Int], data: [Float], requiresGrad: Bool = false) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative axis in shape \(shape)")
        precondition(data.count == shape.reduce(1, *),
                     "\(data.count) values do not fill shape \(shape)")
        self.shape = shape
        self.data = data
        self.requiresGrad = requiresGrad
        self.parents = []
        self.backwardFn = nil
    }

    /// An op defined outside this module (a fused loss, say): `backward` receives the result,
    /// reads its `grad` and calls `accumulateGrad` on each input.
    public static func custom(shape: [Int], data: [Float], parents: [Tensor],
                              backward: @escaping (Tensor) -> Void) -> Tensor {
        Tensor(shape: shape, data: data, parents: parents, backward: backward)
    }

    /// The result of an op. The graph is recorded only when gradients are on and an input wants them.
    init(shape: [Int], data: [Float], parents: [Tensor], backward: @escaping (Tensor) -> Void) {
        let tracked = GradMode.isEnabled && parents.contains { $0.requiresGrad }
        self.shape = shape
        self.data = data
        self.requiresGrad = tracked
        self.parents = tracked ? parents : []
        self.backwardFn = tracked ? backward : nil
    }

    /// The number of values.
    public var count: Int { data.count }
    /// The number of axes.
    public var rank: Int { shape.count }
    /// The value of a one-element tensor.
    public var item: Float {
        precondition(count == 1, "item needs one value; shape is \(shape)")
        return data[0]
    }
}

// MARK: - Backward

extension Tensor {
    /// Back-propagates from this scalar: sets ∂self/∂self = 1, then visits every op that led here
    /// in reverse topological order, each adding its inputs' gradients.
    public func backward() {
        precondition(count == 1, "backward() starts from a scalar; shape is \(shape)")
        accumulateGrad { $0[0] += 1 }
        for node in topologicalOrder().reversed() {
            node.backwardFn?(node)
        }
    }

    /// Nodes that require gradients, each after all of its parents (iterative DFS: deep graphs
    /// such as a long unrolled loop must not overflow the stack).
    func topologicalOrder() -> [Tensor] {
        var order: [Tensor] = []
        var visited = Set<ObjectIdentifier>()
        var stack: [(Tensor, Bool)] = [(self, false)]
        while let (node, expanded) = stack.popLast() {
            if expanded { order.append(node); continue }
            guard visited.insert(ObjectIdentifier(node)).inserted else { continue }
            stack.append((node, true))
            for parent in node.parents where parent.requiresGrad { stack.append((parent, false)) }
        }
        return order
    }

    /// Lets `body` add into this tensor's gradient, which starts at zero. Does nothing when the
    /// tensor does not require gradients.
    @inlinable
    public func accumulateGrad(_ body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        guard requiresGrad else { return }
        if grad == nil { grad = [Float](repeating: 0, count: count) }
        grad!.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Like `accumulateGrad`, for a `body` that can also *write* the whole gradient: when there is
    /// none yet, it gets an uninitialised buffer and `first` is true (a GEMM then runs with β = 0
    /// instead of adding into a zeroed buffer: one pass over the memory fewer).
    @inlinable
    public func accumulateGrad(writing body: (UnsafeMutableBufferPointer<Float>, _ first: Bool) -> Void) {
        guard requiresGrad else { return }
        guard grad != nil else {
            grad = [Float](unsafeUninitializedCapacity: count) { buffer, filled in body(buffer, true); filled = count }
            return
        }
        grad!.withUnsafeMutableBufferPointer { body($0, false) }
    }

    /// Clears the gradient (the next backward starts from zero).
    public func zeroGrad() { grad = nil }
}

// MARK: - Gradient mode

/// Whether ops record the graph. Evaluation code wraps itself in `withNoGrad`.
public enum GradMode {
    @TaskLocal public static var isEnabled = true
}

/// Runs `body` without recording gradients: faster, and no graph is kept alive.
public func withNoGrad<T>(_ body: () throws -> T) rethrows -> T {
    try GradMode.$isEnabled.withValue(false, operation: body)
}

// MARK: - Making tensors

extension Tensor {
    /// A scalar.
    public convenience init(_ value: Float) { self.init(shape: [], data: [value]) }

    /// A tensor of `shape` filled with `value`.
    public static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool = false) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: value, count: shape.reduce(1, *)),
               requiresGrad: requiresGrad)
    }

    public static func zeros(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 0, requiresGrad: requiresGrad)
    }

    public static func ones(_ shape: [Int], requiresGrad: Bool = false) -> Tensor {
        full(shape, 1, requiresGrad: requiresGrad)
    }

    /// Values drawn from N(0, std²).
    public static func randn(_ shape: [Int], std: Float = 1, using rng: inout SeededGenerator,
                             requiresGrad: Bool = false) -> Tensor {
        let count = shape.reduce(1, *)
        let data = [Float](unsafeUninitializedCapacity: count) { draws, filled in
            rng.fillNormal(draws, scale: std)
            filled = count
        }
        return Tensor(shape: shape, data: data, requiresGrad: requiresGrad)
    }

    /// Values drawn from U[low, high).
    public static func uniform(_ shape: [Int], _ low: Float, _ high: Float,
                               using rng: inout SeededGenerator, requiresGrad: Bool = false) -> Tensor {
        let data = (0..<shape.reduce(1, *)).map { _ in rng.uniform(low, high) }
        return Tensor(shape: shape, data: data, requiresGrad: requiresGrad)
    }

    /// A copy that is a leaf: same values, no history.
    public func detached() -> Tensor { Tensor(shape: shape, data: data) }
}

extension Tensor: CustomStringConvertible {
    public var description: String {
        let shown = data.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(count > 8 ? ", …" : "")])"
    }
}
