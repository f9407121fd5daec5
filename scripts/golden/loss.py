"""Every loss against PyTorch: forward values, the gradient of the input and of the target, reprs,
state-dict keys and error messages.

A case is one line: a name, a function of the input tensors, and one input spec per input. Each
case seeds torch.manual_seed from its name, so adding a case changes no other case. The output
gets a random upstream gradient (a plain .sum() would hide a wrong scale, and 'none' needs one
per element); the record holds every input's .grad (None for class indices and weights). Class
indices are int64 here and float32 in the JSON, as torchlet holds them. A loss that warns (a
target broadcast against the input) records PyTorch's warning.
"""
import math
import struct
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F

from _common import In, enc, enc32, make_inputs, randn, tensor_in



def rand(*shape):
    """In (0, 1): probabilities for BCE, soft targets."""
    return In(lambda: torch.rand(shape).clamp(1e-3, 1 - 1e-3))


def probs(*shape, dim=1):
    """Rows of class probabilities along `dim`."""
    return In(lambda: torch.randn(shape).softmax(dim))


def values(v, grad=True):
    """Explicit values, for the edges of a rule (ties, bounds, ±1e4, -inf)."""
    return In(lambda: torch.tensor(v, dtype=torch.float32), grad)


def weight(*shape):
    """Positive rescaling weights, not requiring grad."""
    return In(lambda: torch.rand(shape) * 2 + 0.25, grad=False)


def classes(n, *shape, ignore=(), ignore_index=-100):
    """Random class indices in [0, n), with `ignore_index` at the flat positions `ignore`."""
    def make():
        t = torch.randint(n, shape)
        t.view(-1)[list(ignore)] = ignore_index
        return t
    return In(make, grad=False)


def index(v):
    """Explicit class indices."""
    return In(lambda: torch.tensor(v, dtype=torch.int64), grad=False)


INF = math.inf

