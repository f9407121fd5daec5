"""Seeded random streams: every sampler of src/tensor/random.ts against PyTorch's CPU generator.

Each case runs its calls on a fresh torch.Generator seeded with `seed` (None: never seeded, so
c10's default seed 67280421310721; torch's own default generator instead starts from
/dev/urandom) and records every output in order, so a wrong number of draws shows up in the
calls that follow. Cases named 'torch.manual_seed ...' use the global default generator.
"""
import math

import torch
import torch.nn as nn

from _common import enc


def ints(t):
    """An integer tensor exactly (float32 would round past 2^24)."""
    return {'shape': list(t.shape), 'data': [int(v) for v in t.reshape(-1).tolist()]}


def int64s(t):
    """63-bit integers as strings: JSON numbers stop being exact at 2^53."""
    return {'shape': list(t.shape), 'data': [str(int(v)) for v in t.reshape(-1).tolist()]}


def raw32(g, n):
    # random_(0, 2^32 - 1) is random() mod (2^32 - 1): the raw word unless the word is 2^32 - 1
    return ints(torch.empty(n, dtype=torch.int64).random_(0, 2**32 - 1, generator=g))


def uniform(g, n, lo, hi):
    return enc(torch.empty(n).uniform_(lo, hi, generator=g))


def normal(g, n, mean, std):
    return enc(torch.empty(n).normal_(mean, std, generator=g))


def rand(g, n):
    return enc(torch.rand(n, generator=g))


def randn(g, n):
    return enc(torch.randn(n, generator=g))


def bernoulli(g, n, p):
    return enc(torch.empty(n).bernoulli_(p, generator=g))


def randperm(g, n, keep=None):
    perm = torch.randperm(n, generator=g)
    return ints(perm if keep is None else perm[:keep])


def randint(g, lo, hi, n):
    return enc(torch.randint(lo, hi, (n,), generator=g))


def linear_init():
    torch.manual_seed(0)
    layer = nn.Linear(3, 2)
    return [enc(layer.weight), enc(layer.bias)]


def manual_seed_calls(seed, calls):
    torch.manual_seed(seed)
    return [f(None) for f in calls]


