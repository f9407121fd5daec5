// BatchNorm1d/2d/3d, LayerNorm and GroupNorm against PyTorch 1.13: outputs, gradients of the
// input and of γ, β, running buffers over train- and eval-mode steps, initial state dicts,
// reprs, F.* and error messages.
import { describe, expect, it } from 'vitest';
import { F, nn, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

type State = Record<string, GoldenTensor>;

interface Step {
  mode: 'train' | 'eval';
  x: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor;
  grad_x: GoldenTensor; grad_weight: GoldenTensor | null; grad_bias: GoldenTensor | null;
  buffers: State;
}

interface Golden {
  norm: Record<string, { start: State; steps: Step[] }>;
  functional: {
    tensors: Record<'x' | 'w' | 'b' | 'rm' | 'rv', GoldenTensor>;
    batch_norm_train: { y: GoldenTensor; running_mean: GoldenTensor; running_var: GoldenTensor };
    batch_norm_eval: { y: GoldenTensor; running_mean: GoldenTensor; running_var: GoldenTensor };
    batch_norm_no_stats: { y: GoldenTensor };
    layer_norm: { y: GoldenTensor };
    group_norm: { y: GoldenTensor };
  };
  fresh: Record<string, State>;
  repr: Record<string, string>;
  errors: Record<string, string>;
}

const golden = loadGolden<Golden>('normalization');

type NormLayer = nn.BatchNorm1d | nn.BatchNorm2d | nn.BatchNorm3d | nn.LayerNorm | nn.GroupNorm;

// one line per case of scripts/golden/normalization.py's NORM_CASES
const layers: Record<string, () => NormLayer> = {
  bn1d_2d: () => new nn.BatchNorm1d(3),
  bn1d_3d: () => new nn.BatchNorm1d(4),
  bn1d_no_affine: () => new nn.BatchNorm1d(3, { affine: false }),
  bn1d_momentum_null: () => new nn.BatchNorm1d(3, { momentum: null }),
  bn1d_no_running_stats: () => new nn.BatchNorm1d(3, { trackRunningStats: false }),
  bn1d_eps_momentum_odd: () => new nn.BatchNorm1d(5, { eps: 1e-3, momentum: 0.3 }),
  bn1d_one_sample_3d: () => new nn.BatchNorm1d(2),
  bn1d_eval_first: () => new nn.BatchNorm1d(3),
  bn2d: () => new nn.BatchNorm2d(3),
  bn2d_bare: () => new nn.BatchNorm2d(2, { affine: false, trackRunningStats: false }),
  bn2d_momentum_null_odd: () => new nn.BatchNorm2d(5, { momentum: null, eps: 0.01 }),
  bn3d: () => new nn.BatchNorm3d(3),
  ln_int: () => new nn.LayerNorm(5),
  ln_shape2: () => new nn.LayerNorm([3, 4]),
  ln_no_affine: () => new nn.LayerNorm(6, { elementwiseAffine: false }),
  ln_eps_1d_input: () => new nn.LayerNorm(7, { eps: 1e-3 }),
  gn: () => new nn.GroupNorm(2, 4),
  gn_no_affine_4d: () => new nn.GroupNorm(3, 6, { affine: false }),
  gn_group_per_channel: () => new nn.GroupNorm(4, 4),
  gn_one_group_2d: () => new nn.GroupNorm(1, 3, { eps: 1e-3 }),
};

const decodeState = (state: State): Record<string, Tensor> =>
  Object.fromEntries(Object.entries(state).map(([k, v]) => [k, decode(v)]));

// The running stats are float64 updates of float32 batch statistics, as in PyTorch: they agree
// to float32 rounding (atol for running means near 0).
const bufferTolerance = { rtol: 1e-5, atol: 1e-7 };

describe('normalisation layers against PyTorch', () => {
  it('has a layer for every golden case', () => {
    expect(Object.keys(layers).sort()).toEqual(Object.keys(golden.norm).sort());
  });

  it.each(Object.keys(golden.fresh))('%s: initial state dict (keys, order, values)', (name) => {
    const sd = layers[name]().stateDict();
    const want = golden.fresh[name];
    expect(Object.keys(sd)).toEqual(Object.keys(want));
    for (const [key, value] of Object.entries(want)) expectClose(sd[key], value, { rtol: 0, atol: 0 }, key);
  });

  it.each(Object.entries(golden.norm))('%s: every step\'s output, gradients and buffers', (name, c) => {
    const layer = layers[name]();
    layer.loadStateDict(decodeState(c.start));
    c.steps.forEach((step, i) => {
      const at = `step ${i} (${step.mode})`;
      layer.train(step.mode === 'train');
      const x = decode(step.x, { requiresGrad: true });
      const out = layer(x);
      expectClose(out, step.out, {}, `${at} out`);
      layer.zeroGrad();
      out.backward(decode(step.upstream));
      expectClose(x.grad, step.grad_x, {}, `${at} grad x`);
      if (step.grad_weight === null) expect(layer.weight).toBeNull();
      else expectClose(layer.weight!.grad, step.grad_weight, {}, `${at} grad weight`);
      if (step.grad_bias === null) expect(layer.bias).toBeNull();
      else expectClose(layer.bias!.grad, step.grad_bias, {}, `${at} grad bias`);
      const buffers = Object.fromEntries(layer.namedBuffers());
      expect(Object.keys(buffers)).toEqual(Object.keys(step.buffers));
      for (const [key, value] of Object.entries(step.buffers)) expectClose(buffers[key], value, bufferTolerance, `${at} ${key}`);
    });
  });
});

describe('F.batchNorm, F.layerNorm, F.groupNorm', () => {
  const f = golden.functional;
  const t = (key: keyof typeof f.tensors): Tensor => decode(f.tensors[key]);

  it.each([['batch_norm_train', true], ['batch_norm_eval', false]] as const)('%s updates only in training', (name, training) => {
    const rm = t('rm');
    const rv = t('rv');
    const y = F.batchNorm(t('x'), rm, rv, { weight: t('w'), bias: t('b'), training, momentum: 0.2, eps: 1e-4 });
    expectClose(y, f[name].y, {}, 'y');
    expectClose(rm, f[name].running_mean, bufferTolerance, 'running_mean');
    expectClose(rv, f[name].running_var, bufferTolerance, 'running_var');
  });

  it('batch statistics without running stats or affine', () => {
    expectClose(F.batchNorm(t('x'), null, null, { training: true }), f.batch_norm_no_stats.y, {}, 'y');
  });

  it('layerNorm over two trailing dims, weight only', () => {
    const weight = decode({ shape: [3, 2], data: new Array(6).fill(2) });
    expectClose(F.layerNorm(t('x'), [3, 2], { weight, eps: 1e-3 }), f.layer_norm.y, {}, 'y');
  });

  it('groupNorm with one channel per group', () => {
    expectClose(F.groupNorm(t('x'), 3, { weight: t('w'), bias: t('b') }), f.group_norm.y, {}, 'y');
  });
});

describe('String(layer) prints what PyTorch prints', () => {
  const extra: Record<string, () => nn.AnyModule> = {
    dropout: () => new nn.Dropout(),
    dropout_p02_inplace: () => new nn.Dropout({ p: 0.2, inplace: true }),
    dropout_p0: () => new nn.Dropout({ p: 0 }),
    dropout_p1: () => new nn.Dropout({ p: 1 }),
    bn1d_tiny_eps: () => new nn.BatchNorm1d(8, { eps: 1e-12, momentum: 0.01 }),
    ln_eps_big: () => new nn.LayerNorm([2, 3, 4], { eps: 0.5 }),
  };
  const modules: Record<string, () => nn.AnyModule> = { ...layers, ...extra };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(golden.repr).sort());
  });

  it.each(Object.entries(golden.repr))('%s', (name, text) => {
    expect(String(modules[name]())).toBe(text);
  });
});

