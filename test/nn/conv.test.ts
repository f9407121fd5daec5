// Conv1d/2d/3d and ConvTranspose1d/2d against PyTorch 1.13 (scripts/golden/conv.py): the
// initial weights under a seed, outputs, the gradients of the input, weight and bias under a
// random upstream gradient, F.conv*, reprs and error messages.
import { describe, expect, it } from 'vitest';
import { F, manualSeed, nn, noGrad, randn, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

type State = Record<string, GoldenTensor>;

interface LayerCase {
  seed: number; state: State; x: GoldenTensor; output_size: number[] | null; out: GoldenTensor; grad_fn: string;
  upstream: GoldenTensor; grad_x: GoldenTensor; grads: Record<string, GoldenTensor>;
}

interface FunctionalCase {
  inputs: GoldenTensor[]; out: GoldenTensor; grad_fn: string; upstream: GoldenTensor; grads: GoldenTensor[];
}

interface Golden {
  conv: Record<string, LayerCase>;
  functional: Record<string, FunctionalCase>;
  repr: Record<string, string>;
  errors: Record<string, string>;
  empty: Record<string, number[]>;
}

const golden = loadGolden<Golden>('conv');
/** The golden entries of this file (pooling.test.ts takes the rest). */
const isConv = (name: string): boolean => /^(f_)?conv/.test(name);
const own = <T>(table: Record<string, T>): [string, T][] => Object.entries(table).filter(([name]) => isConv(name));

type ConvLayer = nn.Conv1d | nn.Conv2d | nn.Conv3d | nn.ConvTranspose1d | nn.ConvTranspose2d;

// one line per case of scripts/golden/conv.py's CONV_CASES
const layers: Record<string, () => ConvLayer> = {
  conv1d_basic: () => new nn.Conv1d(3, 4, 3),
  conv1d_stride_pad_dilation: () => new nn.Conv1d(2, 4, 3, { stride: 2, padding: 2, dilation: 2 }),
  conv1d_same_even_kernel: () => new nn.Conv1d(2, 3, 4, { padding: 'same' }),
  conv1d_valid_groups_no_bias: () => new nn.Conv1d(4, 6, 3, { padding: 'valid', groups: 2, bias: false }),
  conv1d_unbatched: () => new nn.Conv1d(3, 2, 2),
  conv2d_basic: () => new nn.Conv2d(3, 4, 3),
  conv2d_padding_1: () => new nn.Conv2d(1, 16, 3, { padding: 1 }),
  conv2d_rect_stride_padding: () => new nn.Conv2d(2, 3, [3, 2], { stride: [2, 1], padding: [1, 0] }),
  conv2d_dilation: () => new nn.Conv2d(2, 2, 3, { dilation: [2, 3], padding: [2, 1] }),
  conv2d_groups: () => new nn.Conv2d(4, 6, 3, { groups: 2, padding: 1 }),
  conv2d_depthwise_strided: () => new nn.Conv2d(3, 6, 3, { groups: 3, stride: 2, padding: 1 }),
  conv2d_depthwise_same: () => new nn.Conv2d(4, 4, 3, { groups: 4, padding: 'same' }),
  conv2d_same_dilated: () => new nn.Conv2d(2, 3, 3, { padding: 'same', dilation: 2 }),
  conv2d_same_even_kernel: () => new nn.Conv2d(2, 2, [4, 3], { padding: 'same' }),
  conv2d_valid: () => new nn.Conv2d(2, 2, 3, { padding: 'valid' }),
  conv2d_odd_no_bias: () => new nn.Conv2d(3, 5, 5, { stride: 3, bias: false }),
  conv2d_pointwise: () => new nn.Conv2d(4, 3, 1),
  conv2d_pointwise_strided: () => new nn.Conv2d(4, 3, 1, { stride: 2 }),
  conv2d_kernel_fills_input: () => new nn.Conv2d(2, 3, [5, 4]),
  conv2d_unbatched: () => new nn.Conv2d(3, 4, 3, { padding: 1 }),
  conv3d_basic: () => new nn.Conv3d(2, 3, 3, { padding: 1 }),
  conv3d_strided_groups_dilated: () => new nn.Conv3d(4, 4, [2, 3, 2], { stride: [1, 2, 2], groups: 2, dilation: [2, 1, 1] }),
  conv3d_unbatched: () => new nn.Conv3d(2, 2, 2),
  conv_transpose1d_basic: () => new nn.ConvTranspose1d(3, 2, 3),
  conv_transpose1d_stride_output_padding_groups: () => new nn.ConvTranspose1d(2, 4, 3, { stride: 3, padding: 1, outputPadding: 2, groups: 2 }),
  conv_transpose1d_unbatched: () => new nn.ConvTranspose1d(3, 2, 4, { stride: 2 }),
  conv_transpose2d_basic: () => new nn.ConvTranspose2d(3, 2, 3),
  conv_transpose2d_stride_padding: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2, padding: 1, outputPadding: 1 }),
  conv_transpose2d_dilation_output_padding: () => new nn.ConvTranspose2d(2, 2, [2, 3], { stride: [1, 2], dilation: [3, 1], outputPadding: [2, 1] }),
  conv_transpose2d_groups_no_bias: () => new nn.ConvTranspose2d(4, 6, 3, { groups: 2, bias: false, stride: 2 }),
  conv_transpose2d_unbatched: () => new nn.ConvTranspose2d(2, 3, 2, { stride: 2 }),
  conv_transpose2d_pointwise: () => new nn.ConvTranspose2d(3, 2, 1),
  conv_transpose2d_pointwise_dilated_output_padding: () => new nn.ConvTranspose2d(3, 2, 1, { dilation: 2, outputPadding: 1 }),
  conv_transpose2d_output_size: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 2 }),
  conv_transpose2d_output_size_full: () => new nn.ConvTranspose2d(2, 3, 3, { stride: 3, padding: 1 }),
};

