// Deep graphs and deep models: backward's walk, the module traversals, the repr and the state
// dict use loops, not recursion, so depth is bounded by memory rather than by the call stack.
// (A module's forward calling its children's is the user's recursion, as in PyTorch: nested
// Sequentials run as deep as the JS stack allows, over 1,000 levels.)
import { describe, expect, it } from 'vitest';
import { deserialize, nn, ones, serialize, tensor } from '../../src/index';

describe('a 100,000-op graph', () => {
  it('backpropagates through a chain of 100,000 muls', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100_000; i++) y = y.mul(1.00001);
    y.backward();
    // x = 1: the gradient is the same float32 product of the constants as the value
    expect(x.grad!.item()).toBe(y.item());
    expect(y.item()).toBeCloseTo(Math.E, 1);
  });

  it('and through 100,000 ops that mix add, mul and tanh, each input used twice', () => {
    const x = tensor([0.5, -0.25], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 100_000 / 4; i++) y = y.mul(0.5).add(y.tanh().mul(0.5)); // four ops, y read twice
    y.sum().backward();
    expect(x.grad!.data.every(Number.isFinite)).toBe(true);
  });
});

/** Linear(4, 4) and Tanh, alternating: `count` modules in one Sequential. */
const flatSequential = (count: number) =>
  new nn.Sequential(...Array.from({ length: count }, (_, i) => (i % 2 === 0 ? new nn.Linear(4, 4) : new nn.Tanh())));

/** `depth` Sequentials, each the only child of the next, around one Linear(4, 4). */
function nestedSequential(depth: number): nn.AnyModule {
  let m: nn.AnyModule = new nn.Linear(4, 4);
  for (let i = 0; i < depth; i++) m = new nn.Sequential(m);
  return m;
}

describe('a Sequential of 1,000 modules', () => {
  const model = flatSequential(1000);

  it('runs forward and backward, filling every gradient', () => {
    model(ones(2, 4)).sum().backward();
    expect(model.parameters().every((p) => p.grad !== null && p.grad.data.every(Number.isFinite))).toBe(true);
    expect(model.parameters()).toHaveLength(1000); // 500 Linears, weight and bias each
  });

  it('prints, saves and loads', () => {
    const lines = String(model).split('\n');
    expect(lines).toHaveLength(1002);
    expect(lines[1000]).toBe('  (999): Tanh()');
    const sd = model.stateDict();
    expect(Object.keys(sd)).toHaveLength(1000);
    expect(Object.keys(sd).at(-1)).toBe('998.bias');
    const twin = flatSequential(1000);
    expect(twin.loadStateDict(deserialize(serialize(sd)))).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(twin.stateDict()['998.bias'].data).toEqual(sd['998.bias'].data);
  });
});

describe('Sequentials nested 1,000 and 3,000 deep', () => {
  it('1,000 deep: forward, backward, repr, state dict', () => {
    const model = nestedSequential(1000);
    model(ones(2, 4)).sum().backward();
    expect(model.parameters().map((p) => p.grad !== null)).toEqual([true, true]);
    const lines = String(model).split('\n');
    expect(lines).toHaveLength(2001);
    expect(lines[1000]).toBe(`${'  '.repeat(1000)}(0): Linear(in_features=4, out_features=4, bias=True)`);
    expect(Object.keys(model.stateDict())).toEqual([`${'0.'.repeat(1000)}weight`, `${'0.'.repeat(1000)}bias`]);
  });

  it('3,000 deep (past where a recursive repr overflowed): repr, traversals, modes and loading', () => {
    const model = nestedSequential(3000);
    expect(String(model).split('\n')).toHaveLength(6001);
    expect(model.modules()).toHaveLength(3001);
    expect(model.namedParameters().map(([name]) => name)).toEqual([`${'0.'.repeat(3000)}weight`, `${'0.'.repeat(3000)}bias`]);
    model.eval();
    expect(model.modules().every((m) => !m.training)).toBe(true);
    let visited = 0;
    model.apply(() => visited++);
    expect(visited).toBe(3001);
    const sd = model.stateDict();
    expect(nestedSequential(3000).loadStateDict(sd)).toEqual({ missingKeys: [], unexpectedKeys: [] });
  });
});
