"""Dropout, BatchNorm1d/2d/3d, LayerNorm and GroupNorm: outputs, every gradient, running buffers
over several train-mode steps and in eval mode, initial state dicts, reprs and error messages."""
import torch
import torch.nn as nn
import torch.nn.functional as F
from _common import enc, message

CLASSES = {'BatchNorm1d': nn.BatchNorm1d, 'BatchNorm2d': nn.BatchNorm2d, 'BatchNorm3d': nn.BatchNorm3d,
           'LayerNorm': nn.LayerNorm, 'GroupNorm': nn.GroupNorm}
OPTION_NAMES = {'eps': 'eps', 'momentum': 'momentum', 'affine': 'affine',
                'trackRunningStats': 'track_running_stats', 'elementwiseAffine': 'elementwise_affine'}


def build(ctor, args, options):
    """The module a TS table line builds: options use the TS (camelCase) keys."""
    return CLASSES[ctor](*args, **{OPTION_NAMES[k]: v for k, v in options.items()})


def state(module):
    return {k: enc(v.float()) for k, v in module.state_dict().items()}


# name: (class, positional args, options, input shape, modes of the forwards in order)
NORM_CASES = {
    'bn1d_2d': ('BatchNorm1d', [3], {}, (5, 3), ['train', 'train', 'train', 'eval']),
    'bn1d_3d': ('BatchNorm1d', [4], {}, (3, 4, 5), ['train', 'train', 'train', 'eval']),
    'bn1d_no_affine': ('BatchNorm1d', [3], {'affine': False}, (6, 3), ['train', 'train', 'train', 'eval']),
    'bn1d_momentum_null': ('BatchNorm1d', [3], {'momentum': None}, (4, 3, 2), ['train', 'train', 'train', 'eval']),
    'bn1d_no_running_stats': ('BatchNorm1d', [3], {'trackRunningStats': False}, (5, 3), ['train', 'train', 'eval']),
    'bn1d_eps_momentum_odd': ('BatchNorm1d', [5], {'eps': 1e-3, 'momentum': 0.3}, (7, 5, 3), ['train', 'train', 'train', 'eval']),
    'bn1d_one_sample_3d': ('BatchNorm1d', [2], {}, (1, 2, 3), ['train', 'eval']),
    'bn1d_eval_first': ('BatchNorm1d', [3], {}, (4, 3), ['eval', 'train', 'eval']),
    'bn2d': ('BatchNorm2d', [3], {}, (2, 3, 4, 5), ['train', 'train', 'train', 'eval']),
    'bn2d_bare': ('BatchNorm2d', [2], {'affine': False, 'trackRunningStats': False}, (3, 2, 3, 3), ['train', 'eval']),
    'bn2d_momentum_null_odd': ('BatchNorm2d', [5], {'momentum': None, 'eps': 0.01}, (3, 5, 3, 1), ['train', 'train', 'train', 'eval']),
    'bn3d': ('BatchNorm3d', [3], {}, (2, 3, 2, 3, 2), ['train', 'train', 'eval']),
    'ln_int': ('LayerNorm', [5], {}, (4, 5), ['train', 'eval']),
    'ln_shape2': ('LayerNorm', [[3, 4]], {}, (2, 3, 4), ['train']),
    'ln_no_affine': ('LayerNorm', [6], {'elementwiseAffine': False}, (2, 3, 6), ['train']),
    'ln_eps_1d_input': ('LayerNorm', [7], {'eps': 1e-3}, (7,), ['train']),
    'gn': ('GroupNorm', [2, 4], {}, (3, 4, 5), ['train', 'eval']),
    'gn_no_affine_4d': ('GroupNorm', [3, 6], {'affine': False}, (2, 6, 2, 3), ['train']),
    'gn_group_per_channel': ('GroupNorm', [4, 4], {}, (2, 4, 3), ['train']),
    'gn_one_group_2d': ('GroupNorm', [1, 3], {'eps': 1e-3}, (2, 3), ['train']),
}


def buffers(module):
    return {k: enc(v.float()) for k, v in module.named_buffers()}


