"""Every Tensor op against PyTorch: forward values and the gradient of every input.

A case is one line: a name, a function of the input tensors, and one input spec per input (its
shape and the domain its values come from). Each case seeds torch.manual_seed from its name, so
adding a case changes no other case. Every input requires grad unless it is marked `fixed`; each
differentiable output gets a random upstream gradient (a plain .sum() would hide a transposed
backward rule) and the record holds the outputs with their grad_fn names, the upstreams and every
input's .grad (None where no gradient reached it).

The error cases record PyTorch's exact message (str(e)) for bad input.
"""
import math
import struct

import torch

from _common import In, enc, enc32, make_inputs, randn, tensor_in



def positive(*shape):
    """In [0.5, 2.5): away from 0 for log, sqrt, division and fractional powers."""
    return In(lambda: torch.rand(shape) * 2 + 0.5)


def distinct(*shape):
    """A shuffle of distinct multiples of 0.5, so max/min/argmax have no ties."""
    n = math.prod(shape)
    return In(lambda: ((torch.randperm(n).float() - n / 2) / 2).reshape(shape))


def large(*shape):
    """Magnitudes near 1e4, where an unstabilised exp overflows float32."""
    return In(lambda: torch.randn(shape) * 1e4)


def values(v):
    """Explicit values, for ties and the edges of a rule (zeros, bounds)."""
    return In(lambda: torch.tensor(v, dtype=torch.float32))


def fixed(spec):
    """The same values, not requiring grad."""
    return In(spec.make, grad=False)


def reuse_twice(x):
    y = x * 2
    return y * y + y.exp() - y  # y feeds three consumers: gradients accumulate inside the graph


def diamond(x, w):
    h = (x @ w).sigmoid()  # (3, 4)
    return h * h.tanh() + h.softmax(1)  # two paths from h meet again


def mlp(x, w1, b1, w2):
    return (x @ w1 + b1).relu().matmul(w2).log_softmax(-1)