# name, fn(*inputs) -> loss, input specs
CASES = [
    # ---- L1Loss ----
    ('l1_mean', lambda x, y: nn.L1Loss()(x, y), [randn(4, 3), randn(4, 3)]),
    ('l1_sum', lambda x, y: nn.L1Loss(reduction='sum')(x, y), [randn(4, 3), randn(4, 3)]),
    ('l1_none', lambda x, y: nn.L1Loss(reduction='none')(x, y), [randn(2, 3, 4), randn(2, 3, 4)]),
    ('l1_zero_difference', lambda x, y: nn.L1Loss(reduction='none')(x, y), [values([1.0, -2.0, 0.5]), values([1.0, 1.0, 0.5])]),
    ('l1_broadcast_target', lambda x, y: F.l1_loss(x, y), [randn(3, 5), randn(5)]),
    ('l1_fn_sum', lambda x, y: F.l1_loss(x, y, reduction='sum'), [randn(6), randn(6)]),
    # ---- MSELoss ----
    ('mse_mean', lambda x, y: nn.MSELoss()(x, y), [randn(4, 3), randn(4, 3)]),
    ('mse_none_3d', lambda x, y: nn.MSELoss(reduction='none')(x, y), [randn(2, 3, 2), randn(2, 3, 2)]),
    ('mse_fn_sum', lambda x, y: F.mse_loss(x, y, reduction='sum'), [randn(5), randn(5)]),
    # ---- SmoothL1Loss ----
    ('smooth_l1_mean', lambda x, y: nn.SmoothL1Loss()(x, y), [randn(4, 3), randn(4, 3)]),
    ('smooth_l1_beta_half_sum', lambda x, y: nn.SmoothL1Loss(reduction='sum', beta=0.5)(x, y), [randn(4, 3), randn(4, 3)]),
    ('smooth_l1_beta_2_none', lambda x, y: nn.SmoothL1Loss(reduction='none', beta=2.0)(x, y), [randn(3, 4), randn(3, 4)]),
    ('smooth_l1_beta_0', lambda x, y: nn.SmoothL1Loss(reduction='none', beta=0.0)(x, y), [values([1.0, -2.0, 0.5, 0.0]), values([0.0, 1.0, 0.5, 0.25])]),
    ('smooth_l1_edges', lambda x, y: nn.SmoothL1Loss(reduction='none')(x, y),
     [values([0.0, 1.0, -1.0, 0.5, 2.0, 1e4]), values([0.0, 0.0, 0.0, 0.5, 0.0, -1e4])]),
    ('smooth_l1_broadcast_target', lambda x, y: F.smooth_l1_loss(x, y, beta=0.7), [randn(2, 4), randn(2, 1)]),
    ('smooth_l1_fn_none', lambda x, y: F.smooth_l1_loss(x, y, reduction='none', beta=1.5), [randn(5), randn(5)]),
    # ---- HuberLoss ----
    ('huber_mean', lambda x, y: nn.HuberLoss()(x, y), [randn(4, 3), randn(4, 3)]),
    ('huber_delta_half_sum', lambda x, y: nn.HuberLoss(reduction='sum', delta=0.5)(x, y), [randn(4, 3), randn(4, 3)]),
    ('huber_delta_2_none', lambda x, y: nn.HuberLoss(reduction='none', delta=2.0)(x, y), [randn(3, 4), randn(3, 4)]),
    ('huber_edges', lambda x, y: nn.HuberLoss(reduction='none', delta=1.5)(x, y),
     [values([0.0, 1.5, -1.5, 0.5, 3.0, 1e4]), values([0.0, 0.0, 0.0, 0.5, 0.0, -1e4])]),
    ('huber_fn_mean', lambda x, y: F.huber_loss(x, y, delta=0.3), [randn(2, 3), randn(2, 3)]),
    # ---- CrossEntropyLoss, class indices ----
    ('ce_mean', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(4, 5), classes(5, 4)]),
    ('ce_sum', lambda x, t: nn.CrossEntropyLoss(reduction='sum')(x, t), [randn(4, 5), classes(5, 4)]),
    ('ce_none', lambda x, t: nn.CrossEntropyLoss(reduction='none')(x, t), [randn(4, 5), classes(5, 4)]),
    ('ce_weight_mean', lambda x, t, w: nn.CrossEntropyLoss(weight=w)(x, t), [randn(6, 4), classes(4, 6), weight(4)]),
    ('ce_weight_sum', lambda x, t, w: nn.CrossEntropyLoss(weight=w, reduction='sum')(x, t), [randn(6, 4), classes(4, 6), weight(4)]),
    ('ce_weight_none', lambda x, t, w: nn.CrossEntropyLoss(weight=w, reduction='none')(x, t), [randn(6, 4), classes(4, 6), weight(4)]),
    ('ce_ignore_mean', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(5, 3), classes(3, 5, ignore=[1, 3])]),
    ('ce_ignore_none', lambda x, t: nn.CrossEntropyLoss(reduction='none')(x, t), [randn(5, 3), classes(3, 5, ignore=[0])]),
    ('ce_ignore_weight_mean', lambda x, t, w: nn.CrossEntropyLoss(weight=w)(x, t), [randn(5, 3), classes(3, 5, ignore=[2]), weight(3)]),
    ('ce_ignore_index_is_a_class', lambda x, t: nn.CrossEntropyLoss(ignore_index=1)(x, t), [randn(3, 3), index([1, 0, 2])]),
    ('ce_all_ignored_mean', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(2, 3), index([-100, -100])]),
    ('ce_ls_mean', lambda x, t: nn.CrossEntropyLoss(label_smoothing=0.1)(x, t), [randn(4, 5), classes(5, 4)]),
    ('ce_ls_sum', lambda x, t: nn.CrossEntropyLoss(label_smoothing=0.1, reduction='sum')(x, t), [randn(4, 5), classes(5, 4)]),
    ('ce_ls_ignore_mean', lambda x, t: nn.CrossEntropyLoss(label_smoothing=0.1)(x, t), [randn(5, 4), classes(4, 5, ignore=[1, 4])]),
    ('ce_ls_weight_mean', lambda x, t, w: nn.CrossEntropyLoss(weight=w, label_smoothing=0.1)(x, t), [randn(6, 4), classes(4, 6), weight(4)]),
    ('ce_ls_weight_ignore_mean', lambda x, t, w: nn.CrossEntropyLoss(weight=w, label_smoothing=0.1)(x, t),
     [randn(6, 4), classes(4, 6, ignore=[0, 5]), weight(4)]),
    ('ce_ls_weight_ignore_none', lambda x, t, w: nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction='none')(x, t),
     [randn(6, 4), classes(4, 6, ignore=[3]), weight(4)]),
    ('ce_ls_negative_is_none', lambda x, t: nn.CrossEntropyLoss(label_smoothing=-0.5)(x, t), [randn(3, 4), classes(4, 3)]),
    ('ce_unbatched', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(5), index(3)]),
    ('ce_unbatched_weight_ls_none', lambda x, t, w: nn.CrossEntropyLoss(weight=w, label_smoothing=0.2, reduction='none')(x, t),
     [randn(5), index(1), weight(5)]),
    ('ce_unbatched_ignored_none', lambda x, t: nn.CrossEntropyLoss(reduction='none')(x, t), [randn(4), index(-100)]),
    ('ce_3d', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(2, 4, 3), classes(4, 2, 3)]),
    ('ce_4d_weight_ignore_mean', lambda x, t, w: nn.CrossEntropyLoss(weight=w)(x, t),
     [randn(2, 3, 2, 2), classes(3, 2, 2, 2, ignore=[1, 6]), weight(3)]),
    ('ce_4d_none', lambda x, t: nn.CrossEntropyLoss(reduction='none')(x, t), [randn(2, 3, 2, 3), classes(3, 2, 2, 3)]),
    ('ce_4d_ls_weight_sum', lambda x, t, w: nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction='sum')(x, t),
     [randn(2, 3, 2, 2), classes(3, 2, 2, 2, ignore=[5]), weight(3)]),
    ('ce_5d', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(2, 3, 2, 1, 2), classes(3, 2, 2, 1, 2)]),
    ('ce_large_logits', lambda x, t: nn.CrossEntropyLoss(reduction='none')(x, t),
     [values([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1, -1e4 - 1], [1e4, 1e4, -1e4]]), index([1, 0, 2])]),
    ('ce_large_logits_ls_mean', lambda x, t: nn.CrossEntropyLoss(label_smoothing=0.1)(x, t),
     [values([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1, -1e4 - 1], [1e4, 1e4, -1e4]]), index([1, 0, 2])]),
    ('ce_masked_logits', lambda x, t: nn.CrossEntropyLoss()(x, t),
     [values([[0.5, -INF, 1.0], [-INF, 2.0, -INF]]), index([0, 1])]),
    ('ce_fn', lambda x, t, w: F.cross_entropy(x, t, weight=w, ignore_index=0, reduction='sum', label_smoothing=0.05),
     [randn(5, 3), classes(3, 5), weight(3)]),
    # ---- CrossEntropyLoss, class probabilities ----
    ('ce_prob_mean', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(4, 5), probs(4, 5)]),
    ('ce_prob_sum', lambda x, t: nn.CrossEntropyLoss(reduction='sum')(x, t), [randn(4, 5), probs(4, 5)]),
    ('ce_prob_none', lambda x, t: nn.CrossEntropyLoss(reduction='none')(x, t), [randn(4, 5), probs(4, 5)]),
    ('ce_prob_weight_mean', lambda x, t, w: nn.CrossEntropyLoss(weight=w)(x, t), [randn(4, 3), probs(4, 3), weight(3)]),
    ('ce_prob_ls_mean', lambda x, t: nn.CrossEntropyLoss(label_smoothing=0.1)(x, t), [randn(4, 3), probs(4, 3)]),
    ('ce_prob_ls_weight_none', lambda x, t, w: nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction='none')(x, t),
     [randn(4, 3), probs(4, 3), weight(3)]),
    ('ce_prob_4d_mean', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(2, 3, 2, 2), probs(2, 3, 2, 2)]),
    ('ce_prob_4d_weight_none', lambda x, t, w: nn.CrossEntropyLoss(weight=w, reduction='none')(x, t),
     [randn(2, 3, 2, 2), probs(2, 3, 2, 2), weight(3)]),
    ('ce_prob_unbatched', lambda x, t: nn.CrossEntropyLoss()(x, t), [randn(5), probs(5, dim=0)]),
    ('ce_prob_large_logits', lambda x, t: nn.CrossEntropyLoss()(x, t),
     [values([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1, -1e4 - 1]]), values([[0.2, 0.5, 0.3], [1.0, 0.0, 0.0]])]),
    # ---- NLLLoss ----
    ('nll_mean', lambda x, t: nn.NLLLoss()(x, t), [randn(4, 5), classes(5, 4)]),
    ('nll_sum', lambda x, t: nn.NLLLoss(reduction='sum')(x, t), [randn(4, 5), classes(5, 4)]),
    ('nll_none', lambda x, t: nn.NLLLoss(reduction='none')(x, t), [randn(4, 5), classes(5, 4)]),
    ('nll_weight_ignore_mean', lambda x, t, w: nn.NLLLoss(weight=w)(x, t), [randn(6, 3), classes(3, 6, ignore=[2]), weight(3)]),
    ('nll_ignore_index_custom', lambda x, t: nn.NLLLoss(ignore_index=3, reduction='sum')(x, t), [randn(4, 4), index([3, 0, 3, 2])]),
    ('nll_unbatched_none', lambda x, t: nn.NLLLoss(reduction='none')(x, t), [randn(4), index(2)]),
    ('nll_3d_weight_none', lambda x, t, w: nn.NLLLoss(weight=w, reduction='none')(x, t), [randn(2, 3, 4), classes(3, 2, 4), weight(3)]),
    ('nll_4d_mean', lambda x, t: nn.NLLLoss()(x, t), [randn(2, 3, 2, 2), classes(3, 2, 2, 2, ignore=[3])]),
    ('nll_neg_inf_log_probs', lambda x, t: nn.NLLLoss()(x, t), [values([[-0.1, -INF, -2.4], [-INF, -0.0, -INF]]), index([0, 1])]),
    ('nll_empty_mean', lambda x, t: nn.NLLLoss()(x, t), [randn(0, 3), index([])]),
    ('nll_fn', lambda x, t, w: F.nll_loss(x, t, weight=w, reduction='sum'), [randn(3, 4), classes(4, 3), weight(4)]),
    # ---- BCELoss ----
    ('bce_mean', lambda x, y: nn.BCELoss()(x, y), [rand(4, 3), rand(4, 3)]),
    ('bce_sum', lambda x, y: nn.BCELoss(reduction='sum')(x, y), [rand(4, 3), rand(4, 3)]),
    ('bce_none', lambda x, y: nn.BCELoss(reduction='none')(x, y), [rand(2, 3, 2), rand(2, 3, 2)]),
    ('bce_weight_mean', lambda x, y, w: nn.BCELoss(weight=w)(x, y), [rand(4, 3), rand(4, 3), weight(3)]),
    ('bce_weight_full_none', lambda x, y, w: nn.BCELoss(weight=w, reduction='none')(x, y), [rand(3, 2), rand(3, 2), weight(3, 2)]),
    ('bce_edges', lambda x, y: nn.BCELoss(reduction='none')(x, y),
     [values([0.0, 1.0, 0.0, 1.0, 0.5, 1e-30, 1.0 - 2 ** -24]), values([1.0, 0.0, 0.0, 1.0, 0.3, 0.0, 1.0])]),
    ('bce_binary_targets_mean', lambda x, y: nn.BCELoss()(x, y), [rand(6), values([0.0, 1.0, 1.0, 0.0, 1.0, 0.0])]),
    ('bce_fn', lambda x, y, w: F.binary_cross_entropy(x, y, weight=w, reduction='sum'), [rand(2, 4), rand(2, 4), weight(4)]),
    # ---- BCEWithLogitsLoss ----
    ('bcel_mean', lambda x, y: nn.BCEWithLogitsLoss()(x, y), [randn(4, 3), rand(4, 3)]),
    ('bcel_sum', lambda x, y: nn.BCEWithLogitsLoss(reduction='sum')(x, y), [randn(4, 3), rand(4, 3)]),
    ('bcel_none', lambda x, y: nn.BCEWithLogitsLoss(reduction='none')(x, y), [randn(2, 3, 2), rand(2, 3, 2)]),
    ('bcel_weight_mean', lambda x, y, w: nn.BCEWithLogitsLoss(weight=w)(x, y), [randn(4, 3), rand(4, 3), weight(3)]),
    ('bcel_pos_weight_mean', lambda x, y, p: nn.BCEWithLogitsLoss(pos_weight=p)(x, y), [randn(4, 3), rand(4, 3), weight(3)]),
    ('bcel_pos_weight_weight_none', lambda x, y, w, p: nn.BCEWithLogitsLoss(weight=w, pos_weight=p, reduction='none')(x, y),
     [randn(4, 3), rand(4, 3), weight(4, 1), weight(3)]),
    ('bcel_pos_weight_3d_sum', lambda x, y, p: nn.BCEWithLogitsLoss(pos_weight=p, reduction='sum')(x, y),
     [randn(2, 3, 4), rand(2, 3, 4), weight(4)]),
    ('bcel_large_logits', lambda x, y: nn.BCEWithLogitsLoss(reduction='none')(x, y),
     [values([1e4, -1e4, 1e4, -1e4, 0.0, 20.0, -20.0, 1e4]), values([1.0, 0.0, 0.0, 1.0, 0.5, 0.0, 1.0, 0.3])]),
    ('bcel_large_logits_pos_weight', lambda x, y, p: nn.BCEWithLogitsLoss(pos_weight=p, reduction='none')(x, y),
     [values([[1e4, -1e4, 0.0], [-1e4, 1e4, 30.0]]), values([[1.0, 1.0, 0.5], [0.0, 0.2, 0.0]]), weight(3)]),
    ('bcel_fn', lambda x, y, p: F.binary_cross_entropy_with_logits(x, y, pos_weight=p), [randn(3, 2), rand(3, 2), weight(2)]),
]






