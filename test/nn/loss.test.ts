// Every loss against PyTorch 1.13 (test/golden/loss.json, from scripts/golden/loss.py): the
// forward value, backward with PyTorch's random upstream gradient, the .grad of the input and of
// the target (null for class indices and weights), PyTorch's broadcast warning, reprs, state-dict
// keys and exact error messages. One tolerance for all, expectClose's rtol 1e-4 / atol 1e-5,
// logits of ±1e4 and BCE's ε-guarded gradients of ~1e12 included.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { F, nn, Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface GoldenInput extends GoldenTensor {
  requiresGrad: boolean;
}

interface GoldenCase {
  inputs: GoldenInput[];
  output: GoldenTensor;
  upstream: GoldenTensor;
  /** One per input; null where PyTorch's .grad is None. */
  grads: (GoldenTensor | null)[];
  warnings: string[];
}

interface Golden {
  cases: Record<string, GoldenCase>;
  errors: Record<string, { inputs: GoldenInput[]; message: string }>;
  repr: Record<string, string>;
  keys: Record<string, string[]>;
}

const golden = loadGolden<Golden>('loss');

type Case = (...xs: Tensor[]) => Tensor;

// One line per golden case, in the order of scripts/golden/loss.py.
const table: Record<string, Case> = {
  // ---- L1Loss ----
  l1_mean: (x, y) => new nn.L1Loss()(x, y),
  l1_sum: (x, y) => new nn.L1Loss({ reduction: 'sum' })(x, y),
  l1_none: (x, y) => new nn.L1Loss({ reduction: 'none' })(x, y),
  l1_zero_difference: (x, y) => new nn.L1Loss({ reduction: 'none' })(x, y),
  l1_broadcast_target: (x, y) => F.l1Loss(x, y),
  l1_fn_sum: (x, y) => F.l1Loss(x, y, { reduction: 'sum' }),
  // ---- MSELoss ----
  mse_mean: (x, y) => new nn.MSELoss()(x, y),
  mse_none_3d: (x, y) => new nn.MSELoss({ reduction: 'none' })(x, y),
  mse_fn_sum: (x, y) => F.mseLoss(x, y, { reduction: 'sum' }),
  // ---- SmoothL1Loss ----
  smooth_l1_mean: (x, y) => new nn.SmoothL1Loss()(x, y),
  smooth_l1_beta_half_sum: (x, y) => new nn.SmoothL1Loss({ reduction: 'sum', beta: 0.5 })(x, y),
  smooth_l1_beta_2_none: (x, y) => new nn.SmoothL1Loss({ reduction: 'none', beta: 2 })(x, y),
  smooth_l1_beta_0: (x, y) => new nn.SmoothL1Loss({ reduction: 'none', beta: 0 })(x, y),
  smooth_l1_edges: (x, y) => new nn.SmoothL1Loss({ reduction: 'none' })(x, y),
  smooth_l1_broadcast_target: (x, y) => F.smoothL1Loss(x, y, { beta: 0.7 }),
  smooth_l1_fn_none: (x, y) => F.smoothL1Loss(x, y, { reduction: 'none', beta: 1.5 }),
  // ---- HuberLoss ----
  huber_mean: (x, y) => new nn.HuberLoss()(x, y),
  huber_delta_half_sum: (x, y) => new nn.HuberLoss({ reduction: 'sum', delta: 0.5 })(x, y),
  huber_delta_2_none: (x, y) => new nn.HuberLoss({ reduction: 'none', delta: 2 })(x, y),
  huber_edges: (x, y) => new nn.HuberLoss({ reduction: 'none', delta: 1.5 })(x, y),
  huber_fn_mean: (x, y) => F.huberLoss(x, y, { delta: 0.3 }),
  // ---- CrossEntropyLoss, class indices ----
  ce_mean: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_sum: (x, t) => new nn.CrossEntropyLoss({ reduction: 'sum' })(x, t),
  ce_none: (x, t) => new nn.CrossEntropyLoss({ reduction: 'none' })(x, t),
  ce_weight_mean: (x, t, w) => new nn.CrossEntropyLoss({ weight: w })(x, t),
  ce_weight_sum: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, reduction: 'sum' })(x, t),
  ce_weight_none: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, reduction: 'none' })(x, t),
  ce_ignore_mean: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_ignore_none: (x, t) => new nn.CrossEntropyLoss({ reduction: 'none' })(x, t),
  ce_ignore_weight_mean: (x, t, w) => new nn.CrossEntropyLoss({ weight: w })(x, t),
  ce_ignore_index_is_a_class: (x, t) => new nn.CrossEntropyLoss({ ignoreIndex: 1 })(x, t),
  ce_all_ignored_mean: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_ls_mean: (x, t) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 })(x, t),
  ce_ls_sum: (x, t) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1, reduction: 'sum' })(x, t),
  ce_ls_ignore_mean: (x, t) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 })(x, t),
  ce_ls_weight_mean: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 })(x, t),
  ce_ls_weight_ignore_mean: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1 })(x, t),
  ce_ls_weight_ignore_none: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1, reduction: 'none' })(x, t),
  ce_ls_negative_is_none: (x, t) => new nn.CrossEntropyLoss({ labelSmoothing: -0.5 })(x, t),
  ce_unbatched: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_unbatched_weight_ls_none: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.2, reduction: 'none' })(x, t),
  ce_unbatched_ignored_none: (x, t) => new nn.CrossEntropyLoss({ reduction: 'none' })(x, t),
  ce_3d: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_4d_weight_ignore_mean: (x, t, w) => new nn.CrossEntropyLoss({ weight: w })(x, t),
  ce_4d_none: (x, t) => new nn.CrossEntropyLoss({ reduction: 'none' })(x, t),
  ce_4d_ls_weight_sum: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1, reduction: 'sum' })(x, t),
  ce_5d: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_large_logits: (x, t) => new nn.CrossEntropyLoss({ reduction: 'none' })(x, t),
  ce_large_logits_ls_mean: (x, t) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 })(x, t),
  ce_masked_logits: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_fn: (x, t, w) => F.crossEntropy(x, t, { weight: w, ignoreIndex: 0, reduction: 'sum', labelSmoothing: 0.05 }),
  // ---- CrossEntropyLoss, class probabilities ----
  ce_prob_mean: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_prob_sum: (x, t) => new nn.CrossEntropyLoss({ reduction: 'sum' })(x, t),
  ce_prob_none: (x, t) => new nn.CrossEntropyLoss({ reduction: 'none' })(x, t),
  ce_prob_weight_mean: (x, t, w) => new nn.CrossEntropyLoss({ weight: w })(x, t),
  ce_prob_ls_mean: (x, t) => new nn.CrossEntropyLoss({ labelSmoothing: 0.1 })(x, t),
  ce_prob_ls_weight_none: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, labelSmoothing: 0.1, reduction: 'none' })(x, t),
  ce_prob_4d_mean: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_prob_4d_weight_none: (x, t, w) => new nn.CrossEntropyLoss({ weight: w, reduction: 'none' })(x, t),
  ce_prob_unbatched: (x, t) => new nn.CrossEntropyLoss()(x, t),
  ce_prob_large_logits: (x, t) => new nn.CrossEntropyLoss()(x, t),
  // ---- NLLLoss ----
  nll_mean: (x, t) => new nn.NLLLoss()(x, t),
  nll_sum: (x, t) => new nn.NLLLoss({ reduction: 'sum' })(x, t),
  nll_none: (x, t) => new nn.NLLLoss({ reduction: 'none' })(x, t),
  nll_weight_ignore_mean: (x, t, w) => new nn.NLLLoss({ weight: w })(x, t),
  nll_ignore_index_custom: (x, t) => new nn.NLLLoss({ ignoreIndex: 3, reduction: 'sum' })(x, t),
  nll_unbatched_none: (x, t) => new nn.NLLLoss({ reduction: 'none' })(x, t),
  nll_3d_weight_none: (x, t, w) => new nn.NLLLoss({ weight: w, reduction: 'none' })(x, t),
  nll_4d_mean: (x, t) => new nn.NLLLoss()(x, t),
  nll_neg_inf_log_probs: (x, t) => new nn.NLLLoss()(x, t),
  nll_empty_mean: (x, t) => new nn.NLLLoss()(x, t),
  nll_fn: (x, t, w) => F.nllLoss(x, t, { weight: w, reduction: 'sum' }),
  // ---- BCELoss ----
  bce_mean: (x, y) => new nn.BCELoss()(x, y),
  bce_sum: (x, y) => new nn.BCELoss({ reduction: 'sum' })(x, y),
  bce_none: (x, y) => new nn.BCELoss({ reduction: 'none' })(x, y),
  bce_weight_mean: (x, y, w) => new nn.BCELoss({ weight: w })(x, y),
  bce_weight_full_none: (x, y, w) => new nn.BCELoss({ weight: w, reduction: 'none' })(x, y),
  bce_edges: (x, y) => new nn.BCELoss({ reduction: 'none' })(x, y),
  bce_binary_targets_mean: (x, y) => new nn.BCELoss()(x, y),
  bce_fn: (x, y, w) => F.binaryCrossEntropy(x, y, { weight: w, reduction: 'sum' }),
  // ---- BCEWithLogitsLoss ----
  bcel_mean: (x, y) => new nn.BCEWithLogitsLoss()(x, y),
  bcel_sum: (x, y) => new nn.BCEWithLogitsLoss({ reduction: 'sum' })(x, y),
  bcel_none: (x, y) => new nn.BCEWithLogitsLoss({ reduction: 'none' })(x, y),
  bcel_weight_mean: (x, y, w) => new nn.BCEWithLogitsLoss({ weight: w })(x, y),
  bcel_pos_weight_mean: (x, y, p) => new nn.BCEWithLogitsLoss({ posWeight: p })(x, y),
  bcel_pos_weight_weight_none: (x, y, w, p) => new nn.BCEWithLogitsLoss({ weight: w, posWeight: p, reduction: 'none' })(x, y),
  bcel_pos_weight_3d_sum: (x, y, p) => new nn.BCEWithLogitsLoss({ posWeight: p, reduction: 'sum' })(x, y),
  bcel_large_logits: (x, y) => new nn.BCEWithLogitsLoss({ reduction: 'none' })(x, y),
  bcel_large_logits_pos_weight: (x, y, p) => new nn.BCEWithLogitsLoss({ posWeight: p, reduction: 'none' })(x, y),
  bcel_fn: (x, y, p) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: p }),
};