# name, fn(*inputs) -> tensor or tuple of tensors, input specs
CASES = [
    # ---- binary arithmetic ----
    ('add', lambda a, b: a + b, [randn(2, 3), randn(2, 3)]),
    ('sub', lambda a, b: a - b, [randn(2, 3), randn(2, 3)]),
    ('mul', lambda a, b: a * b, [randn(2, 3), randn(2, 3)]),
    ('div', lambda a, b: a / b, [randn(2, 3), positive(2, 3)]),
    ('div_negative_divisor', lambda a, b: a / -b, [randn(4), positive(4)]),
    ('mul_same_tensor', lambda x: x * x, [randn(2, 3)]),
    ('add_scalar', lambda x: x + 2.5, [randn(2, 3)]),
    ('sub_scalar', lambda x: x - 2.5, [randn(2, 3)]),
    ('mul_scalar', lambda x: x * 2, [randn(2, 3)]),
    ('div_scalar', lambda x: x / 4, [randn(2, 3)]),
    ('scalar_add_tensor', lambda x: 2.5 + x, [randn(2, 3)]),
    ('scalar_sub_tensor', lambda x: 1 - x, [randn(2, 3)]),
    ('scalar_mul_tensor', lambda x: 3 * x, [randn(2, 3)]),
    ('scalar_div_tensor', lambda x: 2 / x, [positive(2, 3)]),
    ('neg_add_scalar', lambda x: x.neg() + 1, [randn(2, 3)]),
    # ---- pow ----
    ('pow_2', lambda x: x.pow(2), [randn(2, 3)]),
    ('pow_3', lambda x: x.pow(3), [randn(2, 3)]),
    ('pow_half', lambda x: x.pow(0.5), [positive(2, 3)]),
    ('pow_minus_1', lambda x: x.pow(-1), [positive(2, 3)]),
    ('pow_0', lambda x: x.pow(0), [randn(2, 3)]),
    ('pow_0_at_zero', lambda x: x.pow(0), [values([0.0, 1.5, -2.0])]),
    ('pow_2_at_zero', lambda x: x.pow(2), [values([0.0, 1.5, -2.0])]),
    ('pow_tensor', lambda a, b: a.pow(b), [positive(2, 3), randn(2, 3)]),
    ('pow_tensor_broadcast', lambda a, b: a.pow(b), [positive(2, 3), randn(3)]),
    ('pow_tensor_zero_base', lambda a, b: a.pow(b), [values([0.0, 0.0, 2.0, 0.0]), values([2.0, 0.0, 0.0, 1.0])]),
    ('pow_scalar_base', lambda x: torch.pow(2, x), [randn(2, 3)]),
    ('pow_0d_exponent', lambda a, b: a.pow(b), [positive(2, 3), values(1.5)]),
    ('pow_0d_base', lambda a, b: a.pow(b), [positive(), randn(2, 3)]),
    ('pow_tensor_negative_base', lambda a, b: a.pow(b), [randn(2, 3), values([[2.0, 3.0, 0.0], [1.0, -1.0, 2.0]])]),
    # ---- unary ----
    ('neg', lambda x: -x, [randn(2, 3)]),
    ('exp', lambda x: x.exp(), [randn(2, 3)]),
    ('log', lambda x: x.log(), [positive(2, 3)]),
    ('sqrt', lambda x: x.sqrt(), [positive(2, 3)]),
    ('abs', lambda x: x.abs(), [randn(2, 3)]),
    ('abs_at_zero', lambda x: x.abs(), [values([-1.5, 0.0, 2.0, -0.0])]),
    ('relu', lambda x: x.relu(), [randn(3, 4)]),
    ('relu_at_zero', lambda x: x.relu(), [values([-1.0, 0.0, 2.0, -0.0])]),
    ('sigmoid', lambda x: x.sigmoid(), [randn(3, 4)]),
    ('sigmoid_large', lambda x: x.sigmoid(), [values([-100.0, -20.0, 0.0, 20.0, 100.0])]),
    ('tanh', lambda x: x.tanh(), [randn(3, 4)]),
    ('tanh_large', lambda x: x.tanh(), [values([-100.0, -10.0, 0.0, 10.0, 100.0])]),
    ('clone', lambda x: x.clone(), [randn(2, 3)]),
    ('clamp_min', lambda x: x.clamp(min=-0.5), [randn(3, 4)]),
    ('clamp_max', lambda x: x.clamp(max=0.5), [randn(3, 4)]),
    ('clamp_both', lambda x: x.clamp(-0.5, 0.5), [randn(3, 4)]),
    ('clamp_min_above_max', lambda x: x.clamp(0.5, -0.5), [randn(3, 4)]),
    ('clamp_at_bounds', lambda x: x.clamp(-1, 1), [values([-2.0, -1.0, 0.0, 1.0, 2.0])]),
    ('relu_nan', lambda x: x.relu(), [values([math.nan, -1.0, 2.0])]),
    ('abs_nan', lambda x: x.abs(), [values([math.nan, -1.0, 2.0])]),
    ('sigmoid_nan', lambda x: x.sigmoid(), [values([math.nan, -1.0, 2.0])]),
    ('clamp_nan', lambda x: x.clamp(-0.5, 0.5), [values([math.nan, -1.0, 0.25])]),
    ('sqrt_at_zero', lambda x: x.sqrt(), [values([0.0, 4.0])]),
    ('log_at_zero', lambda x: x.log(), [values([0.0, 4.0])]),
    # ---- comparisons (no gradient) and where ----
    ('gt', lambda a, b: a > b, [randn(2, 3), randn(3)]),
    ('lt', lambda a, b: a < b, [randn(2, 3), randn(2, 1)]),
    ('ge_ties', lambda a, b: a >= b, [values([1.0, 2.0, 3.0]), values([2.0, 2.0, 2.0])]),
    ('le_ties', lambda a, b: a <= b, [values([1.0, 2.0, 3.0]), values([2.0, 2.0, 2.0])]),
    ('eq_scalar', lambda x: x == 2, [values([[1.0, 2.0], [2.0, 3.0]])]),
    ('ne_scalar', lambda x: x != 2, [values([[1.0, 2.0], [2.0, 3.0]])]),
    ('where', lambda c, a, b: torch.where(c > 0, a, b), [randn(2, 3), randn(2, 3), randn(2, 3)]),
    ('where_broadcast', lambda c, a, b: torch.where(c > 0, a, b), [randn(2, 3), randn(3), randn(2, 1)]),
    ('where_scalar_other', lambda c, a: torch.where(c > 0, a, 0.0), [randn(2, 3), randn(2, 3)]),
    ('detach', lambda a, b: a.detach() * b, [randn(2, 3), randn(2, 3)]),
    ('fixed_input', lambda a, b: a * b, [fixed(randn(2, 3)), randn(2, 3)]),
    # ---- broadcasting ----
    ('bcast_2x3_3', lambda a, b: a + b, [randn(2, 3), randn(3)]),
    ('bcast_2x1_1x3', lambda a, b: a * b, [randn(2, 1), randn(1, 3)]),
    ('bcast_4x1x3_2x1', lambda a, b: a * b, [randn(4, 1, 3), randn(2, 1)]),
    ('bcast_3_2x3', lambda a, b: a - b, [randn(3), randn(2, 3)]),
    ('bcast_1_2x3', lambda a, b: a / b, [randn(1), positive(2, 3)]),
    ('bcast_2x3_1', lambda a, b: a / b, [randn(2, 3), positive(1)]),
    ('bcast_0d_2x3', lambda a, b: a * b, [randn(), randn(2, 3)]),
    ('bcast_2x3_0d', lambda a, b: a - b, [randn(2, 3), randn()]),
    ('bcast_0d_0d', lambda a, b: a * b, [randn(), randn()]),
    ('bcast_2x3x4_3x1', lambda a, b: a * b, [randn(2, 3, 4), randn(3, 1)]),
    ('bcast_3x1_2x3x4', lambda a, b: a - b, [randn(3, 1), randn(2, 3, 4)]),
    ('bcast_1x1x1_3', lambda a, b: a * b, [randn(1, 1, 1), randn(3)]),
    ('bcast_2x1x4_1x3x1', lambda a, b: a * b, [randn(2, 1, 4), randn(1, 3, 1)]),
    ('bcast_pow', lambda a, b: a.pow(b), [positive(2, 1), randn(1, 3)]),
    ('bcast_empty', lambda a, b: a * b, [randn(0, 3), randn(3)]),
    ('sum_to_size', lambda x: x.sum_to_size(1, 3), [randn(2, 3)]),
    ('sum_to_size_3d', lambda x: x.sum_to_size(3, 1), [randn(2, 3, 4)]),
    ('expand_as', lambda a, b: a.expand_as(b) * b, [randn(3, 1), randn(2, 3, 4)]),
    # ---- sum / mean ----
    ('sum_all', lambda x: x.sum(), [randn(2, 3, 4)]),
    ('sum_dim0', lambda x: x.sum(0), [randn(2, 3, 4)]),
    ('sum_dim1', lambda x: x.sum(1), [randn(2, 3, 4)]),
    ('sum_dim_neg', lambda x: x.sum(-1), [randn(2, 3, 4)]),
    ('sum_dims_list', lambda x: x.sum([0, 2]), [randn(2, 3, 4)]),
    ('sum_dims_list_neg', lambda x: x.sum([-1, 0]), [randn(2, 3, 4)]),
    ('sum_keepdim', lambda x: x.sum(1, keepdim=True), [randn(2, 3, 4)]),
    ('sum_dims_keepdim', lambda x: x.sum([0, 2], keepdim=True), [randn(2, 3, 4)]),
    ('sum_0d', lambda x: x.sum(), [randn()]),
    ('sum_0d_dim', lambda x: x.sum(0), [randn()]),
    ('sum_0d_dim_keepdim', lambda x: x.sum(-1, keepdim=True), [randn()]),
    ('sum_0d_dims_list', lambda x: x.sum([0]), [randn()]),
    ('sum_long', lambda x: x.sum(1), [randn(3, 1000)]),
    ('sum_rows', lambda x: x.sum(0), [randn(9, 5)]),
    ('sum_adjacent_dims', lambda x: x.sum([0, 1]), [randn(3, 4, 5)]),
    ('sum_empty_all', lambda x: x.sum(), [randn(0, 3)]),
    ('sum_empty_dim', lambda x: x.sum(0), [randn(0, 3)]),
    ('mean_all', lambda x: x.mean(), [randn(2, 3, 4)]),
    ('mean_dim0', lambda x: x.mean(0), [randn(2, 3, 4)]),
    ('mean_dim_neg', lambda x: x.mean(-2), [randn(2, 3, 4)]),
    ('mean_dims_list', lambda x: x.mean([0, 2]), [randn(2, 3, 4)]),
    ('mean_adjacent_dims', lambda x: x.mean([1, 2]), [randn(2, 3, 4, 5)]),
    ('mean_keepdim', lambda x: x.mean(2, keepdim=True), [randn(2, 3, 4)]),
    ('mean_dims_keepdim', lambda x: x.mean([1, -1], keepdim=True), [randn(2, 3, 4)]),
    ('mean_0d', lambda x: x.mean(), [randn()]),
    ('mean_0d_dim', lambda x: x.mean(0), [randn()]),
    ('mean_empty_dim', lambda x: x.mean(0), [randn(0, 3)]),
    # ---- max / min / argmax / argmin ----
    ('max_all', lambda x: x.max(), [distinct(3, 4)]),
    ('min_all', lambda x: x.min(), [distinct(3, 4)]),
    ('max_all_ties', lambda x: x.max(), [values([[1.0, 3.0, 3.0], [2.0, 3.0, 0.0]])]),
    ('min_all_ties', lambda x: x.min(), [values([[0.0, 3.0, 0.0], [2.0, 3.0, 1.0]])]),
    ('max_dim', lambda x: x.max(1), [distinct(3, 4)]),
    ('max_dim0', lambda x: x.max(0), [distinct(3, 4)]),
    ('max_dim_neg_keepdim', lambda x: x.max(-1, keepdim=True), [distinct(2, 3, 4)]),
    ('max_dim_middle', lambda x: x.max(1), [distinct(2, 3, 4)]),
    ('min_dim', lambda x: x.min(1), [distinct(3, 4)]),
    ('min_dim_keepdim', lambda x: x.min(0, keepdim=True), [distinct(3, 4)]),
    ('max_dim_ties', lambda x: x.max(1), [values([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0], [5.0, 5.0, 5.0]])]),
    ('min_dim_ties', lambda x: x.min(0), [values([[1.0, 3.0, 0.0], [1.0, 2.0, 0.0]])]),
    ('max_0d', lambda x: x.max(), [randn()]),
    ('max_0d_dim', lambda x: x.max(0), [randn()]),
    ('max_all_nan', lambda x: x.max(), [values([[1.0, math.nan, 3.0], [math.nan, 2.0, 0.0]])]),
    ('min_dim_nan', lambda x: x.min(1), [values([[1.0, math.nan, -3.0], [4.0, 2.0, 0.0]])]),
    ('argmax', lambda x: x.argmax(), [distinct(3, 4)]),
    ('argmin', lambda x: x.argmin(), [distinct(3, 4)]),
    ('argmax_keepdim', lambda x: x.argmax(keepdim=True), [distinct(3, 4)]),
    ('argmax_dim', lambda x: x.argmax(1), [distinct(3, 4)]),
    ('argmax_dim_neg_keepdim', lambda x: x.argmax(-1, keepdim=True), [distinct(2, 3, 4)]),
    ('argmin_dim', lambda x: x.argmin(0), [distinct(3, 4)]),
    ('argmin_dim_keepdim', lambda x: x.argmin(1, keepdim=True), [distinct(2, 3, 4)]),
    ('argmax_ties', lambda x: x.argmax(), [values([[1.0, 3.0, 3.0], [2.0, 3.0, 0.0]])]),
    ('argmax_dim_ties', lambda x: x.argmax(1), [values([[1.0, 3.0, 3.0], [2.0, 2.0, 0.0]])]),
    ('argmin_dim_ties', lambda x: x.argmin(0), [values([[1.0, 3.0, 0.0], [1.0, 2.0, 0.0]])]),
    ('argmax_0d_dim', lambda x: x.argmax(0), [randn()]),
    ('argmax_nan', lambda x: x.argmax(), [values([1.0, math.nan, 3.0, math.nan])]),
    ('argmin_dim_nan', lambda x: x.argmin(1), [values([[1.0, math.nan], [2.0, 3.0]])]),
    # ---- softmax / log_softmax ----
    ('softmax_dim0', lambda x: x.softmax(0), [randn(3, 4)]),
    ('softmax_dim1', lambda x: x.softmax(1), [randn(3, 4)]),
    ('softmax_dim_neg', lambda x: x.softmax(-1), [randn(2, 3, 4)]),
    ('softmax_dim_middle', lambda x: x.softmax(1), [randn(2, 3, 4)]),
    ('softmax_1d', lambda x: x.softmax(0), [randn(5)]),
    ('softmax_0d', lambda x: x.softmax(0), [randn()]),
    ('softmax_large', lambda x: x.softmax(-1), [large(3, 5)]),
    ('softmax_large_spread', lambda x: x.softmax(1), [values([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1, -1e4 - 1]])]),
    ('log_softmax_dim0', lambda x: x.log_softmax(0), [randn(3, 4)]),
    ('log_softmax_dim1', lambda x: x.log_softmax(1), [randn(3, 4)]),
    ('log_softmax_dim_neg', lambda x: x.log_softmax(-2), [randn(2, 3, 4)]),
    ('log_softmax_large', lambda x: x.log_softmax(-1), [large(3, 5)]),
    ('log_softmax_large_spread', lambda x: x.log_softmax(1), [values([[1e4, -1e4, 0.0], [-1e4, -1e4 + 1, -1e4 - 1]])]),
    ('log_softmax_0d', lambda x: x.log_softmax(0), [randn()]),
    ('softmax_neg_inf', lambda x: x.softmax(1), [values([[-math.inf, 0.0, 1.0], [-math.inf, -math.inf, 2.0]])]),
    ('log_softmax_neg_inf', lambda x: x.log_softmax(1), [values([[-math.inf, 0.0, 1.0], [-math.inf, -math.inf, 2.0]])]),
    # ---- shape ----
    ('reshape', lambda x: x.reshape(3, 4), [randn(2, 6)]),
    ('reshape_infer', lambda x: x.reshape(-1, 2), [randn(2, 3, 4)]),
    ('reshape_infer_middle', lambda x: x.reshape(2, -1, 3), [randn(3, 4, 1)]),
    ('reshape_to_0d', lambda x: x.reshape(()), [randn(1, 1)]),
    ('reshape_0d_to_1x1', lambda x: x.reshape(1, 1), [randn()]),
    ('view', lambda x: x.view(4, 3), [randn(2, 6)]),
    ('view_infer', lambda x: x.view(-1), [randn(2, 3, 4)]),
    ('flatten', lambda x: x.flatten(), [randn(2, 3, 4)]),
    ('flatten_start', lambda x: x.flatten(1), [randn(2, 3, 4)]),
    ('flatten_start_end', lambda x: x.flatten(0, 1), [randn(2, 3, 4, 5)]),
    ('flatten_neg', lambda x: x.flatten(-3, -2), [randn(2, 3, 4, 5)]),
    ('flatten_0d', lambda x: x.flatten(), [randn()]),
    ('squeeze_all', lambda x: x.squeeze(), [randn(1, 3, 1, 2)]),
    ('squeeze_dim', lambda x: x.squeeze(2), [randn(1, 3, 1, 2)]),
    ('squeeze_dim_neg', lambda x: x.squeeze(-4), [randn(1, 3, 1, 2)]),
    ('squeeze_non_1_dim', lambda x: x.squeeze(1), [randn(1, 3, 1, 2)]),
    ('squeeze_0d', lambda x: x.squeeze(), [randn()]),
    ('squeeze_0d_dim', lambda x: x.squeeze(0), [randn()]),
    ('unsqueeze', lambda x: x.unsqueeze(1), [randn(2, 3)]),
    ('unsqueeze_end', lambda x: x.unsqueeze(2), [randn(2, 3)]),
    ('unsqueeze_neg', lambda x: x.unsqueeze(-1), [randn(2, 3)]),
    ('unsqueeze_neg_front', lambda x: x.unsqueeze(-3), [randn(2, 3)]),
    ('unsqueeze_0d', lambda x: x.unsqueeze(0), [randn()]),
    ('transpose', lambda x: x.transpose(0, 1), [randn(2, 3)]),
    ('transpose_3d', lambda x: x.transpose(0, 2), [randn(2, 3, 4)]),
    ('transpose_neg', lambda x: x.transpose(-1, -2), [randn(2, 3, 4)]),
    ('transpose_same_dim', lambda x: x.transpose(1, 1), [randn(2, 3)]),
    ('transpose_1d', lambda x: x.transpose(0, -1), [randn(3)]),
    ('t', lambda x: x.t(), [randn(2, 3)]),
    ('t_1d', lambda x: x.t(), [randn(3)]),
    ('permute', lambda x: x.permute(2, 0, 1), [randn(2, 3, 4)]),
    ('permute_neg', lambda x: x.permute(-1, 1, 0), [randn(2, 3, 4)]),
    ('permute_4d', lambda x: x.permute(1, 3, 0, 2), [randn(2, 3, 4, 5)]),
    ('permute_0d', lambda x: x.permute([]), [randn()]),
    ('expand', lambda x: x.expand(2, 3), [randn(1, 3)]),
    ('expand_minus_1', lambda x: x.expand(-1, 4), [randn(3, 1)]),
    ('expand_new_dims', lambda x: x.expand(2, 4, 3), [randn(3)]),
    ('expand_new_dims_minus_1', lambda x: x.expand(5, -1, 2), [randn(3, 1)]),
    ('expand_same', lambda x: x.expand(2, 3), [randn(2, 3)]),
    ('expand_0d', lambda x: x.expand(2, 3), [randn()]),
    ('narrow', lambda x: x.narrow(1, 1, 2), [randn(3, 4)]),
    ('narrow_dim0', lambda x: x.narrow(0, 0, 2), [randn(3, 4)]),
    ('narrow_neg', lambda x: x.narrow(-1, -3, 2), [randn(2, 3, 4)]),
    ('narrow_empty_at_end', lambda x: x.narrow(1, 3, 0), [randn(2, 3)]),
    ('cat_dim0', lambda a, b, c: torch.cat([a, b, c]), [randn(2, 3), randn(1, 3), randn(3, 3)]),
    ('cat_dim1', lambda a, b, c: torch.cat([a, b, c], 1), [randn(2, 3), randn(2, 1), randn(2, 2)]),
    ('cat_dim_neg', lambda a, b: torch.cat([a, b], -1), [randn(2, 3, 4), randn(2, 3, 2)]),
    ('cat_middle', lambda a, b, c: torch.cat([a, b, c], 1), [randn(2, 1, 4), randn(2, 3, 4), randn(2, 2, 4)]),
    ('cat_same_tensor', lambda a: torch.cat([a, a * 2], 0), [randn(2, 3)]),
    ('cat_fixed_input', lambda a, b: torch.cat([a, b], 1), [fixed(randn(2, 3)), randn(2, 2)]),
    ('cat_with_empty', lambda a, b: torch.cat([a, b], 1), [randn(2, 0), randn(2, 3)]),
    ('stack', lambda a, b, c: torch.stack([a, b, c]), [randn(2, 3), randn(2, 3), randn(2, 3)]),
    ('stack_dim1', lambda a, b: torch.stack([a, b], 1), [randn(2, 3), randn(2, 3)]),
    ('stack_dim_end', lambda a, b: torch.stack([a, b], 2), [randn(2, 3), randn(2, 3)]),
    ('stack_dim_neg', lambda a, b, c: torch.stack([a, b, c], -1), [randn(2, 3), randn(2, 3), randn(2, 3)]),
    ('stack_dim_neg_front', lambda a, b: torch.stack([a, b], -3), [randn(2, 3), randn(2, 3)]),
    ('stack_0d', lambda a, b: torch.stack([a, b]), [randn(), randn()]),
    # ---- matmul ----
    ('matmul_1d_1d', lambda a, b: a @ b, [randn(5), randn(5)]),
    ('matmul_2d_1d', lambda a, b: a @ b, [randn(3, 5), randn(5)]),
    ('matmul_1d_2d', lambda a, b: a @ b, [randn(5), randn(5, 3)]),
    ('matmul_2d_2d', lambda a, b: a @ b, [randn(3, 5), randn(5, 2)]),
    ('matmul_2d_2d_tiles', lambda a, b: a @ b, [randn(8, 12), randn(12, 8)]),
    ('matmul_3d_3d', lambda a, b: a @ b, [randn(2, 3, 5), randn(2, 5, 4)]),
    ('matmul_bcast_batch', lambda a, b: a @ b, [randn(2, 1, 3, 4), randn(5, 4, 2)]),
    ('matmul_bcast_batch_both', lambda a, b: a @ b, [randn(3, 1, 2, 4), randn(1, 2, 4, 3)]),
    ('matmul_3d_2d', lambda a, b: a @ b, [randn(2, 3, 5), randn(5, 4)]),
    ('matmul_2d_3d', lambda a, b: a @ b, [randn(3, 5), randn(2, 5, 4)]),
    ('matmul_1d_3d', lambda a, b: a @ b, [randn(5), randn(2, 5, 4)]),
    ('matmul_3d_1d', lambda a, b: a @ b, [randn(2, 3, 5), randn(5)]),
    ('matmul_4d_1d', lambda a, b: a @ b, [randn(2, 2, 3, 5), randn(5)]),
    ('matmul_1d_4d', lambda a, b: a @ b, [randn(5), randn(2, 2, 5, 3)]),
    ('matmul_gemm_edges', lambda a, b: a @ b, [randn(67, 300), randn(300, 33)]),
    ('matmul_gemm_odd', lambda a, b: a @ b, [randn(5, 7), randn(7, 3)]),
    ('matmul_gemm_k_257', lambda a, b: a @ b, [randn(6, 257), randn(257, 9)]),
    ('matmul_gemm_k_512', lambda a, b: a @ b, [randn(4, 512), randn(512, 4)]),
    ('matmul_gemm_row_vector', lambda a, b: a @ b, [randn(1, 300), randn(300, 5)]),
    ('matmul_gemm_col_vector', lambda a, b: a @ b, [randn(9, 300), randn(300, 1)]),
    ('matmul_transposed_a', lambda a, b: a.t() @ b, [randn(20, 7), randn(20, 6)]),
    ('matmul_transposed_b', lambda a, b: a @ b.t(), [randn(7, 20), randn(6, 20)]),
    # F.linear reads the weight transposed in place (gemm's transB forward, transA backward)
    ('linear_gemm_edges', lambda x, w: torch.nn.functional.linear(x, w), [randn(13, 270), randn(7, 270)]),
    ('linear_3d', lambda x, w: torch.nn.functional.linear(x, w), [randn(2, 3, 5), randn(4, 5)]),
    ('linear_1d', lambda x, w: torch.nn.functional.linear(x, w), [randn(5), randn(4, 5)]),
    ('matmul_batched_gemm_edges', lambda a, b: a @ b, [randn(3, 13, 270), randn(270, 6)]),
    ('matmul_same_tensor', lambda a: a @ a, [randn(4, 4)]),
    ('matmul_fixed_input', lambda a, b: a @ b, [fixed(randn(3, 5)), randn(5, 2)]),
    ('matmul_k0', lambda a, b: a @ b, [randn(2, 0), randn(0, 3)]),
    ('matmul_m0', lambda a, b: a @ b, [randn(0, 3), randn(3, 2)]),
    # ---- compositions ----
    ('logsumexp_by_hand', lambda x: x.exp().sum(1).log(), [randn(3, 4)]),
    ('softmax_mul_sum', lambda x, w: x.softmax(-1).mul(w).sum(1), [randn(3, 4), randn(4)]),
    ('reuse_twice', reuse_twice, [randn(2, 3)]),
    ('diamond', diamond, [randn(3, 5), randn(5, 4)]),
    ('mlp', mlp, [randn(4, 3), randn(3, 8), randn(8), randn(8, 2)]),
    ('mse', lambda a, b: (a - b).pow(2).mean(), [randn(4, 3), randn(4, 3)]),
    ('normalize', lambda x: (x - x.mean(1, keepdim=True)) / (x.pow(2).mean(1, keepdim=True) + 1e-5).sqrt(), [randn(3, 5)]),
    ('max_dim_then_exp', lambda x: (x - x.max(1, keepdim=True)[0]).exp().sum(1), [distinct(3, 4)]),
    ('cat_then_matmul', lambda a, b, w: torch.cat([a, b], 1) @ w, [randn(2, 3), randn(2, 2), randn(5, 4)]),
    ('permute_reshape_matmul', lambda x, w: x.permute(0, 2, 1).reshape(-1, 3) @ w, [randn(2, 3, 4), randn(3, 2)]),
    ('clamp_log_where', lambda x: torch.where(x > 0, x.clamp(min=0.1).log(), x.abs().sqrt()), [randn(3, 4)]),
    # two backward calls in TypeScript: the second accumulates into .grad
    ('two_outputs', lambda x: (x.exp(), (x * 2).sum(1)), [randn(3, 4)]),
]






