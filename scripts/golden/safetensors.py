"""safetensors fixtures written the way the reference implementation writes them, and the
values and predictions torchlet must read back from them. Files go to test/golden/safetensors/."""
import json
import os
import struct

import torch
import torch.nn as nn
from _common import Net, enc

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, '..', '..', 'test', 'golden', 'safetensors')

# The reference's Dtype enum, in increasing alignment: files list tensors by descending
# position here, then by name.
ORDER = ['BOOL', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'F64', 'I64', 'U64']
NAMES = {torch.bool: 'BOOL', torch.uint8: 'U8', torch.int8: 'I8', torch.int16: 'I16', torch.float16: 'F16',
         torch.bfloat16: 'BF16', torch.int32: 'I32', torch.float32: 'F32', torch.float64: 'F64', torch.int64: 'I64'}


def raw_bytes(t):
    t = t.contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()  # little-endian on this machine, as the format requires


def safetensors_bytes(tensors, metadata=None):
    """What safetensors' serialize() writes: compact JSON header padded with spaces to 8 bytes."""
    items = sorted(tensors.items(), key=lambda kv: (-ORDER.index(NAMES[kv[1].dtype]), kv[0]))
    header = {} if metadata is None else {'__metadata__': metadata}
    blobs, offset = [], 0
    for name, t in items:
        b = raw_bytes(t)
        header[name] = {'dtype': NAMES[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(blobs)


def write(name, tensors, metadata=None):
    with open(os.path.join(FIXTURES, name + '.safetensors'), 'wb') as f:
        f.write(safetensors_bytes(tensors, metadata))


def generate():
    os.makedirs(FIXTURES, exist_ok=True)
    torch.manual_seed(0)
    base = torch.tensor([[0.0, -1.5, 2.25], [1e-3, 65504.0, -7.0]])
    dtypes = {
        'F32': base, 'F64': base.double() * 1.000000001, 'F16': base.half(), 'BF16': base.bfloat16(),
        'I64': torch.tensor([0, -1, 2 ** 40 + 3, -(2 ** 33), 7, 123456789]).reshape(2, 3),
        'I32': torch.tensor([0, -1, 2 ** 31 - 1, -(2 ** 31), 7, 12], dtype=torch.int32).reshape(2, 3),
        'I16': torch.tensor([0, -1, 32767, -32768, 7, 12], dtype=torch.int16).reshape(3, 2),
        'I8': torch.tensor([0, -1, 127, -128, 7, 12], dtype=torch.int8),
        'U8': torch.tensor([0, 1, 255, 128, 7, 12], dtype=torch.uint8),
        'BOOL': torch.tensor([True, False, True, True]),
    }
    values = {}
    for name, t in dtypes.items():
        write('dtype_' + name, {'x': t})
        values[name] = enc(t.to(torch.float32))

    # A model saved by PyTorch: its state dict with BatchNorm's I64 counter, and metadata.
    torch.manual_seed(1)
    model = nn.Sequential(nn.Linear(3, 4), nn.BatchNorm1d(4), nn.ReLU(), nn.Linear(4, 2))
    model.train()
    model(torch.randn(16, 3))
    mixed = model.state_dict()
    write('sequential_bn', mixed, {'format': 'pt'})

    # The article's Net, trained a little in PyTorch, and what it predicts.
    torch.manual_seed(2)
    net = Net(3, 1)
    x = torch.randn(32, 3)
    y = x.sum(1, keepdim=True)
    opt = torch.optim.SGD(net.parameters(), lr=0.05)
    for _ in range(50):
        opt.zero_grad()
        nn.MSELoss()(net(x), y).backward()
        opt.step()
    write('net', net.state_dict())
    probe = torch.randn(5, 3)
    return {
        'dtypes': values,
        'sequential_bn': {'keys': list(mixed.keys()), 'state': {k: enc(v.to(torch.float32)) for k, v in mixed.items()}},
        'net': {'x': enc(probe), 'prediction': enc(net(probe))},
    }
