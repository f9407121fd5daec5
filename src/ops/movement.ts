// Movement ops: views that share data (reshape, squeeze, unsqueeze, flatten) and copies that
// reorder it (permute, transpose, expand, narrow, cat, stack).
import { record, type Op } from '../autograd/node';
import { describe, Tensor } from '../tensor/tensor';
import { formatShape, normalizeDim, numelOf, sameShape, splitAt, stridesOf, type Shape } from '../tensor/shape';
import { allocFloat32 } from '../tensor/alloc';
import { copyFloats } from './copy';

// ---- kernels ----

/** Reads `src` through `strides` (0 for a broadcast dim) into a new row-major array of `shape`. */
function gatherStrided(src: Float32Array, strides: readonly number[], shape: Shape): Float32Array {
  const out = allocFloat32(numelOf(shape));
  if (out.length === 0) return out;
  const nd = shape.length;
  if (nd === 0) {
    out[0] = src[0];
    return out;
  }
  const last = shape[nd - 1];
  const step = strides[nd - 1];
  const index = new Array<number>(nd).fill(0);
  let offset = 0;
  for (let o = 0; o < out.length; o += last) {
    for (let k = 0, s = offset; k < last; k++, s += step) out[o + k] = src[s];
    for (let d = nd - 2; d >= 0; d--) {
      offset += strides[d];
      if (++index[d] < shape[d]) break;
      offset -= strides[d] * shape[d];
      index[d] = 0;
    }
  }
  return out;
}

/** `outer` blocks of `len` elements: dst[dstOff + o·dstStride + k] = src[srcOff + o·srcStride + k]. */
function copyBlocks(
  src: Float32Array, srcOff: number, srcStride: number,
  dst: Float32Array, dstOff: number, dstStride: number,
  outer: number, len: number,
): void {
  for (let o = 0; o < outer; o++) copyFloats(src, srcOff + o * srcStride, dst, dstOff + o * dstStride, len);
}

// ---- views ----

const viewOp: Op = { name: 'ViewBackward0', backward: (g, { inputs: [x] }) => [alias(g, x.shape)] };
// the same rule under the names PyTorch 1.13's grad_fn prints for these views
const reshapeOp: Op = { ...viewOp, name: 'ReshapeAliasBackward0' };
const squeezeAllOp: Op = { ...viewOp, name: 'SqueezeBackward0' };
const squeezeDimOp: Op = { ...viewOp, name: 'SqueezeBackward1' };
const unsqueezeOp: Op = { ...viewOp, name: 'UnsqueezeBackward0' };

/** The same data under another shape (no checks: callers have validated `shape`). */
function alias(x: Tensor, shape: Shape, op: Op = viewOp): Tensor {
  return record(op, [x], new Tensor(x.data, shape), undefined);
}

/** The shape `args` asks of x, with one -1 inferred, as `x.reshape(2, -1)`. */
function inferShape(x: Tensor, args: readonly (number | readonly number[])[]): number[] {
  const sizes = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
  const shape = sizes.slice();
  let infer = -1;
  let known = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (typeof s !== 'number' || !Number.isInteger(s)) throw new TypeError(`reshape(): sizes must be integers, got ${formatShape(sizes)}`);
    if (s === -1) {
      if (infer >= 0) throw new Error('only one dimension can be inferred');
      infer = i;
    } else if (s < 0) {
      throw new Error(`invalid shape dimension ${s}`);
    } else {
      known *= s;
    }
  }
  const n = x.data.length;
  if (infer >= 0 && known !== 0 && n % known === 0) shape[infer] = n / known;
  if ((infer >= 0 && shape[infer] === -1) || numelOf(shape) !== n) {
    throw new Error(`shape '${formatShape(sizes)}' is invalid for input of size ${n}`);
  }
  return shape;
}

export const reshape = (x: Tensor, args: readonly (number | readonly number[])[]): Tensor => alias(x, inferShape(x, args), reshapeOp);
export const view = (x: Tensor, args: readonly (number | readonly number[])[]): Tensor => alias(x, inferShape(x, args));

export function flatten(x: Tensor, startDim: number, endDim: number): Tensor {
  const start = normalizeDim(startDim, x.shape.length);
  const end = normalizeDim(endDim, x.shape.length);
  if (x.shape.length === 0) return alias(x, [1], reshapeOp);
  if (start > end) throw new Error('flatten() has invalid args: start_dim cannot come after end_dim');
  let merged = 1;
  for (let i = start; i <= end; i++) merged *= x.shape[i];
  return alias(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)], reshapeOp);
}

/** Drops size-1 dims: all of them, or only `dim` if it has size 1. */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return alias(x, x.shape.filter((s) => s !== 1), squeezeAllOp);
  const d = normalizeDim(dim, x.shape.length);
  if (x.shape.length === 0 || x.shape[d] !== 1) return alias(x, x.shape, squeezeDimOp);
  return alias(x, [...x.shape.slice(0, d), ...x.shape.slice(d + 1)], squeezeDimOp);
}

