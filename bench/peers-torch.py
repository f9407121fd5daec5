# PyTorch's side of bench/peers.mjs, on one thread: a worker that reads one JSON request a line
# and answers one JSON line, so that peers.mjs can interleave its timings with torchlet's.
#   {"op": "prepare", "workload": {...}}  builds the workload peers.mjs defines and runs its warm-up
#                                         (answered {}: nothing cut, sample it)
#   {"op": "sample"}                      one timing: ms per step, or GFLOP/s for a matmul
# Answers are {"ok": ...} or {"error": message}. The worker ends when its input does.
import json
import math
import sys
import time

import torch
from torch import nn

torch.set_num_threads(1)


def loop(fn, iters):
    """Milliseconds taken by `iters` calls of `fn`."""
    t0 = time.perf_counter()
    for _ in range(iters):
        fn()
    return (time.perf_counter() - t0) * 1e3


REWARM_MS = 30  # peers.mjs's REWARM_MS: untimed work before each timing, after waiting while others ran


def rewarm(fn):
    """Runs `fn` untimed for REWARM_MS, at least once."""
    t0 = time.perf_counter()
    fn()
    while (time.perf_counter() - t0) * 1e3 < REWARM_MS:
        fn()


def iters_for(fn, min_ms):
    """Iterations of `fn` that take at least `min_ms`, found by doubling from one (timing.mjs's itersFor)."""
    n = 1
    while True:
        ms = loop(fn, n)
        if ms >= min_ms / 4:
            return max(1, math.ceil(n * min_ms / max(ms, 1e-3)))
        n *= 2


def mlp_step(n_in, n_hidden, n_out, batch):
    """One MSE + SGD(lr 0.01, momentum 0.9) step of Linear → ReLU → Linear on a fixed batch."""
    model = nn.Sequential(nn.Linear(n_in, n_hidden), nn.ReLU(), nn.Linear(n_hidden, n_out))
    x = torch.randn(batch, n_in)
    y = torch.randn(batch, n_out)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    return step


def conv_step(batch):
    """Forward and backward of Conv2d(1, 16, 3, padding=1) → ReLU → MaxPool2d(2) with a random upstream gradient."""
    model = nn.Sequential(nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2))
    x = torch.randn(batch, 1, 28, 28)
    g = torch.randn(batch, 16, 14, 14)

    def step():
        model.zero_grad()
        model(x).backward(g)

    return step


class LastStepLSTM(nn.Module):
    """LSTM over (seq, batch, n_in), then Linear on the last step's output."""

    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.lstm = nn.LSTM(n_in, n_hidden)
        self.head = nn.Linear(n_hidden, n_out)

    def forward(self, x):
        output, _ = self.lstm(x)
        return self.head(output[-1])


def lstm_step(n_in, n_hidden, n_out, seq, batch):
    """One MSE + SGD(lr 0.01, momentum 0.9) step of LastStepLSTM on a fixed batch."""
    model = LastStepLSTM(n_in, n_hidden, n_out)
    x = torch.randn(seq, batch, n_in)
    y = torch.randn(batch, n_out)
    loss_fn = nn.MSELoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)

    def step():
        optimizer.zero_grad()
        loss_fn(model(x), y).backward()
        optimizer.step()

    return step


def prepare(w):
    """The workload's warm-up, as peers.mjs runs it; returns the function that takes one timing."""
    torch.manual_seed(0)
    if w["kind"] == "matmul":
        n = w["n"]
        a = torch.randn(n, n)
        b = torch.randn(n, n)

        def product():
            with torch.no_grad():
                torch.matmul(a, b)

        first = loop(product, 1)
        iters = 1 if first >= w["minMs"] else iters_for(product, w["minMs"])
        def rate():
            rewarm(product)
            return 2 * n**3 / (loop(product, iters) / iters * 1e6)
        return rate
    if w["kind"] == "mlp":
        step = mlp_step(*w["sizes"], w["batch"])
    elif w["kind"] == "conv":
        step = conv_step(w["batch"])
    elif w["kind"] == "lstm":
        step = lstm_step(*w["sizes"], w["seq"], w["batch"])
    else:
        raise ValueError(f"unknown workload kind {w['kind']!r}")
    loop(step, w["warmup"])
    def per_step():
        rewarm(step)
        return loop(step, w["steps"]) / w["steps"]
    return per_step


def main():
    sample = None
    for line in sys.stdin:
        msg = json.loads(line)
        try:
            if msg["op"] == "prepare":
                sample = prepare(msg["workload"])
                answer = {"ok": {}}
            else:
                answer = {"ok": sample()}
        except Exception as e:  # the request fails, the worker goes on
            answer = {"error": f"{type(e).__name__}: {e}"}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
