// Every Tensor op against PyTorch 1.13 (test/golden/ops.json, from scripts/golden/ops.py): the
// forward values, then backward with PyTorch's random upstream gradient and every input's .grad.
// One tolerance for all, expectClose's rtol 1e-4 / atol 1e-5, long sums included: torchlet sums
// reductions in float64 and matmul products in float32 (like PyTorch's BLAS), and the rounding
// differences that leaves stay below it even at K = 512.
import { describe, expect, it } from 'vitest';
import { cat, noGrad, stack, Tensor, where } from '../../src/index';
import { div, pow, sub } from '../../src/ops/elementwise';
import { linearMap } from '../../src/ops/matmul';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface GoldenInput extends GoldenTensor {
  requiresGrad: boolean;
}

interface GoldenCase {
  inputs: GoldenInput[];
  outputs: GoldenTensor[];
  /** PyTorch's grad_fn class name per output (what printing shows), null for none. */
  gradFns: (string | null)[];
  /** One per output; null for an output that carries no gradient (indices, comparisons). */
  upstreams: (GoldenTensor | null)[];
  /** One per input; null where PyTorch's .grad is None. */
  grads: (GoldenTensor | null)[];
}

const golden = loadGolden<{ cases: Record<string, GoldenCase> }>('ops').cases;

type Case = (...xs: Tensor[]) => Tensor | readonly Tensor[];

const reuseTwice: Case = (x) => {
  const y = x.mul(2);
  return y.mul(y).add(y.exp()).sub(y);
};

const diamond: Case = (x, w) => {
  const h = x.matmul(w).sigmoid(); // (3, 4)
  return h.mul(h.tanh()).add(h.softmax(1));
};

const mlp: Case = (x, w1, b1, w2) => x.matmul(w1).add(b1).relu().matmul(w2).logSoftmax(-1);

