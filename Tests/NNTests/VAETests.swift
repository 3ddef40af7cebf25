import Autograd
import Foundation
import NN
import Testing
import TestSupport

@Suite("Weighted losses and the variational autoencoder")
struct VAETests {
    @Test func weightedCrossEntropyGradientAndValue() {
        let weights: [Float] = [0.5, 0.25, 0.25, 0]
        let result = gradientCheck(makeInputs([[4, 3]], kind: .normal, seed: 11)) { softmaxCrossEntropy($0[0], labels: [0, 2, 1, 1], weights: weights) }
        #expect(result.passed, "\(result)")
        // By hand: Σ w_b ℓ_b, and an example of weight 0 gets no gradient.
        let logits = Tensor(shape: [4, 3], data: [1, 2, 3, 0, 0, 0, 2, -1, 0, 5, 5, 5], requiresGrad: true)
        func ell(_ z: [Double], _ y: Int) -> Double { log(z.map(exp).reduce(0, +)) - z[y] }
        let expected = 0.5 * ell([1, 2, 3], 0) + 0.25 * ell([0, 0, 0], 2) + 0.25 * ell([2, -1, 0], 1)
        let loss = softmaxCrossEntropy(logits, labels: [0, 2, 1, 1], weights: weights)
        #expect(abs(Double(loss.item) - expected) < 1e-5)
        loss.backward()
        #expect(logits.grad![9..<12].allSatisfy { $0 == 0 })
        // Equal weights 1/B are the mean.
        let mean = softmaxCrossEntropy(logits, labels: [0, 2, 1, 1]).item, equal = softmaxCrossEntropy(logits, labels: [0, 2, 1, 1], weights: [0.25, 0.25, 0.25, 0.25]).item
        #expect(abs(mean - equal) < 1e-6)
    }

    @Test func rowWeightedBinaryCrossEntropyGradientAndValue() {
        var inputs = makeInputs([[3, 4]], kind: .normal, seed: 12)
        let targets = Tensor(shape: [3, 4], data: [0, 1, 0.3, 1, 0, 0.9, 0.5, 0.5, 1, 1, 0, 0.2])
        let result = gradientCheck(inputs) { binaryCrossEntropyWithLogits($0[0], targets, rowWeights: [0.2, 0.5, 0.3]) }
        #expect(result.passed, "\(result)")
        inputs[0] = Tensor(shape: [2, 2], data: [0, 2, -1, 100])
        let y = Tensor(shape: [2, 2], data: [1, 0, 0.5, 1])
        // ℓ(z, y) = log(1 + e^z) − z·y; row sums weighted 0.75 and 0.25.
        func ell(_ z: Double, _ y: Double) -> Double { log(1 + exp(z)) - z * y }
        let expected = 0.75 * (ell(0, 1) + ell(2, 0)) + 0.25 * (ell(-1, 0.5) + (100 - 100))
        let value = binaryCrossEntropyWithLogits(inputs[0], y, rowWeights: [0.75, 0.25]).item
        #expect(abs(Double(value) - expected) < 1e-5)
        // Without weights: the rows' sums averaged, i.e. the mean over elements times the row length.
        let unweighted = binaryCrossEntropyWithLogits(inputs[0], y, rowWeights: nil).item, perElement = binaryCrossEntropyWithLogits(inputs[0], y).item
        #expect(abs(unweighted - 2 * perElement) < 1e-5)
    }

    /// The fused kernel's exp and log are polynomials: against the formula in Double over logits from
    /// −120 to 120 (rows of 787 values: chunks of 256 and a tail that is not a multiple of 8), the
    /// loss within 10⁻⁶ relative and every σ(z) (read back through the gradient w(σ − y)) within 3·10⁻⁷.
    @Test func fusedBinaryCrossEntropyMatchesTheFormulaInDouble() {
        let (rows, d) = (3, 787)
        var rng = SeededGenerator(seed: 21)
        let z = (0..<(rows * d)).map { i in i % 97 == 0 ? Float(i % 2 == 0 ? 120 : -120) : rng.uniform(-30, 30) * (i % 3 == 0 ? 0.01 : 1) }
        let y = (0..<(rows * d)).map { _ in rng.uniform(0, 1) }
        let w: [Float] = [0.5, 0.3, 0.2]
        let logits = Tensor(shape: [rows, d], data: z, requiresGrad: true)
        let loss = binaryCrossEntropyWithLogits(logits, Tensor(shape: [rows, d], data: y), rowWeights: w)
        loss.backward()
        var expected = 0.0
        for r in 0..<rows {
            for i in (r * d)..<((r + 1) * d) {
                let (zi, yi) = (Double(z[i]), Double(y[i]))
                expected += Double(w[r]) * (max(zi, 0) - zi * yi + log1p(exp(-abs(zi))))
                let sigma = 1 / (1 + exp(-zi))
                #expect(abs(Double(logits.grad![i]) / Double(w[r]) + yi - sigma) < 3e-7, "σ(\(zi))")
            }
        }
        #expect(abs(Double(loss.item) - expected) / expected < 1e-6)
    }

