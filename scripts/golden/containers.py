"""Sequential, ModuleList, ModuleDict and Embedding: reprs, keys, init, values and gradients."""
from collections import OrderedDict

import torch
import torch.nn as nn
from _common import enc


def state(module):
    return {k: enc(v) for k, v in module.state_dict().items()}


class Stack(nn.Module):
    def __init__(self):
        super().__init__()
        self.layers = nn.ModuleList([nn.Linear(3, 3) for _ in range(3)])
        self.blocks = nn.ModuleDict({'a': nn.Linear(3, 2), 'b': nn.ReLU()})


def builders():
    """name → module; the TypeScript test builds the same ones."""
    def inserted():
        seq = nn.Sequential(nn.Linear(2, 2), nn.Linear(2, 3))
        seq.insert(1, nn.ReLU())
        seq.append(nn.Linear(3, 1))
        return seq

    def popped():
        seq = nn.Sequential(nn.Linear(2, 2), nn.ReLU(), nn.Linear(2, 3))
        seq.pop(1)
        return seq

    def list_ops():
        layers = nn.ModuleList([nn.Linear(1, 1)])
        layers.extend([nn.ReLU(), nn.Linear(1, 2)])
        layers.insert(0, nn.ReLU())
        layers.append(nn.Linear(2, 2))
        return layers

    return {
        'mlp': lambda: nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3)),
        'named': lambda: nn.Sequential(OrderedDict([('fc1', nn.Linear(4, 2)), ('act', nn.ReLU()), ('fc2', nn.Linear(2, 1))])),
        'nested': lambda: nn.Sequential(nn.Sequential(nn.Linear(2, 2), nn.ReLU()), nn.Linear(2, 1)),
        'stack': Stack,
        'inserted': inserted,
        'popped': popped,
        'list_ops': list_ops,
        'embedding': lambda: nn.Embedding(10, 3),
        'embedding_padding': lambda: nn.Embedding(10, 3, padding_idx=2),
        'embedding_negative_padding': lambda: nn.Embedding(6, 4, padding_idx=-1),
    }


def forward_case(module, x, seed):
    """Output and gradients under a random upstream gradient; index inputs (long) get none."""
    torch.manual_seed(seed)
    x = x.clone().requires_grad_(x.is_floating_point())
    out = module(x)
    upstream = torch.randn(out.shape)
    out.backward(upstream)
    grads = {k: enc(p.grad) for k, p in module.named_parameters()}
    return {'x': enc(x), 'out': enc(out), 'upstream': enc(upstream), 'grad_x': enc(x.grad), 'grads': grads}


def generate():
    built = {}
    for i, (name, build) in enumerate(builders().items()):
        torch.manual_seed(i)
        module = build()
        built[name] = {'seed': i, 'repr': repr(module), 'state': state(module)}
    torch.manual_seed(100)
    mlp = builders()['mlp']()
    emb = nn.Embedding(10, 3, padding_idx=2)
    forward = {
        'mlp': dict(forward_case(mlp, torch.randn(5, 4), 1), state=state(mlp)),
        'embedding_padding': dict(forward_case(emb, torch.tensor([[2, 4, 4], [9, 0, 2]]), 2), state=state(emb)),
    }
    errors = {}
    for name, fn in {
        'index_out_of_range': lambda: nn.Embedding(5, 3)(torch.tensor([5])),
        'padding_too_large': lambda: nn.Embedding(5, 3, padding_idx=5),
        'padding_too_small': lambda: nn.Embedding(5, 3, padding_idx=-6),
    }.items():
        try:
            fn()
            errors[name] = None
        except (IndexError, AssertionError) as e:
            errors[name] = str(e)
    return {'modules': built, 'forward': forward, 'errors': errors}
