import Autograd

/// A variational autoencoder (Kingma & Welling 2014) of MLPs, the generator of deep generative
/// replay (Shin et al. 2017):
///
///     encoder   x ─ MLP, ReLU ─ h ─┬─ Linear → μ          (the posterior q(z|x) = N(μ, σ²))
///                                  └─ Linear → log σ²
///     sample    z = μ + σ ⊙ ε,  ε ~ N(0, I)               (reparameterised: ∂z/∂μ, ∂z/∂σ exist)
///     decoder   z ─ MLP, ReLU ─ logits of the pixels      (p(x|z) = Bernoulli(sigmoid(logits)))
///
/// Its loss is the negative ELBO per image, reconstruction plus KL, in nats:
///
///     −ELBO(x) = Σ_d BCE(logits_d, x_d) + KL(N(μ, σ²) ‖ N(0, I))
///
/// ε comes from the VAE's own generator (forked from the run's at construction), so a run is
/// reproducible; `copy()` copies that generator's state too.
public final class VariationalAutoencoder: Layer {
    public let encoder: MLP
    public let mean: Linear, logVariance: Linear
    public let decoder: MLP
    /// Where ε comes from.
    public var noise: SeededGenerator

    /// `inputs`-`hidden…`-(μ, log σ²) of size `latent`, and back: `latent`-`hidden reversed…`-`inputs`.
    public init(inputs: Int, hidden: [Int], latent: Int, using rng: inout SeededGenerator) {
        precondition(!hidden.isEmpty && latent >= 1, "a VAE needs at least one hidden layer and one latent dimension")
        encoder = MLP([inputs] + hidden, using: &rng)
        mean = Linear(hidden.last!, latent, using: &rng)
        logVariance = Linear(hidden.last!, latent, using: &rng)
        decoder = MLP([latent] + hidden.reversed() + [inputs], using: &rng)
        noise = rng.fork(0x766165)
    }

    private init(encoder: MLP, mean: Linear, logVariance: Linear, decoder: MLP, noise: SeededGenerator) {
        (self.encoder, self.mean, self.logVariance, self.decoder, self.noise) = (encoder, mean, logVariance, decoder, noise)
    }

    public func copy() -> VariationalAutoencoder {
        VariationalAutoencoder(encoder: encoder.copy(), mean: mean.copy(), logVariance: logVariance.copy(), decoder: decoder.copy(), noise: noise)
    }

    public var namedParameters: [(name: String, tensor: Tensor)] {
        prefixed("encoder", encoder) + prefixed("mean", mean) + prefixed("logVariance", logVariance) + prefixed("decoder", decoder)
    }

    /// The size of z.
    public var latent: Int { mean.outputs }
    /// The size of x.
    public var inputs: Int { encoder.sizes[0] }

    /// The posterior's parameters for each row of `x`: μ and log σ², both `[B, latent]`.
    public func encode(_ x: Tensor) -> (mean: Tensor, logVariance: Tensor) {
        let h = encoder(x, then: .relu)
        return (mean(h), logVariance(h))
    }

    /// The pixels' logits for each row of `z`.
    public func decode(_ z: Tensor) -> Tensor { decoder(z) }

    /// The reconstruction logits through the posterior's mean (no sampling).
    public func callAsFunction(_ x: Tensor) -> Tensor { decode(encode(x).mean) }

    /// The negative ELBO of `x` with the given ε `[B, latent]`, averaged over the batch or weighted
    /// by row (`weights`: example b counts w_b). With ε fixed it is a deterministic function of θ
    /// (the gradient checks use this form).
    public func negativeELBO(_ x: Tensor, epsilon: Tensor, weights: [Float]? = nil) -> Tensor {
        let (mu, logVar) = encode(x)
        let z = mu + (logVar.scaled(by: 0.5)).exp() * epsilon
        return binaryCrossEntropyWithLogits(decode(z), x, rowWeights: weights) + gaussianKL(mean: mu, logVariance: logVar, weights: weights)
    }

    /// The negative ELBO of `x` with ε drawn from `noise`.
    public func negativeELBO(_ x: Tensor, weights: [Float]? = nil) -> Tensor {
        negativeELBO(x, epsilon: standardNormal(rows: x.shape[0], using: &noise), weights: weights)
    }

    /// `count` new images: z ~ N(0, I) from `rng`, decoded to pixel probabilities sigmoid(logits)
    /// (the decoder's means, as generative replay uses them), `[count, inputs]`, without gradients.
    public func sample(_ count: Int, using rng: inout SeededGenerator) -> Tensor {
        let z = standardNormal(rows: count, using: &rng)
        return withNoGrad { decode(z).sigmoid() }
    }

    /// The decoded images of given codes `z` (a fixed gallery drawn once, to watch one generator change).
    public func images(of z: Tensor) -> Tensor { withNoGrad { decode(z).sigmoid() } }

    /// `[rows, latent]` draws of N(0, 1).
    public func standardNormal(rows: Int, using rng: inout SeededGenerator) -> Tensor {
        Tensor.randn([rows, latent], using: &rng)              // × std 1: the draws themselves, bit for bit
    }
}