def cases():
    """name -> (seed, function of the generator returning the outputs in order)."""
    return {
        # mt19937 and random64
        'raw random() seed 0': (0, lambda g: [raw32(g, 10)]),
        'raw random() seed 1': (1, lambda g: [raw32(g, 10)]),
        'raw random() seed 42': (42, lambda g: [raw32(g, 10)]),
        'raw random() seed 2**40+5': (2**40 + 5, lambda g: [raw32(g, 10)]),
        'raw random() seed -1': (-1, lambda g: [raw32(g, 10)]),
        'raw random() default seed': (None, lambda g: [raw32(g, 10)]),
        'raw random() past one twist seed 3': (3, lambda g: [raw32(g, 700)]),
        'random64 seed 42': (42, lambda g: [int64s(torch.empty(6, dtype=torch.int64).random_(generator=g))]),
        # uniform_
        'rand(1) seed 0': (0, lambda g: [rand(g, 1)]),
        'rand(15) seed 1': (1, lambda g: [rand(g, 15)]),
        'rand(1000) seed 42': (42, lambda g: [rand(g, 1000)]),
        'rand(100) default seed': (None, lambda g: [rand(g, 100)]),
        'uniform_(-1, 1) n=16 seed 2**40+5': (2**40 + 5, lambda g: [uniform(g, 16, -1, 1)]),
        'uniform_(-0.577, 0.577) n=17 seed 0': (0, lambda g: [uniform(g, 17, -0.577, 0.577)]),
        'uniform_(2.5, 1e4) n=100 seed 1': (1, lambda g: [uniform(g, 100, 2.5, 1e4)]),
        'uniform_(-1e-3, 1e-3) n=1000 seed 42': (42, lambda g: [uniform(g, 1000, -1e-3, 1e-3)]),
        'uniform_(-3, -3) n=5 seed 0': (0, lambda g: [uniform(g, 5, -3, -3), rand(g, 2)]),
        # normal_: per-element Box–Muller below 16, normal_fill from 16
        'randn(1) seed 0': (0, lambda g: [randn(g, 1)]),
        'randn(2) seed 1': (1, lambda g: [randn(g, 2)]),
        'randn(3) seed 42': (42, lambda g: [randn(g, 3)]),
        'randn(15) seed 2**40+5': (2**40 + 5, lambda g: [randn(g, 15)]),
        'randn(16) seed 0': (0, lambda g: [randn(g, 16)]),
        'randn(17) seed 1': (1, lambda g: [randn(g, 17)]),
        'randn(33) seed 42': (42, lambda g: [randn(g, 33)]),
        'randn(1000) default seed': (None, lambda g: [randn(g, 1000)]),
        # elements 213 and 1042 tell which products avx_mathfun's log and cos fuse into FMAs
        'randn(1100) seed 0': (0, lambda g: [randn(g, 1100)]),
        'normal_(0.5, 2) n=1 seed 0': (0, lambda g: [normal(g, 1, 0.5, 2)]),
        'normal_(-3, 0.01) n=3 seed 1': (1, lambda g: [normal(g, 3, -3, 0.01)]),
        'normal_(0.5, 2) n=15 seed 42': (42, lambda g: [normal(g, 15, 0.5, 2)]),
        'normal_(0.5, 2) n=17 seed 42': (42, lambda g: [normal(g, 17, 0.5, 2)]),
        'normal_(-3, 0.01) n=33 seed 2**40+5': (2**40 + 5, lambda g: [normal(g, 33, -3, 0.01)]),
        'normal_(123.4, 1e-3) n=1000 seed 0': (0, lambda g: [normal(g, 1000, 123.4, 1e-3)]),
        'normal_(1, 0) n=20 seed 0': (0, lambda g: [normal(g, 20, 1, 0), rand(g, 2)]),
        # the stream and the cached second normal carry over between calls
        'rand(5) randn(3) rand(2) randn(1) randn(20) randn(1) seed 0': (0, lambda g: [
            rand(g, 5), randn(g, 3), rand(g, 2), randn(g, 1), randn(g, 20), randn(g, 1)]),
        'randn(1) then normal_(10, 3) n=1 uses the cache seed 1': (1, lambda g: [
            randn(g, 1), normal(g, 1, 10, 3), normal(g, 1, 10, 3)]),
        'randn(1) then manual_seed clears the cache seed 0': (0, lambda g: [
            randn(g, 1), randn(g.manual_seed(0), 1)]),
        # bernoulli_
        'bernoulli_(0.3) n=17 seed 0': (0, lambda g: [bernoulli(g, 17, 0.3), rand(g, 2)]),
        'bernoulli_(0.5) n=100 seed 42': (42, lambda g: [bernoulli(g, 100, 0.5)]),
        'bernoulli_(0) and (1) n=5 seed 1': (1, lambda g: [bernoulli(g, 5, 0), bernoulli(g, 5, 1), rand(g, 2)]),
        'bernoulli_(1 - 0.3) n=1 seed 2**40+5': (2**40 + 5, lambda g: [bernoulli(g, 1, 1 - 0.3)]),
        # randperm
        'randperm(0) randperm(1) seed 0': (0, lambda g: [randperm(g, 0), randperm(g, 1), rand(g, 2)]),
        'randperm(5) seed 0': (0, lambda g: [randperm(g, 5), rand(g, 2)]),
        'randperm(100) seed 42': (42, lambda g: [randperm(g, 100)]),
        'randperm(50000)[:200] seed 1': (1, lambda g: [randperm(g, 50000, keep=200), rand(g, 3)]),
        # randint
        'randint(0, 10) n=20 seed 0': (0, lambda g: [randint(g, 0, 10, 20), rand(g, 2)]),
        'randint(-5, 5) n=17 seed 42': (42, lambda g: [randint(g, -5, 5, 17)]),
        'randint(0, 2**24) n=10 seed 1': (1, lambda g: [randint(g, 0, 2**24, 10)]),
        'randint(-3, 2**40) n=10 seed 2**40+5': (2**40 + 5, lambda g: [randint(g, -3, 2**40, 10), rand(g, 2)]),
        # the global generator, and an end-to-end check through nn.Linear's reset_parameters
        'torch.manual_seed(0) rand(3) randn(3) randn(17)': (0, lambda g: manual_seed_calls(0, [
            lambda _: rand(None, 3), lambda _: randn(None, 3), lambda _: randn(None, 17)])),
        'torch.manual_seed(0) nn.Linear(3, 2) weight and bias': (0, lambda g: linear_init()),
    }


def generate():
    out = {'defaultSeed': torch.Generator().initial_seed(), 'cases': {}}
    for name, (seed, run) in cases().items():
        g = torch.Generator()
        if seed is not None:
            g.manual_seed(seed)
        initial = g.initial_seed()
        outputs = run(g)
        for o in outputs:
            assert all(not isinstance(v, float) or math.isfinite(v) for v in o['data'])
        out['cases'][name] = {'seed': seed, 'initialSeed': str(initial), 'out': outputs}
    return out