// One line per golden error case, in the order of scripts/golden/loss.py.
const errors: Record<string, Case> = {
  ce_target_out_of_bounds: (x, t) => F.crossEntropy(x, t),
  ce_target_negative: (x, t) => F.crossEntropy(x, t, { reduction: 'none' }),
  ce_target_out_of_bounds_unbatched: (x, t) => F.crossEntropy(x, t),
  ce_target_out_of_bounds_4d: (x, t) => F.crossEntropy(x, t),
  ce_target_out_of_bounds_ls: (x, t) => F.crossEntropy(x, t, { labelSmoothing: 0.1 }),
  ce_target_not_integer: (x, t) => F.crossEntropy(x, t),
  ce_batch_mismatch: (x, t) => F.crossEntropy(x, t),
  ce_batch_mismatch_3d: (x, t) => F.crossEntropy(x, t),
  ce_target_0d_batched: (x, t) => F.nllLoss(x, t),
  ce_target_shape_3d: (x, t) => F.crossEntropy(x, t),
  ce_target_shape_3d_missing_dim: (x, t) => F.crossEntropy(x, t),
  ce_target_shape_4d: (x, t) => F.crossEntropy(x, t),
  ce_target_dims_4d: (x, t) => F.crossEntropy(x, t),
  ce_target_shape_5d: (x, t) => F.crossEntropy(x, t),
  ce_target_2d_for_2d: (x, t) => F.crossEntropy(x, t),
  ce_unbatched_target_1d: (x, t) => F.crossEntropy(x, t),
  ce_0d_input: (x, t) => F.crossEntropy(x, t),
  nll_0d_input: (x, t) => F.nllLoss(x, t),
  ce_weight_length: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_weight_2d: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_weight_length_unbatched: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_weight_length_3d: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_weight_length_probs: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_weight_length_ls: (x, t, w) => F.crossEntropy(x, t, { weight: w, labelSmoothing: 0.1 }),
  ce_weight_requires_grad: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_weight_requires_grad_3d: (x, t, w) => F.crossEntropy(x, t, { weight: w }),
  ce_label_smoothing_above_1: (x, t) => F.crossEntropy(x, t, { labelSmoothing: 1.5 }),
  ce_label_smoothing_above_1_probs: (x, t) => F.crossEntropy(x, t, { labelSmoothing: 1.5 }),
  ce_probs_ignore_index: (x, t) => F.crossEntropy(x, t, { ignoreIndex: 0 }),
  ce_bad_reduction: (x, t) => F.crossEntropy(x, t, { reduction: 'avg' as 'mean' }),
  nll_target_out_of_bounds: (x, t) => F.nllLoss(x, t),
  nll_weight_requires_grad: (x, t, w) => F.nllLoss(x, t, { weight: w }),
  nll_bad_reduction: (x, t) => F.nllLoss(x, t, { reduction: 'batchmean' as 'mean' }),
  bce_input_above_1: (x, y) => F.binaryCrossEntropy(x, y),
  bce_input_nan: (x, y) => F.binaryCrossEntropy(x, y),
  bce_target_size: (x, y) => F.binaryCrossEntropy(x, y),
  bce_weight_length: (x, y, w) => F.binaryCrossEntropy(x, y, { weight: w }),
  bce_weight_too_big: (x, y, w) => F.binaryCrossEntropy(x, y, { weight: w }),
  bce_weight_requires_grad: (x, y, w) => F.binaryCrossEntropy(x, y, { weight: w }),
  bce_bad_reduction: (x, y) => F.binaryCrossEntropy(x, y, { reduction: 'mean ' as 'mean' }),
  bcel_target_size: (x, y) => F.binaryCrossEntropyWithLogits(x, y),
  bcel_weight_length: (x, y, w) => F.binaryCrossEntropyWithLogits(x, y, { weight: w }),
  bcel_pos_weight_length: (x, y, p) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: p }),
  bcel_weight_too_big: (x, y, w) => F.binaryCrossEntropyWithLogits(x, y, { weight: w }),
  bcel_pos_weight_too_big: (x, y, p) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: p }),
  bcel_weight_requires_grad: (x, y, w) => F.binaryCrossEntropyWithLogits(x, y, { weight: w }),
  bcel_pos_weight_requires_grad: (x, y, p) => F.binaryCrossEntropyWithLogits(x, y, { posWeight: p }),
  l1_broadcast_mismatch: (x, y) => F.l1Loss(x, y),
  l1_bad_reduction: (x, y) => F.l1Loss(x, y, { reduction: 'max' as 'mean' }),
  smooth_l1_negative_beta: (x, y) => F.smoothL1Loss(x, y, { beta: -1 }),
  huber_zero_delta: (x, y) => F.huberLoss(x, y, { delta: 0 }),
  huber_negative_delta: (x, y) => F.huberLoss(x, y, { delta: -2 }),
};