const decodeState = (state: State): Record<string, Tensor> =>
  Object.fromEntries(Object.entries(state).map(([k, v]) => [k, decode(v)]));

/** A layer called as the golden case calls it: a transposed one may be given its output size. */
function call(layer: ConvLayer, x: Tensor, outputSize: number[] | null): Tensor {
  if (outputSize === null) return (layer as nn.Conv2d)(x);
  if (!(layer instanceof nn.ConvTranspose1d || layer instanceof nn.ConvTranspose2d)) throw new Error('output_size needs a transposed convolution');
  return layer(x, outputSize);
}

describe('convolution layers against PyTorch', () => {
  it('has a layer for every golden case', () => {
    expect(Object.keys(layers).sort()).toEqual(Object.keys(golden.conv).sort());
  });

  it.each(Object.entries(golden.conv))('%s: initial weights under manualSeed are PyTorch\'s', (name, c) => {
    manualSeed(c.seed);
    const sd = layers[name]().stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(c.state));
    for (const [key, value] of Object.entries(c.state)) expectClose(sd[key], value, { rtol: 0, atol: 0 }, key);
  });

  it.each(Object.entries(golden.conv))('%s: output and the gradients of input, weight and bias', (name, c) => {
    const layer = layers[name]();
    layer.loadStateDict(decodeState(c.state));
    const x = decode(c.x, { requiresGrad: true });
    const out = call(layer, x, c.output_size);
    expectClose(out, c.out, {}, 'out');
    expect(out.gradFn?.name).toBe(c.grad_fn); // an unbatched input is a batch of one, squeezed after
    out.backward(decode(c.upstream));
    expectClose(x.grad, c.grad_x, {}, 'grad x');
    const params = Object.fromEntries(layer.namedParameters());
    expect(Object.keys(params)).toEqual(Object.keys(c.grads));
    for (const [key, value] of Object.entries(c.grads)) expectClose(params[key].grad, value, {}, `grad ${key}`);
  });
});

// one line per F.conv* case of scripts/golden/conv.py's functional_cases
const functional: Record<string, (...t: Tensor[]) => Tensor> = {
  conv1d: (x, w, b) => F.conv1d(x, w, b, { stride: 2, padding: 1 }),
  conv2d_stride_list_of_one: (x, w, b) => F.conv2d(x, w, b, { stride: [2], padding: [1, 2] }),
  conv2d_same_no_bias: (x, w) => F.conv2d(x, w, null, { padding: 'same', dilation: [1, 2] }),
  conv2d_groups: (x, w, b) => F.conv2d(x, w, b, { groups: 3 }),
  conv3d: (x, w, b) => F.conv3d(x, w, b, { stride: [1, 2, 1], padding: 1 }),
  conv_transpose1d: (x, w, b) => F.convTranspose1d(x, w, b, { stride: 2, outputPadding: 1, dilation: 2 }),
  conv_transpose2d_groups: (x, w, b) => F.convTranspose2d(x, w, b, { stride: [2, 1], padding: [1, 0], groups: 2 }),
};

