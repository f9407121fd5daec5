// MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d and AdaptiveMaxPool2d against PyTorch 1.13
// (scripts/golden/conv.py): outputs, returned indices, the input's gradient under a random
// upstream gradient (ties and NaN included), F.*Pool*, reprs and error messages.
import { describe, expect, it } from 'vitest';
import { F, nn, randn, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface LayerCase {
  x: GoldenTensor; out: GoldenTensor; grad_fn: string; indices: GoldenTensor | null; upstream: GoldenTensor; grad_x: GoldenTensor;
  grads: Record<string, GoldenTensor>;
}

interface FunctionalCase {
  inputs: GoldenTensor[]; out: GoldenTensor; grad_fn: string; indices: GoldenTensor | null; upstream: GoldenTensor; grads: GoldenTensor[];
}

interface Golden {
  pool: Record<string, LayerCase>;
  functional: Record<string, FunctionalCase>;
  repr: Record<string, string>;
  errors: Record<string, string>;
  empty: Record<string, number[]>;
}

const golden = loadGolden<Golden>('conv');
/** The golden entries of this file (conv.test.ts takes the convolutions). */
const own = <T>(table: Record<string, T>): [string, T][] => Object.entries(table).filter(([name]) => !/^(f_)?conv/.test(name));

/** What a pooling returns: its values, or with indices [values, indices]. */
type Pooled = Tensor | [Tensor, Tensor];
type PoolLayer = (x: Tensor) => Pooled;

// one line per case of scripts/golden/conv.py's POOL_CASES
const layers: Record<string, () => PoolLayer> = {
  max_pool1d_basic: () => new nn.MaxPool1d(2),
  max_pool1d_stride_padding_dilation_ceil: () => new nn.MaxPool1d(3, { stride: 2, padding: 1, dilation: 2, ceilMode: true }),
  max_pool1d_indices_unbatched: () => new nn.MaxPool1d(3, { stride: 1, returnIndices: true }),
  max_pool2d_basic: () => new nn.MaxPool2d(2),
  max_pool2d_rect_stride_padding: () => new nn.MaxPool2d([3, 2], { stride: [2, 1], padding: [1, 1] }),
  max_pool2d_dilation: () => new nn.MaxPool2d(2, { dilation: 2, stride: 1 }),
  max_pool2d_ceil: () => new nn.MaxPool2d(3, { stride: 2, ceilMode: true }),
  max_pool2d_ceil_padding: () => new nn.MaxPool2d(2, { stride: 2, padding: 1, ceilMode: true }),
  max_pool2d_indices_overlapping: () => new nn.MaxPool2d(2, { stride: 1, returnIndices: true }),
  max_pool2d_indices_unbatched: () => new nn.MaxPool2d(3, { stride: 2, padding: 1, returnIndices: true }),
  max_pool2d_ties: () => new nn.MaxPool2d(2, { stride: 1 }),
  max_pool2d_nan: () => new nn.MaxPool2d(2, { returnIndices: true }),
  avg_pool1d_basic: () => new nn.AvgPool1d(3),
  avg_pool1d_padding_ceil_exclude: () => new nn.AvgPool1d(3, { stride: 2, padding: 1, ceilMode: true, countIncludePad: false }),
  avg_pool1d_unbatched: () => new nn.AvgPool1d(2, { stride: 1, padding: 1 }),
  avg_pool2d_basic: () => new nn.AvgPool2d(2),
  avg_pool2d_padding_include: () => new nn.AvgPool2d(3, { stride: 2, padding: 1 }),
  avg_pool2d_padding_exclude: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, countIncludePad: false }),
  avg_pool2d_ceil: () => new nn.AvgPool2d([3, 2], { stride: [2, 2], padding: [1, 0], ceilMode: true }),
  avg_pool2d_ceil_exclude: () => new nn.AvgPool2d([3, 2], { stride: [2, 2], padding: [1, 0], ceilMode: true, countIncludePad: false }),
  avg_pool2d_divisor: () => new nn.AvgPool2d(2, { stride: 1, divisorOverride: 3 }),
  avg_pool2d_divisor_padding_ceil: () => new nn.AvgPool2d(3, { stride: 2, padding: 1, ceilMode: true, divisorOverride: 5 }),
  avg_pool2d_unbatched: () => new nn.AvgPool2d(2),
  adaptive_avg_pool1d: () => new nn.AdaptiveAvgPool1d(4),
  adaptive_avg_pool1d_larger_unbatched: () => new nn.AdaptiveAvgPool1d(7),
  adaptive_avg_pool2d: () => new nn.AdaptiveAvgPool2d([3, 4]),
  adaptive_avg_pool2d_int: () => new nn.AdaptiveAvgPool2d(5),
  adaptive_avg_pool2d_none: () => new nn.AdaptiveAvgPool2d([null, 3]),
  adaptive_avg_pool2d_global: () => new nn.AdaptiveAvgPool2d(1),
  adaptive_avg_pool2d_unbatched: () => new nn.AdaptiveAvgPool2d([2, 3]),
  adaptive_max_pool2d: () => new nn.AdaptiveMaxPool2d([3, 2]),
  adaptive_max_pool2d_indices: () => new nn.AdaptiveMaxPool2d(4, { returnIndices: true }),
  adaptive_max_pool2d_none_unbatched: () => new nn.AdaptiveMaxPool2d([null, 2], { returnIndices: true }),
  adaptive_max_pool2d_larger: () => new nn.AdaptiveMaxPool2d(6),
};

