// Reductions: sum, mean, max/min (whole or along a dim, with indices), argmax/argmin, sumTo.
import { record, type Op } from '../autograd/node';
import { describe, Tensor, type ValuesIndices } from '../tensor/tensor';
import { formatShape, normalizeDim, splitAt, type Shape } from '../tensor/shape';
import { div, eq, mul } from './elementwise';
import { expand, view } from './movement';
import { allocFloat32, allocFloat64 } from '../tensor/alloc';

/**
 * Sorted, distinct, non-negative dims; undefined or [] means every dim. A 0-d tensor accepts
 * dim 0 / -1 but has no dim to reduce, so its list is empty.
 */
function reducedDims(x: Tensor, dim: number | readonly number[] | undefined): number[] {
  const nd = x.shape.length;
  const list = dim === undefined ? [] : typeof dim === 'number' ? [dim] : dim;
  if (!Array.isArray(list)) throw new TypeError(`dim must be an integer or an array of integers, got ${describe(dim)}`);
  if (list.length === 0) return Array.from({ length: nd }, (_, i) => i);
  const dims = list.map((d) => normalizeDim(d, nd));
  for (let i = 0; i < dims.length; i++) {
    if (dims.indexOf(dims[i]) !== i) throw new Error(`dim ${dims[i]} appears multiple times in the list of dims`);
  }
  return nd === 0 ? [] : dims.sort((a, b) => a - b);
}

/** The shape after reducing `dims`, kept as size 1 or dropped. */
function reducedShape(shape: Shape, dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (!dims.includes(i)) out.push(shape[i]);
    else if (keepdim) out.push(1);
  }
  return out;
}

/**
 * Sums of `src` (of `shape`) over `dims`, in float64. Each run of adjacent dims is one pass, the
 * last run first, that views the data as (outer, n, inner) and sums the middle axis.
 */
function sumOver(src: Float32Array, shape: Shape, dims: readonly number[]): Float64Array {
  let acc: Float32Array | Float64Array = src;
  const sizes = shape.slice();
  for (let j = dims.length - 1; j >= 0; j--) {
    const last = dims[j];
    while (j > 0 && dims[j - 1] === dims[j] - 1) j--;
    const first = dims[j];
    let outer = 1;
    for (let i = 0; i < first; i++) outer *= sizes[i];
    let n = 1;
    for (let i = first; i <= last; i++) {
      n *= sizes[i];
      sizes[i] = 1;
    }
    let inner = 1;
    for (let i = last + 1; i < sizes.length; i++) inner *= sizes[i];
    acc = sumMiddle(acc, outer, n, inner);
  }
  return acc instanceof Float64Array ? acc : Float64Array.from(acc);
}

/**
 * (outer, n, inner) → (outer, inner), summing the middle axis in float64: one accumulator when
 * inner is 1, else rows added into the output four at a time (a quarter of the read-modify-writes).
 */
function sumMiddle(src: Float32Array | Float64Array, outer: number, n: number, inner: number): Float64Array {
  const out = allocFloat64(outer * inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    if (inner === 1) {
      let s = 0;
      for (let k = 0; k < n; k++) s += src[base + k];
      out[o] = s;
      continue;
    }
    const dst = o * inner;
    let k = 0;
    for (; k + 4 <= n; k += 4) {
      const r0 = base + k * inner;
      const r1 = r0 + inner;
      const r2 = r1 + inner;
      const r3 = r2 + inner;
      for (let i = 0; i < inner; i++) out[dst + i] += (src[r0 + i] + src[r1 + i]) + (src[r2 + i] + src[r3 + i]);
    }
    for (; k < n; k++) {
      const r = base + k * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += src[r + i];
    }
  }
  return out;
}

/**
 * m[at + r·cols + j] += v[j] for `rows` rows of cols = v.length: a bias added to every row (the
 * adjoint of columnSums). Four columns an iteration, or the whole column when there is one.
 */
export function addToRows(m: Float32Array, at: number, rows: number, v: Float32Array | Float64Array): void {
  const cols = v.length;
  const end = at + rows * cols;
  if (cols === 1) {
    const v0 = v[0];
    for (let o = at; o < end; o++) m[o] += v0;
    return;
  }
  for (let o = at; o < end; o += cols) {
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      m[o + j] += v[j];
      m[o + j + 1] += v[j + 1];
      m[o + j + 2] += v[j + 2];
      m[o + j + 3] += v[j + 3];
    }
    for (; j < cols; j++) m[o + j] += v[j];
  }
}

