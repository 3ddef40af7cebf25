import Autograd
import NN
import Testing
import TestSupport

@Suite("Losses and layers: gradients and values")
struct LossTests {
    @Test func softmaxCrossEntropyGradient() {
        let result = gradientCheck(makeInputs([[4, 5]], kind: .normal, seed: 1)) {
            softmaxCrossEntropy($0[0], labels: [0, 4, 2, 2])
        }
        #expect(result.passed, "\(result)")
    }

    @Test func softmaxCrossEntropyValueAndStability() {
        let logits = Tensor(shape: [2, 3], data: [1, 2, 3, 1000, 0, -1000])
        let loss = softmaxCrossEntropy(logits, labels: [2, 0]).item
        let expected = (log(exp(1.0) + exp(2.0) + exp(3.0)) - 3) / 2       // second row contributes 0
        #expect(abs(Double(loss) - expected) < 1e-6)
    }

    @Test func meanSquaredErrorGradient() {
        let result = gradientCheck(makeInputs([[3, 4], [3, 4]], kind: .normal, seed: 2)) { meanSquaredError($0[0], $0[1]) }
        #expect(result.passed, "\(result)")
    }

    @Test func binaryCrossEntropyWithLogitsGradientAndStability() {
        var inputs = makeInputs([[6]], kind: .normal, seed: 3)
        inputs.append(Tensor(shape: [6], data: [0, 1, 0.3, 1, 0, 0.9], requiresGrad: true))
        let result = gradientCheck(inputs) { binaryCrossEntropyWithLogits($0[0], $0[1]) }
        #expect(result.passed, "\(result)")
        let extreme = binaryCrossEntropyWithLogits(Tensor(shape: [2], data: [100, -100]), Tensor(shape: [2], data: [1, 0]))
        #expect(extreme.item.isFinite && extreme.item < 1e-6)
    }

    @Test func distillationLossGradientAndValue() {
        let teacher = makeInputs([[4, 5]], kind: .normal, seed: 7)[0]
        let result = gradientCheck(makeInputs([[4, 5]], kind: .normal, seed: 8)) {
            distillationLoss($0[0], teacher: teacher, units: [0, 2, 3], temperature: 2)
        }
        #expect(result.passed, "\(result)")
        // A student equal to its teacher: L = T² · H(q), the teacher's own entropy (here over 2 units, q = (½, ½)).
        let same = Tensor(shape: [1, 3], data: [1, 1, 9])
        #expect(abs(distillationLoss(same, teacher: same, units: [0, 1], temperature: 2).item - 4 * Float(log(2.0))) < 1e-6)
        // Units outside U get no gradient.
        let z = Tensor(shape: [1, 3], data: [0.5, -1, 2], requiresGrad: true)
        distillationLoss(z, teacher: teacher.slice(axis: 0, 0..<1).slice(axis: 1, 0..<3), units: [0, 1], temperature: 2).backward()
        #expect(z.grad![2] == 0 && z.grad![0] != 0)
    }

    @Test func gaussianKLGradientAndZeroAtThePrior() {
        let result = gradientCheck(makeInputs([[3, 2], [3, 2]], kind: .normal, seed: 4)) {
            gaussianKL(mean: $0[0], logVariance: $0[1])
        }
        #expect(result.passed, "\(result)")
        #expect(gaussianKL(mean: .zeros([4, 3]), logVariance: .zeros([4, 3])).item == 0)
        // One latent, μ = 1, log σ² = 0: KL = ½·μ² = 0.5.
        #expect(abs(gaussianKL(mean: .ones([1, 1]), logVariance: .zeros([1, 1])).item - 0.5) < 1e-7)
    }

    @Test func linearAndMLPGradients() {
        var rng = SeededGenerator(seed: 5)
        let mlp = MLP([3, 4, 2], activation: .tanh, using: &rng)
        let x = Tensor.randn([5, 3], using: &rng)
        let result = gradientCheck(mlp.parameters) { _ in mlp(x) }
        #expect(result.passed, "\(result)")
    }

    @Test func embeddingGradientSumsRepeatedIds() {
        var rng = SeededGenerator(seed: 6)
        let embedding = Embedding(count: 4, dimension: 2, using: &rng)
        embedding([1, 1, 3], shape: [3]).sum().backward()
        #expect(embedding.table.grad == [0, 0, 2, 2, 0, 0, 1, 1])
    }
}

#if canImport(Glibc)
import Glibc
#endif