// One line per golden case, in the order of scripts/golden/ops.py.
const table: Record<string, Case> = {
  // ---- binary arithmetic ----
  add: (a, b) => a.add(b),
  sub: (a, b) => a.sub(b),
  mul: (a, b) => a.mul(b),
  div: (a, b) => a.div(b),
  div_negative_divisor: (a, b) => a.div(b.neg()),
  mul_same_tensor: (x) => x.mul(x),
  add_scalar: (x) => x.add(2.5),
  sub_scalar: (x) => x.sub(2.5),
  mul_scalar: (x) => x.mul(2),
  div_scalar: (x) => x.div(4),
  scalar_add_tensor: (x) => x.add(2.5),
  scalar_sub_tensor: (x) => sub(1, x),
  scalar_mul_tensor: (x) => x.mul(3),
  scalar_div_tensor: (x) => div(2, x),
  neg_add_scalar: (x) => x.neg().add(1),
  // ---- pow ----
  pow_2: (x) => x.pow(2),
  pow_3: (x) => x.pow(3),
  pow_half: (x) => x.pow(0.5),
  pow_minus_1: (x) => x.pow(-1),
  pow_0: (x) => x.pow(0),
  pow_0_at_zero: (x) => x.pow(0),
  pow_2_at_zero: (x) => x.pow(2),
  pow_tensor: (a, b) => a.pow(b),
  pow_tensor_broadcast: (a, b) => a.pow(b),
  pow_tensor_zero_base: (a, b) => a.pow(b),
  pow_scalar_base: (x) => pow(2, x),
  pow_0d_exponent: (a, b) => a.pow(b),
  pow_0d_base: (a, b) => a.pow(b),
  pow_tensor_negative_base: (a, b) => a.pow(b),
  // ---- unary ----
  neg: (x) => x.neg(),
  exp: (x) => x.exp(),
  log: (x) => x.log(),
  sqrt: (x) => x.sqrt(),
  abs: (x) => x.abs(),
  abs_at_zero: (x) => x.abs(),
  relu: (x) => x.relu(),
  relu_at_zero: (x) => x.relu(),
  sigmoid: (x) => x.sigmoid(),
  sigmoid_large: (x) => x.sigmoid(),
  tanh: (x) => x.tanh(),
  tanh_large: (x) => x.tanh(),
  clone: (x) => x.clone(),
  clamp_min: (x) => x.clamp(-0.5),
  clamp_max: (x) => x.clamp(null, 0.5),
  clamp_both: (x) => x.clamp(-0.5, 0.5),
  clamp_min_above_max: (x) => x.clamp(0.5, -0.5),
  clamp_at_bounds: (x) => x.clamp(-1, 1),
  relu_nan: (x) => x.relu(),
  abs_nan: (x) => x.abs(),
  sigmoid_nan: (x) => x.sigmoid(),
  clamp_nan: (x) => x.clamp(-0.5, 0.5),
  sqrt_at_zero: (x) => x.sqrt(),
  log_at_zero: (x) => x.log(),
  // ---- comparisons (no gradient) and where ----
  gt: (a, b) => a.gt(b),
  lt: (a, b) => a.lt(b),
  ge_ties: (a, b) => a.ge(b),
  le_ties: (a, b) => a.le(b),
  eq_scalar: (x) => x.eq(2),
  ne_scalar: (x) => x.ne(2),
  where: (c, a, b) => where(c.gt(0), a, b),
  where_broadcast: (c, a, b) => where(c.gt(0), a, b),
  where_scalar_other: (c, a) => where(c.gt(0), a, 0),
  detach: (a, b) => a.detach().mul(b),
  fixed_input: (a, b) => a.mul(b),
  // ---- broadcasting ----
  bcast_2x3_3: (a, b) => a.add(b),
  bcast_2x1_1x3: (a, b) => a.mul(b),
  bcast_4x1x3_2x1: (a, b) => a.mul(b),
  bcast_3_2x3: (a, b) => a.sub(b),
  bcast_1_2x3: (a, b) => a.div(b),
  bcast_2x3_1: (a, b) => a.div(b),
  bcast_0d_2x3: (a, b) => a.mul(b),
  bcast_2x3_0d: (a, b) => a.sub(b),
  bcast_0d_0d: (a, b) => a.mul(b),
  bcast_2x3x4_3x1: (a, b) => a.mul(b),
  bcast_3x1_2x3x4: (a, b) => a.sub(b),
  bcast_1x1x1_3: (a, b) => a.mul(b),
  bcast_2x1x4_1x3x1: (a, b) => a.mul(b),
  bcast_pow: (a, b) => a.pow(b),
  bcast_empty: (a, b) => a.mul(b),
  sum_to_size: (x) => x.sumTo([1, 3]),
  sum_to_size_3d: (x) => x.sumTo([3, 1]),
  expand_as: (a, b) => a.expandAs(b).mul(b),
  // ---- sum / mean ----
  sum_all: (x) => x.sum(),
  sum_dim0: (x) => x.sum(0),
  sum_dim1: (x) => x.sum(1),
  sum_dim_neg: (x) => x.sum(-1),
  sum_dims_list: (x) => x.sum([0, 2]),
  sum_dims_list_neg: (x) => x.sum([-1, 0]),
  sum_keepdim: (x) => x.sum(1, true),
  sum_dims_keepdim: (x) => x.sum([0, 2], true),
  sum_0d: (x) => x.sum(),
  sum_0d_dim: (x) => x.sum(0),
  sum_0d_dim_keepdim: (x) => x.sum(-1, true),
  sum_0d_dims_list: (x) => x.sum([0]),
  sum_long: (x) => x.sum(1),
  sum_rows: (x) => x.sum(0),
  sum_adjacent_dims: (x) => x.sum([0, 1]),
  sum_empty_all: (x) => x.sum(),
  sum_empty_dim: (x) => x.sum(0),
  mean_all: (x) => x.mean(),
  mean_dim0: (x) => x.mean(0),
  mean_dim_neg: (x) => x.mean(-2),
  mean_dims_list: (x) => x.mean([0, 2]),
  mean_adjacent_dims: (x) => x.mean([1, 2]),
  mean_keepdim: (x) => x.mean(2, true),
  mean_dims_keepdim: (x) => x.mean([1, -1], true),
  mean_0d: (x) => x.mean(),
  mean_0d_dim: (x) => x.mean(0),
  mean_empty_dim: (x) => x.mean(0),
  // ---- max / min / argmax / argmin ----
  max_all: (x) => x.max(),
  min_all: (x) => x.min(),
  max_all_ties: (x) => x.max(),
  min_all_ties: (x) => x.min(),
  max_dim: (x) => x.max(1),
  max_dim0: (x) => x.max(0),
  max_dim_neg_keepdim: (x) => x.max(-1, true),
  max_dim_middle: (x) => x.max(1),
  min_dim: (x) => x.min(1),
  min_dim_keepdim: (x) => x.min(0, true),
  max_dim_ties: (x) => x.max(1),
  min_dim_ties: (x) => x.min(0),
  max_0d: (x) => x.max(),
  max_0d_dim: (x) => x.max(0),
  max_all_nan: (x) => x.max(),
  min_dim_nan: (x) => x.min(1),
  argmax: (x) => x.argmax(),
  argmin: (x) => x.argmin(),
  argmax_keepdim: (x) => x.argmax(undefined, true),
  argmax_dim: (x) => x.argmax(1),
  argmax_dim_neg_keepdim: (x) => x.argmax(-1, true),
  argmin_dim: (x) => x.argmin(0),
  argmin_dim_keepdim: (x) => x.argmin(1, true),
  argmax_ties: (x) => x.argmax(),
  argmax_dim_ties: (x) => x.argmax(1),
  argmin_dim_ties: (x) => x.argmin(0),
  argmax_0d_dim: (x) => x.argmax(0),
  argmax_nan: (x) => x.argmax(),
  argmin_dim_nan: (x) => x.argmin(1),
  // ---- softmax / log_softmax ----
  softmax_dim0: (x) => x.softmax(0),
  softmax_dim1: (x) => x.softmax(1),
  softmax_dim_neg: (x) => x.softmax(-1),
  softmax_dim_middle: (x) => x.softmax(1),
  softmax_1d: (x) => x.softmax(0),
  softmax_0d: (x) => x.softmax(0),
  softmax_large: (x) => x.softmax(-1),
  softmax_large_spread: (x) => x.softmax(1),
  log_softmax_dim0: (x) => x.logSoftmax(0),
  log_softmax_dim1: (x) => x.logSoftmax(1),
  log_softmax_dim_neg: (x) => x.logSoftmax(-2),
  log_softmax_large: (x) => x.logSoftmax(-1),
  log_softmax_large_spread: (x) => x.logSoftmax(1),
  log_softmax_0d: (x) => x.logSoftmax(0),
  softmax_neg_inf: (x) => x.softmax(1),
  log_softmax_neg_inf: (x) => x.logSoftmax(1),
  // ---- shape ----
  reshape: (x) => x.reshape(3, 4),
  reshape_infer: (x) => x.reshape(-1, 2),
  reshape_infer_middle: (x) => x.reshape(2, -1, 3),
  reshape_to_0d: (x) => x.reshape([]),
  reshape_0d_to_1x1: (x) => x.reshape(1, 1),
  view: (x) => x.view(4, 3),
  view_infer: (x) => x.view(-1),
  flatten: (x) => x.flatten(),
  flatten_start: (x) => x.flatten(1),
  flatten_start_end: (x) => x.flatten(0, 1),
  flatten_neg: (x) => x.flatten(-3, -2),
  flatten_0d: (x) => x.flatten(),
  squeeze_all: (x) => x.squeeze(),
  squeeze_dim: (x) => x.squeeze(2),
  squeeze_dim_neg: (x) => x.squeeze(-4),
  squeeze_non_1_dim: (x) => x.squeeze(1),
  squeeze_0d: (x) => x.squeeze(),
  squeeze_0d_dim: (x) => x.squeeze(0),
  unsqueeze: (x) => x.unsqueeze(1),
  unsqueeze_end: (x) => x.unsqueeze(2),
  unsqueeze_neg: (x) => x.unsqueeze(-1),
  unsqueeze_neg_front: (x) => x.unsqueeze(-3),
  unsqueeze_0d: (x) => x.unsqueeze(0),
  transpose: (x) => x.transpose(0, 1),
  transpose_3d: (x) => x.transpose(0, 2),
  transpose_neg: (x) => x.transpose(-1, -2),
  transpose_same_dim: (x) => x.transpose(1, 1),
  transpose_1d: (x) => x.transpose(0, -1),
  t: (x) => x.t(),
  t_1d: (x) => x.t(),
  permute: (x) => x.permute(2, 0, 1),
  permute_neg: (x) => x.permute(-1, 1, 0),
  permute_4d: (x) => x.permute(1, 3, 0, 2),
  permute_0d: (x) => x.permute([]),
  expand: (x) => x.expand(2, 3),
  expand_minus_1: (x) => x.expand(-1, 4),
  expand_new_dims: (x) => x.expand(2, 4, 3),
  expand_new_dims_minus_1: (x) => x.expand(5, -1, 2),
  expand_same: (x) => x.expand(2, 3),
  expand_0d: (x) => x.expand(2, 3),
  narrow: (x) => x.narrow(1, 1, 2),
  narrow_dim0: (x) => x.narrow(0, 0, 2),
  narrow_neg: (x) => x.narrow(-1, -3, 2),
  narrow_empty_at_end: (x) => x.narrow(1, 3, 0),
  cat_dim0: (a, b, c) => cat([a, b, c]),
  cat_dim1: (a, b, c) => cat([a, b, c], 1),
  cat_dim_neg: (a, b) => cat([a, b], -1),
  cat_middle: (a, b, c) => cat([a, b, c], 1),
  cat_same_tensor: (a) => cat([a, a.mul(2)], 0),
  cat_fixed_input: (a, b) => cat([a, b], 1),
  cat_with_empty: (a, b) => cat([a, b], 1),
  stack: (a, b, c) => stack([a, b, c]),
  stack_dim1: (a, b) => stack([a, b], 1),
  stack_dim_end: (a, b) => stack([a, b], 2),
  stack_dim_neg: (a, b, c) => stack([a, b, c], -1),
  stack_dim_neg_front: (a, b) => stack([a, b], -3),
  stack_0d: (a, b) => stack([a, b]),
  // ---- matmul ----
  matmul_1d_1d: (a, b) => a.matmul(b),
  matmul_2d_1d: (a, b) => a.matmul(b),
  matmul_1d_2d: (a, b) => a.matmul(b),
  matmul_2d_2d: (a, b) => a.matmul(b),
  matmul_2d_2d_tiles: (a, b) => a.matmul(b),
  matmul_3d_3d: (a, b) => a.matmul(b),
  matmul_bcast_batch: (a, b) => a.matmul(b),
  matmul_bcast_batch_both: (a, b) => a.matmul(b),
  matmul_3d_2d: (a, b) => a.matmul(b),
  matmul_2d_3d: (a, b) => a.matmul(b),
  matmul_1d_3d: (a, b) => a.matmul(b),
  matmul_3d_1d: (a, b) => a.matmul(b),
  matmul_4d_1d: (a, b) => a.matmul(b),
  matmul_1d_4d: (a, b) => a.matmul(b),
  matmul_gemm_edges: (a, b) => a.matmul(b),
  matmul_gemm_odd: (a, b) => a.matmul(b),
  matmul_gemm_k_257: (a, b) => a.matmul(b),
  matmul_gemm_k_512: (a, b) => a.matmul(b),
  matmul_gemm_row_vector: (a, b) => a.matmul(b),
  matmul_gemm_col_vector: (a, b) => a.matmul(b),
  matmul_transposed_a: (a, b) => a.t().matmul(b),
  matmul_transposed_b: (a, b) => a.matmul(b.t()),
  linear_gemm_edges: (x, w) => linearMap(x, w, null),
  linear_3d: (x, w) => linearMap(x, w, null),
  linear_1d: (x, w) => linearMap(x, w, null),
  matmul_batched_gemm_edges: (a, b) => a.matmul(b),
  matmul_same_tensor: (a) => a.matmul(a),
  matmul_fixed_input: (a, b) => a.matmul(b),
  matmul_k0: (a, b) => a.matmul(b),
  matmul_m0: (a, b) => a.matmul(b),
  // ---- compositions ----
  logsumexp_by_hand: (x) => x.exp().sum(1).log(),
  softmax_mul_sum: (x, w) => x.softmax(-1).mul(w).sum(1),
  reuse_twice: reuseTwice,
  diamond,
  mlp,
  mse: (a, b) => a.sub(b).pow(2).mean(),
  normalize: (x) => x.sub(x.mean(1, true)).div(x.pow(2).mean(1, true).add(1e-5).sqrt()),
  max_dim_then_exp: (x) => x.sub(x.max(1, true).values).exp().sum(1),
  cat_then_matmul: (a, b, w) => cat([a, b], 1).matmul(w),
  permute_reshape_matmul: (x, w) => x.permute(0, 2, 1).reshape(-1, 3).matmul(w),
  clamp_log_where: (x) => where(x.gt(0), x.clamp(0.1).log(), x.abs().sqrt()),
  two_outputs: (x) => [x.exp(), x.mul(2).sum(1)],
};

