import Autograd

/// y = x·W + b, with W `[inputs, outputs]` and b `[outputs]`; x is `[batch, inputs]`.
///
/// Initialised like PyTorch's `nn.Linear`: W and b uniform in ±1/√inputs.
public final class Linear: Layer {
    public let weight: Tensor
    public let bias: Tensor

    public init(_ inputs: Int, _ outputs: Int, using rng: inout SeededGenerator) {
        let bound = 1 / Float(inputs).squareRoot()
        weight = .uniform([inputs, outputs], -bound, bound, using: &rng, requiresGrad: true)
        bias = .uniform([outputs], -bound, bound, using: &rng, requiresGrad: true)
    }

    init(weight: Tensor, bias: Tensor) { (self.weight, self.bias) = (weight, bias) }

    public func copy() -> Linear { Linear(weight: weight.copiedParameter(), bias: bias.copiedParameter()) }

    /// The number of inputs and outputs.
    public var inputs: Int { weight.shape[0] }
    public var outputs: Int { weight.shape[1] }

    public var namedParameters: [(name: String, tensor: Tensor)] { [("weight", weight), ("bias", bias)] }

    public func callAsFunction(_ x: Tensor) -> Tensor { x.linear(weight, bias) }

    /// The layer, then `activation`: a ReLU in the same op (`Tensor.linear(_:_:relu:)`).
    public func callAsFunction(_ x: Tensor, then activation: Activation) -> Tensor {
        activation == .relu ? x.linear(weight, bias, relu: true) : activation(x.linear(weight, bias))
    }
}

/// The nonlinearity between an MLP's layers.
public enum Activation: String, Sendable, CaseIterable {
    case relu, sigmoid, tanh

    public func callAsFunction(_ x: Tensor) -> Tensor {
        switch self {
        case .relu: x.relu()
        case .sigmoid: x.sigmoid()
        case .tanh: x.tanh()
        }
    }
}

/// A multilayer perceptron: Linear, activation, …, Linear (no activation on the output).
/// The lecture's digits network is `MLP([784, 50, 50, 50, 10])`: "3 layers, 50 neurons each".
public final class MLP: FeatureLayer {
    public let layers: [Linear]
    public let activation: Activation

    public init(_ sizes: [Int], activation: Activation = .relu, using rng: inout SeededGenerator) {
        precondition(sizes.count >= 2, "an MLP needs an input and an output size")
        var layers: [Linear] = []
        for (inputs, outputs) in zip(sizes, sizes.dropFirst()) { layers.append(Linear(inputs, outputs, using: &rng)) }
        self.layers = layers
        self.activation = activation
    }

    /// An MLP made of these layers (each layer's outputs feed the next one's inputs).
    public init(layers: [Linear], activation: Activation = .relu) {
        precondition(!layers.isEmpty && zip(layers, layers.dropFirst()).allSatisfy { $0.outputs == $1.inputs }, "layer sizes do not chain")
        (self.layers, self.activation) = (layers, activation)
    }

    public func copy() -> MLP { MLP(layers: layers.map { $0.copy() }, activation: activation) }

    /// The layer sizes, inputs first: `[784, 50, 50, 50, 10]`.
    public var sizes: [Int] { [layers[0].inputs] + layers.map(\.outputs) }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        layers.enumerated().flatMap { prefixed("layers.\($0.offset)", $0.element) }
    }

    public func callAsFunction(_ x: Tensor) -> Tensor { layers.last!(features(x)) }

    /// The outputs, then `activation` (a VAE's encoder ends in a ReLU).
    public func callAsFunction(_ x: Tensor, then activation: Activation) -> Tensor { layers.last!(features(x), then: activation) }

    /// The last hidden layer's activations (x itself for a single layer): what the output layer reads.
    public func features(_ x: Tensor) -> Tensor {
        var h = x
        for layer in layers.dropLast() { h = layer(h, then: activation) }
        return h
    }
}

/// A lookup table of `count` learned vectors of size `dimension` (word embeddings in the bAbI
/// memory network). Initialised N(0, 1) like PyTorch's `nn.Embedding`.
public final class Embedding: Module {
    public let table: Tensor

    public init(count: Int, dimension: Int, using rng: inout SeededGenerator) {
        table = .randn([count, dimension], using: &rng, requiresGrad: true)
    }

    init(table: Tensor) { self.table = table }

    public func copy() -> Embedding { Embedding(table: table.copiedParameter()) }

    public var namedParameters: [(name: String, tensor: Tensor)] { [("table", table)] }

    /// Vectors for `ids` laid out as `shape` → `shape + [dimension]`.
    public func callAsFunction(_ ids: [Int], shape: [Int]) -> Tensor { table.embedding(ids, shape: shape) }
}

/// Inverted dropout as a layer; it owns a generator forked from the model's.
public final class Dropout: Layer {
    public let probability: Float
    public var isTraining = true
    private var rng: SeededGenerator

    public init(_ probability: Float, using rng: inout SeededGenerator) {
        self.probability = probability
        self.rng = rng.fork()
    }

    init(probability: Float, isTraining: Bool, rng: SeededGenerator) { (self.probability, self.isTraining, self.rng) = (probability, isTraining, rng) }

    /// A copy whose generator continues from the same state (it draws the same masks next).
    public func copy() -> Dropout { Dropout(probability: probability, isTraining: isTraining, rng: rng) }

    public var namedParameters: [(name: String, tensor: Tensor)] { [] }

    public func callAsFunction(_ x: Tensor) -> Tensor {
        x.dropout(probability, training: isTraining, using: &rng)
    }
}