/** Inserts a size-1 dim at `dim` (in [-dim()-1, dim()]). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length + 1);
  return alias(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)], unsqueezeOp);
}

// ---- copies ----

const permuteOp: Op<readonly number[]> = {
  name: 'PermuteBackward0',
  backward: (g, { saved: dims }) => {
    const inverse = new Array<number>(dims.length);
    for (let i = 0; i < dims.length; i++) inverse[dims[i]] = i;
    return [permute(g, [inverse])];
  },
};
const transposeOp: Op<readonly number[]> = { ...permuteOp, name: 'TransposeBackward0' };
const tOp: Op<readonly number[]> = { ...permuteOp, name: 'TBackward0' };

/** Output dim i is input dim dims[i], for dims already validated; recorded as `op`. */
function reorder(x: Tensor, dims: readonly number[], op: Op<readonly number[]>): Tensor {
  const strides = stridesOf(x.shape);
  const shape = dims.map((d) => x.shape[d]);
  const out = gatherStrided(x.data, dims.map((d) => strides[d]), shape);
  return record(op, [x], new Tensor(out, shape), dims);
}

/** Reorders dims: output dim i is input dim dims[i]. */
export function permute(x: Tensor, args: readonly (number | readonly number[])[]): Tensor {
  const raw = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
  const nd = x.shape.length;
  if (raw.length !== nd) {
    throw new Error(
      `permute(sparse_coo): number of dimensions in the tensor input does not match the length of the desired ordering of dimensions i.e. input.dim() = ${nd} is not equal to len(dims) = ${raw.length}`,
    );
  }
  const dims = raw.map((d) => normalizeDim(d, nd));
  if (new Set(dims).size !== nd) throw new Error('permute(): duplicate dims are not allowed.');
  return reorder(x, dims, permuteOp);
}

export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const nd = x.shape.length;
  const a = normalizeDim(dim0, nd);
  const b = normalizeDim(dim1, nd);
  const dims = Array.from({ length: nd }, (_, i) => i);
  if (nd > 0) {
    dims[a] = b; // a 0-d tensor accepts dims 0 and -1 but has none to swap
    dims[b] = a;
  }
  return reorder(x, dims, transposeOp);
}

export function t(x: Tensor): Tensor {
  const nd = x.shape.length;
  if (nd > 2) throw new Error(`t() expects a tensor with <= 2 dimensions, but self is ${nd}D`);
  return reorder(x, nd === 2 ? [1, 0] : Array.from({ length: nd }, (_, i) => i), tOp);
}

const expandOp: Op = { name: 'ExpandBackward0', backward: (g, { inputs: [x] }) => [g.sumTo(x.shape)] };

/** Repeats size-1 dims (and adds leading dims) to reach `sizes`; -1 keeps a size. */
export function expand(x: Tensor, args: readonly (number | readonly number[])[] | Shape): Tensor {
  const raw = args.length === 1 && Array.isArray(args[0]) ? (args[0] as readonly number[]) : (args as number[]);
  const nd = x.shape.length;
  if (raw.length < nd) {
    throw new Error(
      `expand(torch.FloatTensor{${formatShape(x.shape)}}, size=${formatShape(raw)}): the number of sizes provided (${raw.length}) must be greater or equal to the number of dimensions in the tensor (${nd})`,
    );
  }
  const lead = raw.length - nd;
  const shape = new Array<number>(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const want = raw[i];
    if (!Number.isInteger(want)) throw new TypeError(`expand(): sizes must be integers, got ${formatShape(raw)}`);
    if (i < lead) {
      if (want === -1) throw new Error(`The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension ${i}`);
      shape[i] = want;
      continue;
    }
    const have = x.shape[i - lead];
    if (want === -1 || want === have) shape[i] = have;
    else if (have === 1) shape[i] = want;
    else {
      throw new Error(
        `The expanded size of the tensor (${want}) must match the existing size (${have}) at non-singleton dimension ${i}.  Target sizes: ${formatShape(raw)}.  Tensor sizes: ${formatShape(x.shape)}`,
      );
    }
  }
  // a size below -1 where a dim is new or 1 (PyTorch 1.13 fails later, with "numel: integer multiplication overflow")
  const negative = shape.find((s) => s < 0);
  if (negative !== undefined) throw new Error(`Trying to create tensor with negative dimension ${negative}: ${formatShape(shape)}`);
  if (sameShape(shape, x.shape)) return record(expandOp, [x], new Tensor(x.data, shape), undefined);
  const strides = new Array<number>(shape.length).fill(0);
  const own = stridesOf(x.shape);
  for (let i = 0; i < nd; i++) strides[lead + i] = x.shape[i] === 1 ? 0 : own[i];
  return record(expandOp, [x], new Tensor(gatherStrided(x.data, strides, shape), shape), undefined);
}

interface NarrowSaved { readonly dim: number; readonly start: number }

const narrowOp: Op<NarrowSaved> = {
  name: 'SliceBackward0', // PyTorch's narrow is a slice
  backward: (g, { inputs: [x], saved: { dim, start } }) => {
    const [outer, size, inner] = splitAt(x.shape, dim);
    const dx = allocFloat32(x.data.length);
    const len = g.shape[dim] * inner;
    copyBlocks(g.data, 0, len, dx, start * inner, size * inner, outer, len);
    return [new Tensor(dx, x.shape)];
  },
};

