import Autograd
import Foundation
import LessonKit
import NN

/// VAE training steps at the replay lesson's shapes, on the bench's random images (a peer runs the
/// same: Sources/bench/peer/torch_vae.py): encoder 784-100-100 → μ, log σ² of 32, decoder
/// 32-100-100-784, ReLU, loss Σ BCE(logits, x) + KL per image averaged over the batch, ε drawn each
/// step, Adam lr 10⁻³, batch 128, shuffled; one thread; images a second, the median of `runs`
/// passes of `steps` steps after a warm-up pass.
struct VAEBench {
    let runs: Int
    var steps = 200

    func report(_ data: RandomDigits) {
        let setup = ReplaySetup()
        var rng = SeededGenerator(seed: 0)
        let vae = setup.generator(using: &rng)
        let optimizer = Adam(vae.parameters, learningRate: setup.learningRate)
        let batch = setup.batchSize, samples = data.labels.count
        var order: [Int] = []
        StepRow(name: "VAE", batch: batch, steps: steps, runs: runs).measure(
            detail: "replay lesson: 784-\(setup.hidden.map(String.init).joined(separator: "-"))-z \(setup.latent) and back") { s in
            if s == 0 { order = rng.permutation(samples) }    // a fresh shuffle each pass (~0.1% of it)
            let first = s * batch % (samples - batch + 1)
            let x = data.images.gatherRows(Array(order[first..<(first + batch)]))
            let next = (s + 1) * batch % (samples - batch + 1)      // the next step's rows, fetched during this one
            data.images.prefetchRows(Array(order[next..<(next + batch)]))
            optimizer.zeroGrad()
            vae.negativeELBO(x).backward()
            optimizer.step()
        }
    }
}
