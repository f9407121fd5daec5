// DataLoader: batches of a dataset in sampler order, collated as torch.utils.data's default_collate.
import { stack } from '../../ops/movement';
import { tensor } from '../../tensor/creation';
import { defaultGenerator, Generator } from '../../tensor/random';
import { describe, Tensor } from '../../tensor/tensor';
import type { Dataset } from './dataset';
import { BatchSampler, RandomSampler, SequentialSampler, int64Seed, type Sampler } from './sampler';

/** What defaultCollate makes of a batch of samples of type T. */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends string
      ? string[]
      : T extends readonly unknown[]
        ? { -readonly [K in keyof T]: Collated<T[K]> }
        : T extends object
          ? { [K in keyof T]: Collated<T[K]> }
          : never;

/**
 * torch.utils.data.default_collate: tensors are stacked along a new dim 0, numbers (and booleans)
 * become a 1-D tensor, strings a list, and arrays and plain objects are collated position by
 * position and key by key. (PyTorch makes float64 and int64 tensors of numbers; torchlet is float32.)
 *
 * @example
 * ```ts
 * const [x, y] = utils.data.defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]);
 * x.tolist(); // [[1, 2], [3, 4]]
 * y.tolist(); // [0, 1]
 * ```
 */
export function defaultCollate<T>(batch: readonly T[]): Collated<T> {
  return collate(batch) as Collated<T>;
}

// Recursive over a sample's nesting (a tuple of tensors, a record of them), which is shallow.
function collate(batch: readonly unknown[]): unknown {
  const elem = batch[0];
  if (elem instanceof Tensor) return stack(batch as Tensor[], 0); // (B, ...elem.shape)
  if (typeof elem === 'number' || typeof elem === 'boolean') return tensor(batch as number[]); // (B,)
  if (typeof elem === 'string') return batch.slice();
  if (Array.isArray(elem)) {
    for (const e of batch) {
      if (!Array.isArray(e) || e.length !== elem.length) throw new Error('each element in list of batch should be of equal size');
    }
    return elem.map((_, i) => collate(batch.map((e) => (e as unknown[])[i])));
  }
  if (typeof elem === 'object' && elem !== null && [Object.prototype, null].includes(Object.getPrototypeOf(elem))) {
    return Object.fromEntries(Object.keys(elem).map((key) => [key, collate(batch.map((d) => (d as Record<string, unknown>)[key]))]));
  }
  const found = elem === null ? 'null' : typeof elem === 'object' ? (elem.constructor?.name ?? 'object') : typeof elem;
  throw new TypeError(`default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found ${found}`);
}

/** DataLoader's options, after PyTorch's batch_size, shuffle, drop_last, generator and collate_fn. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** A new random order every pass (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is short (default false). */
  dropLast?: boolean;
  /** The generator for shuffling and the per-pass base seed (default: the global one). */
  generator?: Generator | null;
  /** Makes a batch of the samples (default: defaultCollate). */
  collateFn?: (samples: T[]) => B;
}

/**
 * Iterates over a dataset in batches: `for (const [x, y] of loader)`. Each pass walks a fresh
 * sampler order, PyTorch's for the same seed, with num_workers = 0.
 *
 * @example
 * ```ts
 * const dataset = new utils.data.TensorDataset(arange(10).reshape(5, 2), arange(5));
 * const loader = new utils.data.DataLoader(dataset, { batchSize: 2 });
 * loader.length; // 3
 * for (const [x, y] of loader) console.log(x.shape, y.tolist());
 * // [2, 2] [0, 1]
 * // [2, 2] [2, 3]
 * // [1, 2] [4]
 * ```
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly dropLast: boolean;
  readonly generator: Generator | null;
  readonly sampler: Sampler;
  readonly batchSampler: BatchSampler;
  /** Makes a batch of the samples: the collateFn option, or defaultCollate. */
  readonly collateFn: (samples: T[]) => B;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    const { batchSize = 1, shuffle = false, dropLast = false, generator = null, collateFn } = options;
    if (typeof (dataset as Partial<Dataset<T>> | null)?.getItem !== 'function' || typeof dataset.length !== 'number') {
      throw new TypeError(`DataLoader: dataset must be a Dataset (with getItem(index) and length), got ${describe(dataset)}`);
    }
    if (generator !== null && !(generator instanceof Generator)) throw new TypeError(`DataLoader: generator must be a Generator or null, got ${describe(generator)}`);
    if (collateFn !== undefined && typeof collateFn !== 'function') throw new TypeError(`DataLoader: collateFn must be a function, got ${describe(collateFn)}`);
    this.dataset = dataset;
    this.sampler = shuffle ? new RandomSampler(dataset, { generator }) : new SequentialSampler(dataset);
    this.batchSampler = new BatchSampler(this.sampler, batchSize, dropLast);
    this.batchSize = batchSize;
    this.dropLast = dropLast;
    this.generator = generator;
    // without a collateFn, B is its default, Collated<T>
    this.collateFn = collateFn ?? (defaultCollate as unknown as (samples: T[]) => B);
  }

  /** The number of batches in a pass. */
  get length(): number {
    return this.batchSampler.length;
  }

  /** One pass over the dataset: a batch per list of the batch sampler's indices, collated. */
  [Symbol.iterator](): IterableIterator<B> {
    const batches = this.batchSampler[Symbol.iterator](); // lazy: the sampler draws on the first batch
    // PyTorch's _BaseDataLoaderIter draws a base seed for worker processes here, whether or not
    // there are any: drawing it too keeps the generator's stream, and later shuffles, in step.
    int64Seed(this.generator ?? defaultGenerator);
    return this.load(batches);
  }

  private *load(batches: Iterator<number[]>): IterableIterator<B> {
    for (let next = batches.next(); next.done !== true; next = batches.next()) {
      yield this.collateFn(next.value.map((i) => this.dataset.getItem(i)));
    }
  }
}
