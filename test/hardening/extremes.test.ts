// Large and special values against PyTorch 1.13 (scripts/golden/extremes.py): logits of ±1e4 stay
// finite through sigmoid, softmax, logSoftmax, crossEntropy and BCE with logits, values and
// gradients; log(0), 0/0, 1/0, exp(±1000), sqrt(-1) and rows of -inf give PyTorch's -Infinity,
// NaN and Infinity, never an exception. (expectClose holds NaN to NaN and each infinity to itself,
// so a finite PyTorch value is also a finite one here.)
import { describe, expect, it } from 'vitest';
import { F, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface Case {
  inputs: { x: GoldenTensor; requires_grad: boolean }[];
  out: GoldenTensor;
  upstream: GoldenTensor;
  grads: (GoldenTensor | null)[];
}

const golden = loadGolden<{ cases: Record<string, Case> }>('extremes').cases;

// One line per golden case, in the order of scripts/golden/extremes.py.
const table: Record<string, (...xs: Tensor[]) => Tensor> = {
  sigmoid_big: (x) => x.sigmoid(),
  tanh_big: (x) => x.tanh(),
  softmax_big_dim1: (x) => F.softmax(x, 1),
  softmax_big_dim0: (x) => F.softmax(x, 0),
  log_softmax_big_dim1: (x) => F.logSoftmax(x, 1),
  log_softmax_big_dim0: (x) => F.logSoftmax(x, 0),
  cross_entropy_big_mean: (x, t) => F.crossEntropy(x, t),
  cross_entropy_big_sum: (x, t) => F.crossEntropy(x, t, { reduction: 'sum' }),
  cross_entropy_big_none: (x, t) => F.crossEntropy(x, t, { reduction: 'none' }),
  cross_entropy_big_smoothing: (x, t) => F.crossEntropy(x, t, { labelSmoothing: 0.1 }),
  cross_entropy_big_probs: (x, t) => F.crossEntropy(x, t),
  bce_logits_big_mean: (x, t) => F.binaryCrossEntropyWithLogits(x, t),
  bce_logits_big_none: (x, t) => F.binaryCrossEntropyWithLogits(x, t, { reduction: 'none' }),
  bce_logits_big_pos_weight: (x, t, p) => F.binaryCrossEntropyWithLogits(x, t, { posWeight: p }),
  log_zero: (x) => x.log(),
  div_zero: (a, b) => a.div(b),
  exp_big: (x) => x.exp(),
  sqrt_negative: (x) => x.sqrt(),
  pow_zero_negative: (x) => x.pow(-1),
  mul_inf_zero: (a, b) => a.mul(b),
  softmax_neg_inf_rows: (x) => F.softmax(x, 1),
  log_softmax_neg_inf_rows: (x) => F.logSoftmax(x, 1),
};

describe('large and special values equal PyTorch\'s, forward and backward', () => {
  it('has one TypeScript line per golden case and no line without one', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(golden).sort());
  });

  it.each(Object.entries(golden))('%s', (name, c) => {
    const xs = c.inputs.map(({ x, requires_grad: rg }) => decode(x, { requiresGrad: rg }));
    const out = table[name](...xs);
    expectClose(out, c.out, {}, 'out');
    out.backward(decode(c.upstream));
    c.grads.forEach((g, i) => {
      if (g === null) expect(xs[i].grad, `no grad for input ${i}`).toBeNull();
      else expectClose(xs[i].grad, g, {}, `grad of input ${i}`);
    });
  });
});