def run_case(name, fn, specs):
    xs = make_inputs(name, specs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        out = fn(*xs)
    upstream = torch.randn(out.shape)
    out.backward(upstream)
    return {
        'inputs': [tensor_in(x, s.grad) for x, s in zip(xs, specs)],
        'output': enc32(out),
        'upstream': enc32(upstream),
        'grads': [enc32(x.grad) for x in xs],
        'warnings': [str(w.message) for w in caught],
    }


# name, fn(*inputs) that raises, input specs
ERRORS = [
    ('ce_target_out_of_bounds', lambda x, t: F.cross_entropy(x, t), [randn(2, 3), index([0, 5])]),
    ('ce_target_negative', lambda x, t: F.cross_entropy(x, t, reduction='none'), [randn(2, 3), index([0, -1])]),
    ('ce_target_out_of_bounds_unbatched', lambda x, t: F.cross_entropy(x, t), [randn(3), index(3)]),
    ('ce_target_out_of_bounds_4d', lambda x, t: F.cross_entropy(x, t), [randn(1, 3, 1, 2), index([[[0, 7]]])]),
    ('ce_target_out_of_bounds_ls', lambda x, t: F.cross_entropy(x, t, label_smoothing=0.1), [randn(2, 3), index([4, 0])]),
    ('ce_target_not_integer', lambda x, t: F.cross_entropy(x, t), [randn(2, 3), values([0.5, 1.0], grad=False)]),
    ('ce_batch_mismatch', lambda x, t: F.cross_entropy(x, t), [randn(3, 3), index([0, 1])]),
    ('ce_batch_mismatch_3d', lambda x, t: F.cross_entropy(x, t), [randn(3, 3, 4), index([[0] * 4] * 2)]),
    ('ce_target_0d_batched', lambda x, t: F.nll_loss(x, t), [randn(2, 3), index(1)]),
    ('ce_target_shape_3d', lambda x, t: F.cross_entropy(x, t), [randn(2, 3, 4), index([[0] * 3] * 2)]),
    ('ce_target_shape_3d_missing_dim', lambda x, t: F.cross_entropy(x, t), [randn(2, 3, 4), index([0, 1])]),
    ('ce_target_shape_4d', lambda x, t: F.cross_entropy(x, t), [randn(2, 3, 4, 5), index([[[0] * 4] * 4] * 2)]),
    ('ce_target_dims_4d', lambda x, t: F.cross_entropy(x, t), [randn(2, 3, 4, 5), index([[0] * 4] * 2)]),
    ('ce_target_shape_5d', lambda x, t: F.cross_entropy(x, t), [randn(2, 3, 2, 2, 2), index([[[0] * 2] * 2] * 2)]),
    ('ce_target_2d_for_2d', lambda x, t: F.cross_entropy(x, t), [randn(2, 3), index([[0], [1]])]),
    ('ce_unbatched_target_1d', lambda x, t: F.cross_entropy(x, t), [randn(3), index([1])]),
    ('ce_0d_input', lambda x, t: F.cross_entropy(x, t), [randn(), values(0.0, grad=False)]),
    ('nll_0d_input', lambda x, t: F.nll_loss(x, t), [randn(), index(0)]),
    ('ce_weight_length', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(2, 3), index([0, 1]), weight(4)]),
    ('ce_weight_2d', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(2, 3), index([0, 1]), weight(3, 1)]),
    ('ce_weight_length_unbatched', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(3), index(0), weight(4)]),
    ('ce_weight_length_3d', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(2, 3, 4), index([[0] * 4] * 2), weight(4)]),
    ('ce_weight_length_probs', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(2, 3), probs(2, 3), weight(4)]),
    ('ce_weight_length_ls', lambda x, t, w: F.cross_entropy(x, t, weight=w, label_smoothing=0.1), [randn(2, 3), index([0, 1]), weight(4)]),
    ('ce_weight_requires_grad', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(2, 3), index([0, 1]), randn(3)]),
    ('ce_weight_requires_grad_3d', lambda x, t, w: F.cross_entropy(x, t, weight=w), [randn(2, 3, 2), index([[0, 1], [2, 0]]), randn(3)]),
    ('ce_label_smoothing_above_1', lambda x, t: F.cross_entropy(x, t, label_smoothing=1.5), [randn(2, 3), index([0, 1])]),
    ('ce_label_smoothing_above_1_probs', lambda x, t: F.cross_entropy(x, t, label_smoothing=1.5), [randn(2, 3), probs(2, 3)]),
    ('ce_probs_ignore_index', lambda x, t: F.cross_entropy(x, t, ignore_index=0), [randn(2, 3), probs(2, 3)]),
    ('ce_bad_reduction', lambda x, t: F.cross_entropy(x, t, reduction='avg'), [randn(2, 3), index([0, 1])]),
    ('nll_target_out_of_bounds', lambda x, t: F.nll_loss(x, t), [randn(2, 3), index([3, 0])]),
    ('nll_weight_requires_grad', lambda x, t, w: F.nll_loss(x, t, weight=w), [randn(2, 3), index([0, 1]), randn(3)]),
    ('nll_bad_reduction', lambda x, t: F.nll_loss(x, t, reduction='batchmean'), [randn(2, 3), index([0, 1])]),
    ('bce_input_above_1', lambda x, y: F.binary_cross_entropy(x, y), [values([0.5, 1.5]), values([0.0, 1.0])]),
    ('bce_input_nan', lambda x, y: F.binary_cross_entropy(x, y), [values([0.5, math.nan]), values([0.0, 1.0])]),
    ('bce_target_size', lambda x, y: F.binary_cross_entropy(x, y), [rand(2, 1), rand(2)]),
    ('bce_weight_length', lambda x, y, w: F.binary_cross_entropy(x, y, weight=w), [rand(2, 3), rand(2, 3), weight(4)]),
    ('bce_weight_too_big', lambda x, y, w: F.binary_cross_entropy(x, y, weight=w), [rand(2, 3), rand(2, 3), weight(4, 2, 3)]),
    ('bce_weight_requires_grad', lambda x, y, w: F.binary_cross_entropy(x, y, weight=w), [rand(3), rand(3), randn(3)]),
    ('bce_bad_reduction', lambda x, y: F.binary_cross_entropy(x, y, reduction='mean '), [rand(3), rand(3)]),
    ('bcel_target_size', lambda x, y: F.binary_cross_entropy_with_logits(x, y), [randn(2, 1), rand(2)]),
    ('bcel_weight_length', lambda x, y, w: F.binary_cross_entropy_with_logits(x, y, weight=w), [randn(2, 3), rand(2, 3), weight(4)]),
    ('bcel_pos_weight_length', lambda x, y, p: F.binary_cross_entropy_with_logits(x, y, pos_weight=p), [randn(2, 3), rand(2, 3), weight(4)]),
    ('bcel_weight_too_big', lambda x, y, w: F.binary_cross_entropy_with_logits(x, y, weight=w), [randn(2, 3), rand(2, 3), weight(4, 2, 3)]),
    ('bcel_pos_weight_too_big', lambda x, y, p: F.binary_cross_entropy_with_logits(x, y, pos_weight=p),
     [randn(2, 3), rand(2, 3), weight(4, 2, 3)]),
    ('bcel_weight_requires_grad', lambda x, y, w: F.binary_cross_entropy_with_logits(x, y, weight=w), [randn(3), rand(3), randn(3)]),
    ('bcel_pos_weight_requires_grad', lambda x, y, p: F.binary_cross_entropy_with_logits(x, y, pos_weight=p), [randn(3), rand(3), randn(3)]),
    ('l1_broadcast_mismatch', lambda x, y: F.l1_loss(x, y), [randn(2, 7), randn(4)]),
    ('l1_bad_reduction', lambda x, y: F.l1_loss(x, y, reduction='max'), [randn(3), randn(3)]),
    ('smooth_l1_negative_beta', lambda x, y: F.smooth_l1_loss(x, y, beta=-1.0), [randn(3), randn(3)]),
    ('huber_zero_delta', lambda x, y: F.huber_loss(x, y, delta=0.0), [randn(3), randn(3)]),
    ('huber_negative_delta', lambda x, y: F.huber_loss(x, y, delta=-2.0), [randn(3), randn(3)]),
]


