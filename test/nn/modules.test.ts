// Linear, ReLU, MSELoss and whole models against PyTorch 1.13: values, gradients, init, repr,
// state dicts and their errors.
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';
import { Deep, Net } from './net';

type State = Record<string, GoldenTensor>;

interface Golden {
  linear: Record<string, {
    args: [number, number, boolean]; state: State; x: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor;
    grad_x: GoldenTensor; grad_weight: GoldenTensor; grad_bias: GoldenTensor | null;
  }>;
  mse: Record<string, { input: GoldenTensor; target: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor; grad_input: GoldenTensor; grad_target: GoldenTensor }>;
  relu: { x: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor; grad_x: GoldenTensor };
  init: Record<string, { seed: number; state: State }>;
  repr: Record<string, string>;
  keys: Record<string, string[]>;
  load_errors: Record<string, string> & { non_strict: { missing: string[]; unexpected: string[] } };
}

const golden = loadGolden<Golden>('nn');

const decodeState = (state: State): Record<string, Tensor> =>
  Object.fromEntries(Object.entries(state).map(([k, v]) => [k, decode(v)]));

describe('nn.Linear', () => {
  it.each(Object.entries(golden.linear))('%s: output and every gradient', (_, c) => {
    const [nIn, nOut, bias] = c.args;
    const layer = new nn.Linear(nIn, nOut, { bias });
    layer.loadStateDict(decodeState(c.state));
    const x = decode(c.x, { requiresGrad: true });
    const out = layer(x);
    expectClose(out, c.out, {}, 'out');
    out.backward(decode(c.upstream));
    expectClose(x.grad, c.grad_x, {}, 'grad x');
    expectClose(layer.weight.grad, c.grad_weight, {}, 'grad weight');
    if (c.grad_bias === null) expect(layer.bias).toBeNull();
    else expectClose(layer.bias!.grad, c.grad_bias, {}, 'grad bias');
  });

  it('names both shapes when the input does not fit', () => {
    expect(() => new nn.Linear(3, 2)(decode({ shape: [4, 5], data: new Array(20).fill(0) }))).toThrow(
      'mat1 and mat2 shapes cannot be multiplied (4x5 and 3x2)',
    );
  });

  it('rejects negative sizes as torch.empty does', () => {
    expect(() => new nn.Linear(-1, 2)).toThrow('Trying to create tensor with negative dimension -1: [2, -1]');
  });
});

describe('initialisation under manualSeed draws PyTorch\'s numbers', () => {
  const builders: Record<string, () => nn.Module> = {
    linear_10_5: () => new nn.Linear(10, 5),
    linear_1_3: () => new nn.Linear(1, 3),
    linear_7_2_no_bias: () => new nn.Linear(7, 2, { bias: false }),
    linear_300_20: () => new nn.Linear(300, 20),
    net_4_1: () => new Net(4, 1),
  };

  it('has a builder for every golden case', () => {
    expect(Object.keys(builders).sort()).toEqual(Object.keys(golden.init).sort());
  });

  it.each(Object.entries(golden.init))('%s', (name, { seed, state }) => {
    manualSeed(seed);
    const sd = builders[name]().stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(state));
    for (const [key, value] of Object.entries(state)) expectClose(sd[key], value, { rtol: 0, atol: 0 }, key);
  });
});

describe('nn.ReLU and nn.MSELoss', () => {
  it('ReLU: output and gradient', () => {
    const x = decode(golden.relu.x, { requiresGrad: true });
    const out = new nn.ReLU()(x);
    expectClose(out, golden.relu.out, {}, 'out');
    out.backward(decode(golden.relu.upstream));
    expectClose(x.grad, golden.relu.grad_x, {}, 'grad x');
  });

  it.each(Object.entries(golden.mse))('MSELoss reduction=%s: output and both gradients', (reduction, c) => {
    const input = decode(c.input, { requiresGrad: true });
    const target = decode(c.target, { requiresGrad: true });
    const out = new nn.MSELoss({ reduction: reduction as 'mean' | 'sum' | 'none' })(input, target);
    expectClose(out, c.out, {}, 'out');
    out.backward(decode(c.upstream));
    expectClose(input.grad, c.grad_input, {}, 'grad input');
    expectClose(target.grad, c.grad_target, {}, 'grad target');
  });

  it('MSELoss rejects an unknown reduction before computing anything', () => {
    expect(() => new nn.MSELoss({ reduction: 'avg' as 'mean' })).toThrow('avg is not a valid value for reduction');
  });
});