/** PyTorch needs int64 class indices and says so; torchlet holds them as floats and checks each. */
const differs: Record<string, { pytorch: string; torchlet: string }> = {
  ce_target_not_integer: {
    pytorch: 'expected scalar type Long but found Float',
    torchlet: 'Target 0.5 is not an integer class index.',
  },
};

// The same bad options given to a module's constructor: it throws at once, with the message F gives.
const constructors: Record<string, () => unknown> = {
  ce_bad_reduction: () => new nn.CrossEntropyLoss({ reduction: 'avg' as 'mean' }),
  nll_bad_reduction: () => new nn.NLLLoss({ reduction: 'batchmean' as 'mean' }),
  bce_bad_reduction: () => new nn.BCELoss({ reduction: 'mean ' as 'mean' }),
  l1_bad_reduction: () => new nn.L1Loss({ reduction: 'max' as 'mean' }),
  ce_label_smoothing_above_1: () => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }),
  smooth_l1_negative_beta: () => new nn.SmoothL1Loss({ beta: -1 }),
  huber_zero_delta: () => new nn.HuberLoss({ delta: 0 }),
  huber_negative_delta: () => new nn.HuberLoss({ delta: -2 }),
};

const inputsOf = (inputs: GoldenInput[]): Tensor[] => inputs.map((x) => decode(x, { requiresGrad: x.requiresGrad }));

