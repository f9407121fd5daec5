// utils.data against PyTorch 1.13: DataLoader orders under manualSeed and generators, RandomSampler,
// randomSplit, defaultCollate, and their errors.
import { describe, expect, it, vi } from 'vitest';
import { arange, Generator, manualSeed, rand, randn, tensor, Tensor, zeros, utils } from '../../src/index';
import { fillUniform } from '../../src/tensor/random';
import { expectClose, loadGolden, type GoldenTensor } from '../helpers';

const { DataLoader, Dataset, RandomSampler, TensorDataset, defaultCollate, randomSplit } = utils.data;

type Pass = null | number | 'rand between';

interface Golden {
  loaders: Record<string, { length: number; passes: number[][][]; next: GoldenTensor; generator_next: GoldenTensor | null }>;
  loader_args: Record<string, {
    n: number; batch_size: number; shuffle: boolean; drop_last: boolean; seed: number; generator: number | null; passes: Pass[];
  }>;
  splits: Record<string, { n: number; lengths: number[]; generator: number | null; indices: number[][]; next: GoldenTensor }>;
  samplers: Record<string, { n: number; num_samples: number; generator: number; length: number; passes: number[][]; generator_next: GoldenTensor }>;
  collate: { x: GoldenTensor; pair: [GoldenTensor, GoldenTensor]; label: GoldenTensor; name: string[] }[];
  errors: Record<string, string>;
}

const golden = loadGolden<Golden>('data');
const EXACT = { rtol: 0, atol: 0 };

const indexDataset = (n: number) => new TensorDataset(arange(n));
/** torch.rand(n, generator=g). */
const randFrom = (g: Generator, n: number) => new Tensor(fillUniform(g, new Float32Array(n), 0, 1), [n]);

describe('DataLoader visits PyTorch\'s orders', () => {
  it('runs every golden case', () => {
    expect(Object.keys(golden.loader_args).sort()).toEqual(Object.keys(golden.loaders).sort());
  });

  it.each(Object.entries(golden.loaders))('%s', (name, expected) => {
    const a = golden.loader_args[name];
    manualSeed(a.seed);
    const generator = a.generator === null ? null : new Generator(a.generator);
    const loader = new DataLoader(indexDataset(a.n), { batchSize: a.batch_size, shuffle: a.shuffle, dropLast: a.drop_last, generator });
    expect(loader.length).toBe(expected.length);
    const passes = a.passes.map((pass) => {
      const it = loader[Symbol.iterator]();
      if (pass === 'rand between') rand(1);
      const batches: number[][] = [];
      // take k batches with exactly k next() calls, as Python's [next(it) for _ in range(k)]
      while (typeof pass !== 'number' || batches.length < pass) {
        const r = it.next();
        if (r.done === true) break;
        batches.push(Array.from(r.value[0].data));
      }
      return batches;
    });
    expect(passes).toEqual(expected.passes);
    expectClose(rand(3), expected.next, EXACT, 'the default generator after');
    if (generator !== null) expectClose(randFrom(generator, 3), expected.generator_next!, EXACT, 'the loader\'s generator after');
  });
});

describe('DataLoader batches', () => {
  const x = randn(11, 3);
  const y = arange(11);
  const loader = (options: utils.data.DataLoaderOptions<[Tensor, Tensor], [Tensor, Tensor]> = {}) =>
    new DataLoader(new TensorDataset(x, y), { batchSize: 4, ...options });

  it('stacks the rows of every tensor of a TensorDataset along a new dim 0', () => {
    manualSeed(0);
    for (const [xb, yb] of loader({ shuffle: true })) {
      expect(xb.shape[1]).toBe(3);
      Array.from(yb.data).forEach((i, row) => expect(Array.from(xb.data.subarray(row * 3, row * 3 + 3))).toEqual(Array.from(x.data.subarray(i * 3, i * 3 + 3))));
    }
  });

  it('every sample exactly once per pass, in batches of batchSize and a short last one', () => {
    manualSeed(1);
    const l = loader({ shuffle: true });
    for (let pass = 0; pass < 3; pass++) {
      const batches = [...l].map(([, yb]) => Array.from(yb.data));
      expect(batches.map((b) => b.length)).toEqual([4, 4, 3]);
      expect(batches.flat().sort((p, q) => p - q)).toEqual([...Array(11).keys()]);
    }
  });

  it('dropLast drops the short batch and counts without it', () => {
    const l = loader({ shuffle: true, dropLast: true });
    expect(l.length).toBe(2);
    const batches = [...l];
    expect(batches.length).toBe(2);
    expect(batches.every(([xb]) => xb.shape[0] === 4)).toBe(true);
  });

  it('the same seed gives the same passes, a new pass a new order', () => {
    const orders = () => {
      manualSeed(7);
      const l = loader({ shuffle: true });
      return [0, 1].map(() => [...l].flatMap(([, yb]) => Array.from(yb.data)));
    };
    const [first, second] = orders();
    expect(orders()).toEqual([first, second]);
    expect(first).not.toEqual(second);
  });

  it('a collateFn makes the batch', () => {
    const l = new DataLoader(indexDataset(5), { batchSize: 2, collateFn: (items) => items.map(([i]) => i.item()) });
    expect([...l]).toEqual([[0, 1], [2, 3], [4]]);
  });
});

