// Identity, Flatten and Bilinear against PyTorch 1.13 (scripts/golden/activation.py): values and
// every gradient, Bilinear's initial parameters under manualSeed, reprs, state-dict keys and
// PyTorch's messages for inputs that do not fit.
import { describe, expect, it } from 'vitest';
import { F, manualSeed, nn, zeros, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

type State = Record<string, GoldenTensor>;

interface Golden {
  identity_flatten: Record<string, { x: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor; grad_x: GoldenTensor }>;
  bilinear: Record<string, {
    args: [number, number, number, boolean]; state: State; x1: GoldenTensor; x2: GoldenTensor; out: GoldenTensor;
    upstream: GoldenTensor; grad_x1: GoldenTensor; grad_x2: GoldenTensor; grad_weight: GoldenTensor; grad_bias: GoldenTensor | null;
  }>;
  init: Record<string, { seed: number; args: [number, number, number]; bias: boolean; state: State }>;
  linear_modules: Record<string, { repr: string; keys: string[] }>;
  linear_errors: Record<string, { message: string; shape1?: number[]; shape2?: number[] }>;
}

const golden = loadGolden<Golden>('activation');

const decodeState = (state: State): Record<string, Tensor> =>
  Object.fromEntries(Object.entries(state).map(([k, v]) => [k, decode(v)]));

describe('nn.Identity and nn.Flatten: output and gradient', () => {
  const layers: Record<string, nn.Module> = {
    identity: new nn.Identity(),
    flatten_default: new nn.Flatten(),
    flatten_0_2: new nn.Flatten({ startDim: 0, endDim: 2 }),
    flatten_neg3_neg2: new nn.Flatten({ startDim: -3, endDim: -2 }),
    flatten_2d: new nn.Flatten(),
    flatten_1d_0_0: new nn.Flatten({ startDim: 0, endDim: 0 }),
  };

  it('has a line for every golden case', () => {
    expect(Object.keys(layers).sort()).toEqual(Object.keys(golden.identity_flatten).sort());
  });

  it.each(Object.entries(golden.identity_flatten))('%s', (name, c) => {
    const x = decode(c.x, { requiresGrad: true });
    const out = layers[name](x);
    expectClose(out, c.out, { rtol: 0, atol: 0 }, 'out');
    out.backward(decode(c.upstream));
    expectClose(x.grad, c.grad_x, { rtol: 0, atol: 0 }, 'grad x');
  });

  it('Identity returns its input itself, whatever its constructor was given', () => {
    const x = zeros(2, 3);
    expect(new nn.Identity(54, { unusedArgument1: 0.1, unusedArgument2: false })(x)).toBe(x);
  });

  it('Flatten rejects start_dim after end_dim with PyTorch\'s message', () => {
    expect(() => new nn.Flatten({ startDim: 2, endDim: 1 })(zeros(2, 3, 4))).toThrow(golden.linear_errors.flatten_order.message);
  });
});

describe('nn.Bilinear: output and every gradient', () => {
  it.each(Object.entries(golden.bilinear))('%s', (_, c) => {
    const [in1, in2, out, bias] = c.args;
    const layer = new nn.Bilinear(in1, in2, out, { bias });
    layer.loadStateDict(decodeState(c.state));
    const x1 = decode(c.x1, { requiresGrad: true });
    const x2 = decode(c.x2, { requiresGrad: true });
    const y = layer(x1, x2);
    expectClose(y, c.out, {}, 'out');
    y.backward(decode(c.upstream));
    expectClose(x1.grad, c.grad_x1, {}, 'grad x1');
    expectClose(x2.grad, c.grad_x2, {}, 'grad x2');
    expectClose(layer.weight.grad, c.grad_weight, {}, 'grad weight');
    if (c.grad_bias === null) expect(layer.bias).toBeNull();
    else expectClose(layer.bias!.grad, c.grad_bias, {}, 'grad bias');
  });

  it('F.bilinear computes the same as the layer', () => {
    const c = golden.bilinear.bilinear_2d;
    const state = decodeState(c.state);
    expectClose(F.bilinear(decode(c.x1), decode(c.x2), state.weight, state.bias), c.out, {}, 'out');
  });
});

describe('nn.Bilinear: initialisation under manualSeed draws PyTorch\'s numbers', () => {
  it.each(Object.entries(golden.init))('%s', (_, { seed, args: [in1, in2, out], bias, state }) => {
    manualSeed(seed);
    const sd = new nn.Bilinear(in1, in2, out, { bias }).stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(state));
    for (const [key, value] of Object.entries(state)) expectClose(sd[key], value, { rtol: 0, atol: 0 }, key);
  });
});

describe('String(module) and state-dict keys equal PyTorch\'s', () => {
  const modules: Record<string, () => nn.AnyModule> = {
    identity: () => new nn.Identity(),
    identity_with_args: () => new nn.Identity(54, { unusedArgument1: 0.1, unusedArgument2: false }),
    flatten: () => new nn.Flatten(),
    flatten_0_2: () => new nn.Flatten({ startDim: 0, endDim: 2 }),
    flatten_neg3_neg2: () => new nn.Flatten({ startDim: -3, endDim: -2 }),
    bilinear: () => new nn.Bilinear(3, 4, 5),
    bilinear_no_bias: () => new nn.Bilinear(2, 3, 4, { bias: false }),
  };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(golden.linear_modules).sort());
  });

  it.each(Object.entries(golden.linear_modules))('%s', (name, { repr, keys }) => {
    const m = modules[name]();
    expect(String(m)).toBe(repr);
    expect(Object.keys(m.stateDict())).toEqual(keys);
  });
});

describe('nn.Bilinear: PyTorch\'s messages for what does not fit', () => {
  const shapeCases = Object.entries(golden.linear_errors).filter(([, e]) => e.shape1 !== undefined);

  it.each(shapeCases)('%s', (_, { shape1, shape2, message }) => {
    const layer = new nn.Bilinear(3, 4, 5);
    expect(() => layer(zeros(shape1!), zeros(shape2!))).toThrow(message);
  });

  it('a bias of the wrong size', () => {
    expect(() => F.bilinear(zeros(2, 3), zeros(2, 4), zeros(5, 3, 4), zeros(6))).toThrow(golden.linear_errors.bilinear_bias.message);
  });

  it('in1_features = 0 (PyTorch divides by √in1_features) and negative sizes', () => {
    expect(() => new nn.Bilinear(0, 4, 5)).toThrow(golden.linear_errors.bilinear_zero_in1.message);
    expect(() => new nn.Bilinear(-1, 4, 5)).toThrow(golden.linear_errors.bilinear_negative.message);
  });

  it('a weight that is not 3-D', () => {
    expect(() => F.bilinear(zeros(2, 3), zeros(2, 4), zeros(5, 3))).toThrow('bilinear(): weight must be 3-D (out, in1, in2), got shape [5, 3]');
  });

  it('covers every golden error', () => {
    const others = ['bilinear_bias', 'bilinear_zero_in1', 'bilinear_negative', 'flatten_order'];
    expect([...shapeCases.map(([k]) => k), ...others].sort()).toEqual(Object.keys(golden.linear_errors).sort());
  });
});
