import Autograd
import NN
import Testing

@Suite("Addressable parameters")
struct ParameterTests {
    func lectureNetwork() -> MLP {
        var rng = SeededGenerator(seed: 1)
        return MLP([784, 50, 50, 50, 10], using: &rng)
    }

    @Test func namesAndCountsOfTheLectureNetwork() {
        let model = lectureNetwork()
        #expect(model.namedParameters.map(\.name) == ["layers.0.weight", "layers.0.bias", "layers.1.weight", "layers.1.bias",
                                                      "layers.2.weight", "layers.2.bias", "layers.3.weight", "layers.3.bias"])
        #expect(model.parameterCount == 784 * 50 + 50 + 2 * (50 * 50 + 50) + 50 * 10 + 10)
        #expect(model.parameter(named: "layers.3.bias")?.shape == [10])
    }

    @Test func flatVectorsRoundTripAndRejectWrongSizes() throws {
        let model = lectureNetwork()
        var theta = model.flatParameters()
        theta[0] = 42
        try model.setFlatParameters(theta)
        #expect(model.layers[0].weight.data[0] == 42)
        #expect(model.flatParameters() == theta)
        let grads = (0..<model.parameterCount).map { Float($0 % 7) }
        try model.setFlatGradients(grads)
        #expect(model.flatGradients() == grads)
        #expect(throws: ParameterError.sizeMismatch(expected: model.parameterCount, got: 3)) { try model.setFlatParameters([1, 2, 3]) }
    }

    @Test func snapshotRestoresTheta() throws {
        let model = lectureNetwork()
        let saved = model.snapshot()
        try model.setFlatParameters([Float](repeating: 0, count: model.parameterCount))
        try model.restore(saved)
        #expect(model.snapshot() == saved)
        var rng = SeededGenerator(seed: 3)
        #expect(throws: ParameterError.self) { try MLP([784, 20, 10], using: &rng).restore(saved) }
    }

    @Test func gradientMaskBlocksUpdates() {
        let p = Tensor(shape: [4], data: [1, 1, 1, 1], requiresGrad: true)
        (p * 3).sum().backward()
        p.maskGradient([1, 0, 0, 1])
        #expect(p.grad == [3, 0, 0, 3])
    }
}
