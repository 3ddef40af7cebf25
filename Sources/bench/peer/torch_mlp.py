"""The bench workload in PyTorch, for a side-by-side ratio (see Sources/bench/compare.sh).

One epoch of 60,000 random 784-dim inputs with random labels through the 784-50-50-50-10 ReLU MLP,
softmax cross-entropy, SGD lr 0.1 at several batch sizes and Adam lr 1e-3 at batch 128; one thread,
one warm-up epoch, then the median samples/s over --runs timed epochs. Prints lines like the Swift
bench: `SGD 128 <samples/s>`.
"""
import argparse
import statistics
import time

import torch


def epoch(model, opt, x, y, batch, sequential=False):
    n = x.shape[0] // batch * batch
    order = torch.arange(x.shape[0]) if sequential else torch.randperm(x.shape[0])
    loss_fn = torch.nn.CrossEntropyLoss()
    start = time.perf_counter()
    for first in range(0, n, batch):
        if sequential:                                  # a view, like a DataLoader without shuffle
            xb, yb = x[first:first + batch], y[first:first + batch]
        else:
            idx = order[first:first + batch]
            xb, yb = x[idx], y[idx]
        opt.zero_grad(set_to_none=True)
        loss_fn(model(xb), yb).backward()
        opt.step()
    return n / (time.perf_counter() - start)


def measure(name, batch, runs, x, y, sequential):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(784, 50), torch.nn.ReLU(), torch.nn.Linear(50, 50), torch.nn.ReLU(),
                                torch.nn.Linear(50, 50), torch.nn.ReLU(), torch.nn.Linear(50, 10))
    opt = torch.optim.SGD(model.parameters(), lr=0.1) if name == "SGD" else torch.optim.Adam(model.parameters(), lr=1e-3)
    epoch(model, opt, x, y, batch, sequential)          # warm-up
    rates = [epoch(model, opt, x, y, batch, sequential) for _ in range(runs)]
    print(f"{name} {batch} {statistics.median(rates):.0f}", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--batches", default="32,64,128,256")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--no-adam", action="store_true")
    parser.add_argument("--sequential", action="store_true", help="batches in storage order (slices, no gather)")
    args = parser.parse_args()
    torch.set_num_threads(1)
    gen = torch.Generator().manual_seed(1)
    x = torch.rand(args.samples, 784, generator=gen)
    y = torch.randint(0, 10, (args.samples,), generator=gen)
    print(f"# torch {torch.__version__}, {torch.get_num_threads()} thread", flush=True)
    for b in [int(s) for s in args.batches.split(",")]:
        measure("SGD", b, args.runs, x, y, args.sequential)
    if not args.no_adam:
        measure("Adam", 128, args.runs, x, y, args.sequential)


if __name__ == "__main__":
    main()