def norm_cases():
    """Each case starts from random γ, β (when affine); every forward gets its own input and a
    random upstream gradient, with the gradients zeroed in between."""
    cases = {}
    for i, (name, (ctor, args, options, shape, modes)) in enumerate(NORM_CASES.items()):
        torch.manual_seed(100 + i)
        module = build(ctor, args, options)
        with torch.no_grad():
            for p in module.parameters():
                p.copy_(torch.randn(p.shape))
        start = state(module)
        steps = []
        for mode in modes:
            module.train(mode == 'train')
            x = (torch.randn(*shape) * 2 + 0.5).requires_grad_()
            out = module(x)
            upstream = torch.randn(out.shape)
            module.zero_grad()
            out.backward(upstream)
            steps.append({
                'mode': mode, 'x': enc(x), 'out': enc(out), 'upstream': enc(upstream), 'grad_x': enc(x.grad),
                'grad_weight': enc(module.weight.grad if module.weight is not None else None),
                'grad_bias': enc(module.bias.grad if module.bias is not None else None),
                'buffers': buffers(module),
            })
        cases[name] = {'ctor': ctor, 'args': args, 'options': options, 'start': start, 'steps': steps}
    return cases


def functional_cases():
    """F.batch_norm / F.layer_norm / F.group_norm called directly, weights and stats as tensors."""
    torch.manual_seed(7)
    x = torch.randn(4, 3, 2)
    w, b = torch.randn(3), torch.randn(3)
    rm, rv = torch.randn(3), torch.rand(3) + 0.5
    out = {}
    for name, training in [('batch_norm_train', True), ('batch_norm_eval', False)]:
        m, v = rm.clone(), rv.clone()
        y = F.batch_norm(x, m, v, weight=w, bias=b, training=training, momentum=0.2, eps=1e-4)
        out[name] = {'training': training, 'y': enc(y), 'running_mean': enc(m), 'running_var': enc(v)}
    y = F.batch_norm(x, None, None, training=True)
    out['batch_norm_no_stats'] = {'y': enc(y)}
    out['layer_norm'] = {'y': enc(F.layer_norm(x, [3, 2], weight=torch.ones(3, 2) * 2, bias=None, eps=1e-3))}
    out['group_norm'] = {'y': enc(F.group_norm(x, 3, weight=w, bias=b))}
    out['tensors'] = {'x': enc(x), 'w': enc(w), 'b': enc(b), 'rm': enc(rm), 'rv': enc(rv)}
    return out


def fresh_states():
    """State dicts straight after construction: initialisation, keys and their order."""
    return {name: state(build(ctor, args, options)) for name, (ctor, args, options, _, _) in NORM_CASES.items()}


def dropout_cases():
    """Inputs drawn first; then manual_seed(seed) right before dropout, so the mask is the stream's
    first draws (the TS side seeds at the same point)."""
    cases = {}
    for name, (seed, shape, p, training, calls) in {
        'p05': (0, (4, 5), 0.5, True, 1),
        'p02_3d': (1, (3, 7, 2), 0.2, True, 1),
        'p09_long': (2, (100,), 0.9, True, 1),
        'p03_two_calls': (3, (6, 4), 0.3, True, 2),
        'p0_identity': (4, (3, 3), 0.0, True, 1),
        'p1_zeros': (5, (3, 3), 1.0, True, 1),
        'eval_identity': (6, (3, 3), 0.5, False, 1),
    }.items():
        torch.manual_seed(1000 + seed)
        x = torch.randn(*shape, requires_grad=True)
        upstreams = [torch.randn(*shape) for _ in range(calls)]
        module = nn.Dropout(p)
        module.train(training)
        torch.manual_seed(seed)
        outs = []
        for upstream in upstreams:
            out = module(x)
            out.backward(upstream)
            outs.append(enc(out))
        cases[name] = {'seed': seed, 'p': p, 'training': training, 'x': enc(x),
                       'upstreams': [enc(u) for u in upstreams], 'outs': outs, 'grad_x': enc(x.grad)}
    torch.manual_seed(1100)
    x = torch.randn(5, 6)
    torch.manual_seed(11)
    cases['functional'] = {'seed': 11, 'p': 0.4, 'training': True, 'x': enc(x),
                           'outs': [enc(F.dropout(x, 0.4))], 'upstreams': [], 'grad_x': None}
    return cases


