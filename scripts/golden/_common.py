"""Helpers shared by the golden topics: how a tensor is written to JSON."""
import torch


def enc(t):
    """A tensor as {"shape", "data"}: float32 values, row-major."""
    if t is None:
        return None
    t = t.detach().to(torch.float32).contiguous()
    return {'shape': list(t.shape), 'data': [float(v) for v in t.reshape(-1).tolist()]}
