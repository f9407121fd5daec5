// Activations against PyTorch 1.13 (scripts/golden/activation.py): values and gradients at
// zeros, ±30, ±1e4 and thresholds, grad_fn names, reprs and state dicts of every configuration,
// the implicit softmax dim and its warning, and the float64 erf behind GELU.
import { describe, expect, it, vi } from 'vitest';
import { F, nn, randn, type Tensor } from '../../src/index';
import { erf } from '../../src/ops/activation';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface Golden {
  activations: Record<string, { x: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor; grad_x: GoldenTensor; grad_fn: string }>;
  activation_modules: Record<string, { repr: string; keys: string[] }>;
  gelu_error: string;
  warnings: Record<'softmax' | 'log_softmax', { category: string; message: string }>;
  erf: [x: number, erf: number][];
}

const golden = loadGolden<Golden>('activation');

// The first test in the file: the warning is printed once per process, so it must see the first call.
describe('implicit softmax dim', () => {
  it('warns once per function, with PyTorch\'s deprecation message', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const x = randn(2, 3);
      for (let i = 0; i < 3; i++) {
        F.softmax(x);
        new nn.Softmax()(x);
        F.logSoftmax(x);
        new nn.LogSoftmax({ dim: null })(x);
        F.softmax(x, 1); // an explicit dim never warns
      }
      const { softmax, log_softmax: logSoftmax } = golden.warnings;
      expect(warn.mock.calls).toEqual([[`${softmax.category}: ${softmax.message}`], [`${logSoftmax.category}: ${logSoftmax.message}`]]);
    } finally {
      warn.mockRestore();
    }
  });
});

// One line per golden case; the implicit-dim lines also check PyTorch's choice of dim (0 for 0-,
// 1- and 3-d inputs, 1 otherwise).
const activations: Record<string, (x: Tensor) => Tensor> = {
  sigmoid_2d: new nn.Sigmoid(),
  sigmoid_0d: new nn.Sigmoid(),
  tanh_2d: new nn.Tanh(),
  tanh_3d: new nn.Tanh(),
  softmax_dim1: new nn.Softmax({ dim: 1 }),
  softmax_dim0: new nn.Softmax({ dim: 0 }),
  softmax_dim_neg1_3d: new nn.Softmax({ dim: -1 }),
  softmax_implicit_0d: new nn.Softmax(),
  softmax_implicit_1d: new nn.Softmax(),
  softmax_implicit_2d: new nn.Softmax(),
  softmax_implicit_3d: new nn.Softmax(),
  softmax_implicit_4d: new nn.Softmax(),
  log_softmax_dim1: new nn.LogSoftmax({ dim: 1 }),
  log_softmax_dim0: new nn.LogSoftmax({ dim: 0 }),
  log_softmax_implicit_1d: new nn.LogSoftmax(),
  log_softmax_implicit_2d: new nn.LogSoftmax(),
  log_softmax_implicit_3d: new nn.LogSoftmax(),
  log_softmax_implicit_4d: new nn.LogSoftmax(),
  leaky_relu_default: new nn.LeakyReLU(),
  'leaky_relu_0.2_inplace': new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true }),
  'leaky_relu_negative_slope_-1.5': new nn.LeakyReLU({ negativeSlope: -1.5 }),
  gelu_none: new nn.GELU(),
  gelu_tanh: new nn.GELU({ approximate: 'tanh' }),
  gelu_none_3d: new nn.GELU({ approximate: 'none' }),
  silu: new nn.SiLU(),
  silu_inplace: new nn.SiLU({ inplace: true }),
  elu_default: new nn.ELU(),
  'elu_0.5_inplace': new nn.ELU({ alpha: 0.5, inplace: true }),
  elu_2: new nn.ELU({ alpha: 2 }),
  softplus_default: new nn.Softplus(),
  'softplus_beta_0.5_threshold_10': new nn.Softplus({ beta: 0.5, threshold: 10 }),
  softplus_beta_2_threshold_5: new nn.Softplus({ beta: 2, threshold: 5 }),
  f_sigmoid: F.sigmoid,
  f_tanh: F.tanh,
  f_softmax: (x) => F.softmax(x, 0),
  f_log_softmax: (x) => F.logSoftmax(x, -1),
  f_leaky_relu: (x) => F.leakyRelu(x, { negativeSlope: 0.3 }),
  f_gelu_tanh: (x) => F.gelu(x, { approximate: 'tanh' }),
  f_silu: F.silu,
  f_elu: (x) => F.elu(x, { alpha: 0.7 }),
  f_softplus: (x) => F.softplus(x, { beta: 3, threshold: 4 }),
};

