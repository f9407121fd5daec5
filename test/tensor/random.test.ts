import { describe, it, expect } from 'vitest';
import golden from '../golden/random.json';
import {
  Generator,
  defaultGenerator,
  fillBernoulli,
  fillNormal,
  fillRandint,
  fillUniform,
  initialSeed,
  manualSeed,
  randperm,
} from '../../src/tensor/random';

// Every comparison is exact: the samplers replay PyTorch's float32 and float64 arithmetic step by
// step (fused multiply-adds included), so any difference is a bug, not rounding noise.

type Output = ArrayLike<number | string>;
interface GoldenCase {
  seed: number | null;
  initialSeed: string;
  out: { shape: number[]; data: (number | string)[] }[];
}

const cases = golden.cases as Record<string, GoldenCase>;
const MASK_63 = (1n << 63n) - 1n;

const words = (g: Generator, n: number) => Array.from({ length: n }, () => g.random());
const int64s = (g: Generator, n: number) => Array.from({ length: n }, () => (g.random64() & MASK_63).toString());
const uniform = (g: Generator, n: number, from: number, to: number) => fillUniform(g, new Float32Array(n), from, to);
const normal = (g: Generator, n: number, mean: number, std: number) => fillNormal(g, new Float32Array(n), mean, std);
const rand = (g: Generator, n: number) => uniform(g, n, 0, 1);
const randn = (g: Generator, n: number) => normal(g, n, 0, 1);
const bernoulli = (g: Generator, n: number, p: number) => fillBernoulli(g, new Float32Array(n), p);
const randint = (g: Generator, low: number, high: number, n: number) => fillRandint(g, new Float32Array(n), low, high);

// nn.Linear.reset_parameters: kaiming_uniform_(weight, a=sqrt(5)) then bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
function linearInit(): Output[] {
  const g = manualSeed(0);
  const fanIn = 3;
  const gain = Math.sqrt(2 / (1 + Math.sqrt(5) ** 2));
  const bound = Math.sqrt(3) * (gain / Math.sqrt(fanIn));
  const weight = uniform(g, 2 * fanIn, -bound, bound); // (2, 3)
  const biasBound = 1 / Math.sqrt(fanIn);
  return [weight, uniform(g, 2, -biasBound, biasBound)];
}

const table: Record<string, (g: Generator) => Output[]> = {
  'raw random() seed 0': (g) => [words(g, 10)],
  'raw random() seed 1': (g) => [words(g, 10)],
  'raw random() seed 42': (g) => [words(g, 10)],
  'raw random() seed 2**40+5': (g) => [words(g, 10)],
  'raw random() seed -1': (g) => [words(g, 10)],
  'raw random() default seed': (g) => [words(g, 10)],
  'raw random() past one twist seed 3': (g) => [words(g, 700)],
  'random64 seed 42': (g) => [int64s(g, 6)],
  'rand(1) seed 0': (g) => [rand(g, 1)],
  'rand(15) seed 1': (g) => [rand(g, 15)],
  'rand(1000) seed 42': (g) => [rand(g, 1000)],
  'rand(100) default seed': (g) => [rand(g, 100)],
  'uniform_(-1, 1) n=16 seed 2**40+5': (g) => [uniform(g, 16, -1, 1)],
  'uniform_(-0.577, 0.577) n=17 seed 0': (g) => [uniform(g, 17, -0.577, 0.577)],
  'uniform_(2.5, 1e4) n=100 seed 1': (g) => [uniform(g, 100, 2.5, 1e4)],
  'uniform_(-1e-3, 1e-3) n=1000 seed 42': (g) => [uniform(g, 1000, -1e-3, 1e-3)],
  'uniform_(-3, -3) n=5 seed 0': (g) => [uniform(g, 5, -3, -3), rand(g, 2)],
  'randn(1) seed 0': (g) => [randn(g, 1)],
  'randn(2) seed 1': (g) => [randn(g, 2)],
  'randn(3) seed 42': (g) => [randn(g, 3)],
  'randn(15) seed 2**40+5': (g) => [randn(g, 15)],
  'randn(16) seed 0': (g) => [randn(g, 16)],
  'randn(17) seed 1': (g) => [randn(g, 17)],
  'randn(33) seed 42': (g) => [randn(g, 33)],
  'randn(1000) default seed': (g) => [randn(g, 1000)],
  'randn(1100) seed 0': (g) => [randn(g, 1100)],
  'normal_(0.5, 2) n=1 seed 0': (g) => [normal(g, 1, 0.5, 2)],
  'normal_(-3, 0.01) n=3 seed 1': (g) => [normal(g, 3, -3, 0.01)],
  'normal_(0.5, 2) n=15 seed 42': (g) => [normal(g, 15, 0.5, 2)],
  'normal_(0.5, 2) n=17 seed 42': (g) => [normal(g, 17, 0.5, 2)],
  'normal_(-3, 0.01) n=33 seed 2**40+5': (g) => [normal(g, 33, -3, 0.01)],
  'normal_(123.4, 1e-3) n=1000 seed 0': (g) => [normal(g, 1000, 123.4, 1e-3)],
  'normal_(1, 0) n=20 seed 0': (g) => [normal(g, 20, 1, 0), rand(g, 2)],
  'rand(5) randn(3) rand(2) randn(1) randn(20) randn(1) seed 0': (g) => [
    rand(g, 5), randn(g, 3), rand(g, 2), randn(g, 1), randn(g, 20), randn(g, 1),
  ],
  'randn(1) then normal_(10, 3) n=1 uses the cache seed 1': (g) => [randn(g, 1), normal(g, 1, 10, 3), normal(g, 1, 10, 3)],
  'randn(1) then manual_seed clears the cache seed 0': (g) => [randn(g, 1), randn(g.manualSeed(0), 1)],
  'bernoulli_(0.3) n=17 seed 0': (g) => [bernoulli(g, 17, 0.3), rand(g, 2)],
  'bernoulli_(0.5) n=100 seed 42': (g) => [bernoulli(g, 100, 0.5)],
  'bernoulli_(0) and (1) n=5 seed 1': (g) => [bernoulli(g, 5, 0), bernoulli(g, 5, 1), rand(g, 2)],
  'bernoulli_(1 - 0.3) n=1 seed 2**40+5': (g) => [bernoulli(g, 1, 1 - 0.3)],
  'randperm(0) randperm(1) seed 0': (g) => [randperm(g, 0), randperm(g, 1), rand(g, 2)],
  'randperm(5) seed 0': (g) => [randperm(g, 5), rand(g, 2)],
  'randperm(100) seed 42': (g) => [randperm(g, 100)],
  'randperm(50000)[:200] seed 1': (g) => [randperm(g, 50000).subarray(0, 200), rand(g, 3)],
  'randint(0, 10) n=20 seed 0': (g) => [randint(g, 0, 10, 20), rand(g, 2)],
  'randint(-5, 5) n=17 seed 42': (g) => [randint(g, -5, 5, 17)],
  'randint(0, 2**24) n=10 seed 1': (g) => [randint(g, 0, 2 ** 24, 10)],
  'randint(-3, 2**40) n=10 seed 2**40+5': (g) => [randint(g, -3, 2 ** 40, 10), rand(g, 2)],
  'torch.manual_seed(0) rand(3) randn(3) randn(17)': () => {
    const g = manualSeed(0);
    return [rand(g, 3), randn(g, 3), randn(g, 17)];
  },
  'torch.manual_seed(0) nn.Linear(3, 2) weight and bias': linearInit,
};