describe('String(module) prints what PyTorch prints', () => {
  const modules: Record<string, () => nn.AnyModule> = {
    linear: () => new nn.Linear(10, 1),
    linear_no_bias: () => new nn.Linear(3, 2, { bias: false }),
    relu: () => new nn.ReLU(),
    relu_inplace: () => new nn.ReLU({ inplace: true }),
    mse: () => new nn.MSELoss(),
    net: () => new Net(3, 1),
    deep: () => new Deep(),
  };

  it('has a module for every golden repr', () => {
    expect(Object.keys(modules).sort()).toEqual(Object.keys(golden.repr).sort());
  });

  it.each(Object.entries(golden.repr))('%s', (name, text) => {
    expect(String(modules[name]())).toBe(text);
  });
});

describe('state dicts', () => {
  it('keys and traversal orders equal PyTorch\'s', () => {
    expect(Object.keys(new Net(3, 1).stateDict())).toEqual(golden.keys.net);
    const deep = new Deep();
    expect(Object.keys(deep.stateDict())).toEqual(golden.keys.deep);
    expect(deep.namedParameters().map(([k]) => k)).toEqual(golden.keys.deep_named_parameters);
    expect(deep.namedModules().map(([k]) => k)).toEqual(golden.keys.deep_named_modules);
  });

  it('round-trips into a fresh model, copying values in place', () => {
    const a = new Net(3, 1);
    const b = new Net(3, 1);
    const weight = b.hidden1.weight;
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.hidden1.weight).toBe(weight);
    for (const [k, v] of Object.entries(a.stateDict())) expect(b.stateDict()[k].data).toEqual(v.data);
  });

  it('shares data with the module, as PyTorch\'s state_dict does', () => {
    const net = new Net(2, 1);
    net.stateDict()['output.bias'].data[0] = 42;
    expect(net.output.bias!.data[0]).toBe(42);
  });

  const bad = (): Record<string, Record<string, Tensor>> => {
    const good = new Net(3, 1).stateDict();
    const without = (key: string) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== key));
    const zeros = (...shape: number[]) => decode({ shape, data: new Array(shape.reduce((a, b) => a * b, 1)).fill(0) });
    return {
      missing: without('output.bias'),
      unexpected: { ...good, extra: zeros(1) },
      missing_and_unexpected: { ...without('hidden1.weight'), 'hidden1.w': zeros(1) },
      size_mismatch: { ...good, 'hidden1.weight': zeros(10, 4) },
      all: { ...without('output.bias'), 'hidden1.weight': zeros(10, 4), zzz: zeros(2) },
    };
  };

  it.each(Object.keys(bad()))('%s: PyTorch\'s message, and nothing changes', (name) => {
    const net = new Net(3, 1);
    const before = Object.entries(net.stateDict()).map(([k, v]) => [k, Array.from(v.data)]);
    expect(() => net.loadStateDict(bad()[name])).toThrow(golden.load_errors[name]);
    expect(Object.entries(net.stateDict()).map(([k, v]) => [k, Array.from(v.data)])).toEqual(before);
  });

  it('non-strict loading returns the missing and unexpected keys', () => {
    const result = new Net(3, 1).loadStateDict(bad().missing_and_unexpected, { strict: false });
    expect(result).toEqual({ missingKeys: golden.load_errors.non_strict.missing, unexpectedKeys: golden.load_errors.non_strict.unexpected });
  });
});
