"""nn.init: every initialiser after torch.manual_seed on several shapes, calculate_gain, erfinv.

Each case seeds the global generator, runs one initialiser on a fresh torch.empty(shape) and
records the result and then torch.rand(3), so a wrong number of draws shows up too.
"""
import math
import warnings

import mpmath
import torch
import torch.nn.init as init

from _common import enc, message


RELU = init.calculate_gain('relu')

# name -> (seed, shape, gain)
ORTHOGONAL = {
    'orthogonal_ (3, 3)': (0, (3, 3), 1),
    'orthogonal_ (3, 5)': (1, (3, 5), 1),
    'orthogonal_ (7, 2)': (2, (7, 2), 1),
    'orthogonal_ (6, 2, 3) gain=relu': (3, (6, 2, 3), RELU),
    'orthogonal_ (4, 3, 2, 2) gain=0.5': (4, (4, 3, 2, 2), 0.5),
    'orthogonal_ (64, 64)': (5, (64, 64), 1),
    'orthogonal_ (20, 100)': (6, (20, 100), 1),
    'orthogonal_ (1, 4)': (7, (1, 4), 1),
}


def orthogonal_float64(seed, shape, gain):
    """orthogonal_'s recipe with the QR in float64 on the same float32 draw: what ours computes."""
    torch.manual_seed(seed)
    rows = shape[0]
    cols = math.prod(shape) // rows
    a = torch.empty(rows, cols).normal_(0, 1).double()
    if rows < cols:
        a = a.t()
    q, r = torch.linalg.qr(a)
    q = q * torch.diag(r).sign()
    if rows < cols:
        q = q.t()
    return enc(q.float().reshape(shape) * gain)


def cases():
    """name -> (seed, shape, initialiser)."""
    return {
        **{name: (seed, shape, lambda t, g=gain: init.orthogonal_(t, g)) for name, (seed, shape, gain) in ORTHOGONAL.items()},
        'uniform_ (3, 5) a=-0.5 b=2': (0, (3, 5), lambda t: init.uniform_(t, -0.5, 2)),
        'uniform_ (40,) default': (1, (40,), lambda t: init.uniform_(t)),
        'normal_ (3, 5) mean=1 std=0.1': (0, (3, 5), lambda t: init.normal_(t, 1, 0.1)),
        'normal_ (4, 9) default': (2, (4, 9), lambda t: init.normal_(t)),
        'constant_ (2, 3) 0.3': (0, (2, 3), lambda t: init.constant_(t, 0.3)),
        'zeros_ (2, 3)': (0, (2, 3), init.zeros_),
        'ones_ (4,)': (0, (4,), init.ones_),
        'eye_ (3, 3)': (0, (3, 3), init.eye_),
        'eye_ (2, 5)': (0, (2, 5), init.eye_),
        'eye_ (5, 2)': (0, (5, 2), init.eye_),
        'xavier_uniform_ (5, 3)': (0, (5, 3), init.xavier_uniform_),
        'xavier_uniform_ (6, 4, 3) gain=relu': (1, (6, 4, 3), lambda t: init.xavier_uniform_(t, RELU)),
        'xavier_uniform_ (8, 3, 3, 3)': (2, (8, 3, 3, 3), init.xavier_uniform_),
        'xavier_normal_ (5, 3)': (0, (5, 3), init.xavier_normal_),
        'xavier_normal_ (6, 4, 3) gain=2': (1, (6, 4, 3), lambda t: init.xavier_normal_(t, 2)),
        'xavier_normal_ (8, 3, 3, 3)': (2, (8, 3, 3, 3), init.xavier_normal_),
        'kaiming_uniform_ (5, 3)': (0, (5, 3), init.kaiming_uniform_),
        'kaiming_uniform_ (5, 3) a=sqrt5': (1, (5, 3), lambda t: init.kaiming_uniform_(t, a=math.sqrt(5))),
        'kaiming_uniform_ (6, 4, 3) fan_out relu': (2, (6, 4, 3), lambda t: init.kaiming_uniform_(t, mode='fan_out', nonlinearity='relu')),
        'kaiming_uniform_ (8, 3, 3, 3) fan_in leaky_relu a=0.2': (3, (8, 3, 3, 3), lambda t: init.kaiming_uniform_(t, a=0.2)),
        'kaiming_uniform_ (8, 3, 3, 3) fan_out tanh': (4, (8, 3, 3, 3), lambda t: init.kaiming_uniform_(t, mode='fan_out', nonlinearity='tanh')),
        'kaiming_uniform_ (4, 2, 2, 2, 2) fan_in selu': (5, (4, 2, 2, 2, 2), lambda t: init.kaiming_uniform_(t, nonlinearity='selu')),
        'kaiming_normal_ (5, 3)': (0, (5, 3), init.kaiming_normal_),
        'kaiming_normal_ (5, 3) a=sqrt5': (1, (5, 3), lambda t: init.kaiming_normal_(t, a=math.sqrt(5))),
        'kaiming_normal_ (6, 4, 3) fan_out relu': (2, (6, 4, 3), lambda t: init.kaiming_normal_(t, mode='fan_out', nonlinearity='relu')),
        'kaiming_normal_ (8, 3, 3, 3) fan_in leaky_relu a=0.2': (3, (8, 3, 3, 3), lambda t: init.kaiming_normal_(t, a=0.2)),
        'kaiming_normal_ (8, 3, 3, 3) fan_out sigmoid': (4, (8, 3, 3, 3), lambda t: init.kaiming_normal_(t, mode='fan_out', nonlinearity='sigmoid')),
        'kaiming_normal_ (4, 2, 2, 2, 2) fan_in conv3d': (5, (4, 2, 2, 2, 2), lambda t: init.kaiming_normal_(t, nonlinearity='conv3d')),
        'trunc_normal_ (3, 5) default': (0, (3, 5), init.trunc_normal_),
        'trunc_normal_ (1000,) default': (1, (1000,), init.trunc_normal_),
        'trunc_normal_ (30, 40) std=0.02': (2, (30, 40), lambda t: init.trunc_normal_(t, std=0.02)),
        'trunc_normal_ (500,) mean=1 std=2 a=0 b=3': (3, (500,), lambda t: init.trunc_normal_(t, mean=1, std=2, a=0, b=3)),
        'trunc_normal_ (500,) a=-0.5 b=0.25': (4, (500,), lambda t: init.trunc_normal_(t, a=-0.5, b=0.25)),
        'trunc_normal_ (2000,) a=-5 b=5': (5, (2000,), lambda t: init.trunc_normal_(t, a=-5, b=5)),
    }