const inputsOf = (c: GoldenCase): Tensor[] => c.inputs.map((x) => decode(x, { requiresGrad: x.requiresGrad }));
const asList = (out: Tensor | readonly Tensor[]): readonly Tensor[] => (out instanceof Tensor ? [out] : out);

describe('ops against PyTorch', () => {
  it('has one TypeScript line per golden case and no line without one', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(golden).sort());
  });

  for (const [name, run] of Object.entries(table)) {
    it(name, () => {
      const c = golden[name];
      expect(c, `no golden case '${name}'`).toBeDefined();
      const xs = inputsOf(c);
      const outs = asList(run(...xs));
      expect(outs.length, 'number of outputs').toBe(c.outputs.length);
      outs.forEach((o, i) => expectClose(o, c.outputs[i], undefined, `output ${i}`));
      outs.forEach((o, i) => {
        const up = c.upstreams[i];
        expect(o.requiresGrad, `output ${i} requiresGrad`).toBe(up !== null);
        if (up !== null) o.backward(decode(up));
      });
      xs.forEach((x, i) => {
        const want = c.grads[i];
        if (want === null) expect(x.grad, `input ${i}: PyTorch's .grad is None`).toBeNull();
        else expectClose(x.grad, want, undefined, `grad of input ${i}`);
      });
    });
  }
});

