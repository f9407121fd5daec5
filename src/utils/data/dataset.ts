// Map-style datasets: the Dataset base, TensorDataset, Subset, and randomSplit.
import { defaultGenerator, randperm, type Generator } from '../../tensor/random';
import { describe, Tensor } from '../../tensor/tensor';

/**
 * A map-style dataset (torch.utils.data.Dataset): `length` samples, each read with
 * `getItem(index)`. `length` may be a field or a getter.
 *
 * @example
 * ```ts
 * class Squares extends utils.data.Dataset<number> {
 *   readonly length = 4;
 *   getItem(index: number): number { return index * index; }
 * }
 * const loader = new utils.data.DataLoader(new Squares(), { batchSize: 3 });
 * [...loader].map((batch) => batch.tolist()); // [[0, 1, 4], [9]]
 * ```
 */
export abstract class Dataset<T> {
  /** The sample at `index`, 0 <= index < length. */
  abstract getItem(index: number): T;
  /** The number of samples. */
  abstract readonly length: number;
}

/**
 * Samples are the i-th rows of tensors that share their first dim: `getItem(i)` = [x[i], y[i], …]
 * (`torch.utils.data.TensorDataset`).
 *
 * @example
 * ```ts
 * const dataset = new utils.data.TensorDataset(arange(10).reshape(5, 2), arange(5));
 * dataset.length;                                  // 5
 * dataset.getItem(1).map((t) => t.tolist());       // [[2, 3], 1]
 * ```
 */
export class TensorDataset<T extends Tensor[] = Tensor[]> extends Dataset<T> {
  readonly tensors: T;

  constructor(...tensors: T) {
    super();
    if (tensors.length === 0) throw new Error('TensorDataset needs at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset: expected Tensors, got ${describe(t)} at position ${i}`);
    });
    for (const t of tensors) {
      if (t.dim() === 0) throw new Error('dimension specified as 0 but tensor has no dimensions');
      if (t.shape[0] !== tensors[0].shape[0]) throw new Error('Size mismatch between tensors');
    }
    this.tensors = tensors;
  }

  /** The size of the tensors' first dim. */
  get length(): number {
    return this.tensors[0].shape[0];
  }

  /** Row `index` of every tensor (a negative index counts from the end, as in Python). */
  getItem(index: number): T {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`index ${index} is out of bounds for dimension 0 with size ${n}`);
    }
    return this.tensors.map((t) => t.narrow(0, index, 1).reshape(t.shape.slice(1))) as T; // x[i]: (...rest)
  }
}

/**
 * The samples of `dataset` at `indices`, in that order (`torch.utils.data.Subset`).
 *
 * @example
 * ```ts
 * const dataset = new utils.data.TensorDataset(arange(5));
 * const subset = new utils.data.Subset(dataset, [4, 0]);
 * subset.length;                 // 2
 * subset.getItem(0)[0].item();   // 4
 * ```
 */
export class Subset<T> extends Dataset<T> {
  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: readonly number[],
  ) {
    super();
  }

  /** The number of indices. */
  get length(): number {
    return this.indices.length;
  }

  /** The sample of `dataset` at `indices[index]` (a negative index counts from the end). */
  getItem(index: number): T {
    const n = this.indices.length;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError('list index out of range');
    return this.dataset.getItem(this.indices[index < 0 ? index + n : index]);
  }
}

/**
 * Splits `dataset` into non-overlapping random subsets of the given lengths, or of fractions that
 * sum to 1 (each floor(fraction · length), the remainder dealt out one by one from the first):
 * the pieces of one `randperm(length, generator)`, as torch.utils.data.random_split.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const dataset = new utils.data.TensorDataset(arange(5));
 * const [train, test] = utils.data.randomSplit(dataset, [0.6, 0.4]);
 * train.indices; // [4, 0, 1]
 * test.indices;  // [3, 2]
 * ```
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  const n = dataset.length;
  let sizes = lengths.slice();
  let sum = 0;
  for (const l of lengths) sum += l;
  if (Math.abs(sum - 1) <= 1e-9 && sum <= 1) {
    // Python's math.isclose(sum, 1): relative tolerance 1e-9
    sizes = lengths.map((frac, i) => {
      if (frac < 0 || frac > 1) throw new Error(`Fraction at index ${i} is not between 0 and 1`);
      return Math.floor(n * frac);
    });
    let remainder = n;
    for (const s of sizes) remainder -= s;
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length] += 1;
    sizes.forEach((s, i) => {
      if (s === 0) console.warn(`UserWarning: Length of split at index ${i} is 0. This might result in an empty dataset.`);
    });
  }
  if (sizes.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new Error(`random_split expects non-negative integer lengths or fractions that sum to 1, but got [${lengths.join(', ')}]`);
  }
  let total = 0;
  for (const s of sizes) total += s;
  if (total !== n) throw new Error('Sum of input lengths does not equal the length of the input dataset!');
  const perm = randperm(generator, n);
  let offset = 0;
  return sizes.map((s) => {
    const indices = Array.from(perm.subarray(offset, offset + s));
    offset += s;
    return new Subset(dataset, indices);
  });
}