    /// The loss's gradient is written when it is the first one (no zeroed buffer to add into), with
    /// the bits of adding into zeros: a row of weight 0 gets +0, not w·(σ − y) = −0.
    @Test func binaryCrossEntropyGradientWrittenHasTheBitsOfOneAdded() {
        var rng = SeededGenerator(seed: 8)
        let (rows, d) = (3, 301)
        let z = (0..<(rows * d)).map { _ in rng.uniform(-40, 40) }, y = (0..<(rows * d)).map { i in i % 5 == 0 ? 1 : rng.uniform(0, 1) }
        let targets = Tensor(shape: [rows, d], data: y), weights: [Float] = [0.5, 0, 0.25]
        let fresh = Tensor(shape: [rows, d], data: z, requiresGrad: true)
        binaryCrossEntropyWithLogits(fresh, targets, rowWeights: weights).backward()
        let added = Tensor(shape: [rows, d], data: z, requiresGrad: true)
        added.grad = [Float](repeating: 0, count: rows * d)
        binaryCrossEntropyWithLogits(added, targets, rowWeights: weights).backward()
        #expect(zip(fresh.grad!, added.grad!).allSatisfy { $0.bitPattern == $1.bitPattern })
        #expect(fresh.grad![d..<(2 * d)].allSatisfy { $0.bitPattern == 0 }, "the row of weight 0: +0 everywhere")
        let twice = Tensor(shape: [rows, d], data: z, requiresGrad: true)       // and a second pass adds
        binaryCrossEntropyWithLogits(twice, targets, rowWeights: weights).backward()
        binaryCrossEntropyWithLogits(twice, targets, rowWeights: weights).backward()
        #expect(zip(twice.grad!, fresh.grad!).allSatisfy { $0.bitPattern == ($1 + $1).bitPattern })
    }

    @Test func weightedGaussianKLGradientAndValue() {
        let result = gradientCheck(makeInputs([[3, 2], [3, 2]], kind: .normal, seed: 13)) {
            gaussianKL(mean: $0[0], logVariance: $0[1], weights: [0.6, 0.4, 0])
        }
        #expect(result.passed, "\(result)")
        // One latent: μ = 1, log σ² = 0 → ½; μ = 0, log σ² = log 2 → ½(2 − 1 − log 2).
        let kl = gaussianKL(mean: Tensor(shape: [2, 1], data: [1, 0]), logVariance: Tensor(shape: [2, 1], data: [0, Float(log(2.0))]), weights: [0.3, 0.7]).item
        #expect(abs(Double(kl) - (0.3 * 0.5 + 0.7 * 0.5 * (1 - log(2.0)))) < 1e-6)
    }

    /// A 2-pixel, 1-code VAE with hand-set weights: the negative ELBO against the formula written out.
    @Test func negativeELBOMatchesAHandComputation() throws {
        var rng = SeededGenerator(seed: 1)
        let vae = VariationalAutoencoder(inputs: 2, hidden: [2], latent: 1, using: &rng)
        // encoder W [2×2], b; μ head W [2×1], b; log σ² head W [2×1], b; decoder W1 [1×2], b1, W2 [2×2], b2.
        let theta: [Float] = [1, 0, 0, 1, 0, 0.5,   0.5, -1, 0.1,   0.2, 0.3, -0.5,   1, -1, 0, 0,   1, 0, 0, 1, -0.5, 0.5]
        try vae.setFlatParameters(theta)
        let (x1, x2, eps): (Double, Double, Double) = (0.8, 0.2, 0.7)
        let h = [max(0, x1), max(0, x2 + 0.5)]
        let mu = 0.5 * h[0] - 1 * h[1] + 0.1, logVar = 0.2 * h[0] + 0.3 * h[1] - 0.5
        let z = mu + exp(0.5 * logVar) * eps
        let d = [max(0, z * 1), max(0, z * -1)]
        let logits = [d[0] - 0.5, d[1] + 0.5]
        func bce(_ zz: Double, _ y: Double) -> Double { max(zz, 0) - zz * y + log(1 + exp(-abs(zz))) }
        let expected = bce(logits[0], x1) + bce(logits[1], x2) - 0.5 * (1 + logVar - mu * mu - exp(logVar))
        let value = vae.negativeELBO(Tensor(shape: [1, 2], data: [Float(x1), Float(x2)]), epsilon: Tensor(shape: [1, 1], data: [Float(eps)])).item
        #expect(abs(Double(value) - expected) < 1e-5, "\(value) vs \(expected)")
    }

    @Test func negativeELBOGradientsMatchFiniteDifferences() {
        var rng = SeededGenerator(seed: 2)
        let vae = VariationalAutoencoder(inputs: 5, hidden: [4], latent: 2, using: &rng)
        let x = Tensor(shape: [3, 5], data: (0..<15).map { _ in rng.nextFloat() })
        let eps = Tensor.randn([3, 2], using: &rng)
        let result = gradientCheck(vae.parameters) { _ in vae.negativeELBO(x, epsilon: eps, weights: [0.5, 0.3, 0.2]) }
        #expect(result.passed, "\(result)")
    }

    @Test func samplesAreReproducibleAndACopyIsIndependent() {
        var rng = SeededGenerator(seed: 3)
        let vae = VariationalAutoencoder(inputs: 6, hidden: [5], latent: 3, using: &rng)
        let twin = vae.copy()
        var (a, b) = (SeededGenerator(seed: 9), SeededGenerator(seed: 9))
        let s = vae.sample(4, using: &a)
        #expect(s.shape == [4, 6] && s.data == twin.sample(4, using: &b).data && s.data.allSatisfy { $0 > 0 && $0 < 1 })
        let x = Tensor(shape: [2, 6], data: (0..<12).map { Float($0) / 12 })
        #expect(vae.negativeELBO(x).item == twin.negativeELBO(x).item, "the copy draws the same ε")
        vae.decoder.layers[0].weight.data[0] += 1
        #expect(twin.decoder.layers[0].weight.data[0] != vae.decoder.layers[0].weight.data[0])
        #expect(vae.parameterCount == 6 * 5 + 5 + 2 * (5 * 3 + 3) + 3 * 5 + 5 + 5 * 6 + 6)
    }
}
