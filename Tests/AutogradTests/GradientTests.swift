import Autograd
import Testing
import TestSupport

/// One op under a gradient check: inputs of these shapes and kind, mapped through `f`.
struct OpCase: Sendable, CustomTestStringConvertible {
    let name: String
    let shapes: [[Int]]
    var kind: InputKind = .normal
    let f: @Sendable ([Tensor]) -> Tensor
    var testDescription: String { "\(name) \(shapes)" }
}

let elementwiseCases: [OpCase] = [
    OpCase(name: "add", shapes: [[3, 4], [3, 4]]) { $0[0] + $0[1] },
    OpCase(name: "add row", shapes: [[3, 4], [4]]) { $0[0] + $0[1] },
    OpCase(name: "add outer", shapes: [[3, 1], [1, 4]]) { $0[0] + $0[1] },
    OpCase(name: "add middle", shapes: [[2, 3, 4], [3, 1]]) { $0[0] + $0[1] },
    OpCase(name: "add scalar", shapes: [[], [2, 3]]) { $0[0] + $0[1] },
    OpCase(name: "sub", shapes: [[3, 4], [3, 4]]) { $0[0] - $0[1] },
    OpCase(name: "sub column", shapes: [[3, 4], [3, 1]]) { $0[0] - $0[1] },
    OpCase(name: "sub into larger", shapes: [[4], [2, 4]]) { $0[0] - $0[1] },
    OpCase(name: "mul", shapes: [[3, 4], [3, 4]]) { $0[0] * $0[1] },
    OpCase(name: "mul row", shapes: [[2, 3, 4], [4]]) { $0[0] * $0[1] },
    OpCase(name: "mul scalar", shapes: [[5], []]) { $0[0] * $0[1] },
    OpCase(name: "mul self", shapes: [[6]]) { $0[0] * $0[0] },
    OpCase(name: "div", shapes: [[3, 4], [3, 4]], kind: .positive) { $0[0] / $0[1] },
    OpCase(name: "div row", shapes: [[3, 4], [4]], kind: .positive) { $0[0] / $0[1] },
    OpCase(name: "div column", shapes: [[3, 1], [3, 5]], kind: .positive) { $0[0] / $0[1] },
    OpCase(name: "neg", shapes: [[7]]) { -$0[0] },
    OpCase(name: "scaled", shapes: [[7]]) { $0[0] * 2.5 },
    OpCase(name: "exp", shapes: [[3, 3]]) { $0[0].exp() },
    OpCase(name: "log", shapes: [[3, 3]], kind: .positive) { $0[0].log() },
    OpCase(name: "sqrt", shapes: [[3, 3]], kind: .positive) { $0[0].sqrt() },
    OpCase(name: "pow 2", shapes: [[3, 3]]) { $0[0].pow(2) },
    OpCase(name: "pow 3", shapes: [[3, 3]]) { $0[0].pow(3) },
    OpCase(name: "pow 0.5", shapes: [[3, 3]], kind: .positive) { $0[0].pow(0.5) },
    OpCase(name: "pow -1.5", shapes: [[3, 3]], kind: .positive) { $0[0].pow(-1.5) },
    OpCase(name: "relu", shapes: [[4, 5]], kind: .awayFromZero) { $0[0].relu() },
    OpCase(name: "sigmoid", shapes: [[4, 5]]) { $0[0].sigmoid() },
    OpCase(name: "tanh", shapes: [[4, 5]]) { $0[0].tanh() },
    OpCase(name: "mask", shapes: [[2, 5]]) { $0[0] * Tensor(shape: [2, 5], data: [1, 0, 1, 1, 0, 0, 1, 0, 1, 1]) },
    OpCase(name: "dropout", shapes: [[4, 6]]) { x in
        var rng = SeededGenerator(seed: 5)               // the same mask on every call
        return x[0].dropout(0.4, training: true, using: &rng)
    },
]

