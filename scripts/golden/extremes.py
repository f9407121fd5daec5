"""Large and special values against PyTorch: logits of ±1e4 through sigmoid, softmax, log_softmax,
cross_entropy and binary_cross_entropy_with_logits (finite values and gradients), and the IEEE
results of log(0), 0/0, 1/0, exp(±1000), sqrt(-1), 0⁻¹ and rows of -inf, which must come out as
-inf, NaN and inf rather than as exceptions.

A case is one line: a name, the function, and its inputs as explicit values, each marked whether it
requires grad. Every output gets a random upstream gradient (seeded from the case's name), and the
record holds the output and the gradient of each input that requires grad.

Also recorded: PyTorch's anomaly-mode messages (torch.autograd.detect_anomaly) for a backward rule
that returns NaN in its 0th and in its 1th output, and PyTorch's messages for the bad arguments of
test/hardening/validation.test.ts that torchlet reports in PyTorch's own words.
"""
import warnings
import zlib

import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import enc, message

NAN = float('nan')
INF = float('inf')

# rows: a huge margin, a tie of huge values, huge negatives, mixed signs
BIG = [[1e4, -1e4, 0.0, 1.0], [1e4, 1e4, 1e4, 1e4], [-1e4, -1e4, -1e4, -1e4 + 1], [-1e4, 1e4, 30.0, -30.0]]
BIG_PROBS = [[0.25, 0.25, 0.25, 0.25], [1.0, 0.0, 0.0, 0.0], [0.0, 0.5, 0.0, 0.5], [0.1, 0.2, 0.3, 0.4]]
LOGITS = [[1e4, -1e4, 1e4, -1e4, 0.0, 30.0], [-30.0, 88.0, -88.0, 1e3, -1e3, 0.5]]
LABELS = [[1.0, 0.0, 0.0, 1.0, 1.0, 0.0], [0.0, 1.0, 1.0, 0.0, 1.0, 0.5]]
POS_WEIGHT = [0.5, 2.0, 1.0, 3.0, 1.0, 0.25]


def g(values):
    """An input that requires grad."""
    return (values, True, torch.float32)


def c(values):
    """An input that does not (a target, a constant)."""
    return (values, False, torch.float32)


def i(values):
    """Class-index targets (int64 in PyTorch, integer-valued floats in torchlet)."""
    return (values, False, torch.int64)


# name: (function of the input tensors, inputs)
CASES = {
    'sigmoid_big': (torch.sigmoid, [g([1e4, -1e4, 0.0, 88.0, -88.0, 89.0, -89.0, 1e3, -1e3, 20.0, -20.0, 0.5])]),
    'tanh_big': (torch.tanh, [g([1e4, -1e4, 0.0, 20.0, -20.0, 1e-7])]),
    'softmax_big_dim1': (lambda x: F.softmax(x, dim=1), [g(BIG)]),
    'softmax_big_dim0': (lambda x: F.softmax(x, dim=0), [g(BIG)]),
    'log_softmax_big_dim1': (lambda x: F.log_softmax(x, dim=1), [g(BIG)]),
    'log_softmax_big_dim0': (lambda x: F.log_softmax(x, dim=0), [g(BIG)]),
    'cross_entropy_big_mean': (lambda x, t: F.cross_entropy(x, t), [g(BIG), i([0, 1, 3, 2])]),
    'cross_entropy_big_sum': (lambda x, t: F.cross_entropy(x, t, reduction='sum'), [g(BIG), i([1, 2, 0, 1])]),
    'cross_entropy_big_none': (lambda x, t: F.cross_entropy(x, t, reduction='none'), [g(BIG), i([0, 1, 3, 2])]),
    'cross_entropy_big_smoothing': (lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), [g(BIG), i([1, 0, 2, 3])]),
    'cross_entropy_big_probs': (lambda x, t: F.cross_entropy(x, t), [g(BIG), c(BIG_PROBS)]),
    'bce_logits_big_mean': (F.binary_cross_entropy_with_logits, [g(LOGITS), c(LABELS)]),
    'bce_logits_big_none': (lambda x, t: F.binary_cross_entropy_with_logits(x, t, reduction='none'), [g(LOGITS), c(LABELS)]),
    'bce_logits_big_pos_weight': (lambda x, t, p: F.binary_cross_entropy_with_logits(x, t, pos_weight=p), [g(LOGITS), c(LABELS), c(POS_WEIGHT)]),
    'log_zero': (torch.log, [g([0.0, -0.0, 1.0, -1.0, INF])]),
    'div_zero': (torch.div, [g([0.0, 1.0, -1.0, 0.0, 2.0]), g([0.0, 0.0, 0.0, 1.0, INF])]),
    'exp_big': (torch.exp, [g([1000.0, -1000.0, 88.0, 89.0, -104.0, 0.0])]),
    'sqrt_negative': (torch.sqrt, [g([-1.0, 0.0, 4.0, INF])]),
    'pow_zero_negative': (lambda x: x.pow(-1), [g([0.0, -0.0, 2.0])]),
    'mul_inf_zero': (torch.mul, [g([INF, -INF, 1.0]), g([0.0, 2.0, NAN])]),
    'softmax_neg_inf_rows': (lambda x: F.softmax(x, dim=1), [g([[-INF, -INF, -INF], [-INF, 0.0, 1.0]])]),
    'log_softmax_neg_inf_rows': (lambda x: F.log_softmax(x, dim=1), [g([[-INF, -INF, -INF], [-INF, 0.0, 1.0]])]),
}