/** The slice [start, start + length) along `dim`, as a copy. */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  if (x.shape.length === 0) throw new Error('narrow() cannot be applied to a 0-dim tensor.');
  const d = normalizeDim(dim, x.shape.length);
  const size = x.shape[d];
  if (!Number.isInteger(start)) throw new TypeError(`narrow(): start must be an integer, got ${String(start)}`);
  // PyTorch 1.13 wraps start like a dim index (start = size, the end, is also valid)
  const s = start === size ? start : normalizeDim(start, size);
  if (!Number.isInteger(length) || length < 0 || s + length > size) {
    throw new RangeError(`start (${s}) + length (${length}) exceeds dimension size (${size}).`);
  }
  const [outer, , inner] = splitAt(x.shape, d);
  const shape = x.shape.slice();
  shape[d] = length;
  const out = allocFloat32(outer * length * inner);
  copyBlocks(x.data, s * inner, size * inner, out, 0, length * inner, outer, length * inner);
  return record(narrowOp, [x], new Tensor(out, shape), { dim: d, start: s });
}

/** The first check of cat and stack: a non-empty array (else `empty`) of nothing but Tensors. */
function checkTensorList(tensors: readonly Tensor[], op: string, empty: string): void {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new Error(empty);
  for (let i = 0; i < tensors.length; i++) {
    if (!(tensors[i] instanceof Tensor)) throw new TypeError(`${op}: expected a list of Tensors, got ${describe(tensors[i])} at position ${i}`);
  }
}

const catOp: Op<number> = {
  name: 'CatBackward0',
  backward: (g, { inputs, saved: dim }) => {
    let start = 0;
    return inputs.map((x) => {
      const part = narrow(g, dim, start, x.shape[dim]);
      start += x.shape[dim];
      return part;
    });
  },
};

/**
 * Joins tensors along an existing dim (`torch.cat`); the other sizes must match.
 *
 * @example
 * ```ts
 * cat([zeros(2, 3), ones(1, 3)]).shape;       // [3, 3]
 * cat([zeros(2, 3), ones(2, 1)], 1).shape;    // [2, 4]
 * ```
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList(tensors, 'torch.cat()', 'torch.cat(): expected a non-empty list of Tensors');
  const first = tensors[0];
  const nd = first.shape.length;
  if (nd === 0) throw new Error('zero-dimensional tensor (at position 0) cannot be concatenated');
  const d = normalizeDim(dim, nd);
  let total = 0;
  for (let i = 0; i < tensors.length; i++) {
    const x = tensors[i];
    if (x.shape.length !== nd) throw new Error(`Tensors must have same number of dimensions: got ${nd} and ${x.shape.length}`);
    for (let k = 0; k < nd; k++) {
      if (k !== d && x.shape[k] !== first.shape[k]) {
        throw new Error(
          `Sizes of tensors must match except in dimension ${d}. Expected size ${first.shape[k]} but got size ${x.shape[k]} for tensor number ${i} in the list.`,
        );
      }
    }
    total += x.shape[d];
  }
  const shape = first.shape.slice();
  shape[d] = total;
  return record(catOp, tensors, join(tensors, d, shape), d);
}

/** `tensors` (sizes checked) joined along `d` into a new tensor of `shape`. */
function join(tensors: readonly Tensor[], d: number, shape: Shape): Tensor {
  const [outer, total, inner] = splitAt(shape, d);
  const out = allocFloat32(numelOf(shape));
  let offset = 0;
  for (const x of tensors) {
    const len = x.shape[d] * inner;
    copyBlocks(x.data, 0, len, out, offset, total * inner, outer, len);
    offset += len;
  }
  return new Tensor(out, shape);
}

const stackOp: Op<number> = {
  name: 'StackBackward0',
  backward: (g, { inputs, saved: dim }) => inputs.map((x, i) => alias(narrow(g, dim, i, 1), x.shape)),
};

/**
 * Joins equal-shape tensors along a new dim (`torch.stack`).
 *
 * @example
 * ```ts
 * stack([zeros(2, 3), ones(2, 3)]).shape;    // [2, 2, 3]
 * stack([zeros(2, 3), ones(2, 3)], 2).shape; // [2, 3, 2]
 * ```
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList(tensors, 'torch.stack()', 'stack expects a non-empty TensorList');
  const first = tensors[0];
  for (let i = 1; i < tensors.length; i++) {
    if (!sameShape(tensors[i].shape, first.shape)) {
      throw new Error(
        `stack expects each tensor to be equal size, but got ${formatShape(first.shape)} at entry 0 and ${formatShape(tensors[i].shape)} at entry ${i}`,
      );
    }
  }
  const d = normalizeDim(dim, first.shape.length + 1);
  const shape = [...first.shape.slice(0, d), 1, ...first.shape.slice(d)];
  const parts = tensors.map((x) => new Tensor(x.data, shape)); // unrecorded views with the new dim
  return record(stackOp, tensors, join(parts, d, [...first.shape.slice(0, d), tensors.length, ...first.shape.slice(d)]), d);
}
