// Samplers: the order in which a DataLoader visits a dataset, drawn as PyTorch 1.13 draws it.
import { Generator, defaultGenerator, randperm } from '../../tensor/random';

/** An iterable of dataset indices (or of index batches) that knows its length. */
export interface Sampler<I = number> extends Iterable<I> {
  readonly length: number;
}

interface Sized {
  readonly length: number;
}

/**
 * The indices 0, 1, …, length - 1, in order (`torch.utils.data.SequentialSampler`).
 *
 * @example
 * ```ts
 * [...new utils.data.SequentialSampler({ length: 5 })]; // [0, 1, 2, 3, 4]
 * ```
 */
export class SequentialSampler implements Sampler {
  constructor(readonly dataSource: Sized) {}

  /** The dataset's length. */
  get length(): number {
    return this.dataSource.length;
  }

  /** Yields 0, 1, …, length - 1. */
  *[Symbol.iterator](): IterableIterator<number> {
    const n = this.dataSource.length;
    for (let i = 0; i < n; i++) yield i;
  }
}

/** RandomSampler's options, after PyTorch's num_samples and generator. */
export interface RandomSamplerOptions {
  /** How many indices one pass yields (default: the dataset's length). */
  numSamples?: number;
  /** Where the permutations come from; without one, each pass seeds a fresh generator from the default one. */
  generator?: Generator | null;
}

/**
 * Random permutations without replacement: floor(numSamples / n) whole ones, then the head of one
 * more (which is drawn even when numSamples is a multiple of n, as in PyTorch, so a given
 * generator moves on by two permutations per pass). Without a generator, every pass starts a
 * new one seeded by one 64-bit draw from the default generator.
 *
 * @example
 * ```ts
 * const sampler = new utils.data.RandomSampler({ length: 5 }, { generator: new Generator().manualSeed(0) });
 * [...sampler]; // [4, 0, 1, 3, 2], torch.randperm(5, generator=torch.Generator().manual_seed(0))
 * ```
 */
export class RandomSampler implements Sampler {
  readonly generator: Generator | null;
  private readonly numSamplesOption: number | undefined;

  constructor(
    readonly dataSource: Sized,
    { numSamples, generator = null }: RandomSamplerOptions = {},
  ) {
    this.numSamplesOption = numSamples;
    this.generator = generator;
    const count = this.numSamples;
    if (!Number.isInteger(count) || count <= 0) {
      throw new Error(`num_samples should be a positive integer value, but got num_samples=${count}`);
    }
  }

  /** The dataset may change size between passes, so the default is read each time. */
  get numSamples(): number {
    return this.numSamplesOption ?? this.dataSource.length;
  }

  /** numSamples: the indices one pass yields. */
  get length(): number {
    return this.numSamples;
  }

  /** Yields one pass's numSamples indices, drawing its permutations as it goes. */
  *[Symbol.iterator](): IterableIterator<number> {
    const n = this.dataSource.length;
    const gen = this.generator ?? new Generator(int64Seed(defaultGenerator));
    const count = this.numSamples;
    for (let k = 0; k < Math.floor(count / n); k++) yield* randperm(gen, n);
    yield* randperm(gen, n).subarray(0, count % n);
  }
}

/**
 * torch.empty((), dtype=torch.int64).random_(generator=gen).item(): one random64() draw mod
 * 2^63, returned mod 2^32 — all of it that seeding an mt19937 reads.
 */
export function int64Seed(gen: Generator): number {
  return Number(gen.random64() & 0xffffffffn);
}

/**
 * Groups a sampler's indices into lists of `batchSize`; the last, shorter one is dropped with `dropLast`.
 *
 * @example
 * ```ts
 * const indices = new utils.data.SequentialSampler({ length: 5 });
 * [...new utils.data.BatchSampler(indices, 2, false)];   // [[0, 1], [2, 3], [4]]
 * new utils.data.BatchSampler(indices, 2, true).length; // 2
 * ```
 */
export class BatchSampler implements Sampler<number[]> {
  constructor(
    readonly sampler: Sampler,
    readonly batchSize: number,
    readonly dropLast: boolean,
  ) {
    if (typeof batchSize !== 'number' || !Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`batch_size should be a positive integer value, but got batch_size=${String(batchSize)}`);
    }
    if (typeof dropLast !== 'boolean') throw new Error(`drop_last should be a boolean value, but got drop_last=${String(dropLast)}`);
  }

  /** The number of batches: ⌈n / batchSize⌉, or ⌊n / batchSize⌋ with dropLast. */
  get length(): number {
    const n = this.sampler.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** Yields the sampler's indices in batches of batchSize. */
  *[Symbol.iterator](): IterableIterator<number[]> {
    let batch: number[] = [];
    for (const index of this.sampler) {
      batch.push(index);
      if (batch.length === this.batchSize) {
        yield batch;
        batch = [];
      }
    }
    if (batch.length > 0 && !this.dropLast) yield batch;
  }
}
