"""The bench's VAE row in PyTorch, for a side-by-side ratio (see Sources/bench/compare.sh).

The replay lesson's generator: encoder 784-100-100 (ReLU) → μ, log σ² of 32; decoder 32-100-100-784
(ReLU between layers, logits out); loss Σ BCE-with-logits over the pixels + KL(N(μ, σ²) ‖ N(0, I)) per
image, averaged over the batch; ε drawn each step; Adam lr 1e-3; batch 128 of 60,000 random images,
shuffled; one thread. One warm-up pass, then the median images/s over --runs passes of --steps steps.
Prints `VAE 128 <images/s>`.
"""
import argparse
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


class VAE(nn.Module):
    def __init__(self, inputs=784, hidden=(100, 100), latent=32):
        super().__init__()
        self.encoder = nn.Sequential(nn.Linear(inputs, hidden[0]), nn.ReLU(), nn.Linear(hidden[0], hidden[1]), nn.ReLU())
        self.mean, self.log_variance = nn.Linear(hidden[1], latent), nn.Linear(hidden[1], latent)
        self.decoder = nn.Sequential(nn.Linear(latent, hidden[1]), nn.ReLU(), nn.Linear(hidden[1], hidden[0]), nn.ReLU(),
                                     nn.Linear(hidden[0], inputs))

    def negative_elbo(self, x):
        h = self.encoder(x)
        mu, log_var = self.mean(h), self.log_variance(h)
        z = mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)
        reconstruction = F.binary_cross_entropy_with_logits(self.decoder(z), x, reduction="sum") / x.shape[0]
        kl = -0.5 * torch.sum(1 + log_var - mu.pow(2) - log_var.exp()) / x.shape[0]
        return reconstruction + kl


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--samples", type=int, default=60000)
    args = parser.parse_args()
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(args.samples, 784, generator=gen)
    torch.manual_seed(0)
    vae, batch = VAE(), 128
    opt = torch.optim.Adam(vae.parameters(), lr=1e-3)

    def one_pass():
        order = torch.randperm(args.samples)
        start = time.perf_counter()
        for s in range(args.steps):
            first = s * batch % (args.samples - batch + 1)
            opt.zero_grad(set_to_none=True)
            vae.negative_elbo(x[order[first:first + batch]]).backward()
            opt.step()
        return args.steps * batch / (time.perf_counter() - start)

    one_pass()
    print(f"VAE {batch} {statistics.median(one_pass() for _ in range(args.runs)):.0f}", flush=True)


if __name__ == "__main__":
    main()