describe('activations: output, grad_fn and the gradient of a random upstream', () => {
  it('has a line for every golden case', () => {
    expect(Object.keys(activations).sort()).toEqual(Object.keys(golden.activations).sort());
  });

  it.each(Object.entries(golden.activations))('%s', (name, c) => {
    const x = decode(c.x, { requiresGrad: true });
    const out = activations[name](x);
    expectClose(out, c.out, {}, 'out');
    // PyTorch's in-place variants are LeakyReluBackward1 / EluBackward1; here they run out of place
    expect(out.gradFn?.name).toBe(c.grad_fn.replace('Backward1', 'Backward0'));
    out.backward(decode(c.upstream));
    expectClose(x.grad, c.grad_x, {}, 'grad x');
  });
});

describe('activation modules: String(module) and state dict equal PyTorch\'s', () => {
  const modules: Record<string, () => nn.AnyModule> = {
    sigmoid: () => new nn.Sigmoid(),
    tanh: () => new nn.Tanh(),
    softmax_none: () => new nn.Softmax(),
    softmax_1: () => new nn.Softmax({ dim: 1 }),
    softmax_neg1: () => new nn.Softmax({ dim: -1 }),
    log_softmax_none: () => new nn.LogSoftmax(),
    log_softmax_0: () => new nn.LogSoftmax({ dim: 0 }),
    leaky_relu: () => new nn.LeakyReLU(),
    'leaky_relu_0.2_inplace': () => new nn.LeakyReLU({ negativeSlope: 0.2, inplace: true }),
    'leaky_relu_1e-05': () => new nn.LeakyReLU({ negativeSlope: 1e-5 }),
    leaky_relu_2: () => new nn.LeakyReLU({ negativeSlope: 2 }),
    gelu: () => new nn.GELU(),
    gelu_tanh: () => new nn.GELU({ approximate: 'tanh' }),
    silu: () => new nn.SiLU(),
    silu_inplace: () => new nn.SiLU({ inplace: true }),
    elu: () => new nn.ELU(),
    'elu_0.5_inplace': () => new nn.ELU({ alpha: 0.5, inplace: true }),
    softplus: () => new nn.Softplus(),
    'softplus_0.5_10': () => new nn.Softplus({ beta: 0.5, threshold: 10 }),
    'softplus_2_2.5': () => new nn.Softplus({ beta: 2, threshold: 2.5 }),
  };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(golden.activation_modules).sort());
  });

  it.each(Object.entries(golden.activation_modules))('%s', (name, { repr, keys }) => {
    const m = modules[name]();
    expect(String(m)).toBe(repr);
    expect(Object.keys(m.stateDict())).toEqual(keys);
  });
});

describe('bad configuration', () => {
  it('GELU and F.gelu reject an unknown approximation with PyTorch\'s message', () => {
    expect(() => new nn.GELU({ approximate: 'foo' as 'none' })).toThrow(golden.gelu_error);
    expect(() => F.gelu(randn(2), { approximate: 'foo' as 'none' })).toThrow(golden.gelu_error);
  });
});

describe('inplace: accepted and shown, computed out of place', () => {
  it.each([
    ['LeakyReLU', new nn.LeakyReLU({ inplace: true })],
    ['SiLU', new nn.SiLU({ inplace: true })],
    ['ELU', new nn.ELU({ inplace: true })],
  ] as const)('%s leaves its input unchanged', (_, m) => {
    const x = randn(3, 4).sub(0.5);
    const before = Array.from(x.data);
    const out = m(x);
    expect(out).not.toBe(x);
    expect(Array.from(x.data)).toEqual(before);
  });
});

describe('erf', () => {
  it('is within 1e-15 (relative) of erf to 30 digits, over every branch of Cody\'s approximation', () => {
    for (const [x, want] of golden.erf) {
      const got = erf(x);
      expect(Math.abs(got - want), `erf(${x}) = ${got}, want ${want}`).toBeLessThanOrEqual(1e-15 * Math.abs(want));
    }
  });

  it('is odd, keeps -0 and NaN, and reaches ±1', () => {
    expect(Object.is(erf(-0), -0)).toBe(true);
    expect(erf(NaN)).toBeNaN();
    expect(erf(Infinity)).toBe(1);
    expect(erf(-Infinity)).toBe(-1);
    for (const x of [0.3, 1.7, 4.2]) expect(erf(-x)).toBe(-erf(x));
  });
});
