"""Helpers shared by the golden topics: how tensors and errors are written, and the article's Net."""
import math
import struct
import zlib

import torch
import torch.nn as nn


def enc(t):
    """A tensor as {"shape", "data"}: float32 values, row-major."""
    if t is None:
        return None
    t = t.detach().to(torch.float32).contiguous()
    return {'shape': list(t.shape), 'data': [float(v) for v in t.reshape(-1).tolist()]}


def short(v):
    """The shortest decimal that reads back as the same float32 (9 digits at most, not 17)."""
    if not math.isfinite(v):
        return v
    for digits in range(6, 10):
        s = float('%.*g' % (digits, v))
        if struct.unpack('f', struct.pack('f', s))[0] == v:
            return s
    return v


def enc32(t):
    """enc() with each value written as its shortest float32 decimal: about half the file."""
    r = enc(t)
    if r is not None:
        r['data'] = [short(v) for v in r['data']]
    return r


def message(fn):
    """The text of the exception `fn` raises: what the TypeScript side must throw."""
    try:
        fn()
    except KeyError as e:  # str() of a KeyError quotes its text; the message is the text
        return e.args[0]
    except Exception as e:  # noqa: BLE001 - the message is the point
        return str(e)
    raise AssertionError('expected an error')


class In:
    """A test input: how to make its values, and whether it requires grad."""

    def __init__(self, make, grad=True):
        self.make = make
        self.grad = grad


def randn(*shape):
    return In(lambda: torch.randn(shape))


def tensor_in(t, grad):
    """An input as written for the TypeScript side: its values and whether it requires grad."""
    r = enc32(t)
    r['requiresGrad'] = grad
    return r


def make_inputs(name, specs):
    """A case's inputs, seeded from its name so each case draws the same values on every run."""
    torch.manual_seed(zlib.crc32(name.encode()))
    return [s.make().requires_grad_(s.grad) for s in specs]


class Net(nn.Module):
    """The article's model: input → Linear(n_input, 10) → ReLU → Linear(10, n_output)."""

    def __init__(self, n_input, n_output):
        super().__init__()
        self.hidden1 = nn.Linear(n_input, 10)
        self.activation = nn.ReLU()
        self.output = nn.Linear(10, n_output)

    def forward(self, x):
        return self.output(self.activation(self.hidden1(x)))