def reprs():
    modules = {
        'dropout': nn.Dropout(), 'dropout_p02_inplace': nn.Dropout(0.2, inplace=True), 'dropout_p0': nn.Dropout(0.0),
        'dropout_p1': nn.Dropout(1.0),
    }
    for name, (ctor, args, options, _, _) in NORM_CASES.items():
        modules[name] = build(ctor, args, options)
    modules['bn1d_tiny_eps'] = nn.BatchNorm1d(8, eps=1e-12, momentum=0.01)
    modules['ln_eps_big'] = nn.LayerNorm([2, 3, 4], eps=0.5)
    return {k: repr(m) for k, m in modules.items()}




def errors():
    return {
        'dropout_p_high': message(lambda: nn.Dropout(1.5)),
        'dropout_p_negative': message(lambda: F.dropout(torch.ones(3), -0.1)),
        'dropout_p_nan': message(lambda: F.dropout(torch.ones(3), float('nan'))),
        'bn1d_4d': message(lambda: nn.BatchNorm1d(3)(torch.randn(2, 3, 4, 5))),
        'bn1d_1d': message(lambda: nn.BatchNorm1d(3)(torch.randn(3))),
        'bn2d_3d': message(lambda: nn.BatchNorm2d(3)(torch.randn(2, 3, 4))),
        'bn3d_4d': message(lambda: nn.BatchNorm3d(3)(torch.randn(2, 3, 4, 4))),
        'bn1d_one_value_per_channel': message(lambda: nn.BatchNorm1d(3)(torch.randn(1, 3))),
        'bn2d_one_value_per_channel': message(lambda: nn.BatchNorm2d(3)(torch.randn(1, 3, 1, 1))),
        'bn1d_wrong_channels': message(lambda: nn.BatchNorm1d(3)(torch.randn(4, 5))),
        'bn1d_wrong_channels_no_stats': message(lambda: nn.BatchNorm1d(3, track_running_stats=False)(torch.randn(4, 5))),
        'f_batch_norm_eval_no_stats': message(lambda: F.batch_norm(torch.randn(4, 3), None, None)),
        'f_batch_norm_bias_size': message(lambda: F.batch_norm(torch.randn(4, 3), None, None, bias=torch.ones(2), training=True)),
        'f_batch_norm_1d': message(lambda: F.batch_norm(torch.randn(3), None, None, training=True)),
        'ln_mismatch': message(lambda: nn.LayerNorm(5)(torch.randn(4, 6))),
        'ln_too_few_dims': message(lambda: nn.LayerNorm([2, 5])(torch.randn(5))),
        'ln_empty_shape': message(lambda: F.layer_norm(torch.randn(4, 5), [])),
        'ln_weight_shape': message(lambda: F.layer_norm(torch.randn(4, 5), [5], weight=torch.ones(4))),
        'ln_bias_shape': message(lambda: F.layer_norm(torch.randn(4, 5), [5], bias=torch.ones(5, 1))),
        'gn_ctor_not_divisible': message(lambda: nn.GroupNorm(3, 4)),
        'gn_ctor_zero_groups': message(lambda: nn.GroupNorm(0, 4)),
        'gn_input_not_divisible': message(lambda: nn.GroupNorm(2, 4)(torch.randn(2, 5, 3))),
        'gn_one_value_per_group': message(lambda: nn.GroupNorm(2, 2)(torch.randn(1, 2))),
        'gn_weight_size': message(lambda: F.group_norm(torch.randn(2, 4, 3), 2, weight=torch.ones(3))),
    }


def generate():
    return {'norm': norm_cases(), 'functional': functional_cases(), 'fresh': fresh_states(),
            'dropout': dropout_cases(), 'repr': reprs(), 'errors': errors()}
