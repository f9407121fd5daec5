"""nn.utils: clip_grad_norm_, clip_grad_value_, parameters_to_vector, vector_to_parameters.

Each clipping case builds leaf parameters, gives them gradients (None where the shape is
missing a grad), calls the function and records the gradients before and after.
"""
import math

import torch
import torch.nn.utils as U

from _common import enc, message


def params_with_grads(seed, shapes, scale=1.0, poke=None):
    """Parameters of `shapes` with N(0, scale²) gradients; a None shape-entry grad means no grad."""
    torch.manual_seed(seed)
    params = []
    for shape, has_grad in shapes:
        p = torch.randn(*shape, requires_grad=True)
        if has_grad:
            p.grad = torch.randn(*shape) * scale
        params.append(p)
    if poke is not None:
        poke(params)
    return params


def grads(params):
    return [enc(p.grad) for p in params]


def set_first(value):
    def poke(params):
        params[0].grad.view(-1)[1] = value
    return poke


TWO = [((3, 4), True), ((5,), True)]
THREE_ONE_NONE = [((3, 4), True), ((2, 2), False), ((6,), True)]
BIG = [((64, 33), True), ((33,), True), ((10, 64), True), ((10,), True)]

# name -> (seed, shapes, grad scale, poke, max_norm, norm_type, error_if_nonfinite, pass a lone tensor)
NORM_CASES = {
    'norm 2 clipped': (0, TWO, 1.0, None, 1.0, 2, False, False),
    'norm 2 not clipped': (1, TWO, 1.0, None, 100.0, 2, False, False),
    'norm 2 a grad is None': (2, THREE_ONE_NONE, 1.0, None, 0.5, 2, False, False),
    'norm 2 a lone tensor': (3, [((4, 5), True)], 1.0, None, 1.5, 2, False, True),
    'norm 2 large': (4, BIG, 0.1, None, 0.25, 2, False, False),
    'norm 2 max_norm=0': (5, TWO, 1.0, None, 0.0, 2, False, False),
    'norm 1 clipped': (6, TWO, 1.0, None, 2.0, 1, False, False),
    'norm 1 large': (7, BIG, 0.01, None, 1.0, 1, False, False),
    'norm inf clipped': (8, TWO, 1.0, None, 0.5, math.inf, False, False),
    'norm inf one grad': (9, [((7,), True)], 1.0, None, 0.5, math.inf, False, False),
    'norm -inf': (10, TWO, 1.0, None, 0.1, -math.inf, False, False),
    'norm 3.5': (11, TWO, 1.0, None, 1.0, 3.5, False, False),
    'norm 0.5': (12, TWO, 1.0, None, 10.0, 0.5, False, False),
    'norm 0 counts non-zeros': (13, TWO, 1.0, set_first(0.0), 1.0, 0, False, False),
    'norm 2 NaN grad scales by NaN': (14, TWO, 1.0, set_first(math.nan), 1.0, 2, False, False),
    'norm 2 inf grad scales by inf': (15, TWO, 1.0, set_first(math.inf), 1.0, 2, False, False),
    'norm 2 no grads': (16, [((3,), False)], 1.0, None, 1.0, 2, False, False),
}

# name -> (seed, shapes, scale, poke, max_norm, norm_type)
NORM_ERRORS = {
    'inf grad norm 2': (15, TWO, 1.0, set_first(math.inf), 1.0, 2),
    'NaN grad norm inf': (14, TWO, 1.0, set_first(math.nan), 1.0, math.inf),
    'inf grad norm 1.5': (15, TWO, 1.0, set_first(math.inf), 1.0, 1.5),
}

# name -> (seed, shapes, scale, poke, clip_value)
VALUE_CASES = {
    'clip 0.5': (20, TWO, 1.0, None, 0.5),
    'clip 2 some inside': (21, THREE_ONE_NONE, 1.0, None, 2),
    'clip 0': (22, TWO, 1.0, None, 0.0),
    'clip -0.25 makes everything -0.25': (23, TWO, 1.0, None, -0.25),
    'clip 1 keeps NaN': (24, TWO, 1.0, set_first(math.nan), 1.0),
}


def norm_case(seed, shapes, scale, poke, max_norm, norm_type, error_if_nonfinite, lone):
    params = params_with_grads(seed, shapes, scale, poke)
    before = grads(params)
    total = U.clip_grad_norm_(params[0] if lone else params, max_norm, norm_type, error_if_nonfinite)
    return {'seed': seed, 'before': before, 'total': enc(total), 'after': grads(params)}


def norm_error(seed, shapes, scale, poke, max_norm, norm_type):
    params = params_with_grads(seed, shapes, scale, poke)
    before = grads(params)
    try:
        U.clip_grad_norm_(params, max_norm, norm_type, error_if_nonfinite=True)
    except RuntimeError as e:
        assert str(grads(params)) == str(before)  # str: NaN != NaN
        return {'before': before, 'message': str(e)}
    raise AssertionError('expected an error')


def value_case(seed, shapes, scale, poke, clip):
    params = params_with_grads(seed, shapes, scale, poke)
    before = grads(params)
    assert U.clip_grad_value_(params, clip) is None
    return {'before': before, 'after': grads(params)}


def vector_cases():
    torch.manual_seed(30)
    params = [torch.randn(3, 4, requires_grad=True), torch.randn(5, requires_grad=True), torch.randn(2, 1, 3, requires_grad=True)]
    vec = U.parameters_to_vector(params)
    upstream = torch.randn(vec.shape)
    vec.backward(upstream)
    to_vector = {'params': [enc(p) for p in params], 'vec': enc(vec), 'upstream': enc(upstream),
                 'grads': [enc(p.grad) for p in params]}
    targets = [torch.zeros(2, 3), torch.zeros(4), torch.zeros(1)]
    source = torch.randn(12)  # one longer than needed: the tail is ignored
    U.vector_to_parameters(source, targets)
    from_vector = {'vec': enc(source), 'params': [enc(p) for p in targets]}


    errors = {
        'vector too short': message(lambda: U.vector_to_parameters(torch.zeros(8), [torch.zeros(4), torch.zeros(2, 3)])),
        'not a tensor': message(lambda: U.vector_to_parameters([1.0, 2.0], [torch.zeros(2)])),
        'no parameters': message(lambda: U.parameters_to_vector([])),
    }
    return to_vector, from_vector, errors


def generate():
    to_vector, from_vector, errors = vector_cases()
    return {
        'clip_grad_norm': {name: norm_case(*c) for name, c in NORM_CASES.items()},
        'clip_grad_norm_args': {name: {'max_norm': c[4], 'norm_type': c[5], 'error_if_nonfinite': c[6], 'lone': c[7]}
                                for name, c in NORM_CASES.items()},
        'clip_grad_norm_errors': {name: {**norm_error(*c), 'max_norm': c[4], 'norm_type': c[5]} for name, c in NORM_ERRORS.items()},
        'clip_grad_value': {name: {**value_case(*c), 'clip_value': c[4]} for name, c in VALUE_CASES.items()},
        'parameters_to_vector': to_vector,
        'vector_to_parameters': from_vector,
        'errors': errors,
    }