def run_error(name, fn, specs):
    xs = make_inputs(name, specs)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            fn(*xs)
    except Exception as e:  # noqa: BLE001 - the message is what we record
        return {'inputs': [tensor_in(x, s.grad) for x, s in zip(xs, specs)], 'message': str(e)}
    raise AssertionError('error case %s did not raise' % name)


def reprs():
    w = torch.ones(3)
    return {
        'l1': repr(nn.L1Loss()),
        'l1_sum': repr(nn.L1Loss(reduction='sum')),
        'mse': repr(nn.MSELoss()),
        'smooth_l1': repr(nn.SmoothL1Loss(beta=0.5)),
        'huber': repr(nn.HuberLoss(delta=2.0)),
        'nll': repr(nn.NLLLoss(weight=w, ignore_index=1)),
        'cross_entropy': repr(nn.CrossEntropyLoss()),
        'cross_entropy_options': repr(nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction='none')),
        'bce': repr(nn.BCELoss(weight=w)),
        'bce_with_logits': repr(nn.BCEWithLogitsLoss(pos_weight=w)),
    }


def state_dict_keys():
    w = torch.ones(3)
    return {
        'cross_entropy': list(nn.CrossEntropyLoss().state_dict().keys()),
        'cross_entropy_weight': list(nn.CrossEntropyLoss(weight=w).state_dict().keys()),
        'nll_weight': list(nn.NLLLoss(weight=w).state_dict().keys()),
        'bce_weight': list(nn.BCELoss(weight=w).state_dict().keys()),
        'bce_with_logits_pos_weight': list(nn.BCEWithLogitsLoss(pos_weight=w).state_dict().keys()),
        'bce_with_logits_both': list(nn.BCEWithLogitsLoss(weight=w, pos_weight=w).state_dict().keys()),
        'l1': list(nn.L1Loss().state_dict().keys()),
    }


def generate():
    for table in (CASES, ERRORS):
        assert len({c[0] for c in table}) == len(table), 'duplicate case names'
    return {
        'torch': torch.__version__,
        'cases': {name: run_case(name, fn, specs) for name, fn, specs in CASES},
        'errors': {name: run_error(name, fn, specs) for name, fn, specs in ERRORS},
        'repr': reprs(),
        'keys': state_dict_keys(),
    }
