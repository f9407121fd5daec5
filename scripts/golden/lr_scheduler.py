"""torch.optim.lr_scheduler: every group's lr (and momentum) after each step, state dicts, errors.

Learning rates are Python floats (float64), so the TypeScript test compares them to a few ulps.
"""
import contextlib
import io
import math
import warnings
from collections import Counter

import torch
from torch.optim import lr_scheduler as L

from _common import message

# Read by both sides by name: LambdaLR's factor functions (the test defines the same ones).
LAMBDAS = {
    'warmup': lambda e: min(1.0, (e + 1) / 5),
    'exp_decay': lambda e: 0.95 ** e,
    'inverse_sqrt': lambda e: 1 / math.sqrt(e + 1),
    'halve_every_10': lambda e: 0.5 ** (e // 10),
}

# Keys a scheduler reads or writes in a param group (besides params and the optimizer's own options).
GROUP_KEYS = ['lr', 'momentum', 'betas', 'initial_lr', 'max_lr', 'min_lr', 'max_momentum', 'base_momentum']

TWO = [{'lr': 0.1}, {'lr': 0.5}]
THREE = [{'lr': 0.3}, {'lr': 0.037}, {'lr': 1.3}]
MOMENTUM = [{'lr': 0.1, 'momentum': 0.9}, {'lr': 0.02, 'momentum': 0.5}]

# The metric sequences ReduceLROnPlateau watches: improve, plateau, improve, plateau (with noise).
FALLING = [1.0, 0.9, 0.8, 0.8, 0.8, 0.8, 0.79995, 0.8, 0.7, 0.6, 0.6, 0.61, 0.6, 0.6, 0.6, 0.59, 0.5,
           0.5, 0.5, 0.5, 0.5, 0.5, 0.4, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2]
RISING = [0.1, 0.2, 0.3, 0.3, 0.3, 0.3, 0.30001, 0.3, 0.5, 0.55, 0.55, 0.56, 0.55, 0.55, 0.62, 0.62,
          0.62, 0.62, 0.7, 0.7, 0.7, 0.7, 0.7, 0.71, 0.7, 0.7, 0.7, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]

# name → (scheduler, kwargs, optimizer, groups, steps, metrics). Steps are scheduler.step() calls
# after the constructor's own; OneCycle runs its whole schedule (total_steps of them).
CASES = {
    'step_lr': ('StepLR', dict(step_size=3), 'SGD', TWO, 35, None),
    'step_lr_gamma': ('StepLR', dict(step_size=7, gamma=0.73), 'SGD', THREE, 40, None),
    'step_lr_resume': ('StepLR', dict(step_size=4, gamma=0.5, last_epoch=5), 'SGD',
                       [{'lr': 0.05, 'initial_lr': 0.2}, {'lr': 0.25, 'initial_lr': 1.0}], 32, None),
    'multi_step_lr': ('MultiStepLR', dict(milestones=[5, 12, 20]), 'SGD', TWO, 30, None),
    'multi_step_lr_repeated': ('MultiStepLR', dict(milestones=[25, 3, 10, 3], gamma=0.6), 'SGD', THREE, 32, None),
    'exponential_lr': ('ExponentialLR', dict(gamma=0.9), 'SGD', TWO, 40, None),
    'exponential_lr_slow': ('ExponentialLR', dict(gamma=0.987), 'SGD', THREE, 60, None),
    'cosine_annealing_lr': ('CosineAnnealingLR', dict(T_max=10), 'SGD', TWO, 45, None),
    'cosine_annealing_lr_eta_min': ('CosineAnnealingLR', dict(T_max=7, eta_min=0.001), 'SGD', THREE, 40, None),
    'cosine_annealing_lr_resume': ('CosineAnnealingLR', dict(T_max=12, eta_min=0.01, last_epoch=3), 'SGD',
                                   [{'lr': 0.07, 'initial_lr': 0.1}, {'lr': 0.3, 'initial_lr': 0.5}], 36, None),
    'lambda_lr': ('LambdaLR', dict(lr_lambda='warmup'), 'SGD', TWO, 30, None),
    'lambda_lr_per_group': ('LambdaLR', dict(lr_lambda=['exp_decay', 'inverse_sqrt', 'halve_every_10']), 'SGD',
                            THREE, 35, None),
    'reduce_on_plateau': ('ReduceLROnPlateau', dict(patience=2), 'SGD', TWO, None, FALLING),
    'reduce_on_plateau_abs_cooldown': ('ReduceLROnPlateau', dict(threshold=0.05, threshold_mode='abs', patience=1,
                                                                 cooldown=2), 'SGD', THREE, None, FALLING),
    'reduce_on_plateau_max': ('ReduceLROnPlateau', dict(mode='max', factor=0.5, patience=2, cooldown=1,
                                                        min_lr=[0.01, 0.2]), 'SGD', TWO, None, RISING),
    'reduce_on_plateau_max_abs': ('ReduceLROnPlateau', dict(mode='max', factor=0.3, patience=0, threshold=0.1,
                                                            threshold_mode='abs', min_lr=0.02, eps=1e-3),
                                  'SGD', THREE, None, RISING),
    'one_cycle_lr': ('OneCycleLR', dict(max_lr=[0.1, 0.5], total_steps=40), 'SGD', MOMENTUM, 40, None),
    'one_cycle_lr_three_phase_linear': ('OneCycleLR', dict(max_lr=0.8, epochs=5, steps_per_epoch=8, pct_start=0.25,
                                                           anneal_strategy='linear', three_phase=True, div_factor=10.,
                                                           final_div_factor=100., base_momentum=[0.8, 0.7],
                                                           max_momentum=0.99), 'SGD', MOMENTUM, 40, None),
    'one_cycle_lr_three_phase_cos': ('OneCycleLR', dict(max_lr=1.3, total_steps=33, three_phase=True),
                                     'SGD', THREE, 33, None),
    'one_cycle_lr_no_momentum': ('OneCycleLR', dict(max_lr=0.2, total_steps=31, pct_start=0.5, cycle_momentum=False),
                                 'SGD', TWO, 31, None),
    'one_cycle_lr_betas': ('OneCycleLR', dict(max_lr=[0.01, 0.003], total_steps=35, max_momentum=[0.95, 0.9]), 'Adam',
                           [{'lr': 0.001, 'betas': (0.9, 0.999)}, {'lr': 0.001, 'betas': (0.8, 0.99)}], 35, None),
}


def optimizer(kind, groups):
    params = [torch.zeros(1, requires_grad=True) for _ in groups]
    extra = [{k: v for k, v in g.items() if k == 'initial_lr'} for g in groups]
    options = [{k: v for k, v in g.items() if k != 'initial_lr'} for g in groups]
    opt = getattr(torch.optim, kind)([dict(o, params=[p]) for o, p in zip(options, params)], lr=0.1)
    for group, e in zip(opt.param_groups, extra):
        group.update(e)
    return opt


def scheduler(name, kwargs, opt):
    kwargs = dict(kwargs)
    if 'lr_lambda' in kwargs:
        fns = kwargs['lr_lambda']
        kwargs['lr_lambda'] = [LAMBDAS[f] for f in fns] if isinstance(fns, list) else LAMBDAS[fns]
    return getattr(L, name)(opt, **kwargs)


def plain(value):
    """A state-dict value as JSON: a Counter is a dict, tuples are lists."""
    if isinstance(value, Counter):
        return {str(k): v for k, v in value.items()}
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def state_dict(sched):
    # anneal_func is a bound method, saved (uselessly) by 1.13; like the lambdas it is code, not state
    return {k: plain(v) for k, v in sched.state_dict().items() if k != 'anneal_func'}


def momentum_of(group):
    return group['betas'][0] if 'betas' in group else group['momentum']


def run(name, kwargs, kind, groups, steps, metrics):
    opt = optimizer(kind, groups)
    sched = scheduler(name, kwargs, opt)
    one_cycle = name == 'OneCycleLR'
    lrs = [[g['lr'] for g in opt.param_groups]]
    momenta = [[momentum_of(g) for g in opt.param_groups]]
    count = len(metrics) if metrics is not None else steps
    mid_step = count // 2
    mid = None
    for i in range(count):
        opt.step()
        if metrics is not None:
            sched.step(metrics[i])
        else:
            sched.step()
        lrs.append([g['lr'] for g in opt.param_groups])
        momenta.append([momentum_of(g) for g in opt.param_groups])
        if i + 1 == mid_step:
            mid = {'step': mid_step, 'state_dict': state_dict(sched),
                   'groups': [{k: plain(g[k]) for k in GROUP_KEYS if k in g} for g in opt.param_groups]}
    case = {'scheduler': name, 'kwargs': kwargs, 'optimizer': kind, 'groups': plain(groups), 'metrics': metrics,
            'lr': lrs, 'initial_lr': [g.get('initial_lr') for g in opt.param_groups],
            'last_epoch': sched.last_epoch, 'state_dict': state_dict(sched), 'mid': mid}
    if one_cycle:
        case['momentum'] = momenta
    return case




def errors():
    """PyTorch's exact messages; the test builds the same bad configurations."""
    def sgd():
        return optimizer('SGD', TWO)

    def step_past_end():
        sched = L.OneCycleLR(sgd(), max_lr=0.1, total_steps=10)
        for _ in range(11):
            sched.step()

    return {
        'resume_without_initial_lr': message(lambda: L.StepLR(sgd(), step_size=2, last_epoch=3)),
        'lambda_count': message(lambda: L.LambdaLR(sgd(), lr_lambda=[LAMBDAS['warmup']])),
        'plateau_factor': message(lambda: L.ReduceLROnPlateau(sgd(), factor=1.0)),
        'plateau_min_lrs': message(lambda: L.ReduceLROnPlateau(sgd(), min_lr=[0.1, 0.2, 0.3])),
        'plateau_mode': message(lambda: L.ReduceLROnPlateau(sgd(), mode='maximum')),
        'plateau_threshold_mode': message(lambda: L.ReduceLROnPlateau(sgd(), threshold_mode='relative')),
        'one_cycle_no_length': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1)),
        'one_cycle_total_steps': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, total_steps=-1)),
        'one_cycle_fractional_total_steps': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, total_steps=2.5)),
        'one_cycle_epochs': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, epochs=0, steps_per_epoch=5)),
        'one_cycle_steps_per_epoch': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, epochs=3, steps_per_epoch=-2)),
        'one_cycle_pct_start': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, total_steps=10, pct_start=1.5)),
        'one_cycle_anneal_strategy': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, total_steps=10,
                                                                  anneal_strategy='cosine')),
        'one_cycle_max_lr_count': message(lambda: L.OneCycleLR(sgd(), max_lr=[0.1, 0.2, 0.3], total_steps=10)),
        'one_cycle_momentum_count': message(lambda: L.OneCycleLR(sgd(), max_lr=0.1, total_steps=10,
                                                                 base_momentum=[0.8])),
        'one_cycle_no_momentum': message(lambda: L.OneCycleLR(torch.optim.Adagrad([torch.zeros(1, requires_grad=True)]),
                                                              max_lr=0.1, total_steps=10)),
        'one_cycle_past_end': message(step_past_end),
    }


def verbose():
    """What verbose=True prints: two StepLR groups, then a ReduceLROnPlateau reduction."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        sched = L.StepLR(optimizer('SGD', TWO), step_size=2, gamma=0.5, verbose=True)
        for _ in range(3):
            sched.step()
        plateau = L.ReduceLROnPlateau(optimizer('SGD', TWO), patience=0, verbose=True)
        for metric in [1.0, 1.0, 1.0]:
            plateau.step(metric)
    return out.getvalue().splitlines()


def generate():
    warnings.simplefilter('ignore')
    return {'cases': {name: run(*config) for name, config in CASES.items()}, 'errors': errors(), 'verbose': verbose()}
