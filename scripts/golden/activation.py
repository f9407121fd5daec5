"""Activations and the linear family (Identity, Flatten, Bilinear) against PyTorch.

A case is one line: a name, the module (or F.* call) it runs, the input's shape and the special
values that lead the input (exact zeros, ±30, ±1e4, values at and beside a threshold); the rest
of the input is randn · 3. Each case seeds torch.manual_seed from its name, so adding a case
changes no other case. Every output gets a random upstream gradient, and the record holds the
output and the gradient of the input (and of every parameter, for Bilinear).

Also recorded: the repr of every class and configuration, Bilinear's parameters right after
construction under a seed, PyTorch's messages for bad input, the implicit-dim warnings, and
erf at a few points to 30 digits (mpmath), for the float64 erf behind GELU.
"""
import math
import warnings
import zlib

import mpmath
import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import enc, message

EDGES = [0.0, -0.0, 30.0, -30.0, 1e4, -1e4, 1e-7, -1e-7, 1.0, -1.0, 0.5, -0.5]
SOFTPLUS_1_20 = [19.99, 20.0, 20.01, 20.5, 88.0, -88.0]  # beta·x at and beside the threshold 20
SOFTPLUS_HALF_10 = [19.99, 20.0, 20.01, 30.0, -40.0]  # beta·x = 10 at x = 20
SOFTPLUS_2_5 = [2.49, 2.5, 2.51, 4.0, -8.0]  # beta·x = 5 at x = 2.5

# name: (module or function, input shape, leading special values)
ACTIVATIONS = {
    'sigmoid_2d': (nn.Sigmoid(), (4, 8), EDGES),
    'sigmoid_0d': (nn.Sigmoid(), (), [-30.0]),
    'tanh_2d': (nn.Tanh(), (4, 8), EDGES),
    'tanh_3d': (nn.Tanh(), (2, 3, 4), [0.0, 30.0, -30.0, 1e4]),
    'softmax_dim1': (nn.Softmax(dim=1), (4, 8), EDGES),
    'softmax_dim0': (nn.Softmax(dim=0), (4, 8), EDGES),
    'softmax_dim_neg1_3d': (nn.Softmax(dim=-1), (2, 3, 4), [1e4, -1e4, 0.0, 30.0]),
    'softmax_implicit_0d': (nn.Softmax(), (), [30.0]),
    'softmax_implicit_1d': (nn.Softmax(), (6,), [1e4, 0.0]),
    'softmax_implicit_2d': (nn.Softmax(), (3, 5), [-1e4, 0.0]),
    'softmax_implicit_3d': (nn.Softmax(), (2, 3, 4), [30.0, -30.0]),
    'softmax_implicit_4d': (nn.Softmax(), (2, 3, 2, 2), [0.0]),
    'log_softmax_dim1': (nn.LogSoftmax(dim=1), (4, 8), EDGES),
    'log_softmax_dim0': (nn.LogSoftmax(dim=0), (4, 8), EDGES),
    'log_softmax_implicit_1d': (nn.LogSoftmax(), (6,), [1e4, -1e4]),
    'log_softmax_implicit_2d': (nn.LogSoftmax(), (3, 5), [30.0]),
    'log_softmax_implicit_3d': (nn.LogSoftmax(), (2, 3, 4), [0.0]),
    'log_softmax_implicit_4d': (nn.LogSoftmax(), (2, 3, 2, 2), [-30.0]),
    'leaky_relu_default': (nn.LeakyReLU(), (4, 8), EDGES),
    'leaky_relu_0.2_inplace': (nn.LeakyReLU(0.2, inplace=True), (4, 8), EDGES),
    'leaky_relu_negative_slope_-1.5': (nn.LeakyReLU(-1.5), (3, 5), EDGES),
    'gelu_none': (nn.GELU(), (4, 8), EDGES + [3.0, -3.0, 5.5, -5.5, 7.0, -7.0]),
    'gelu_tanh': (nn.GELU(approximate='tanh'), (4, 8), EDGES + [3.0, -3.0, 5.5, -5.5]),
    'gelu_none_3d': (nn.GELU(approximate='none'), (2, 3, 4), [0.0]),
    'silu': (nn.SiLU(), (4, 8), EDGES + [88.0, -88.0, 100.0, -100.0]),
    'silu_inplace': (nn.SiLU(inplace=True), (2, 3, 4), [0.0]),
    'elu_default': (nn.ELU(), (4, 8), EDGES),
    'elu_0.5_inplace': (nn.ELU(alpha=0.5, inplace=True), (4, 8), EDGES),
    'elu_2': (nn.ELU(alpha=2.0), (3, 5), EDGES),
    'softplus_default': (nn.Softplus(), (4, 8), EDGES + SOFTPLUS_1_20),
    'softplus_beta_0.5_threshold_10': (nn.Softplus(beta=0.5, threshold=10), (4, 8), EDGES + SOFTPLUS_HALF_10),
    'softplus_beta_2_threshold_5': (nn.Softplus(beta=2, threshold=5), (4, 8), EDGES + SOFTPLUS_2_5),
    'f_sigmoid': (F.sigmoid, (3, 4), EDGES),
    'f_tanh': (F.tanh, (3, 4), EDGES),
    'f_softmax': (lambda x: F.softmax(x, dim=0), (3, 4), EDGES),
    'f_log_softmax': (lambda x: F.log_softmax(x, dim=-1), (3, 4), EDGES),
    'f_leaky_relu': (lambda x: F.leaky_relu(x, negative_slope=0.3), (3, 4), EDGES),
    'f_gelu_tanh': (lambda x: F.gelu(x, approximate='tanh'), (3, 4), EDGES),
    'f_silu': (F.silu, (3, 4), EDGES),
    'f_elu': (lambda x: F.elu(x, alpha=0.7), (3, 4), EDGES),
    'f_softplus': (lambda x: F.softplus(x, beta=3, threshold=4), (3, 4), EDGES + [4.0 / 3, 1.3, 1.4]),
}