/** The message `run` throws, or a failure if it returns. */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  return expect.fail('did not throw');
}

let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => {
  warn.mockRestore();
});

describe('losses against PyTorch', () => {
  it('has one TypeScript line per golden case and no line without one', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(golden.cases).sort());
  });

  for (const [name, run] of Object.entries(table)) {
    it(name, () => {
      const c = golden.cases[name];
      expect(c, `no golden case '${name}'`).toBeDefined();
      const xs = inputsOf(c.inputs);
      const out = run(...xs);
      expect(warn.mock.calls.map(([message]) => message), 'warnings').toEqual(c.warnings.map((w) => `UserWarning: ${w}`));
      expectClose(out, c.output, undefined, 'output');
      out.backward(decode(c.upstream));
      xs.forEach((x, i) => {
        const want = c.grads[i];
        if (want === null) expect(x.grad, `input ${i}: PyTorch's .grad is None`).toBeNull();
        else expectClose(x.grad, want, undefined, `grad of input ${i}`);
      });
    });
  }
});

describe('loss errors against PyTorch', () => {
  it('has one TypeScript line per golden error case and no line without one', () => {
    expect(Object.keys(errors).sort()).toEqual(Object.keys(golden.errors).sort());
  });

  for (const [name, run] of Object.entries(errors)) {
    it(name, () => {
      const c = golden.errors[name];
      expect(c, `no golden error case '${name}'`).toBeDefined();
      const xs = inputsOf(c.inputs);
      const known = differs[name];
      if (known === undefined) {
        expect(thrown(() => run(...xs))).toBe(c.message);
      } else {
        expect(c.message, 'PyTorch changed its message').toBe(known.pytorch);
        expect(thrown(() => run(...xs))).toBe(known.torchlet);
      }
    });
  }

  it('NLL of an unbatched (C) input with a (C) target: refused, where PyTorch 1.13 reads only target[0]', () => {
    const x = decode({ shape: [3], data: [0.3, 0.7, 0.9] });
    const t = decode({ shape: [3], data: [2, 0, 0] });
    expect(thrown(() => F.nllLoss(x, t))).toBe('Expected target to be 0D when input is 1D, but got target.dim =1');
  });

  it.each(Object.entries(constructors))('a module built with the options of %s throws F\'s message', (name, build) => {
    expect(thrown(build)).toBe(golden.errors[name].message);
  });
});

