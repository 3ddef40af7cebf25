import Foundation
import Autograd
import NN
import Testing

/// XOR of the signs of two coordinates, with a margin: separable, but not linearly.
func xorProblem(_ n: Int, using rng: inout SeededGenerator) -> (x: Tensor, labels: [Int]) {
    var xs: [Float] = [], labels: [Int] = []
    for _ in 0..<n {
        let a = rng.uniform(-1, 1), b = rng.uniform(-1, 1)
        guard abs(a) > 0.1, abs(b) > 0.1 else { continue }
        xs += [a, b]
        labels.append((a > 0) != (b > 0) ? 1 : 0)
    }
    return (Tensor(shape: [labels.count, 2], data: xs), labels)
}

func accuracy(_ model: MLP, _ x: Tensor, _ labels: [Int]) -> Double {
    let predicted = withNoGrad { model(x) }.argmax(axis: 1)
    return Double(zip(predicted, labels).filter { $0 == $1 }.count) / Double(labels.count)
}

/// Trains the toy MLP and returns it with its test accuracy.
func trainXOR(seed: UInt64, steps: Int = 400) -> (model: MLP, accuracy: Double) {
    var rng = SeededGenerator(seed: seed)
    let train = xorProblem(2000, using: &rng), test = xorProblem(1000, using: &rng)
    let model = MLP([2, 16, 16, 2], using: &rng)
    let optimizer = SGD(model.parameters, learningRate: 0.1, momentum: 0.9)
    for _ in 0..<steps {
        let batch = (0..<64).map { _ in rng.int(below: train.labels.count) }
        optimizer.zeroGrad()
        softmaxCrossEntropy(model(train.x.gatherRows(batch)), labels: batch.map { train.labels[$0] }).backward()
        optimizer.step()
    }
    return (model, accuracy(model, test.x, test.labels))
}

@Suite("Training")
struct TrainingTests {
    @Test func mlpLearnsASeparableToyProblem() {
        let (_, acc) = trainXOR(seed: 1)
        #expect(acc >= 0.99, "test accuracy \(acc)")
    }

    @Test func sameSeedGivesBitIdenticalWeights() {
        let a = trainXOR(seed: 7, steps: 100).model.flatParameters().map(\.bitPattern)
        let b = trainXOR(seed: 7, steps: 100).model.flatParameters().map(\.bitPattern)
        let c = trainXOR(seed: 8, steps: 100).model.flatParameters().map(\.bitPattern)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func sgdStepsMatchTheFormulas() {
        let p = Tensor(shape: [2], data: [1, -2], requiresGrad: true)
        let sgd = SGD([p], learningRate: 0.1, momentum: 0.5, weightDecay: 0.01)
        p.grad = [1, 1]; sgd.step()            // v = g + wd·θ = [1.01, 0.98];  θ -= 0.1·v
        #expect(abs(p.data[0] - 0.899) < 1e-6 && abs(p.data[1] - -2.098) < 1e-6)
        p.grad = [1, 1]; sgd.step()            // v = 0.5·v + g + wd·θ
        #expect(abs(p.data[0] - (0.899 - 0.1 * (0.505 + 1 + 0.00899))) < 1e-6)
    }

    @Test func adamFirstStepMovesByTheLearningRate() {
        let p = Tensor(shape: [3], data: [0, 0, 0], requiresGrad: true)
        let adam = Adam([p], learningRate: 0.01)
        p.grad = [5, -0.2, 1e-3]; adam.step()  // m̂/√v̂ = sign(g) on the first step
        #expect(zip(p.data, [-0.01, 0.01, -0.01]).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    /// A masked Adam step (vectorised in C) is the formula, bit for bit, where the mask allows it,
    /// and leaves θ, m and v alone elsewhere: 37 weights (a vector tail), three steps.
    @Test func aMaskedAdamStepIsTheFormulaBitForBit() {
        var rng = SeededGenerator(seed: 5)
        let n = 37, mask = (0..<n).map { $0 % 3 != 1 }
        let p = Tensor(shape: [n], data: (0..<n).map { _ in rng.normal() }, requiresGrad: true)
        p.updateMask = mask
        let adam = Adam([p], learningRate: 0.01, weightDecay: 0.1)
        var (theta, m, v) = (p.data, [Float](repeating: 0, count: n), [Float](repeating: 0, count: n))
        for t in 1...3 {
            let g = (0..<n).map { _ in rng.normal() }
            p.grad = g; adam.step()
            let stepSize = 0.01 / (1 - powf(0.9, Float(t))), rootC2 = (1 - powf(0.999, Float(t))).squareRoot()
            for i in 0..<n where mask[i] {
                let gi = g[i] + 0.1 * theta[i]
                m[i] = 0.9 * m[i] + (1 - 0.9) * gi
                v[i] = 0.999 * v[i] + (1 - 0.999) * gi * gi
                theta[i] -= stepSize * m[i] / (v[i].squareRoot() / rootC2 + 1e-8)
            }
            #expect(p.data.map(\.bitPattern) == theta.map(\.bitPattern), "step \(t)")
        }
    }

    @Test func optimizersSkipFrozenParametersAndMissingGradients() throws {
        var rng = SeededGenerator(seed: 2)
        let model = MLP([3, 2], using: &rng)
        try model.setFrozen(true, ["layers.0.weight"])
        let before = model.snapshot()
        softmaxCrossEntropy(model(.randn([4, 3], using: &rng)), labels: [0, 1, 0, 1]).backward()
        #expect(model.layers[0].weight.grad == nil)
        SGD(model.parameters, learningRate: 1).step()
        #expect(model.layers[0].weight.data == before["layers.0.weight"])
        #expect(model.layers[0].bias.data != before["layers.0.bias"])
        #expect(throws: ParameterError.unknownName("nope")) { try model.setFrozen(true, ["nope"]) }
    }
}