let reductionCases: [OpCase] = [
    OpCase(name: "sum", shapes: [[3, 4]]) { $0[0].sum() },
    OpCase(name: "sum axis 0", shapes: [[3, 4]]) { $0[0].sum(axis: 0) },
    OpCase(name: "sum axis 1 keepDims", shapes: [[3, 4]]) { $0[0].sum(axis: 1, keepDims: true) },
    OpCase(name: "sum middle axis", shapes: [[2, 3, 4]]) { $0[0].sum(axis: 1) },
    OpCase(name: "mean", shapes: [[3, 4]]) { $0[0].mean() },
    OpCase(name: "mean axis -1", shapes: [[2, 3, 4]]) { $0[0].mean(axis: -1) },
    OpCase(name: "max axis 1", shapes: [[3, 5]], kind: .distinct) { $0[0].max(axis: 1) },
    OpCase(name: "max axis 0 keepDims", shapes: [[4, 3]], kind: .distinct) { $0[0].max(axis: 0, keepDims: true) },
    OpCase(name: "softmax last", shapes: [[3, 5]]) { $0[0].softmax(axis: -1) },
    OpCase(name: "softmax axis 0", shapes: [[4, 3]]) { $0[0].softmax(axis: 0) },
    OpCase(name: "softmax middle", shapes: [[2, 3, 4]]) { $0[0].softmax(axis: 1) },
    OpCase(name: "logSoftmax last", shapes: [[3, 5]]) { $0[0].logSoftmax(axis: -1) },
    OpCase(name: "logSoftmax middle", shapes: [[2, 3, 4]]) { $0[0].logSoftmax(axis: 1) },
]

/// Made-up weights for sentences of 0…3 words of 3 values each (every (J, j, k) different).
let testPositionWeights: [[Float]] = (0...3).map { (length: Int) -> [Float] in
    (0..<9).map { (i: Int) -> Float in Float(i % 5) * 0.3 - 0.4 + Float(length) * 0.1 }
}

/// The same for embeddings of 10 dimensions: the kernels' eight-wide path and its tail.
let testWidePositionWeights: [[Float]] = (0...3).map { (length: Int) -> [Float] in
    (0..<30).map { (i: Int) -> Float in Float(i % 7) * 0.2 - 0.5 + Float(length) * 0.1 }
}