describe('RandomSampler', () => {
  it.each(Object.entries(golden.samplers))('%s', (_, c) => {
    const generator = new Generator(c.generator);
    const sampler = new RandomSampler({ length: c.n }, { numSamples: c.num_samples, generator });
    expect(sampler.length).toBe(c.length);
    expect(c.passes.map(() => [...sampler])).toEqual(c.passes);
    expectClose(randFrom(generator, 3), c.generator_next, EXACT, 'the generator after');
  });
});

describe('randomSplit', () => {
  it.each(Object.entries(golden.splits))('%s', (_, c) => {
    manualSeed(0);
    const dataset = indexDataset(c.n);
    const subsets = c.generator === null ? randomSplit(dataset, c.lengths) : randomSplit(dataset, c.lengths, new Generator(c.generator));
    expect(subsets.map((s) => [...s.indices])).toEqual(c.indices);
    expectClose(rand(3), c.next, EXACT, 'the default generator after');
    subsets.forEach((s) => {
      expect(s.length).toBe(s.indices.length);
      s.indices.forEach((i, k) => expect(s.getItem(k)[0].item()).toBe(i));
    });
  });

  it('warns about an empty split', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const [a, b] = randomSplit(indexDataset(4), [0, 1], new Generator(0));
    expect([a.length, b.length]).toEqual([0, 4]);
    expect(warn).toHaveBeenCalledWith('UserWarning: Length of split at index 0 is 0. This might result in an empty dataset.');
    warn.mockRestore();
  });
});

// Samples of every kind defaultCollate handles, as the golden script's Records.
class Records extends Dataset<{ x: Tensor; pair: [Tensor, number]; label: number; name: string }> {
  readonly length = 5;
  getItem(i: number) {
    return { x: arange(3).mul(i), pair: [tensor([i + 0.5, i + 0.5]), i * 0.25] as [Tensor, number], label: i % 3, name: `s${i}` };
  }
}

describe('defaultCollate', () => {
  it('collates tensors, numbers, strings, tuples and records as default_collate', () => {
    const batches = [...new DataLoader(new Records(), { batchSize: 2 })];
    expect(batches.length).toBe(golden.collate.length);
    batches.forEach((b, i) => {
      const want = golden.collate[i];
      expectClose(b.x, want.x, EXACT, 'x');
      expectClose(b.pair[0], want.pair[0], EXACT, 'pair[0]');
      expectClose(b.pair[1], want.pair[1], EXACT, 'pair[1]');
      expectClose(b.label, want.label, EXACT, 'label');
      expect(b.name).toEqual(want.name);
    });
  });

  it('rejects what it cannot collate', () => {
    expect(() => defaultCollate([null, null])).toThrow('default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found null');
  });
});

describe('utils.data errors carry PyTorch\'s messages', () => {
  const e = golden.errors;
  const ds = indexDataset(10);
  const calls: Record<string, () => unknown> = {
    'TensorDataset size mismatch': () => new TensorDataset(zeros(3, 2), zeros(4)),
    'TensorDataset index out of range': () => ds.getItem(10),
    'batch_size=0': () => new DataLoader(ds, { batchSize: 0 }),
    'batch_size=-2': () => new DataLoader(ds, { batchSize: -2 }),
    'shuffle an empty dataset': () => new DataLoader(new TensorDataset(zeros(0)), { shuffle: true }),
    'random_split sum mismatch': () => randomSplit(ds, [3, 8]),
    'random_split fraction out of range': () => randomSplit(ds, [1.5, -0.5]),
    'collate ragged lists': () => defaultCollate([[1, 2], [3]]),
  };

  it('has a TypeScript line for every golden error', () => {
    expect(Object.keys(calls).sort()).toEqual(Object.keys(e).sort());
  });

  it.each(Object.entries(calls))('%s', (name, call) => {
    expect(call).toThrow(e[name]);
  });

  it('a failed split draws nothing', () => {
    manualSeed(0);
    const before = rand(2).data;
    manualSeed(0);
    expect(() => randomSplit(ds, [3, 8])).toThrow();
    expect(rand(2).data).toEqual(before);
  });
});
