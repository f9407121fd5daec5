// Sequential, ModuleList, ModuleDict and Embedding against PyTorch: reprs, state-dict keys,
// initial values under a seed, forward values and gradients, list and dict behaviour.
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, tensor, zeros, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

type State = Record<string, GoldenTensor>;
interface Forward { x: GoldenTensor; out: GoldenTensor; upstream: GoldenTensor; grad_x: GoldenTensor | null; grads: State; state: State }

const golden = loadGolden<{
  modules: Record<string, { seed: number; repr: string; state: State }>;
  forward: Record<string, Forward>;
  errors: Record<string, string>;
}>('containers');

class Stack extends nn.Module {
  layers = new nn.ModuleList([new nn.Linear(3, 3), new nn.Linear(3, 3), new nn.Linear(3, 3)]);
  blocks = new nn.ModuleDict({ a: new nn.Linear(3, 2), b: new nn.ReLU() });
}

const builders: Record<string, () => nn.AnyModule> = {
  mlp: () => new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 3)),
  named: () => new nn.Sequential(new Map<string, nn.AnyModule>([['fc1', new nn.Linear(4, 2)], ['act', new nn.ReLU()], ['fc2', new nn.Linear(2, 1)]])),
  nested: () => new nn.Sequential(new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU()), new nn.Linear(2, 1)),
  stack: () => new Stack(),
  inserted: () => new nn.Sequential(new nn.Linear(2, 2), new nn.Linear(2, 3)).insert(1, new nn.ReLU()).append(new nn.Linear(3, 1)),
  popped: () => {
    const seq = new nn.Sequential(new nn.Linear(2, 2), new nn.ReLU(), new nn.Linear(2, 3));
    seq.pop(1);
    return seq;
  },
  list_ops: () => new nn.ModuleList([new nn.Linear(1, 1)]).extend([new nn.ReLU(), new nn.Linear(1, 2)]).insert(0, new nn.ReLU()).append(new nn.Linear(2, 2)),
  embedding: () => new nn.Embedding(10, 3),
  embedding_padding: () => new nn.Embedding(10, 3, { paddingIdx: 2 }),
  embedding_negative_padding: () => new nn.Embedding(6, 4, { paddingIdx: -1 }),
};

const stateOf = (state: State): Record<string, Tensor> => Object.fromEntries(Object.entries(state).map(([k, v]) => [k, decode(v)]));

describe('containers and Embedding match PyTorch', () => {
  it('builds every golden module', () => {
    expect(Object.keys(builders).sort()).toEqual(Object.keys(golden.modules).sort());
  });

  it.each(Object.entries(golden.modules))('%s: repr, state-dict keys and initial values', (name, { seed, repr, state }) => {
    manualSeed(seed);
    const module = builders[name]();
    expect(String(module)).toBe(repr);
    const sd = module.stateDict();
    expect(Object.keys(sd)).toEqual(Object.keys(state));
    for (const [key, value] of Object.entries(state)) expectClose(sd[key], value, { rtol: 0, atol: 0 }, key);
  });

  it.each(Object.entries(golden.forward))('%s: forward and every gradient', (name, c) => {
    const module = builders[name]();
    module.loadStateDict(stateOf(c.state));
    const x = decode(c.x, { requiresGrad: c.grad_x !== null });
    const out = module(x) as Tensor;
    expectClose(out, c.out, {}, 'out');
    out.backward(decode(c.upstream));
    if (c.grad_x !== null) expectClose(x.grad, c.grad_x, {}, 'grad x');
    for (const [key, p] of module.namedParameters()) expectClose(p.grad, c.grads[key], {}, `grad ${key}`);
  });

  it.each([
    ['index_out_of_range', () => new nn.Embedding(5, 3)(tensor([5]))],
    ['padding_too_large', () => new nn.Embedding(5, 3, { paddingIdx: 5 })],
    ['padding_too_small', () => new nn.Embedding(5, 3, { paddingIdx: -6 })],
  ] as const)('%s throws PyTorch\'s message', (name, fn) => {
    expect(fn).toThrow(golden.errors[name]);
  });

  it('rejects non-integer indices', () => {
    expect(() => new nn.Embedding(5, 3)(tensor([1.5]))).toThrow("'indices' to hold integers");
  });
});

describe('Sequential and ModuleList behave like lists', () => {
  it('index, at, length, iteration and slicing', () => {
    const a = new nn.Linear(1, 1);
    const b = new nn.ReLU();
    const seq = new nn.Sequential(a, b);
    expect(seq[0]).toBe(a);
    expect(seq.at(-1)).toBe(b);
    expect(seq.length).toBe(2);
    expect([...seq]).toEqual([a, b]);
    expect(seq.slice(1).at(0)).toBe(b);
    expect([...seq.slice(1)._modules.keys()]).toEqual(['1']);
    expect(() => seq.at(2)).toThrow('index 2 is out of range');
  });

  it('replaces an entry by index assignment, keeping its place', () => {
    const seq = new nn.Sequential(new nn.Linear(1, 1), new nn.ReLU());
    (seq as unknown as Record<number, nn.AnyModule>)[0] = new nn.Linear(1, 4);
    expect(seq[0]).toBeInstanceOf(nn.Linear);
    expect(Object.keys(seq.stateDict())).toEqual(['0.weight', '0.bias']);
    expect(seq.stateDict()['0.weight'].shape).toEqual([4, 1]);
  });

  it('runs its modules in order', () => {
    const seq = new nn.Sequential(new nn.Linear(3, 2), new nn.ReLU());
    const y = seq(zeros(4, 3));
    expect(y.shape).toEqual([4, 2]);
    expect(y.data.every((v) => v >= 0)).toBe(true);
  });

  it('ModuleList has no forward, and rejects a non-iterable extend', () => {
    const list = new nn.ModuleList();
    expect(() => (list as unknown as () => void)()).toThrow('Module [ModuleList] is missing the required "forward" function');
    expect(() => list.extend(3 as unknown as nn.AnyModule[])).toThrow('ModuleList.extend should be called with an iterable');
    expect(list.slice().length).toBe(0);
  });
});

describe('ModuleDict behaves like a Map', () => {
  it('get, set, has, keys, values, entries, pop, iteration over keys', () => {
    const relu = new nn.ReLU();
    const dict = new nn.ModuleDict({ a: new nn.Linear(2, 2) });
    dict.set('b', relu);
    expect(dict.get('b')).toBe(relu);
    expect(dict.get('zzz')).toBeUndefined();
    expect(dict.has('a') && !dict.has('c')).toBe(true);
    expect(dict.keys()).toEqual(['a', 'b']);
    expect(dict.values()[1]).toBe(relu);
    expect(dict.entries().map(([k]) => k)).toEqual(['a', 'b']);
    expect([...dict]).toEqual(['a', 'b']);
    expect(dict.size).toBe(2);
    expect(dict.pop('b')).toBe(relu);
    expect(dict.keys()).toEqual(['a']);
    expect(() => dict.pop('b')).toThrow("KeyError: 'b'");
    expect(() => dict.set('keys', relu)).toThrow("attribute 'keys' already exists");
    dict.clear();
    expect(dict.size).toBe(0);
  });

  it('a model built from containers round-trips its state dict', () => {
    const a = new Stack();
    const b = new Stack();
    b.loadStateDict(a.stateDict());
    for (const [k, v] of Object.entries(a.stateDict())) expect(Array.from(b.stateDict()[k].data)).toEqual(Array.from(v.data));
  });
});