describe('F.conv1d/2d/3d and F.convTranspose1d/2d', () => {
  it('has a call for every golden case', () => {
    expect(Object.keys(functional).sort()).toEqual(own(golden.functional).map(([name]) => name).sort());
  });

  it.each(own(golden.functional))('%s: output and the gradient of every argument', (name, c) => {
    const inputs = c.inputs.map((t) => decode(t, { requiresGrad: true }));
    const out = functional[name](...inputs);
    expectClose(out, c.out, {}, 'out');
    expect(out.gradFn?.name).toBe(c.grad_fn);
    out.backward(decode(c.upstream));
    inputs.forEach((t, i) => expectClose(t.grad, c.grads[i], {}, `grad of argument ${i}`));
  });

  it('computes no gradient for an argument that does not require one', () => {
    const x = randn(2, 3, 6, 6);
    const w = randn(4, 3, 3, 3).requiresGrad_();
    F.conv2d(x, w, null, { padding: 1 }).sum().backward();
    expect(x.grad).toBeNull();
    expect(w.grad?.shape).toEqual([4, 3, 3, 3]);
  });

  it('records nothing under noGrad', () => {
    const out = noGrad(() => new nn.Conv2d(1, 2, 3)(randn(1, 1, 5, 5)));
    expect(out.requiresGrad).toBe(false);
    expect(out.gradFn).toBeNull();
  });

  it.each(own(golden.empty))('%s has PyTorch\'s shape', (name, shape) => {
    const outs: Record<string, () => Tensor> = {
      conv2d_empty_batch: () => new nn.Conv2d(3, 4, 3)(randn(0, 3, 5, 5)),
      conv_transpose2d_empty_batch: () => F.convTranspose2d(randn(0, 3, 2, 2), randn(3, 2, 3, 3)),
    };
    expect(outs[name]().shape).toEqual(shape);
  });
});

describe('String(layer) prints what PyTorch prints', () => {
  const extra: Record<string, () => nn.AnyModule> = {
    conv2d_w4: () => new nn.Conv2d(1, 16, 3, { padding: 1 }),
    conv2d_padding_zero_tuple: () => new nn.Conv2d(2, 2, 3, { padding: [0, 0] }),
    conv2d_padding_mixed: () => new nn.Conv2d(2, 2, 3, { padding: [0, 1], dilation: [1, 1] }),
    conv3d_all_options: () => new nn.Conv3d(4, 8, [1, 2, 3], { stride: [3, 2, 1], padding: [1, 0, 2], dilation: 2, groups: 4, bias: false }),
    conv_transpose1d_dilation: () => new nn.ConvTranspose1d(2, 4, 5, { dilation: 3, outputPadding: 2 }),
  };
  const modules: Record<string, () => nn.AnyModule> = { ...layers, ...extra };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(own(golden.repr).map(([name]) => name).sort());
  });

  it.each(own(golden.repr))('%s', (name, text) => {
    expect(String(modules[name]())).toBe(text);
  });
});