/**
 * Where PyTorch's grad_fn names its internal decomposition rather than the op, torchlet keeps its
 * own name and the test holds it to that: PyTorch's matmul is dot / mv / mm / bmm between views
 * (DotBackward0, MvBackward0, SqueezeBackward3, UnsafeViewBackward0, CloneBackward0) where
 * torchlet runs one broadcasting mm, and its `2 / x` is reciprocal(x) · 2 (MulBackward0).
 */
const gradFnDiffers: Record<string, string> = {
  scalar_div_tensor: 'DivBackward0',
  matmul_1d_1d: 'ReshapeAliasBackward0',
  matmul_2d_1d: 'SqueezeBackward1',
  matmul_1d_2d: 'SqueezeBackward1',
  matmul_3d_3d: 'MmBackward0',
  matmul_bcast_batch: 'MmBackward0',
  matmul_bcast_batch_both: 'MmBackward0',
  matmul_3d_2d: 'MmBackward0',
  matmul_batched_gemm_edges: 'MmBackward0',
  matmul_2d_3d: 'MmBackward0',
  matmul_1d_3d: 'SqueezeBackward1',
  matmul_3d_1d: 'SqueezeBackward1',
  matmul_4d_1d: 'SqueezeBackward1',
  matmul_1d_4d: 'SqueezeBackward1',
  linear_3d: 'ReshapeAliasBackward0',
  linear_1d: 'ReshapeAliasBackward0',
};