/** The column sums of a (rows × cols) row-major block, in float64 rounded once to float32: a bias gradient. */
export function columnSums(m: Float32Array, rows: number, cols: number): Float32Array {
  return Float32Array.from(sumMiddle(m, 1, rows, cols));
}

/** sumOver's sums divided by `count`, rounded once to float32. */
function sumsOver(x: Tensor, dims: readonly number[], count: number): Float32Array {
  const sums = sumOver(x.data, x.shape, dims);
  const out = allocFloat32(sums.length);
  for (let i = 0; i < out.length; i++) out[i] = sums[i] / count;
  return out;
}

interface ReduceSaved { readonly dims: readonly number[]; readonly count: number }

/** The gradient of a reduction, spread back over the reduced dims: g / count, broadcast (a fill for a scalar g). */
function spread(g: Tensor, x: Tensor, dims: readonly number[], count: number): Tensor {
  if (g.data.length === 1) return new Tensor(allocFloat32(x.data.length).fill(g.data[0] / count), x.shape);
  const kept = g.reshape(reducedShape(x.shape, dims, true));
  return expand(count === 1 ? kept : div(kept, count), x.shape);
}

const sumOp: Op<ReduceSaved> = {
  name: 'SumBackward1',
  backward: (g, { inputs: [x], saved: { dims } }) => [spread(g, x, dims, 1)],
};
// sum() without a dim is another overload in PyTorch, so its grad_fn prints another name
const sumAllOp: Op<ReduceSaved> = { ...sumOp, name: 'SumBackward0' };

export function sum(x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const dims = reducedDims(x, dim);
  const out = sumsOver(x, dims, 1);
  return record(dim === undefined ? sumAllOp : sumOp, [x], new Tensor(out, reducedShape(x.shape, dims, keepdim)), { dims, count: 0 });
}

const meanOp: Op<ReduceSaved> = {
  name: 'MeanBackward1',
  backward: (g, { inputs: [x], saved: { dims, count } }) => [spread(g, x, dims, count)],
};
const meanAllOp: Op<ReduceSaved> = { ...meanOp, name: 'MeanBackward0' };

export function mean(x: Tensor, dim: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  const dims = reducedDims(x, dim);
  let count = 1;
  for (const d of dims) count *= x.shape[d];
  const out = sumsOver(x, dims, count);
  return record(dim === undefined ? meanAllOp : meanOp, [x], new Tensor(out, reducedShape(x.shape, dims, keepdim)), { dims, count });
}

/** Broadcasting's gradient: sums `x` over the dims that broadcasting to its shape added or widened. */
export function sumTo(x: Tensor, shape: Shape): Tensor {
  const lead = x.shape.length - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < x.shape.length; i++) {
    const target = i < lead ? 1 : shape[i - lead];
    if (i < lead || (target === 1 && x.shape[i] !== 1)) dims.push(i);
    else if (target !== x.shape[i]) throw new Error(`sumTo(): ${formatShape(x.shape)} cannot be summed to ${formatShape(shape)}`);
  }
  if (lead < 0) throw new Error(`sumTo(): ${formatShape(x.shape)} cannot be summed to ${formatShape(shape)}`);
  if (dims.length === 0) return x;
  const kept = sum(x, dims, true);
  return lead === 0 ? kept : view(kept, [shape]);
}

// ---- max / min ----

/** Index of the extreme of src[base + k·stride], k < n: the first one, or the first NaN. */
function extremeIndex(src: Float32Array, base: number, stride: number, n: number, largest: boolean): number {
  let best = src[base];
  let at = 0;
  if (best !== best) return 0;
  for (let k = 1, i = base + stride; k < n; k++, i += stride) {
    const v = src[i];
    if (v !== v) return k;
    if (largest ? v > best : v < best) {
      best = v;
      at = k;
    }
  }
  return at;
}

/** Gradient of a whole-tensor max/min: shared evenly among the elements equal to the result. */
const extremeAllOp = (name: string): Op => ({
  name,
  backward: (g, { inputs: [x], out }) => {
    const mask = out.data[0] !== out.data[0] ? isNan(x) : eq(x, out);
    return [mul(mask, div(g, mask.sum()))];
  },
});

