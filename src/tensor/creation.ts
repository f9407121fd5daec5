// Factories: tensor() from values, filled tensors, ranges, eye, and seeded random tensors.
import { checkTensor, describe, Tensor } from './tensor';
import { defaultGenerator, fillNormal, fillUniform } from './random';
import { formatShape, numelOf, shapeFromArgs, type Shape } from './shape';
import { allocFloat32 } from './alloc';

/** The options of the factories (`zeros`, `randn`, …). */
export interface TensorOptions {
  /** Start recording ops on the result for backward (default false). */
  requiresGrad?: boolean;
}

/** `tensor()`'s options. */
export interface FromValuesOptions extends TensorOptions {
  /** The shape of flat values (a Float32Array or a flat array); it must hold exactly their count. */
  shape?: readonly number[];
}

/** Nested arrays of numbers (booleans read as 0/1), as `torch.tensor` takes them. */
export type NestedValues = number | boolean | readonly NestedValues[];

type SizesAndOptions = (number | readonly number[] | TensorOptions)[];

/** Splits `zeros(2, 3, { requiresGrad: true })` into a shape and the options. */
function parseSizes(args: SizesAndOptions, op: string): [number[], TensorOptions] {
  const last = args[args.length - 1];
  const hasOptions = typeof last === 'object' && last !== null && !Array.isArray(last);
  const sizes = (hasOptions ? args.slice(0, -1) : args) as (number | readonly number[])[];
  return [shapeFromArgs(sizes, op), hasOptions ? (last as TensorOptions) : {}];
}