describe('loss modules as PyTorch prints and saves them', () => {
  const w = (): Tensor => decode({ shape: [3], data: [1, 1, 1] });
  const modules: Record<string, () => nn.AnyModule> = {
    l1: () => new nn.L1Loss(),
    l1_sum: () => new nn.L1Loss({ reduction: 'sum' }),
    mse: () => new nn.MSELoss(),
    smooth_l1: () => new nn.SmoothL1Loss({ beta: 0.5 }),
    huber: () => new nn.HuberLoss({ delta: 2 }),
    nll: () => new nn.NLLLoss({ weight: w(), ignoreIndex: 1 }),
    cross_entropy: () => new nn.CrossEntropyLoss(),
    cross_entropy_options: () => new nn.CrossEntropyLoss({ weight: w(), labelSmoothing: 0.1, reduction: 'none' }),
    bce: () => new nn.BCELoss({ weight: w() }),
    bce_with_logits: () => new nn.BCEWithLogitsLoss({ posWeight: w() }),
  };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(golden.repr).sort());
  });

  it.each(Object.entries(golden.repr))('%s', (name, text) => {
    expect(String(modules[name]())).toBe(text);
  });

  const stateful: Record<string, () => nn.AnyModule> = {
    cross_entropy: () => new nn.CrossEntropyLoss(),
    cross_entropy_weight: () => new nn.CrossEntropyLoss({ weight: w() }),
    nll_weight: () => new nn.NLLLoss({ weight: w() }),
    bce_weight: () => new nn.BCELoss({ weight: w() }),
    bce_with_logits_pos_weight: () => new nn.BCEWithLogitsLoss({ posWeight: w() }),
    bce_with_logits_both: () => new nn.BCEWithLogitsLoss({ weight: w(), posWeight: w() }),
    l1: () => new nn.L1Loss(),
  };

  it('has a module for every golden state-dict key list', () => {
    expect(Object.keys(stateful).sort()).toEqual(Object.keys(golden.keys).sort());
  });

  it.each(Object.entries(golden.keys))('%s: the weights are buffers under PyTorch\'s keys', (name, keys) => {
    expect(Object.keys(stateful[name]().stateDict())).toEqual(keys);
  });

  it('a loaded weight is the one the loss uses', () => {
    const loss = new nn.CrossEntropyLoss({ weight: w() });
    loss.loadStateDict({ weight: decode({ shape: [3], data: [0, 1, 0] }) });
    const x = decode({ shape: [2, 3], data: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] });
    const t = decode({ shape: [2], data: [1, 1] });
    expect(loss(x, t).item()).toBeCloseTo(F.crossEntropy(x, t).item(), 6);
  });
});