function isNan(x: Tensor): Tensor {
  const out = allocFloat32(x.data.length);
  for (let i = 0; i < out.length; i++) out[i] = x.data[i] !== x.data[i] ? 1 : 0;
  return new Tensor(out, x.shape);
}

const maxAllOp = extremeAllOp('MaxBackward1');
const minAllOp = extremeAllOp('MinBackward1');

function extremeAll(x: Tensor, largest: boolean): Tensor {
  const name = largest ? 'max' : 'min';
  if (x.data.length === 0) {
    throw new Error(`${name}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const value = x.data[extremeIndex(x.data, 0, 1, x.data.length, largest)];
  return record(largest ? maxAllOp : minAllOp, [x], new Tensor(new Float32Array([value]), []), undefined);
}

export const maxAll = (x: Tensor): Tensor => extremeAll(x, true);
export const minAll = (x: Tensor): Tensor => extremeAll(x, false);

interface SelectSaved { readonly dim: number; readonly indices: Int32Array }

/** Gradient of a value picked along a dim: it flows back to the picked index only. */
const selectOp = (name: string): Op<SelectSaved> => ({
  name,
  backward: (g, { inputs: [x], saved: { dim, indices } }) => {
    const [outer, n, inner] = splitAt(x.shape, dim);
    const dx = allocFloat32(x.data.length);
    const gd = g.data;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const j = o * inner + i;
        dx[(o * n + indices[j]) * inner + i] = gd[j];
      }
    }
    return [new Tensor(dx, x.shape)];
  },
});

const maxDimOp = selectOp('MaxBackward0');
const minDimOp = selectOp('MinBackward0');

/** Per (outer, inner) position, the index of the extreme along `dim`. */
function extremeIndices(x: Tensor, dim: number, largest: boolean, op: string): Int32Array {
  const [outer, n, inner] = splitAt(x.shape, dim);
  if (n === 0) {
    throw new Error(`${op}(): Expected reduction dim ${dim} to have non-zero size.`);
  }
  const indices = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) indices[o * inner + i] = extremeIndex(x.data, o * n * inner + i, inner, n, largest);
  }
  return indices;
}

function extremeDim(x: Tensor, dim: number, keepdim: boolean, largest: boolean): ValuesIndices {
  const d = normalizeDim(dim, x.shape.length);
  const indices = extremeIndices(x, d, largest, largest ? 'max' : 'min');
  const [, n, inner] = splitAt(x.shape, d);
  const values = allocFloat32(indices.length);
  for (let j = 0; j < indices.length; j++) {
    const o = Math.floor(j / inner);
    values[j] = x.data[(o * n + indices[j]) * inner + (j % inner)];
  }
  const shape = x.shape.length === 0 ? [] : reducedShape(x.shape, [d], keepdim);
  const v = record(largest ? maxDimOp : minDimOp, [x], new Tensor(values, shape), { dim: d, indices });
  const i = new Tensor(Float32Array.from(indices), shape);
  return Object.assign([v, i] as [Tensor, Tensor], { values: v, indices: i });
}

export const maxDim = (x: Tensor, dim: number, keepdim: boolean): ValuesIndices => extremeDim(x, dim, keepdim, true);
export const minDim = (x: Tensor, dim: number, keepdim: boolean): ValuesIndices => extremeDim(x, dim, keepdim, false);

function argExtreme(x: Tensor, dim: number | undefined, keepdim: boolean, largest: boolean): Tensor {
  const op = largest ? 'argmax' : 'argmin';
  if (dim === undefined) {
    if (x.data.length === 0) throw new Error(`${op}(): Expected reduction dim to be specified for input.numel() == 0.`);
    const at = extremeIndex(x.data, 0, 1, x.data.length, largest);
    return new Tensor(new Float32Array([at]), keepdim ? x.shape.map(() => 1) : []);
  }
  const d = normalizeDim(dim, x.shape.length);
  const indices = extremeIndices(x, d, largest, op);
  return new Tensor(Float32Array.from(indices), x.shape.length === 0 ? [] : reducedShape(x.shape, [d], keepdim));
}

/** Indices of the largest elements (of the flattened tensor without `dim`), as floats. */
export const argmax = (x: Tensor, dim: number | undefined, keepdim: boolean): Tensor => argExtreme(x, dim, keepdim, true);
export const argmin = (x: Tensor, dim: number | undefined, keepdim: boolean): Tensor => argExtreme(x, dim, keepdim, false);