function finish(t: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

/**
 * A new tensor holding a copy of `values`: a number, nested arrays or a flat typed array
 * (`torch.tensor`). Flat values take their shape from `options.shape`.
 *
 * @example
 * ```ts
 * tensor([[1, 2], [3, 4]]).shape;                      // [2, 2]
 * tensor(new Float32Array(6), { shape: [2, 3] }).shape; // [2, 3]
 * tensor(3.5).item();                                  // 3.5, a 0-d tensor
 * ```
 */
export function tensor(values: NestedValues | Float32Array | ArrayLike<number>, options: FromValuesOptions = {}): Tensor {
  let data: Float32Array;
  let shape: number[];
  if (typeof values === 'number' || typeof values === 'boolean') {
    data = new Float32Array([Number(values)]);
    shape = [];
  } else if (ArrayBuffer.isView(values) || (!Array.isArray(values) && typeof values === 'object' && values !== null && 'length' in values)) {
    data = Float32Array.from(values as ArrayLike<number>);
    shape = [data.length];
  } else if (Array.isArray(values)) {
    [data, shape] = flattenNested(values);
  } else {
    throw new TypeError(`tensor(): could not infer dtype of ${values === null ? 'null' : typeof values}`);
  }
  if (options.shape !== undefined) {
    const wanted = shapeFromArgs([options.shape], 'tensor');
    if (numelOf(wanted) !== data.length) {
      throw new Error(`tensor(): shape '${formatShape(wanted)}' is invalid for input of size ${data.length}`);
    }
    shape = wanted;
  }
  return finish(new Tensor(data, shape), options);
}

/** Nested arrays to row-major data and a shape, one nesting level at a time; ragged input throws. */
function flattenNested(values: readonly NestedValues[]): [Float32Array, number[]] {
  const shape: number[] = [];
  let level: readonly NestedValues[] = [values];
  while (level.length > 0 && Array.isArray(level[0])) {
    const length = (level[0] as readonly NestedValues[]).length;
    shape.push(length);
    const next: NestedValues[] = [];
    for (const item of level) {
      if (!Array.isArray(item) || item.length !== length) {
        const got = Array.isArray(item) ? item.length : typeof item;
        throw new Error(`expected sequence of length ${length} at dim ${shape.length - 1} (got ${got})`);
      }
      for (const v of item) next.push(v);
    }
    level = next;
  }
  const data = allocFloat32(level.length);
  for (let i = 0; i < level.length; i++) {
    const v = level[i];
    if (typeof v === 'number') data[i] = v;
    else if (typeof v === 'boolean') data[i] = v ? 1 : 0;
    else throw new TypeError(`tensor(): expected numbers, got ${Array.isArray(v) ? 'an array' : typeof v} at depth ${shape.length}`);
  }
  return [data, shape];
}

/**
 * A tensor of `shape` filled with `value` (`torch.full`).
 *
 * @example
 * ```ts
 * full([2, 2], 7).tolist(); // [[7, 7], [7, 7]]
 * ```
 */
export function full(shape: number | readonly number[], value: number, options: TensorOptions = {}): Tensor {
  if (typeof value !== 'number') throw new TypeError(`full(): fill_value must be a number, got ${typeof value}`);
  const s = shapeFromArgs([shape], 'full');
  return finish(new Tensor(allocFloat32(numelOf(s)).fill(value), s), options);
}

/**
 * A tensor of zeros; the shape spread or as an array, options last (`torch.zeros`).
 *
 * @example
 * ```ts
 * zeros(2, 3).shape;                         // [2, 3]
 * zeros([2, 3], { requiresGrad: true }).requiresGrad; // true
 * ```
 */
export function zeros(...args: SizesAndOptions): Tensor {
  const [shape, options] = parseSizes(args, 'zeros');
  return finish(new Tensor(allocFloat32(numelOf(shape)), shape), options);
}

/**
 * A tensor of ones; the shape spread or as an array (`torch.ones`).
 *
 * @example
 * ```ts
 * ones(3).tolist(); // [1, 1, 1]
 * ```
 */
export function ones(...args: SizesAndOptions): Tensor {
  const [shape, options] = parseSizes(args, 'ones');
  return full(shape, 1, options);
}

/**
 * Uniform on [0, 1), the same numbers as torch.rand after the same manualSeed.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * rand(2); // tensor([0.4963, 0.7682]), as torch.rand(2) after torch.manual_seed(0)
 * ```
 */
export function rand(...args: SizesAndOptions): Tensor {
  const [shape, options] = parseSizes(args, 'rand');
  const data = allocFloat32(numelOf(shape));
  fillUniform(defaultGenerator, data, 0, 1);
  return finish(new Tensor(data, shape), options);
}

/**
 * Standard normal, the same numbers as torch.randn after the same manualSeed.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * randn(2, 3).shape; // [2, 3]
 * ```
 */
export function randn(...args: SizesAndOptions): Tensor {
  const [shape, options] = parseSizes(args, 'randn');
  const data = allocFloat32(numelOf(shape));
  fillNormal(defaultGenerator, data, 0, 1);
  return finish(new Tensor(data, shape), options);
}

/** The shape of `t`, the input of the *_like factory `op`. */
function likeShape(t: Tensor, op: string): Shape {
  checkTensor(t, op);
  return t.shape;
}

/**
 * Zeros of `t`'s shape (`torch.zeros_like`).
 *
 * @example
 * ```ts
 * zerosLike(ones(2, 2)).tolist(); // [[0, 0], [0, 0]]
 * ```
 */
export const zerosLike = (t: Tensor, options: TensorOptions = {}): Tensor => zeros(likeShape(t, 'zeros_like'), options);

/**
 * Ones of `t`'s shape (`torch.ones_like`).
 *
 * @example
 * ```ts
 * onesLike(zeros(2)).tolist(); // [1, 1]
 * ```
 */
export const onesLike = (t: Tensor, options: TensorOptions = {}): Tensor => ones(likeShape(t, 'ones_like'), options);

/**
 * Uniform [0, 1) draws of `t`'s shape (`torch.rand_like`).
 *
 * @example
 * ```ts
 * randLike(zeros(2, 3)).shape; // [2, 3]
 * ```
 */
export const randLike = (t: Tensor, options: TensorOptions = {}): Tensor => rand(likeShape(t, 'rand_like'), options);

/**
 * Standard normal draws of `t`'s shape (`torch.randn_like`).
 *
 * @example
 * ```ts
 * randnLike(zeros(2, 3)).shape; // [2, 3]
 * ```
 */
export const randnLike = (t: Tensor, options: TensorOptions = {}): Tensor => randn(likeShape(t, 'randn_like'), options);

/**
 * [start, end) in steps of `step`; `arange(end)` starts at 0.
 *
 * @example
 * ```ts
 * arange(4).tolist();         // [0, 1, 2, 3]
 * arange(1, 2, 0.25).tolist(); // [1, 1.25, 1.5, 1.75]
 * ```
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  for (const [name, v] of [['start', start], ['end', end], ['step', step]] as const) {
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`arange(): ${name} must be a finite number, got ${v}`);
  }
  if (step === 0) throw new Error('step must be nonzero');
  if ((step > 0 && end < start) || (step < 0 && end > start)) {
    throw new Error('upper bound and larger bound inconsistent with step sign');
  }
  const n = Math.ceil((end - start) / step);
  const data = allocFloat32(n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(new Tensor(data, [n]), options);
}

/**
 * `steps` evenly spaced values from start to end inclusive, in PyTorch's float32 arithmetic.
 *
 * @example
 * ```ts
 * linspace(0, 1, 5).tolist(); // [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  for (const [name, v] of [['start', start], ['end', end]] as const) {
    if (typeof v !== 'number') throw new TypeError(`linspace(): ${name} must be a number, got ${describe(v)}`);
  }
  if (!Number.isInteger(steps)) throw new TypeError(`linspace(): steps must be an integer, got ${steps}`);
  if (steps < 0) throw new Error('number of steps must be non-negative');
  const data = allocFloat32(steps);
  if (steps === 1) data[0] = start;
  if (steps > 1) {
    const f = Math.fround;
    const s = f(start);
    const e = f(end);
    const step = f((e - s) / (steps - 1));
    const halfway = Math.floor(steps / 2);
    // PyTorch's kernel: the first half forward from start, the second back from end, each value
    // one fused multiply-add; whole vectors of 8 (two at a time) add j·step to their first value.
    const at = (i: number): number => (i < halfway ? s + step * i : e - step * (steps - i - 1));
    let i = 0;
    for (; i + 16 <= steps; i += 16) {
      for (let v = i; v < i + 16; v += 8) {
        const base = f(at(v));
        for (let j = 0; j < 8; j++) data[v + j] = base + f(j * step);
      }
    }
    for (; i < steps; i++) data[i] = at(i);
  }
  return finish(new Tensor(data, [steps]), options);
}

/**
 * The n×m identity (m defaults to n).
 *
 * @example
 * ```ts
 * eye(2).tolist(); // [[1, 0], [0, 1]]
 * ```
 */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  const shape = shapeFromArgs([[n, m]], 'eye');
  const data = allocFloat32(n * m);
  for (let i = 0; i < Math.min(n, m); i++) data[i * m + i] = 1;
  return finish(new Tensor(data, shape), options);
}

