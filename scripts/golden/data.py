"""torch.utils.data: DataLoader orders (sequential, shuffled, with and without a generator),
RandomSampler, random_split, default_collate, and their errors.

A loader case iterates TensorDataset(torch.arange(n)) — each sample is its own index — for
several passes and records every batch's indices, then torch.rand(3) from the default generator
(and from the loader's generator if it has one), so every draw a pass makes is checked as well.
"""
import warnings

import torch
from torch.utils.data import DataLoader, Dataset, RandomSampler, TensorDataset, random_split
from torch.utils.data._utils.collate import default_collate

from _common import enc, message

# name -> (n, batch_size, shuffle, drop_last, manual seed, loader generator seed or None, passes)
# A pass is None (run it to the end), an int k (take k batches, then drop the iterator), or
# 'rand between': torch.rand(1) between iter() and the first batch.
LOADERS = {
    'n=10 bs=3 sequential': (10, 3, False, False, 0, None, [None, None]),
    'n=10 bs=3 sequential drop_last': (10, 3, False, True, 0, None, [None]),
    'n=5 bs=1 sequential': (5, 1, False, False, 0, None, [None]),
    'n=10 bs=3 shuffle seed 0': (10, 3, True, False, 0, None, [None, None, None]),
    'n=10 bs=3 shuffle drop_last seed 1': (10, 3, True, True, 1, None, [None, None, None]),
    'n=12 bs=4 shuffle seed 2': (12, 4, True, False, 2, None, [None, None]),
    'n=7 bs=10 shuffle seed 3': (7, 10, True, False, 3, None, [None, None]),
    'n=7 bs=10 shuffle drop_last seed 3 (no batches)': (7, 10, True, True, 3, None, [None, None]),
    'n=1 bs=1 shuffle seed 4': (1, 1, True, False, 4, None, [None, None]),
    'n=100 bs=16 shuffle seed 5': (100, 16, True, False, 5, None, [None, None]),
    'n=100 bs=16 shuffle generator 7': (100, 16, True, False, 0, 7, [None, None, None]),
    'n=10 bs=3 shuffle drop_last generator 8': (10, 3, True, True, 0, 8, [None, None, None]),
    'n=10 bs=5 shuffle generator 9 ends on a full batch': (10, 5, True, False, 0, 9, [None, None]),
    'n=10 bs=2 sequential generator 10': (10, 2, False, False, 0, 10, [None]),
    'n=10 bs=3 shuffle seed 6 partial passes': (10, 3, True, False, 6, None, [2, None, 0, None]),
    'n=10 bs=5 shuffle generator 11 partial passes': (10, 5, True, False, 0, 11, [2, None, 1, None]),
    'n=9 bs=4 shuffle seed 12 rand between iter and next': (9, 4, True, False, 12, None, ['rand between', None]),
}

# name -> (n, lengths, generator seed or None for torch.manual_seed(0) and the default generator)
SPLITS = {
    '[3, 7] of 10 generator 42': (10, [3, 7], 42),
    '[0.3, 0.3, 0.4] of 30 generator 42': (30, [0.3, 0.3, 0.4], 42),
    '[0.3, 0.3, 0.4] of 11 generator 1': (11, [0.3, 0.3, 0.4], 1),
    '[0.5, 0.5] of 5 generator 2': (5, [0.5, 0.5], 2),
    '[0.1, 0.9] of 5 generator 3': (5, [0.1, 0.9], 3),
    '[2, 3, 5] of 10 default generator': (10, [2, 3, 5], None),
    '[0.25, 0.25, 0.25, 0.25] of 1000 default generator': (1000, [0.25, 0.25, 0.25, 0.25], None),
}

# name -> (n, num_samples, generator seed, passes)
SAMPLERS = {
    'n=5 num_samples=12 generator 0': (5, 12, 0, 2),
    'n=5 num_samples=3 generator 1': (5, 3, 1, 2),
    'n=6 num_samples=6 generator 2': (6, 6, 2, 2),
}


def loader_case(n, batch_size, shuffle, drop_last, seed, gen_seed, passes):
    torch.manual_seed(seed)
    g = None if gen_seed is None else torch.Generator().manual_seed(gen_seed)
    loader = DataLoader(TensorDataset(torch.arange(n)), batch_size=batch_size, shuffle=shuffle, drop_last=drop_last, generator=g)
    out = []
    for p in passes:
        it = iter(loader)
        if p == 'rand between':
            torch.rand(1)
        batches = list(it) if p in (None, 'rand between') else [next(it) for _ in range(p)]
        out.append([b[0].tolist() for b in batches])
    return {'length': len(loader), 'passes': out, 'next': enc(torch.rand(3)),
            'generator_next': None if g is None else enc(torch.rand(3, generator=g))}


def split_case(n, lengths, gen_seed):
    torch.manual_seed(0)
    g = None if gen_seed is None else torch.Generator().manual_seed(gen_seed)
    subsets = random_split(TensorDataset(torch.arange(n)), lengths, **({} if g is None else {'generator': g}))
    return {'indices': [list(s.indices) for s in subsets], 'next': enc(torch.rand(3))}


def sampler_case(n, num_samples, gen_seed, passes):
    g = torch.Generator().manual_seed(gen_seed)
    sampler = RandomSampler(range(n), num_samples=num_samples, generator=g)
    return {'length': len(sampler), 'passes': [list(sampler) for _ in range(passes)], 'generator_next': enc(torch.rand(3, generator=g))}


class Records(Dataset):
    """Samples of every kind default_collate handles: tensors, numbers, strings, tuples, dicts."""

    def __len__(self):
        return 5

    def __getitem__(self, i):
        return {'x': torch.arange(3.0) * i, 'pair': (torch.full((2,), i + 0.5), i * 0.25), 'label': i % 3, 'name': 's%d' % i}


def collate_case():
    batches = []
    for b in DataLoader(Records(), batch_size=2):
        batches.append({'x': enc(b['x']), 'pair': [enc(b['pair'][0]), enc(b['pair'][1])], 'label': enc(b['label']), 'name': b['name']})
    return batches




def errors():
    ds = TensorDataset(torch.arange(10))
    return {
        'TensorDataset size mismatch': message(lambda: TensorDataset(torch.zeros(3, 2), torch.zeros(4))),
        'TensorDataset index out of range': message(lambda: ds[10]),
        'batch_size=0': message(lambda: DataLoader(ds, batch_size=0)),
        'batch_size=-2': message(lambda: DataLoader(ds, batch_size=-2)),
        'shuffle an empty dataset': message(lambda: DataLoader(TensorDataset(torch.zeros(0)), shuffle=True)),
        'random_split sum mismatch': message(lambda: random_split(ds, [3, 8])),
        'random_split fraction out of range': message(lambda: random_split(ds, [1.5, -0.5])),
        'collate ragged lists': message(lambda: default_collate([[1, 2], [3]])),
    }


def generate():
    warnings.simplefilter('ignore')
    return {
        'loaders': {name: loader_case(*c) for name, c in LOADERS.items()},
        'loader_args': {name: {'n': c[0], 'batch_size': c[1], 'shuffle': c[2], 'drop_last': c[3], 'seed': c[4],
                               'generator': c[5], 'passes': c[6]} for name, c in LOADERS.items()},
        'splits': {name: {'n': c[0], 'lengths': c[1], 'generator': c[2], **split_case(*c)} for name, c in SPLITS.items()},
        'samplers': {name: {'n': c[0], 'num_samples': c[1], 'generator': c[2], **sampler_case(*c)} for name, c in SAMPLERS.items()},
        'collate': collate_case(),
        'errors': errors(),
    }
