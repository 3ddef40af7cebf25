"""The bench workload in NumPy with hand-written backprop, for a side-by-side ratio (compare.sh).

One epoch of 60,000 random 784-dim float32 inputs with random labels through the 784-50-50-50-10
ReLU MLP, softmax cross-entropy, SGD lr 0.1 at several batch sizes; one thread (OPENBLAS_NUM_THREADS=1,
set by compare.sh), one warm-up epoch, then the median samples/s over --runs timed epochs. The input
layer's ∂X is not computed (nothing needs it), as in the Swift engine. Prints `SGD <batch> <samples/s>`.
"""
import argparse
import statistics
import time

import numpy as np


def init(rng, sizes):
    """He-uniform weights [in, out] and zero biases, float32."""
    return [(rng.uniform(-1, 1, (i, o)).astype(np.float32) * np.float32(np.sqrt(6 / i)), np.zeros(o, np.float32))
            for i, o in zip(sizes, sizes[1:])]


def step(layers, xb, yb, lr):
    """One SGD step: forward, softmax cross-entropy, backward, update in place."""
    acts = [xb]
    for k, (w, b) in enumerate(layers):
        z = acts[-1] @ w + b
        acts.append(np.maximum(z, 0, out=z) if k < len(layers) - 1 else z)
    logits = acts[-1]
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(yb)), yb] -= 1
    grad = p / np.float32(len(yb))                      # ∂loss/∂logits of the mean cross-entropy
    for k in range(len(layers) - 1, -1, -1):
        w, b = layers[k]
        dw, db = acts[k].T @ grad, grad.sum(axis=0)
        if k > 0:
            grad = grad @ w.T
            grad *= acts[k] > 0                         # ReLU's gate
        w -= lr * dw
        b -= lr * db


def gemm_only(layers, x, batch, rng):
    """Only the 11 matrix products of each step (forward 4, ∂W 4, ∂X 3) on shuffled batches: what a
    tuned BLAS alone takes, the cap a whole training step could reach."""
    n = x.shape[0] // batch * batch
    order = rng.permutation(x.shape[0])
    ws = [w for w, _ in layers]
    start = time.perf_counter()
    for first in range(0, n, batch):
        acts = [x[order[first:first + batch]]]
        for w in ws:
            acts.append(acts[-1] @ w)
        grad = acts[-1]
        for k in range(len(ws) - 1, -1, -1):
            _ = acts[k].T @ grad
            if k > 0:
                grad = grad @ ws[k].T
    return n / (time.perf_counter() - start)


def epoch(layers, x, y, batch, rng, sequential):
    n = x.shape[0] // batch * batch
    order = np.arange(x.shape[0]) if sequential else rng.permutation(x.shape[0])
    start = time.perf_counter()
    for first in range(0, n, batch):
        if sequential:
            xb, yb = x[first:first + batch], y[first:first + batch]
        else:
            idx = order[first:first + batch]
            xb, yb = x[idx], y[idx]
        step(layers, xb, yb, np.float32(0.1))
    return n / (time.perf_counter() - start)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", default="32,64,128,256")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--sequential", action="store_true")
    parser.add_argument("--gemm-only", action="store_true", help="time only the 11 products of a step (prints GEMM <batch> <samples/s>)")
    args = parser.parse_args()
    rng = np.random.default_rng(1)
    x = rng.random((args.samples, 784), dtype=np.float32)
    y = rng.integers(0, 10, args.samples)
    print(f"# numpy {np.__version__}", flush=True)
    for batch in [int(s) for s in args.batches.split(",")]:
        layers = init(np.random.default_rng(0), [784, 50, 50, 50, 10])
        if args.gemm_only:
            gemm_only(layers, x, batch, rng)
            rates = [gemm_only(layers, x, batch, rng) for _ in range(args.runs)]
            print(f"GEMM {batch} {statistics.median(rates):.0f}", flush=True)
            continue
        epoch(layers, x, y, batch, rng, args.sequential)  # warm-up
        rates = [epoch(layers, x, y, batch, rng, args.sequential) for _ in range(args.runs)]
        print(f"SGD {batch} {statistics.median(rates):.0f}", flush=True)


if __name__ == "__main__":
    main()