def gains():
    return [
        [nl, None, init.calculate_gain(nl)]
        for nl in ['linear', 'conv1d', 'conv2d', 'conv3d', 'conv_transpose1d', 'conv_transpose2d',
                   'conv_transpose3d', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'selu']
    ] + [['leaky_relu', p, init.calculate_gain('leaky_relu', p)] for p in [0.2, 0, -0.5, 3, math.sqrt(5)]]




def errors():
    e = torch.empty
    return {
        'calculate_gain gelu': message(lambda: init.calculate_gain('gelu')),
        'calculate_gain leaky_relu str': message(lambda: init.calculate_gain('leaky_relu', 'x')),
        'fan 1-D': message(lambda: init.xavier_uniform_(e(3))),
        'kaiming mode fan_avg': message(lambda: init.kaiming_uniform_(e(3, 4), mode='fan_avg')),
        'eye_ 3-D': message(lambda: init.eye_(e(2, 2, 2))),
        'eye_ 1-D': message(lambda: init.eye_(e(3))),
        'orthogonal_ 1-D': message(lambda: init.orthogonal_(e(3))),
        'trunc_normal_ std=0': message(lambda: init.trunc_normal_(e(3), std=0)),
        'trunc_normal_ a > b': message(lambda: init.trunc_normal_(e(3), a=2, b=-2)),
    }


def erfinv_points():
    """torch.erfinv has no float64-accurate reference of its own: mpmath at 40 digits."""
    mpmath.mp.dps = 40
    ys = [0.0, 1e-30, 2.0**-60, 1e-8, 0.1, 0.25, 0.5, 0.7, 0.84, 0.85, 0.8500001, 0.9, 0.95, 0.99,
          0.999, 0.9999999, 1 - 2.0**-24, 1 - 2.0**-40, 1 - 2.0**-53]
    ys = ys + [-y for y in ys if y != 0]
    return [[y, float(mpmath.erfinv(mpmath.mpf(y)))] for y in ys]


def generate():
    out = {'cases': {}, 'gains': gains(), 'errors': errors(), 'erfinv': erfinv_points(),
           'orthogonal_float64': {name: orthogonal_float64(*c) for name, c in ORTHOGONAL.items()}}
    warnings.simplefilter('ignore')
    for name, (seed, shape, run) in cases().items():
        torch.manual_seed(seed)
        t = torch.empty(*shape)
        returned = run(t)
        assert returned is t
        out['cases'][name] = {'seed': seed, 'shape': list(shape), 'out': enc(t), 'next': enc(torch.rand(3))}
    return out