/** Checks values, grad_fn and indices when returned, then runs backward of the random upstream. */
function checkPooled(result: Pooled, want: { out: GoldenTensor; grad_fn: string; indices: GoldenTensor | null; upstream: GoldenTensor }): void {
  const [values, indices] = Array.isArray(result) ? result : [result, null];
  expectClose(values, want.out, {}, 'out');
  expect(values.gradFn?.name).toBe(want.grad_fn);
  if (want.indices === null) expect(indices).toBeNull();
  else expectClose(indices, want.indices, { rtol: 0, atol: 0 }, 'indices');
  values.backward(decode(want.upstream));
}

describe('pooling layers against PyTorch', () => {
  it('has a layer for every golden case', () => {
    expect(Object.keys(layers).sort()).toEqual(Object.keys(golden.pool).sort());
  });

  it.each(Object.entries(golden.pool))('%s: output, indices and the input\'s gradient', (name, c) => {
    const layer = layers[name]();
    expect(c.grads).toEqual({}); // no parameters
    const x = decode(c.x, { requiresGrad: true });
    checkPooled(layer(x), c);
    expectClose(x.grad, c.grad_x, {}, 'grad x');
  });
});

describe('the modules\' types follow returnIndices', () => {
  it('gives a tensor by default and a [values, indices] pair when asked', () => {
    const x = randn(1, 1, 4, 4);
    const plain: Tensor = new nn.MaxPool2d(2)(x);
    const [values, indices]: [Tensor, Tensor] = new nn.MaxPool2d(2, { returnIndices: true })(x);
    const pair: [Tensor, Tensor] = F.maxPool2d(x, 2, { returnIndices: true });
    const adaptive: [Tensor, Tensor] = new nn.AdaptiveMaxPool2d(2, { returnIndices: true })(x);
    expect([plain.shape, values.shape, indices.shape, pair[1].shape, adaptive[0].shape]).toEqual([[1, 1, 2, 2], [1, 1, 2, 2], [1, 1, 2, 2], [1, 1, 2, 2], [1, 1, 2, 2]]);
  });
});

// one line per pooling case of scripts/golden/conv.py's functional_cases
const functional: Record<string, (x: Tensor) => Pooled> = {
  max_pool1d_indices: (x) => F.maxPool1d(x, 3, { stride: 2, padding: 1, returnIndices: true }),
  max_pool2d_list_stride: (x) => F.maxPool2d(x, [2, 3], { stride: [1, 2], ceilMode: true }),
  avg_pool1d: (x) => F.avgPool1d(x, 4, { stride: 3, padding: 2, ceilMode: true, countIncludePad: false }),
  avg_pool2d_divisor: (x) => F.avgPool2d(x, 3, { stride: 2, padding: 1, divisorOverride: 4 }),
  adaptive_avg_pool1d: (x) => F.adaptiveAvgPool1d(x, 3),
  adaptive_avg_pool2d_none: (x) => F.adaptiveAvgPool2d(x, [3, null]),
  adaptive_max_pool2d_indices: (x) => F.adaptiveMaxPool2d(x, [2, 3], { returnIndices: true }),
};

