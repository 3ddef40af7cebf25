"""The bench's MemN2N row in PyTorch, for a side-by-side ratio (see Sources/bench/compare.sh).

An end-to-end memory network as the babi lesson trains it (adjacent weight tying: hops + 1 embedding
tables E⁰…Eᴷ and temporal tables T⁰…Tᴷ, N(0, 0.1²); position encoding; Adam lr 0.005 with L2 0.001;
batch 32; one thread), on the workload the Swift bench prints: vocabulary V, sentences padded to W
words, `used` filled slots of `length` words each (and a question of `length` words), random word
ids and answers. The memory is trimmed to the filled slots, as the Swift model does. One warm-up
pass, then the median questions/s over --runs passes of --steps steps. Prints `MemN2N 32 <questions/s>`.
"""
import argparse
import statistics
import time

import torch
from torch import nn
import torch.nn.functional as F


def position_encoding(length, words, d):
    """l_kj = (1 − j/J) − (k/d)(1 − 2j/J) for the J = length words of a sentence, 0 for padding."""
    l = torch.zeros(words, d)
    for j in range(1, length + 1):
        for k in range(1, d + 1):
            l[j - 1, k - 1] = (1 - j / length) - (k / d) * (1 - 2 * j / length)
    return l


class MemN2N(nn.Module):
    def __init__(self, vocabulary, d, slots, hops):
        super().__init__()
        self.hops = hops
        self.embeddings = nn.ParameterList(nn.Parameter(0.1 * torch.randn(vocabulary, d)) for _ in range(hops + 1))
        self.temporal = nn.ParameterList(nn.Parameter(0.1 * torch.randn(slots, d)) for _ in range(hops + 1))

    def forward(self, story, question, l):
        """story [B, used, W] and question [B, W] word ids → scores [B, V]."""
        used = story.shape[1]
        memories = [(F.embedding(story, e) * l).sum(2) + t[:used] for e, t in zip(self.embeddings, self.temporal)]
        u = (F.embedding(question, self.embeddings[0]) * l).sum(1)
        for k in range(self.hops):
            p = torch.softmax(torch.bmm(memories[k], u.unsqueeze(2)).squeeze(2), dim=1)
            u = u + torch.bmm(p.unsqueeze(1), memories[k + 1]).squeeze(1)
        return u @ self.embeddings[self.hops].t()


def main():
    parser = argparse.ArgumentParser()
    for name, default in [("vocabulary", 0), ("words", 0), ("used", 0), ("length", 0), ("dimension", 50), ("slots", 50),
                          ("hops", 3), ("batch", 32), ("steps", 300), ("runs", 3)]:
        parser.add_argument(f"--{name}", type=int, default=default, required=default == 0)
    a = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(1)
    model = MemN2N(a.vocabulary, a.dimension, a.slots, a.hops)
    opt = torch.optim.Adam(model.parameters(), lr=0.005, weight_decay=0.001)
    l = position_encoding(a.length, a.words, a.dimension)

    def words(*shape):
        ids = torch.zeros(*shape, a.words, dtype=torch.long)
        ids[..., :a.length] = torch.randint(1, a.vocabulary, (*shape, a.length))
        return ids
    data = [(words(a.batch, a.used), words(a.batch), torch.randint(0, a.vocabulary, (a.batch,))) for _ in range(a.steps)]

    def one_pass():
        start = time.perf_counter()
        for story, question, answer in data:
            opt.zero_grad(set_to_none=True)
            F.cross_entropy(model(story, question, l), answer).backward()
            opt.step()
        return a.steps * a.batch / (time.perf_counter() - start)

    one_pass()
    print(f"MemN2N {a.batch} {statistics.median(one_pass() for _ in range(a.runs)):.0f}", flush=True)


if __name__ == "__main__":
    main()