def case(name, fn, inputs):
    torch.manual_seed(zlib.crc32(name.encode()))
    xs = [torch.tensor(values, dtype=dtype, requires_grad=rg) for values, rg, dtype in inputs]
    out = fn(*xs)
    upstream = torch.randn(out.shape)
    out.backward(upstream)
    return {
        'inputs': [{'x': enc(x), 'requires_grad': rg} for x, (_, rg, _) in zip(xs, inputs)],
        'out': enc(out),
        'upstream': enc(upstream),
        'grads': [enc(x.grad) if rg else None for x, (_, rg, _) in zip(xs, inputs)],
    }


def anomaly(fn):
    """The message of the error detect_anomaly raises in fn's backward (its warning silenced)."""
    def run():
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            with torch.autograd.detect_anomaly():
                fn()
    return message(run)


def anomaly_messages():
    def nan_in_0th():
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        (x * torch.tensor([NAN, 1.0])).sum().backward()

    def nan_in_1th():
        y = torch.tensor([1.0, 2.0], requires_grad=True)
        (torch.tensor([NAN, 1.0]) * y).sum().backward()

    def sqrt_at_zero():
        x = torch.tensor([0.0, 1.0], requires_grad=True)
        (x.sqrt() * 0).sum().backward()

    return {'nan_in_0th': anomaly(nan_in_0th), 'nan_in_1th': anomaly(nan_in_1th), 'sqrt_at_zero': anomaly(sqrt_at_zero)}


def validation_net():
    """The model of validation.test.ts: Linear(4, 8) → BatchNorm1d(8) → ReLU → Dropout → Linear(8, 3)."""
    return nn.Sequential(nn.Linear(4, 8), nn.BatchNorm1d(8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 3))


def error_messages():
    x = torch.randn(5, 4)
    params = lambda: validation_net().parameters()  # noqa: E731
    sgd = lambda: torch.optim.SGD(params(), lr=0.1, momentum=0.9)  # noqa: E731
    bad_state = dict(validation_net().state_dict(), **{'0.weight': torch.zeros(8, 3)})
    return {
        'flatten_0d': message(lambda: nn.Flatten()(torch.tensor(1.0))),
        'linear_negative': message(lambda: nn.Linear(-1, 2)),
        'dropout_p_nan': message(lambda: F.dropout(x, NAN)),
        'lstm_dropout_nan': message(lambda: nn.LSTM(3, 4, dropout=NAN)),
        'label_smoothing_2': message(lambda: nn.CrossEntropyLoss(label_smoothing=2.0)(x, torch.tensor([0, 1, 2, 3, 0]))),
        'target_out_of_bounds': message(lambda: F.cross_entropy(x, torch.tensor([0, 1, 2, 3, 9]))),
        'smooth_l1_beta_nan': message(lambda: F.smooth_l1_loss(x, x, beta=NAN)),
        'huber_delta_nan': message(lambda: F.huber_loss(x, x, delta=NAN)),
        'adam_eps_nan': message(lambda: torch.optim.Adam(params(), eps=NAN)),
        'adam_beta_nan': message(lambda: torch.optim.Adam(params(), betas=(NAN, 0.999))),
        'optimizer_load_group_count': message(lambda: sgd().load_state_dict({'state': {}, 'param_groups': []})),
        'one_cycle_div_zero': message(lambda: torch.optim.lr_scheduler.OneCycleLR(sgd(), 0.1, total_steps=10, div_factor=0)),
        'load_state_dict_size_mismatch': message(lambda: validation_net().load_state_dict(bad_state)),
        'init_normal_negative_std': message(lambda: nn.init.normal_(torch.zeros(8, 4), 0.0, -1.0)),
        'init_unknown_mode': message(lambda: nn.init.kaiming_uniform_(torch.zeros(8, 4), mode='fan_avg')),
        'init_unknown_nonlinearity': message(lambda: nn.init.kaiming_normal_(torch.zeros(8, 4), nonlinearity='gelu')),
        'init_negative_slope_string': message(lambda: nn.init.calculate_gain('leaky_relu', 'a')),
    }


def generate():
    return {
        'cases': {name: case(name, fn, inputs) for name, (fn, inputs) in CASES.items()},
        'anomaly': anomaly_messages(),
        'errors': error_messages(),
    }