describe('F.maxPool*, F.avgPool*, F.adaptive*Pool*', () => {
  it('has a call for every golden case', () => {
    expect(Object.keys(functional).sort()).toEqual(own(golden.functional).map(([name]) => name).sort());
  });

  it.each(own(golden.functional))('%s: output, indices and the input\'s gradient', (name, c) => {
    const x = decode(c.inputs[0], { requiresGrad: true });
    checkPooled(functional[name](x), c);
    expectClose(x.grad, c.grads[0], {}, 'grad x');
  });

  it.each(own(golden.empty))('%s has PyTorch\'s shape', (name, shape) => {
    const outs: Record<string, () => Tensor> = {
      max_pool2d_empty_batch: () => new nn.MaxPool2d(2)(randn(0, 2, 4, 4)),
      adaptive_avg_pool2d_zero: () => new nn.AdaptiveAvgPool2d([0, 2])(randn(1, 2, 5, 5)),
      adaptive_max_pool2d_zero: () => new nn.AdaptiveMaxPool2d([0, 2])(randn(1, 2, 5, 5)),
    };
    expect(outs[name]().shape).toEqual(shape);
  });
});

describe('String(layer) prints what PyTorch prints', () => {
  const extra: Record<string, () => nn.AnyModule> = {
    max_pool2d_tuple: () => new nn.MaxPool2d([2, 3], { stride: [1, 2], padding: [1, 1], dilation: [2, 1] }),
    max_pool1d_tuple: () => new nn.MaxPool1d([3], { stride: null }),
    avg_pool1d_tuple: () => new nn.AvgPool1d([4], { stride: [2], padding: [1] }),
    avg_pool2d_tuple: () => new nn.AvgPool2d([2, 3], { padding: [1, 1], divisorOverride: 2 }),
    adaptive_avg_pool2d_none_first: () => new nn.AdaptiveAvgPool2d([null, 7]),
    adaptive_max_pool2d_int_indices: () => new nn.AdaptiveMaxPool2d(3, { returnIndices: true }),
  };
  const modules: Record<string, () => unknown> = { ...layers, ...extra };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(own(golden.repr).map(([name]) => name).sort());
  });

  it.each(own(golden.repr))('%s', (name, text) => {
    expect(String(modules[name]())).toBe(text);
  });
});

