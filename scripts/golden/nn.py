"""Modules, losses and SGD: forward values, gradients, reprs, state dicts, training runs."""
import torch
import torch.nn as nn
from _common import Net, enc


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(4, 4)
        self.act = nn.ReLU()


class Deep(nn.Module):
    """Nesting and a None child, for repr and state-dict order."""

    def __init__(self):
        super().__init__()
        self.block = Block()
        self.empty = None
        self.register_module('skip', None)
        self.head = nn.Linear(4, 2, bias=False)


def state(module):
    return {k: enc(v) for k, v in module.state_dict().items()}


def linear_cases():
    cases = {}
    for name, (n_in, n_out, bias, shape) in {
        'linear_2d': (5, 3, True, (4, 5)),
        'linear_no_bias': (5, 3, False, (4, 5)),
        'linear_1d': (6, 2, True, (6,)),
        'linear_3d': (3, 4, True, (2, 5, 3)),
        'linear_gemm_edges': (67, 33, True, (9, 67)),
    }.items():
        torch.manual_seed(len(cases) + 1)
        layer = nn.Linear(n_in, n_out, bias=bias)
        x = torch.randn(*shape, requires_grad=True)
        out = layer(x)
        upstream = torch.randn(out.shape)
        out.backward(upstream)
        cases[name] = {
            'args': [n_in, n_out, bias], 'state': state(layer), 'x': enc(x), 'out': enc(out),
            'upstream': enc(upstream), 'grad_x': enc(x.grad),
            'grad_weight': enc(layer.weight.grad), 'grad_bias': enc(layer.bias.grad if bias else None),
        }
    return cases


def mse_cases():
    cases = {}
    for reduction in ['mean', 'sum', 'none']:
        torch.manual_seed(3)
        a = torch.randn(6, 4, requires_grad=True)
        b = torch.randn(6, 4, requires_grad=True)
        out = nn.MSELoss(reduction=reduction)(a, b)
        upstream = torch.randn(out.shape)
        out.backward(upstream)
        cases[reduction] = {'input': enc(a), 'target': enc(b), 'out': enc(out), 'upstream': enc(upstream),
                            'grad_input': enc(a.grad), 'grad_target': enc(b.grad)}
    return cases


def relu_case():
    torch.manual_seed(4)
    x = torch.randn(3, 7, requires_grad=True)
    out = nn.ReLU()(x)
    upstream = torch.randn(out.shape)
    out.backward(upstream)
    return {'x': enc(x), 'out': enc(out), 'upstream': enc(upstream), 'grad_x': enc(x.grad)}


def init_cases():
    """Parameters right after construction under a seed: the RNG stream and the init rules."""
    cases = {}
    for name, (seed, ctor) in {
        'linear_10_5': (0, lambda: nn.Linear(10, 5)),
        'linear_1_3': (1, lambda: nn.Linear(1, 3)),
        'linear_7_2_no_bias': (2, lambda: nn.Linear(7, 2, bias=False)),
        'linear_300_20': (3, lambda: nn.Linear(300, 20)),
        'net_4_1': (0, lambda: Net(4, 1)),
    }.items():
        torch.manual_seed(seed)
        cases[name] = {'seed': seed, 'state': state(ctor())}
    return cases


def training_data():
    torch.manual_seed(7)
    x = torch.randn(64, 4)
    y = (x[:, :1] * 2 - x[:, 1:2] + 0.5 * x[:, 2:3] * x[:, 3:4]) + 0.1 * torch.randn(64, 1)
    return x, y


SGD_CONFIGS = {
    'plain': dict(lr=0.05),
    'momentum': dict(lr=0.01, momentum=0.9),
    'dampening': dict(lr=0.01, momentum=0.9, dampening=0.5),
    'nesterov': dict(lr=0.01, momentum=0.9, nesterov=True),
    'weight_decay': dict(lr=0.01, momentum=0.5, weight_decay=0.1),
    'maximize': dict(lr=0.001, maximize=True),
}


def sgd_runs():
    """The article's Net trained from one initial state under each SGD configuration."""
    x, y = training_data()
    torch.manual_seed(0)
    start = Net(4, 1).state_dict()
    runs = {}
    for name, options in SGD_CONFIGS.items():
        net = Net(4, 1)
        net.load_state_dict(start)
        opt = torch.optim.SGD(net.parameters(), **options)
        loss_fn = nn.MSELoss()
        losses = []
        steps = 100 if name == 'momentum' else 25
        for _ in range(steps):
            opt.zero_grad()
            loss = loss_fn(net(x), y)
            loss.backward()
            opt.step()
            losses.append(loss.item())
        runs[name] = {'options': options, 'losses': losses, 'final': state(net)}
    return {'x': enc(x), 'y': enc(y), 'start': {k: enc(v) for k, v in start.items()}, 'runs': runs}


def reprs():
    return {
        'linear': repr(nn.Linear(10, 1)),
        'linear_no_bias': repr(nn.Linear(3, 2, bias=False)),
        'relu': repr(nn.ReLU()),
        'relu_inplace': repr(nn.ReLU(inplace=True)),
        'mse': repr(nn.MSELoss()),
        'net': repr(Net(3, 1)),
        'deep': repr(Deep()),
    }


def state_dict_keys():
    return {'net': list(Net(3, 1).state_dict().keys()), 'deep': list(Deep().state_dict().keys()),
            'deep_named_parameters': [k for k, _ in Deep().named_parameters()],
            'deep_named_modules': [k for k, _ in Deep().named_modules()]}


def load_errors():
    """PyTorch's exact messages for bad state dicts loaded into Net(3, 1)."""
    good = Net(3, 1).state_dict()
    bad = {
        'missing': {k: v for k, v in good.items() if k != 'output.bias'},
        'unexpected': dict(good, extra=torch.zeros(1)),
        'missing_and_unexpected': dict({k: v for k, v in good.items() if k != 'hidden1.weight'}, **{'hidden1.w': torch.zeros(1)}),
        'size_mismatch': dict(good, **{'hidden1.weight': torch.zeros(10, 4)}),
        'all': dict({k: v for k, v in good.items() if k != 'output.bias'}, **{'hidden1.weight': torch.zeros(10, 4), 'zzz': torch.zeros(2)}),
    }
    out = {}
    for name, sd in bad.items():
        try:
            Net(3, 1).load_state_dict(sd)
            out[name] = None
        except RuntimeError as e:
            out[name] = str(e)
    result = Net(3, 1).load_state_dict(bad['missing_and_unexpected'], strict=False)
    out['non_strict'] = {'missing': result.missing_keys, 'unexpected': result.unexpected_keys}
    return out


def generate():
    return {
        'linear': linear_cases(), 'mse': mse_cases(), 'relu': relu_case(), 'init': init_cases(),
        'sgd': sgd_runs(), 'repr': reprs(), 'keys': state_dict_keys(), 'load_errors': load_errors(),
    }