describe('errors carry PyTorch\'s messages', () => {
  const zeros = (...shape: number[]): Tensor => randn(shape).mul(0);
  const w = zeros(2, 3, 3, 3);
  // one line per conv error of scripts/golden/conv.py's errors()
  const errors: Record<string, () => unknown> = {
    conv_in_not_divisible: () => new nn.Conv2d(3, 16, 3, { groups: 2 }),
    conv_out_not_divisible: () => new nn.Conv2d(4, 15, 3, { groups: 2 }),
    conv_groups_zero: () => new nn.Conv2d(4, 16, 3, { groups: 0 }),
    conv_same_strided: () => new nn.Conv2d(3, 16, 3, { padding: 'same', stride: 2 }),
    conv_bad_padding_string: () => new nn.Conv2d(3, 16, 3, { padding: 'full' as 'same' }),
    conv_bad_padding_mode: () => new nn.Conv2d(3, 16, 3, { paddingMode: 'foo' as 'zeros' }),
    conv_negative_channels: () => new nn.Conv2d(3, -1, 3),
    conv_transpose_padding_mode: () => new nn.ConvTranspose2d(3, 16, 3, { paddingMode: 'reflect' }),
    conv_transpose_in_not_divisible: () => new nn.ConvTranspose2d(3, 4, 3, { groups: 2 }),
    conv2d_rank: () => new nn.Conv2d(3, 16, 3)(zeros(2, 3)),
    conv2d_rank_5d: () => new nn.Conv2d(3, 16, 3)(zeros(1, 1, 3, 8, 8)),
    conv1d_rank: () => new nn.Conv1d(3, 16, 3)(zeros(2, 3, 4, 5)),
    conv3d_rank: () => new nn.Conv3d(3, 16, 3)(zeros(3, 4, 5)),
    conv2d_channels: () => new nn.Conv2d(3, 16, 3)(zeros(1, 4, 28, 28)),
    conv2d_channels_unbatched: () => new nn.Conv2d(3, 16, 3)(zeros(4, 28, 28)),
    conv2d_channels_groups: () => new nn.Conv2d(4, 8, 3, { groups: 2 })(zeros(1, 6, 28, 28)),
    conv2d_kernel_too_big: () => new nn.Conv2d(3, 16, 3)(zeros(1, 3, 2, 2)),
    conv2d_kernel_too_big_padded: () => new nn.Conv2d(3, 16, 5, { padding: 1 })(zeros(1, 3, 2, 2)),
    conv1d_kernel_too_big_dilated: () => new nn.Conv1d(3, 16, 5, { dilation: 2 })(zeros(1, 3, 6)),
    conv3d_kernel_too_big: () => new nn.Conv3d(3, 16, 3)(zeros(1, 3, 2, 5, 5)),
    conv2d_empty_spatial: () => new nn.Conv2d(3, 4, 1)(zeros(1, 3, 0, 5)),
    conv2d_kernel_zero: () => new nn.Conv2d(3, 4, 0)(zeros(1, 3, 5, 5)),
    conv1d_kernel_zero: () => F.conv1d(zeros(1, 3, 5), zeros(2, 3, 0)),
    conv3d_kernel_zero: () => F.conv3d(zeros(1, 3, 5, 5, 5), zeros(2, 3, 0, 3, 3)),
    conv2d_negative_padding: () => new nn.Conv2d(3, 16, 3, { padding: -1 })(zeros(1, 3, 8, 8)),
    conv2d_zero_stride: () => new nn.Conv2d(3, 16, 3, { stride: 0 })(zeros(1, 3, 8, 8)),
    conv2d_zero_dilation: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { dilation: 0 }),
    conv1d_zero_dilation: () => F.conv1d(zeros(1, 3, 5), zeros(2, 3, 3), null, { dilation: 0 }),
    conv3d_zero_dilation: () => F.conv3d(zeros(1, 3, 5, 5, 5), zeros(2, 3, 3, 3, 3), null, { dilation: 0 }),
    f_conv2d_groups_zero: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { groups: 0 }),
    f_conv2d_groups_too_many: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { groups: 3 }),
    f_conv2d_groups_not_dividing: () => F.conv2d(zeros(1, 4, 8, 8), zeros(3, 2, 3, 3), null, { groups: 2 }),
    f_conv2d_bias_size: () => F.conv2d(zeros(1, 3, 8, 8), w, zeros(3)),
    f_conv2d_bias_2d: () => F.conv2d(zeros(1, 3, 8, 8), w, zeros(2, 1)),
    f_conv2d_weight_2d: () => F.conv2d(zeros(1, 3, 8, 8), zeros(2, 3)),
    f_conv2d_weight_3d: () => F.conv2d(zeros(1, 3, 8, 8), zeros(2, 3, 3)),
    f_conv2d_weight_5d_lists: () => F.conv2d(zeros(1, 3, 8, 8), zeros(2, 3, 3, 3, 3), null, { stride: [1], padding: [0], dilation: [1] }),
    f_conv2d_stride_length: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { stride: [1, 1, 1] }),
    f_conv2d_same_strided: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { stride: 2, padding: 'same' }),
    f_conv2d_same_weight_dims: () => F.conv2d(zeros(1, 3, 8, 8), zeros(2, 3, 3, 3, 3), null, { padding: 'same' }),
    f_conv2d_same_stride_length: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { padding: 'same', stride: [1, 1, 1] }),
    f_conv2d_same_even_channels: () => F.conv2d(zeros(1, 4, 8, 8), zeros(2, 3, 4, 4), null, { padding: 'same' }),
    f_conv2d_bad_padding_string: () => F.conv2d(zeros(1, 3, 8, 8), w, null, { padding: 'foo' as 'same' }),
    conv_transpose2d_rank: () => new nn.ConvTranspose2d(3, 4, 3)(zeros(3, 4)),
    conv_transpose1d_rank: () => new nn.ConvTranspose1d(3, 4, 3)(zeros(1, 3, 4, 4)),
    conv_transpose2d_channels: () => new nn.ConvTranspose2d(3, 4, 3)(zeros(1, 5, 4, 4)),
    conv_transpose2d_output_padding: () => new nn.ConvTranspose2d(3, 4, 3, { stride: 2, outputPadding: 2 })(zeros(1, 3, 4, 4)),
    conv_transpose1d_output_padding: () => F.convTranspose1d(zeros(1, 3, 5), zeros(3, 2, 3), null, { outputPadding: 2, stride: 2 }),
    conv_transpose2d_output_too_small: () => new nn.ConvTranspose2d(3, 4, 3, { padding: 4 })(zeros(1, 3, 2, 2)),
    conv_transpose1d_output_too_small: () => F.convTranspose1d(zeros(1, 3, 2), zeros(3, 2, 3), null, { padding: 3 }),
    conv_transpose2d_zero_dilation: () => F.convTranspose2d(zeros(1, 3, 8, 8), zeros(3, 2, 3, 3), null, { dilation: 0 }),
    conv_transpose1d_zero_dilation: () => F.convTranspose1d(zeros(1, 3, 5), zeros(3, 2, 3), null, { dilation: 0 }),
    conv_transpose2d_negative_output_padding: () => F.convTranspose2d(zeros(1, 3, 8, 8), zeros(3, 2, 3, 3), null, { outputPadding: -1 }),
    conv_transpose2d_bias: () => F.convTranspose2d(zeros(1, 3, 3, 3), zeros(3, 2, 3, 3), zeros(3)),
    conv_transpose2d_groups_bias: () => F.convTranspose2d(zeros(1, 4, 8, 8), zeros(4, 2, 3, 3), zeros(2), { groups: 2 }),
    conv_transpose2d_kernel_zero: () => F.convTranspose2d(zeros(1, 3, 8, 8), zeros(3, 2, 0, 3)),
    conv_transpose1d_empty_length: () => F.convTranspose1d(zeros(1, 3, 0), zeros(3, 2, 1)),
    conv_transpose2d_output_size_range: () => new nn.ConvTranspose2d(3, 4, 3, { stride: 2 })(zeros(1, 3, 4, 4), [20, 20]),
    conv_transpose2d_output_size_length: () => new nn.ConvTranspose2d(3, 4, 3, { stride: 2 })(zeros(1, 3, 4, 4), [20]),
  };
  // Python prints these sets in hash order, which varies from run to run
  const unordered = new Set(['conv_bad_padding_string', 'conv_bad_padding_mode']);
  const sortSets = (m: string): string => m.replace(/\{([^}]*)\}/g, (_, items: string) => `{${items.split(', ').sort().join(', ')}}`);

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
    const got = (thrown as Error).message;
    if (unordered.has(name)) expect(sortSets(got)).toBe(sortSets(message));
    else expect(got).toBe(message);
  });

  it('refuses the padding modes it does not implement, by name', () => {
    for (const mode of ['reflect', 'replicate', 'circular'] as const) {
      expect(() => new nn.Conv2d(1, 1, 3, { paddingMode: mode })).toThrow(`padding_mode='${mode}' is not supported by torchlet's Conv2d: only 'zeros' is implemented`);
    }
  });

  it('refuses sizes of the wrong length or not integers when the layer is built', () => {
    expect(() => new nn.Conv2d(1, 1, [3])).toThrow('Conv2d: expected kernel_size to be a single integer value or a list of 2 values, but got kernel_size=(3,)');
    expect(() => new nn.Conv1d(1, 1, 3, { stride: [1, 1] })).toThrow('Conv1d: expected stride to be a single integer value or a list of 1 values, but got stride=(1, 1)');
    expect(() => new nn.Conv2d(1, 1, 1.5)).toThrow("Conv2d(): argument 'kernel_size' must be tuple of ints, but found element of type float at pos 0");
  });

  it('changes nothing when a forward throws', () => {
    const layer = new nn.Conv2d(3, 2, 3);
    const before = Array.from(layer.weight.data);
    expect(() => layer(zeros(1, 4, 5, 5))).toThrow();
    expect(Array.from(layer.weight.data)).toEqual(before);
    expect(layer.weight.grad).toBeNull();
  });
});