let linearAlgebraAndShapeCases: [OpCase] = [
    OpCase(name: "matmul", shapes: [[3, 4], [4, 5]]) { $0[0].matmul($0[1]) },
    OpCase(name: "matmul Aᵀ", shapes: [[4, 3], [4, 5]]) { $0[0].matmul($0[1], transposeA: true) },
    OpCase(name: "matmul Bᵀ", shapes: [[3, 4], [5, 4]]) { $0[0].matmul($0[1], transposeB: true) },
    OpCase(name: "matmul AᵀBᵀ", shapes: [[4, 3], [5, 4]]) { $0[0].matmul($0[1], transposeA: true, transposeB: true) },
    OpCase(name: "matmul vector", shapes: [[1, 1], [1, 7]]) { $0[0].matmul($0[1]) },
    OpCase(name: "matmul wide", shapes: [[13, 37], [37, 35]]) { $0[0].matmul($0[1]) },
    OpCase(name: "linear", shapes: [[3, 4], [4, 5], [5]]) { $0[0].linear($0[1], $0[2]) },
    OpCase(name: "linear wide", shapes: [[13, 37], [37, 35], [35]]) { $0[0].linear($0[1], $0[2]) },
    // ReLU's kink: with these seeded inputs no pre-activation lies within the finite difference's
    // step of 0 (the check passes); a [3, 4]·[4, 5] case put one there and failed.
    OpCase(name: "linear with ReLU", shapes: [[4, 3], [3, 5], [5]]) { $0[0].linear($0[1], $0[2], relu: true) },
    OpCase(name: "linear wide, ReLU", shapes: [[13, 37], [37, 35], [35]]) { $0[0].linear($0[1], $0[2], relu: true) },
    OpCase(name: "reshape", shapes: [[2, 6]]) { $0[0].reshaped([3, -1]) },
    OpCase(name: "permute", shapes: [[2, 3, 4]]) { $0[0].permuted([2, 0, 1]) },
    OpCase(name: "transpose", shapes: [[3, 5]]) { $0[0].transposed() },
    OpCase(name: "slice", shapes: [[3, 6]]) { $0[0].slice(axis: 1, 2..<5) },
    OpCase(name: "slice rows", shapes: [[5, 2]]) { $0[0].slice(axis: 0, 1..<3) },
    OpCase(name: "gatherRows repeats", shapes: [[4, 3]]) { $0[0].gatherRows([2, 0, 2, 3]) },
    OpCase(name: "concat axis 0", shapes: [[2, 3], [1, 3]]) { Tensor.concat($0, axis: 0) },
    OpCase(name: "concat axis 1", shapes: [[2, 3], [2, 2], [2, 1]]) { Tensor.concat($0, axis: 1) },
    OpCase(name: "embedding", shapes: [[5, 3]]) { $0[0].embedding([4, 1, 1, 0, 4, 2], shape: [2, 3]) },
    OpCase(name: "bagOfWords, position weights", shapes: [[5, 3]]) {   // rows of 3 words: 3, 2 (a padded slot between), 0 and 1 words
        $0[0].bagOfWords([4, 1, 1, 2, 0, 4, 0, 0, 0, 0, 3, 0], words: 3, weights: testPositionWeights)
    },
    OpCase(name: "batchedMatmul", shapes: [[3, 2, 4], [3, 4, 5]]) { $0[0].batchedMatmul($0[1]) },
    OpCase(name: "batchedMatmul Bᵀ", shapes: [[2, 3, 4], [2, 5, 4]]) { $0[0].batchedMatmul($0[1], transposeB: true) },
    // Eight or more along a side: the lanes of the kernels (along rows and along columns) and their tails.
    OpCase(name: "bagOfWords, 10 dimensions", shapes: [[5, 10]]) {
        $0[0].bagOfWords([4, 1, 1, 2, 0, 4, 0, 0, 0, 0, 3, 0], words: 3, weights: testWidePositionWeights)
    },
    OpCase(name: "batchedMatmul, wide", shapes: [[2, 9, 3], [2, 3, 10]]) { $0[0].batchedMatmul($0[1]) },
    OpCase(name: "batchedMatmul Bᵀ, tall", shapes: [[2, 10, 4], [2, 9, 4]]) { $0[0].batchedMatmul($0[1], transposeB: true) },
    OpCase(name: "batchedMatmul, attention shapes", shapes: [[2, 11, 9], [2, 9, 1]]) { $0[0].batchedMatmul($0[1]) },
    OpCase(name: "composite", shapes: [[4, 3], [3, 2], [2]]) { ($0[0].matmul($0[1]) + $0[2]).tanh().softmax() },
    // Each input used twice by ops that write a missing gradient instead of adding into zeros
    // (matmul with β = 0, relu): the second use must add to the first, in either order.
    OpCase(name: "linear, inputs used twice", shapes: [[4, 3], [3, 3], [3]]) {
        let h = $0[0].linear($0[1], $0[2]).relu()
        return (h.linear($0[1], $0[2]) * $0[0]).sum() + $0[0].linear($0[1], $0[2]).sum()
    },
    OpCase(name: "matmul and relu, inputs used twice", shapes: [[4, 3], [3, 3]]) {
        let h = $0[0].matmul($0[1]).relu()
        return (h.matmul($0[1], transposeB: true) + $0[0].relu()).sum() + $0[0].matmul($0[0].matmul($0[1]).relu(), transposeA: true).sum()
    },
]

@Suite("Every op's gradient matches finite differences")
struct GradientTests {
    @Test(arguments: elementwiseCases)
    func elementwise(_ op: OpCase) { check(op) }

    @Test(arguments: reductionCases)
    func reductions(_ op: OpCase) { check(op) }

    @Test(arguments: linearAlgebraAndShapeCases)
    func linearAlgebraAndShape(_ op: OpCase) { check(op) }

    func check(_ op: OpCase) {
        let inputs = makeInputs(op.shapes, kind: op.kind, seed: UInt64(op.name.utf8.count * 31 + 7))
        let result = gradientCheck(inputs, op.f)
        #expect(result.passed, "\(op.name): \(result)")
    }
}
