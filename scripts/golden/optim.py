"""Optimizers: 25-step trajectories under every option, state dicts at step 10, error messages.

Every run starts from the same parameters [w, frozen, b] (frozen never gets a gradient) and
assigns the gradient of a noisy quadratic, grad = (p - target) * scale + noise[t], so each
trajectory tests the optimizer alone while the gradient still feeds back from the parameters.
"""
import torch
from _common import enc, message

STEPS = 25
SAVE_AT = 10
IMPLEMENTATION_SWITCHES = ('foreach', 'capturable', 'differentiable', 'fused')

# name -> (optimizer, keyword arguments); 'groups' lists each group's parameters and overrides
CASES = {
    'adam': ('Adam', {}),
    'adam_amsgrad': ('Adam', dict(amsgrad=True)),
    'adam_maximize': ('Adam', dict(lr=0.01, maximize=True)),
    'adam_weight_decay': ('Adam', dict(lr=0.01, weight_decay=0.1)),
    'adam_betas_eps': ('Adam', dict(lr=0.05, betas=(0.8, 0.99), eps=1e-3)),
    'adam_all': ('Adam', dict(lr=0.02, weight_decay=0.05, amsgrad=True, maximize=True)),
    'adam_groups': ('Adam', dict(lr=0.01, groups=[dict(params=['w'], lr=0.1), dict(params=['frozen', 'b'], amsgrad=True)])),
    'adamw': ('AdamW', {}),
    'adamw_no_decay': ('AdamW', dict(lr=0.01, weight_decay=0)),
    'adamw_weight_decay_amsgrad': ('AdamW', dict(lr=0.05, weight_decay=0.5, amsgrad=True)),
    'adamw_maximize': ('AdamW', dict(lr=0.01, maximize=True)),
    'adamw_groups': ('AdamW', dict(groups=[dict(params=['w'], weight_decay=0.2, lr=0.1), dict(params=['frozen', 'b'])])),
    'rmsprop': ('RMSprop', {}),
    'rmsprop_alpha_eps': ('RMSprop', dict(lr=0.001, alpha=0.9, eps=1e-4)),
    'rmsprop_momentum': ('RMSprop', dict(momentum=0.9)),
    'rmsprop_centered': ('RMSprop', dict(centered=True)),
    'rmsprop_weight_decay': ('RMSprop', dict(weight_decay=0.1)),
    'rmsprop_maximize': ('RMSprop', dict(maximize=True)),
    'rmsprop_all': ('RMSprop', dict(lr=0.005, momentum=0.5, centered=True, weight_decay=0.05, maximize=True)),
    'rmsprop_groups': ('RMSprop', dict(groups=[dict(params=['w'], lr=0.05, momentum=0.9), dict(params=['frozen', 'b'], centered=True)])),
    'adagrad': ('Adagrad', {}),
    'adagrad_lr_decay': ('Adagrad', dict(lr=0.1, lr_decay=0.1)),
    'adagrad_initial_accumulator': ('Adagrad', dict(lr=0.1, initial_accumulator_value=0.5)),
    'adagrad_weight_decay': ('Adagrad', dict(lr=0.1, weight_decay=0.1)),
    'adagrad_eps_maximize': ('Adagrad', dict(eps=1e-2, maximize=True)),
    'adagrad_groups': ('Adagrad', dict(groups=[dict(params=['w'], lr=0.5, lr_decay=0.01), dict(params=['frozen', 'b'], initial_accumulator_value=0.1)])),
    'sgd': ('SGD', dict(lr=0.05)),
    'sgd_momentum': ('SGD', dict(lr=0.05, momentum=0.9)),
    'sgd_nesterov': ('SGD', dict(lr=0.05, momentum=0.9, nesterov=True)),
    'sgd_dampening_weight_decay_maximize': ('SGD', dict(lr=0.01, momentum=0.5, dampening=0.3, weight_decay=0.1, maximize=True)),
    'sgd_dampening_maximize': ('SGD', dict(lr=0.01, momentum=0.5, dampening=0.3, maximize=True)),
    'sgd_groups': ('SGD', dict(lr=0.05, groups=[dict(params=['w'], momentum=0.9), dict(params=['frozen', 'b'], lr=0.1)])),
}