ACTIVATION_MODULES = {
    'sigmoid': nn.Sigmoid(),
    'tanh': nn.Tanh(),
    'softmax_none': nn.Softmax(),
    'softmax_1': nn.Softmax(dim=1),
    'softmax_neg1': nn.Softmax(dim=-1),
    'log_softmax_none': nn.LogSoftmax(),
    'log_softmax_0': nn.LogSoftmax(dim=0),
    'leaky_relu': nn.LeakyReLU(),
    'leaky_relu_0.2_inplace': nn.LeakyReLU(0.2, inplace=True),
    'leaky_relu_1e-05': nn.LeakyReLU(1e-5),
    'leaky_relu_2': nn.LeakyReLU(2.0),
    'gelu': nn.GELU(),
    'gelu_tanh': nn.GELU(approximate='tanh'),
    'silu': nn.SiLU(),
    'silu_inplace': nn.SiLU(inplace=True),
    'elu': nn.ELU(),
    'elu_0.5_inplace': nn.ELU(alpha=0.5, inplace=True),
    'softplus': nn.Softplus(),
    'softplus_0.5_10': nn.Softplus(beta=0.5, threshold=10),
    'softplus_2_2.5': nn.Softplus(beta=2, threshold=2.5),
}

LINEAR_MODULES = {
    'identity': nn.Identity(),
    'identity_with_args': nn.Identity(54, unused_argument1=0.1, unused_argument2=False),
    'flatten': nn.Flatten(),
    'flatten_0_2': nn.Flatten(0, 2),
    'flatten_neg3_neg2': nn.Flatten(start_dim=-3, end_dim=-2),
    'bilinear': nn.Bilinear(3, 4, 5),
    'bilinear_no_bias': nn.Bilinear(2, 3, 4, bias=False),
}


def seed_of(name):
    torch.manual_seed(zlib.crc32(name.encode()) & 0x7FFFFFFF)


def make_input(shape, specials):
    x = torch.randn(shape) * 3
    flat = x.reshape(-1)
    flat[:len(specials)] = torch.tensor(specials[:flat.numel()])
    return x.requires_grad_()


def activation_cases():
    cases = {}
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')  # the implicit-dim warning, recorded in warnings() below
        for name, (fn, shape, specials) in ACTIVATIONS.items():
            seed_of(name)
            x = make_input(shape, specials)
            out = fn(x.clone())  # a non-leaf, so the inplace=True modules may write into it
            upstream = torch.randn(out.shape)
            out.backward(upstream)
            cases[name] = {'x': enc(x), 'out': enc(out), 'upstream': enc(upstream), 'grad_x': enc(x.grad),
                           'grad_fn': type(out.grad_fn).__name__}
    return cases


def identity_flatten_cases():
    cases = {}
    for name, (module, shape) in {
        'identity': (nn.Identity(), (3, 4)),
        'flatten_default': (nn.Flatten(), (2, 3, 4, 5)),
        'flatten_0_2': (nn.Flatten(0, 2), (2, 3, 4, 5)),
        'flatten_neg3_neg2': (nn.Flatten(-3, -2), (2, 3, 4, 5)),
        'flatten_2d': (nn.Flatten(), (4, 6)),
        'flatten_1d_0_0': (nn.Flatten(0, 0), (5,)),
    }.items():
        seed_of(name)
        x = torch.randn(shape, requires_grad=True)
        out = module(x)
        upstream = torch.randn(out.shape)
        out.backward(upstream)
        cases[name] = {'x': enc(x), 'out': enc(out), 'upstream': enc(upstream), 'grad_x': enc(x.grad)}
    return cases