describe('random matches PyTorch 1.13 bit for bit', () => {
  it('has a TypeScript line for every golden case and no line without one', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(cases).sort());
  });

  for (const [name, c] of Object.entries(cases)) {
    it(name, () => {
      const run = table[name];
      if (run === undefined) throw new Error(`no TypeScript line for golden case '${name}'`);
      const g = c.seed === null ? new Generator() : new Generator(c.seed);
      // PyTorch reports a negative seed s as its 64-bit two's complement 2^64 + s
      expect(BigInt.asUintN(64, BigInt(g.initialSeed())).toString()).toBe(c.initialSeed);
      const got = run(g);
      expect(got.length).toBe(c.out.length);
      got.forEach((out, k) => expect(Array.from(out)).toEqual(c.out[k].data));
    });
  }
});

describe('Generator', () => {
  it('starts from the seed of a fresh torch.Generator()', () => {
    expect(new Generator().initialSeed()).toBe(golden.defaultSeed);
  });

  it('manualSeed reseeds the default generator and returns it', () => {
    expect(manualSeed(2 ** 40 + 5)).toBe(defaultGenerator);
    expect(initialSeed()).toBe(2 ** 40 + 5);
    expect(defaultGenerator.random()).toBe(new Generator(5).random()); // mt19937 keeps the low 32 bits
  });

  it('rejects seeds that are not safe integers, naming them', () => {
    expect(() => new Generator(1.5)).toThrow(/got 1\.5/);
    expect(() => manualSeed(Number.NaN)).toThrow(/got NaN/);
    expect(() => manualSeed(2 ** 53)).toThrow(/got 9007199254740992/);
  });

  it('splits random64 into the high word first', () => {
    const a = new Generator(7);
    const b = new Generator(7);
    const hi = BigInt(b.random());
    expect(a.random64()).toBe((hi << 32n) | BigInt(b.random()));
  });
});

describe('sampler arguments', () => {
  const g = new Generator(0);
  const out = new Float32Array(3);
  it.each([
    ['uniform_ from > to', () => fillUniform(g, out, 1, 0), 'uniform_ expects to return a [from, to) range, but found from=1 > to=0'],
    ['uniform_ NaN', () => fillUniform(g, out, Number.NaN, 1), 'from is out of bounds for float'],
    ['uniform_ to - from too wide', () => fillUniform(g, out, -3e38, 3e38), 'to-from <= std::numeric_limits<Float>::max()'],
    ['normal_ std < 0', () => fillNormal(g, out, 0, -1), 'normal expects std >= 0.0, but found std -1'],
    ['bernoulli_ p > 1', () => fillBernoulli(g, out, 1.5), 'bernoulli_ expects p to be in [0, 1], but got p=1.5'],
    ['randint low >= high', () => fillRandint(g, out, 5, 5), "random_ expects 'from' to be less than 'to', but got from=5 >= to=5"],
    ['randperm n < 0', () => randperm(g, -1), 'but got n=-1'],
  ])('%s throws', (_name, call, message) => {
    expect(call).toThrow(message);
  });
});