def run_case(name, fn, specs):
    xs = make_inputs(name, specs)
    out = fn(*xs)
    outs = list(out) if isinstance(out, tuple) else [out]
    ups = [torch.randn(o.shape) if o.requires_grad else None for o in outs]
    diff = [(o, u) for o, u in zip(outs, ups) if u is not None]
    if diff:
        torch.autograd.backward([o for o, _ in diff], [u for _, u in diff])
    return {
        'inputs': [tensor_in(x, s.grad) for x, s in zip(xs, specs)],
        'outputs': [enc32(o) for o in outs],
        'gradFns': [type(o.grad_fn).__name__ if o.grad_fn is not None else None for o in outs],
        'upstreams': [enc32(u) for u in ups],
        'grads': [enc32(x.grad) for x in xs],
    }


def backward_wrong_shape(x):
    (x * 2).backward(torch.ones(3))


def requires_grad_off_non_leaf(x):
    (x * 2).requires_grad_(False)


# name, fn(*inputs) that raises, input specs
ERRORS = [
    ('matmul_2d_2d', lambda a, b: a @ b, [randn(2, 3), randn(4, 5)]),
    ('matmul_1d_1d', lambda a, b: a @ b, [randn(3), randn(4)]),
    ('matmul_2d_1d', lambda a, b: a @ b, [randn(2, 3), randn(4)]),
    ('matmul_3d_1d', lambda a, b: a @ b, [randn(2, 2, 3), randn(4)]),
    ('matmul_1d_2d', lambda a, b: a @ b, [randn(3), randn(4, 2)]),
    ('matmul_1d_3d', lambda a, b: a @ b, [randn(3), randn(2, 4, 2)]),
    ('matmul_3d_3d', lambda a, b: a @ b, [randn(2, 2, 3), randn(2, 4, 2)]),
    ('matmul_3d_2d', lambda a, b: a @ b, [randn(2, 2, 3), randn(4, 2)]),
    ('matmul_2d_3d', lambda a, b: a @ b, [randn(2, 3), randn(2, 4, 2)]),
    ('matmul_batch_mismatch', lambda a, b: a @ b, [randn(2, 2, 3), randn(3, 3, 2)]),
    ('matmul_bcast_batch_k_mismatch', lambda a, b: a @ b, [randn(1, 2, 3), randn(2, 4, 2)]),
    ('matmul_1d_4d', lambda a, b: a @ b, [randn(3), randn(2, 2, 4, 2)]),
    ('matmul_2d_4d', lambda a, b: a @ b, [randn(2, 3), randn(2, 2, 4, 2)]),
    ('matmul_4d_2d', lambda a, b: a @ b, [randn(2, 2, 2, 3), randn(4, 2)]),
    ('matmul_0d_1d', lambda a, b: a @ b, [randn(), randn(3)]),
    ('matmul_2d_0d', lambda a, b: a @ b, [randn(2, 3), randn()]),
    ('broadcast_mismatch', lambda a, b: a + b, [randn(2, 3), randn(4)]),
    ('broadcast_mismatch_leading', lambda a, b: a * b, [randn(2, 3, 4), randn(5, 1, 4)]),
    ('where_mismatch', lambda c, a, b: torch.where(c > 0, a, b), [randn(2, 3), randn(2, 3), randn(4)]),
    ('reshape_invalid', lambda x: x.reshape(4, 4), [randn(2, 3)]),
    ('reshape_infer_invalid', lambda x: x.reshape(-1, 4), [randn(2, 3)]),
    ('reshape_two_infer', lambda x: x.reshape(-1, -1), [randn(2, 3)]),
    ('reshape_negative', lambda x: x.reshape(-2, 3), [randn(2, 3)]),
    ('view_invalid', lambda x: x.view(5), [randn(2, 3)]),
    ('sum_dim_out_of_range', lambda x: x.sum(2), [randn(2, 3)]),
    ('sum_dim_neg_out_of_range', lambda x: x.sum(-3), [randn(2, 3)]),
    ('sum_dims_repeated', lambda x: x.sum([1, -1]), [randn(2, 3)]),
    ('sum_0d_dims_repeated', lambda x: x.sum([0, -1]), [randn()]),
    ('mean_dim_out_of_range', lambda x: x.mean(3), [randn(2, 3)]),
    ('max_dim_out_of_range', lambda x: x.max(2), [randn(2, 3)]),
    ('argmax_dim_out_of_range', lambda x: x.argmax(-3), [randn(2, 3)]),
    ('softmax_dim_out_of_range', lambda x: x.softmax(2), [randn(2, 3)]),
    ('log_softmax_dim_out_of_range', lambda x: x.log_softmax(-3), [randn(2, 3)]),
    ('squeeze_dim_out_of_range', lambda x: x.squeeze(2), [randn(2, 3)]),
    ('squeeze_0d_dim_out_of_range', lambda x: x.squeeze(1), [randn()]),
    ('unsqueeze_dim_out_of_range', lambda x: x.unsqueeze(3), [randn(2, 3)]),
    ('unsqueeze_dim_neg_out_of_range', lambda x: x.unsqueeze(-4), [randn(2, 3)]),
    ('transpose_dim_out_of_range', lambda x: x.transpose(0, 2), [randn(2, 3)]),
    ('flatten_dim_out_of_range', lambda x: x.flatten(0, 3), [randn(2, 3)]),
    ('flatten_start_after_end', lambda x: x.flatten(2, 1), [randn(2, 3, 4)]),
    ('t_3d', lambda x: x.t(), [randn(2, 3, 4)]),
    ('permute_wrong_length', lambda x: x.permute(1, 0, 2), [randn(2, 3)]),
    ('permute_duplicate', lambda x: x.permute(1, 1), [randn(2, 3)]),
    ('permute_out_of_range', lambda x: x.permute(0, 2), [randn(2, 3)]),
    ('expand_mismatch', lambda x: x.expand(2, 4), [randn(2, 3)]),
    ('expand_too_few_sizes', lambda x: x.expand(3), [randn(2, 3)]),
    ('expand_minus_1_leading', lambda x: x.expand(-1, 2, 3), [randn(2, 3)]),
    ('narrow_out_of_range', lambda x: x.narrow(1, 2, 2), [randn(2, 3)]),
    ('narrow_start_out_of_range', lambda x: x.narrow(1, 4, 0), [randn(2, 3)]),
    ('narrow_start_neg_out_of_range', lambda x: x.narrow(1, -4, 1), [randn(2, 3)]),
    ('narrow_negative_length', lambda x: x.narrow(1, -1, -1), [randn(2, 3)]),
    ('narrow_0d', lambda x: x.narrow(0, 0, 1), [randn()]),
    ('cat_empty', lambda: torch.cat([]), []),
    ('cat_size_mismatch', lambda a, b: torch.cat([a, b], 0), [randn(2, 3), randn(2, 4)]),
    ('cat_ndim_mismatch', lambda a, b: torch.cat([a, b], 0), [randn(2, 3), randn(2, 3, 1)]),
    ('cat_dim_out_of_range', lambda a, b: torch.cat([a, b], 2), [randn(2, 3), randn(2, 3)]),
    ('cat_0d', lambda a, b: torch.cat([a, b]), [randn(), randn()]),
    ('stack_empty', lambda: torch.stack([]), []),
    ('stack_mismatch', lambda a, b, c: torch.stack([a, b, c]), [randn(2, 3), randn(2, 3), randn(3, 2)]),
    ('stack_dim_out_of_range', lambda a, b: torch.stack([a, b], 3), [randn(2, 3), randn(2, 3)]),
    ('backward_non_scalar', lambda x: (x * 2).backward(), [randn(2, 3)]),
    ('backward_no_grad', lambda x: (x * 2).sum().backward(), [fixed(randn(2, 3))]),
    ('backward_wrong_shape', backward_wrong_shape, [randn(2, 3)]),
    ('item_many_elements', lambda x: x.item(), [randn(2, 3)]),
    ('max_empty', lambda x: x.max(), [randn(0)]),
    ('min_empty', lambda x: x.min(), [randn(0, 3)]),
    ('max_dim_empty', lambda x: x.max(0), [randn(0, 3)]),
    ('argmax_empty', lambda x: x.argmax(), [randn(0)]),
    ('requires_grad_off_non_leaf', requires_grad_off_non_leaf, [randn(2, 3)]),
    ('clamp_no_bounds', lambda x: x.clamp(), [randn(2, 3)]),
    # PyTorch names Python types here; torchlet names JavaScript's (see test/ops/errors.test.ts)
    ('matmul_number', lambda x: torch.matmul(x, 2), [randn(2, 3)]),
    ('add_list', lambda x: torch.add(x, [1.0, 2.0, 3.0]), [randn(2, 3)]),
    ('cat_number', lambda x: torch.cat([x, 2]), [randn(2, 3)]),
]


def run_error(name, fn, specs):
    xs = make_inputs(name, specs)
    try:
        fn(*xs)
    except Exception as e:  # noqa: BLE001 - the message is what we record
        return {'inputs': [tensor_in(x, s.grad) for x, s in zip(xs, specs)], 'message': str(e)}
    raise AssertionError('error case %s did not raise' % name)


def generate():
    for table in (CASES, ERRORS):
        assert len({c[0] for c in table}) == len(table), 'duplicate case names'
    return {
        'torch': torch.__version__,
        'cases': {name: run_case(name, fn, specs) for name, fn, specs in CASES},
        'errors': {name: run_error(name, fn, specs) for name, fn, specs in ERRORS},
    }