describe('errors carry PyTorch\'s messages', () => {
  const zeros = (...shape: number[]): Tensor => randn(shape).mul(0);
  const x4 = zeros(1, 2, 5, 5);
  const x3 = zeros(1, 2, 7);
  // one line per pooling error of scripts/golden/conv.py's errors()
  const errors: Record<string, () => unknown> = {
    max_pool2d_rank: () => new nn.MaxPool2d(2)(zeros(2, 3)),
    max_pool2d_rank_5d: () => new nn.MaxPool2d(2)(zeros(1, 2, 3, 4, 5)),
    max_pool2d_pad_too_big: () => new nn.MaxPool2d(2, { padding: 2 })(x4),
    max_pool2d_pad_too_big_dilated: () => new nn.MaxPool2d(2, { padding: 2, dilation: 2 })(x4),
    max_pool2d_pad_too_big_w: () => new nn.MaxPool2d(3, { padding: [1, 2] })(x4),
    max_pool2d_negative_pad: () => new nn.MaxPool2d(2, { padding: -1 })(x4),
    max_pool2d_output_too_small: () => new nn.MaxPool2d(6)(x4),
    max_pool2d_output_too_small_dilated: () => new nn.MaxPool2d(3, { dilation: 3 })(x4),
    max_pool2d_kernel_zero: () => new nn.MaxPool2d(0)(x4),
    max_pool2d_kernel_zero_stride_1: () => new nn.MaxPool2d(0, { stride: 1 })(x4),
    max_pool2d_stride_zero: () => new nn.MaxPool2d(2, { stride: 0 })(x4),
    max_pool2d_stride_negative: () => new nn.MaxPool2d(2, { stride: -1 })(x4),
    max_pool2d_dilation_zero: () => new nn.MaxPool2d(2, { dilation: 0 })(x4),
    max_pool2d_kernel_3_values: () => new nn.MaxPool2d([2, 2, 2])(x4),
    max_pool2d_empty_channels: () => new nn.MaxPool2d(2)(zeros(1, 0, 4, 4)),
    max_pool2d_empty_height: () => new nn.MaxPool2d(2)(zeros(1, 2, 0, 4)),
    max_pool1d_rank: () => new nn.MaxPool1d(2)(zeros(5)),
    max_pool1d_rank_4d: () => new nn.MaxPool1d(2)(zeros(1, 2, 3, 4)),
    max_pool1d_pad_too_big: () => new nn.MaxPool1d(2, { padding: 2 })(x3),
    max_pool1d_output_too_small: () => new nn.MaxPool1d(8)(x3),
    max_pool1d_stride_zero: () => new nn.MaxPool1d(2, { stride: 0 })(x3),
    max_pool1d_dilation_zero: () => new nn.MaxPool1d(2, { dilation: 0 })(x3),
    max_pool1d_kernel_2_values: () => new nn.MaxPool1d([2, 2])(x3),
    avg_pool2d_rank: () => new nn.AvgPool2d(2)(zeros(2, 3)),
    avg_pool2d_rank_5d: () => new nn.AvgPool2d(2)(zeros(1, 1, 2, 4, 4)),
    avg_pool2d_pad_too_big: () => new nn.AvgPool2d(2, { padding: 2 })(x4),
    avg_pool2d_output_too_small: () => new nn.AvgPool2d(6)(x4),
    avg_pool2d_stride_zero: () => new nn.AvgPool2d(2, { stride: 0 })(x4),
    avg_pool2d_divisor_zero: () => new nn.AvgPool2d(2, { divisorOverride: 0 })(x4),
    avg_pool2d_negative_pad: () => new nn.AvgPool2d(2, { padding: -1 })(x4),
    avg_pool2d_kernel_3_values: () => F.avgPool2d(x4, [2, 2, 2]),
    avg_pool1d_rank: () => new nn.AvgPool1d(2)(zeros(3)),
    avg_pool1d_rank_4d: () => new nn.AvgPool1d(2)(zeros(1, 2, 3, 4)),
    avg_pool1d_pad_too_big: () => new nn.AvgPool1d(2, { padding: 2 })(x3),
    avg_pool1d_output_too_small: () => new nn.AvgPool1d(8)(x3),
    avg_pool1d_kernel_2_values: () => F.avgPool1d(x3, [2, 2]),
    adaptive_avg_pool2d_rank: () => new nn.AdaptiveAvgPool2d(2)(zeros(2, 3)),
    adaptive_avg_pool2d_negative: () => new nn.AdaptiveAvgPool2d([-1, 2])(x4),
    adaptive_avg_pool2d_3_values: () => new nn.AdaptiveAvgPool2d([1, 2, 3])(x4),
    adaptive_avg_pool2d_empty_height: () => new nn.AdaptiveAvgPool2d(2)(zeros(1, 2, 0, 4)),
    adaptive_avg_pool2d_none_rank: () => new nn.AdaptiveAvgPool2d([null, 2])(zeros(4, 4)),
    adaptive_avg_pool1d_rank: () => new nn.AdaptiveAvgPool1d(2)(zeros(3)),
    adaptive_avg_pool1d_rank_4d: () => new nn.AdaptiveAvgPool1d(2)(zeros(1, 2, 3, 4)),
    adaptive_avg_pool1d_negative: () => new nn.AdaptiveAvgPool1d(-1)(zeros(1, 2, 7)),
    adaptive_avg_pool1d_2_values: () => new nn.AdaptiveAvgPool1d([1, 2])(zeros(1, 2, 7)),
    adaptive_max_pool2d_rank: () => new nn.AdaptiveMaxPool2d(2)(zeros(2, 3)),
    adaptive_max_pool2d_negative: () => new nn.AdaptiveMaxPool2d([-1, 2])(x4),
    adaptive_max_pool2d_3_values: () => new nn.AdaptiveMaxPool2d([1, 2, 3])(x4),
    adaptive_max_pool2d_empty_height: () => new nn.AdaptiveMaxPool2d(2)(zeros(1, 2, 0, 4)),
  };

  it('has a call for every golden error', () => {
    expect(Object.keys(errors).sort()).toEqual(own(golden.errors).map(([name]) => name).sort());
  });

  it.each(own(golden.errors))('%s', (name, message) => {
    let thrown: unknown = null;
    try {
      errors[name]();
    } catch (e) {
      thrown = e;
    }
    expect(thrown, 'expected an error').toBeInstanceOf(Error);
    expect((thrown as Error).message).toBe(message); // the whole message, not a part
  });
});