# PyTorch's messages for bad options; floats are passed as floats, as torchlet prints them
ERRORS = {
    'adam_lr': ('Adam', dict(lr=-1.0)),
    'adam_lr_nan': ('Adam', dict(lr=float('nan'))),
    'adam_eps': ('Adam', dict(eps=-1e-8)),
    'adam_beta0': ('Adam', dict(betas=(1.0, 0.999))),
    'adam_beta1': ('Adam', dict(betas=(0.9, -0.5))),
    'adam_weight_decay': ('Adam', dict(weight_decay=-0.1)),
    'adamw_lr': ('AdamW', dict(lr=-0.001)),
    'adamw_beta1': ('AdamW', dict(betas=(0.9, 1.5))),
    'adamw_weight_decay': ('AdamW', dict(weight_decay=-0.01)),
    'rmsprop_lr': ('RMSprop', dict(lr=-0.01)),
    'rmsprop_eps': ('RMSprop', dict(eps=-1.0)),
    'rmsprop_momentum': ('RMSprop', dict(momentum=-0.9)),
    'rmsprop_weight_decay': ('RMSprop', dict(weight_decay=-2.0)),
    'rmsprop_alpha': ('RMSprop', dict(alpha=-0.99)),
    'adagrad_lr': ('Adagrad', dict(lr=-0.1)),
    'adagrad_lr_decay': ('Adagrad', dict(lr_decay=-0.5)),
    'adagrad_weight_decay': ('Adagrad', dict(weight_decay=-1e-5)),
    'adagrad_initial_accumulator_value': ('Adagrad', dict(initial_accumulator_value=-1.0)),
    'adagrad_eps': ('Adagrad', dict(eps=-1e-10)),
    'sgd_lr': ('SGD', dict(lr=-1.0)),
    'sgd_momentum': ('SGD', dict(lr=0.1, momentum=-0.5)),
    'sgd_weight_decay': ('SGD', dict(lr=0.1, weight_decay=-0.5)),
    'sgd_nesterov': ('SGD', dict(lr=0.1, nesterov=True)),
}


def problem():
    g = torch.Generator().manual_seed(0)
    shapes = {'w': (4, 6), 'frozen': (2,), 'b': (5,)}
    start = {k: torch.randn(s, generator=g) for k, s in shapes.items()}
    trained = ('w', 'b')
    target = {k: torch.randn(shapes[k], generator=g) for k in trained}
    scale = {k: torch.rand(shapes[k], generator=g) + 0.5 for k in trained}
    noise = {k: torch.randn((STEPS,) + shapes[k], generator=g) for k in trained}
    return start, target, scale, noise


def make(cls, kwargs, params):
    kwargs = dict(kwargs)
    groups = kwargs.pop('groups', None)
    if groups is not None:
        params = [dict(g, params=[params[k] for k in g['params']]) for g in groups]
    else:
        params = [params['w'], params['frozen'], params['b']]
    return getattr(torch.optim, cls)(params, **kwargs)


def plain(value):
    """A state-dict value as JSON: tensors encoded, tuples as lists, the rest as is."""
    if isinstance(value, torch.Tensor):
        return enc(value)
    if isinstance(value, tuple):
        return list(value)
    return value


def encode_state_dict(sd):
    return {
        'state': {str(i): {k: plain(v) for k, v in s.items()} for i, s in sd['state'].items()},
        'param_groups': [{k: plain(v) for k, v in g.items()} for g in sd['param_groups']],
    }


def run(cls, kwargs, problem_data):
    start, target, scale, noise = problem_data
    params = {k: v.clone().requires_grad_() for k, v in start.items()}
    opt = make(cls, kwargs, params)
    trajectory, saved = [], None
    for t in range(STEPS):
        with torch.no_grad():
            for k in target:
                params[k].grad = (params[k] - target[k]) * scale[k] + noise[k][t]
        opt.step()
        trajectory.append({k: enc(params[k]) for k in target})
        if t + 1 == SAVE_AT:
            saved = encode_state_dict(opt.state_dict())
    assert torch.equal(params['frozen'], start['frozen'])
    return {'params': trajectory, 'state_dict_10': saved, 'final_state': encode_state_dict(opt.state_dict())['state']}




def errors():
    p = [torch.zeros(2, requires_grad=True)]
    out = {name: message(lambda: getattr(torch.optim, cls)(p, **kwargs)) for name, (cls, kwargs) in ERRORS.items()}
    out['empty'] = message(lambda: torch.optim.Adam([]))
    out['duplicate'] = message(lambda: torch.optim.Adam([{'params': p}, {'params': p}]))
    two = [{'params': [torch.zeros(2, requires_grad=True)]}, {'params': [torch.zeros(2, requires_grad=True)]}]
    sd = torch.optim.Adam(two).state_dict()
    out['load_group_count'] = message(lambda: torch.optim.Adam(two[:1]).load_state_dict(sd))
    sd['param_groups'][1]['params'].append(2)
    out['load_group_size'] = message(lambda: torch.optim.Adam(two).load_state_dict(sd))
    return out


def generate():
    data = problem()
    start, target, scale, noise = data
    return {
        'steps': STEPS, 'save_at': SAVE_AT, 'implementation_switches': list(IMPLEMENTATION_SWITCHES),
        'start': {k: enc(v) for k, v in start.items()},
        'target': {k: enc(v) for k, v in target.items()},
        'scale': {k: enc(v) for k, v in scale.items()},
        'noise': {k: enc(v) for k, v in noise.items()},
        'cases': {name: run(cls, kwargs, data) for name, (cls, kwargs) in CASES.items()},
        'errors': errors(),
    }