describe('errors carry PyTorch\'s messages', () => {
  const zeros = (...shape: number[]): Tensor => decode({ shape, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(0) });
  const ones = (...shape: number[]): Tensor => decode({ shape, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(1) });
  const range = (...shape: number[]): Tensor => decode({ shape, data: Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i) });
  const cases: Record<string, () => unknown> = {
    dropout_p_high: () => new nn.Dropout({ p: 1.5 }),
    dropout_p_negative: () => F.dropout(ones(3), { p: -0.1 }),
    dropout_p_nan: () => F.dropout(ones(3), { p: NaN }),
    bn1d_4d: () => new nn.BatchNorm1d(3)(range(2, 3, 4, 5)),
    bn1d_1d: () => new nn.BatchNorm1d(3)(range(3)),
    bn2d_3d: () => new nn.BatchNorm2d(3)(range(2, 3, 4)),
    bn3d_4d: () => new nn.BatchNorm3d(3)(range(2, 3, 4, 4)),
    bn1d_one_value_per_channel: () => new nn.BatchNorm1d(3)(range(1, 3)),
    bn2d_one_value_per_channel: () => new nn.BatchNorm2d(3)(range(1, 3, 1, 1)),
    bn1d_wrong_channels: () => new nn.BatchNorm1d(3)(range(4, 5)),
    bn1d_wrong_channels_no_stats: () => new nn.BatchNorm1d(3, { trackRunningStats: false })(range(4, 5)),
    f_batch_norm_eval_no_stats: () => F.batchNorm(range(4, 3), null, null),
    f_batch_norm_bias_size: () => F.batchNorm(range(4, 3), null, null, { bias: ones(2), training: true }),
    f_batch_norm_1d: () => F.batchNorm(range(3), null, null, { training: true }),
    ln_mismatch: () => new nn.LayerNorm(5)(range(4, 6)),
    ln_too_few_dims: () => new nn.LayerNorm([2, 5])(range(5)),
    ln_empty_shape: () => F.layerNorm(range(4, 5), []),
    ln_weight_shape: () => F.layerNorm(range(4, 5), [5], { weight: ones(4) }),
    ln_bias_shape: () => F.layerNorm(range(4, 5), [5], { bias: ones(5, 1) }),
    gn_ctor_not_divisible: () => new nn.GroupNorm(3, 4),
    gn_ctor_zero_groups: () => new nn.GroupNorm(0, 4),
    gn_input_not_divisible: () => new nn.GroupNorm(2, 4)(range(2, 5, 3)),
    gn_one_value_per_group: () => new nn.GroupNorm(2, 2)(range(1, 2)),
    gn_weight_size: () => F.groupNorm(range(2, 4, 3), 2, { weight: ones(3) }),
  };

  it('has a case for every golden message', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(golden.errors).sort());
  });

  it.each(Object.entries(golden.errors))('%s', (name, text) => {
    expect(cases[name]).toThrow(text);
  });

  it('a wrong bias names the bias\'s own shape (PyTorch 1.13 prints the weight\'s here)', () => {
    expect(() => F.groupNorm(range(2, 4, 3), 2, { bias: ones(2, 2) })).toThrow(
      'Expected bias to be a vector of size equal to the number of channels in input, but got bias of shape [2, 2] and input of shape [2, 4, 3]',
    );
  });

  it('a refused batch leaves every buffer as it was (PyTorch would have counted it)', () => {
    const bn = new nn.BatchNorm1d(3);
    expect(() => bn(range(1, 3))).toThrow('Expected more than 1 value per channel when training');
    expect(() => bn(range(4, 5))).toThrow('running_mean should contain 5 elements not 3');
    expect(Array.from(bn.num_batches_tracked!.data)).toEqual([0]);
    expect(Array.from(bn.running_mean!.data)).toEqual([0, 0, 0]);
    expect(Array.from(bn.running_var!.data)).toEqual([1, 1, 1]);
  });

  it('an empty batch passes through and leaves the running stats alone', () => {
    const bn = new nn.BatchNorm1d(3);
    const out = bn(zeros(0, 3));
    expect(out.shape).toEqual([0, 3]);
    expect(Array.from(bn.running_mean!.data)).toEqual([0, 0, 0]);
    expect(Array.from(bn.running_var!.data)).toEqual([1, 1, 1]);
  });
});