// What `print(t)` shows as grad_fn=<…>, and `t.gradFn.name`.
describe('grad_fn names against PyTorch', () => {
  for (const [name, run] of Object.entries(table)) {
    it(name, () => {
      const c = golden[name];
      const outs = asList(run(...inputsOf(c)));
      const own = gradFnDiffers[name];
      expect(outs.map((o) => o.gradFn?.name ?? null)).toEqual(own === undefined ? c.gradFns : [own]);
    });
  }
});

// ---- a second net: central differences on composite cases ----

/** Σ out·upstream in float64: the scalar whose gradient backward(upstream) computes. */
function objective(run: Case, xs: Tensor[], upstream: Tensor): number {
  const out = asList(noGrad(() => run(...xs)))[0];
  let total = 0;
  for (let i = 0; i < out.data.length; i++) total += out.data[i] * upstream.data[i];
  return total;
}

const finiteDifferenceCases = [
  'logsumexp_by_hand', 'softmax_mul_sum', 'reuse_twice', 'diamond', 'mlp', 'normalize',
  'cat_then_matmul', 'permute_reshape_matmul', 'pow_tensor_broadcast', 'bcast_2x1x4_1x3x1', 'clamp_log_where',
];

describe('gradients against central differences', () => {
  // A step of 1e-2 on float32 values: truncation error ~h²·f'''/6 ≈ 1e-5, rounding error
  // ~ε·|f|/h ≈ 1e-5; 1e-3 + 1e-2·|g| leaves room for both without hiding a wrong rule (those
  // are off by O(|g|)).
  const h = 1e-2;
  for (const name of finiteDifferenceCases) {
    it(name, () => {
      const c = golden[name];
      const run = table[name];
      const xs = inputsOf(c);
      const upstream = decode(c.upstreams[0]!);
      asList(run(...xs))[0].backward(upstream);
      xs.forEach((x, k) => {
        if (!x.requiresGrad) return;
        const grad = x.grad!;
        for (let i = 0; i < x.data.length; i++) {
          const v = x.data[i];
          x.data[i] = v + h;
          const up = x.data[i];
          const fUp = objective(run, xs, upstream);
          x.data[i] = v - h;
          const down = x.data[i];
          const fDown = objective(run, xs, upstream);
          x.data[i] = v;
          const numeric = (fUp - fDown) / (up - down); // the steps actually taken, after float32 rounding
          const analytic = grad.data[i];
          if (!(Math.abs(numeric - analytic) <= 1e-3 + 1e-2 * Math.abs(analytic))) {
            expect.fail(`input ${k} element ${i}: backward gives ${analytic}, central difference ${numeric}`);
          }
        }
      });
    });
  }
});