def bilinear_cases():
    cases = {}
    for name, (in1, in2, out_features, bias, shape1, shape2) in {
        'bilinear_2d': (3, 4, 5, True, (6, 3), (6, 4)),
        'bilinear_no_bias_1d': (2, 3, 4, False, (2,), (3,)),
        'bilinear_batched_3d': (3, 2, 4, True, (2, 5, 3), (2, 5, 2)),
        'bilinear_wide': (7, 9, 6, True, (10, 7), (10, 9)),
        'bilinear_empty_batch': (3, 4, 2, True, (0, 3), (0, 4)),
    }.items():
        seed_of(name)
        layer = nn.Bilinear(in1, in2, out_features, bias=bias)
        x1 = torch.randn(shape1, requires_grad=True)
        x2 = torch.randn(shape2, requires_grad=True)
        out = layer(x1, x2)
        upstream = torch.randn(out.shape)
        out.backward(upstream)
        cases[name] = {
            'args': [in1, in2, out_features, bias], 'state': {k: enc(v) for k, v in layer.state_dict().items()},
            'x1': enc(x1), 'x2': enc(x2), 'out': enc(out), 'upstream': enc(upstream),
            'grad_x1': enc(x1.grad), 'grad_x2': enc(x2.grad), 'grad_weight': enc(layer.weight.grad),
            'grad_bias': enc(layer.bias.grad if bias else None),
        }
    return cases


def init_cases():
    """Bilinear's parameters right after construction under a seed: weight drawn first, then bias."""
    cases = {}
    for name, (seed, args, kwargs) in {
        'bilinear_3_4_5': (0, (3, 4, 5), {}),
        'bilinear_20_2_3_no_bias': (1, (20, 2, 3), {'bias': False}),
        'bilinear_1_1_1': (2, (1, 1, 1), {}),
        'bilinear_16_8_4': (3, (16, 8, 4), {}),
        'bilinear_5_7_33': (4, (5, 7, 33), {}),
    }.items():
        torch.manual_seed(seed)
        layer = nn.Bilinear(*args, **kwargs)
        cases[name] = {'seed': seed, 'args': list(args), 'bias': kwargs.get('bias', True),
                       'state': {k: enc(v) for k, v in layer.state_dict().items()}}
    return cases




def described(modules):
    """Each module's repr and state-dict keys."""
    return {name: {'repr': repr(m), 'keys': list(m.state_dict().keys())} for name, m in modules.items()}


def linear_errors():
    layer = nn.Bilinear(3, 4, 5)
    shapes = {
        'bilinear_dims': ((2, 3), (4,)),
        'bilinear_batch_dim0': ((2, 3), (3, 4)),
        'bilinear_batch_dim1': ((2, 7, 3), (2, 6, 4)),
        'bilinear_in1': ((2, 2), (2, 4)),
        'bilinear_in2': ((2, 3), (2, 5)),
        'bilinear_0d': ((), ()),
    }
    out = {name: {'shape1': list(s1), 'shape2': list(s2), 'message': message(lambda: layer(torch.randn(s1), torch.randn(s2)))}
           for name, (s1, s2) in shapes.items()}
    out['bilinear_bias'] = {'message': message(lambda: F.bilinear(torch.randn(2, 3), torch.randn(2, 4), torch.randn(5, 3, 4), torch.randn(6)))}
    out['bilinear_zero_in1'] = {'message': message(lambda: nn.Bilinear(0, 4, 5))}
    out['bilinear_negative'] = {'message': message(lambda: nn.Bilinear(-1, 4, 5))}
    out['flatten_order'] = {'message': message(lambda: nn.Flatten(2, 1)(torch.randn(2, 3, 4)))}
    return out


def implicit_dim_warnings():
    out = {}
    for name, fn in {'softmax': F.softmax, 'log_softmax': F.log_softmax}.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            fn(torch.randn(2, 3))
        out[name] = {'category': caught[0].category.__name__, 'message': str(caught[0].message)}
    return out


def erf_values():
    mpmath.mp.dps = 30
    xs = [0.0, 1e-20, 1e-8, 0.1, 0.46875, 0.47, 0.5, 1.0, 1.5, 2.0, 3.0, 3.99, 4.0, 4.01, 5.0, 5.9, 6.0, 10.0,
          -0.3, -0.46875, -0.9, -2.5, -4.5, -7.0, math.sqrt(0.5), 1e-3, 0.25, 2.75]
    return [[x, float(mpmath.erf(x))] for x in xs]


def generate():
    return {
        'activations': activation_cases(), 'activation_modules': described(ACTIVATION_MODULES),
        'gelu_error': message(lambda: nn.GELU(approximate='foo')(torch.randn(2))),
        'warnings': implicit_dim_warnings(), 'erf': erf_values(),
        'identity_flatten': identity_flatten_cases(), 'bilinear': bilinear_cases(), 'init': init_cases(),
        'linear_modules': described(LINEAR_MODULES), 'linear_errors': linear_errors(),
    }
