// Elementwise ops: unary maps, broadcasting binary ops, comparisons and where.
// Each op is its kernel and its chain rule side by side; kernels see equal-length runs.
import { record, type BackwardRule, type Op } from '../autograd/node';
import { asTensor, describe, Tensor, type TensorLike } from '../tensor/tensor';
import { broadcastShapes, broadcastStrides, numelOf, sameShape } from '../tensor/shape';
import { expand } from './movement';
import { allocFloat32 } from '../tensor/alloc';
import { exp32, sigmoid32, tanh32 } from './math32';
import { KernelChoice, type KernelName } from './wasm/kernel';
import { RELU_SIMD_MIN, reluSimdAvailable, simdRelu, simdReluBackward } from './wasm/simd-relu';

// ---- unary ----

type UnaryKernel = (x: Float32Array, out: Float32Array) => void;

function unaryOp(name: string, kernel: UnaryKernel, backward: BackwardRule<undefined>): (x: Tensor) => Tensor {
  const op: Op = { name: `${name}Backward0`, backward };
  return (x) => {
    const out = allocFloat32(x.data.length);
    kernel(x.data, out);
    return record(op, [x], new Tensor(out, x.shape), undefined);
  };
}

/** Applies a kernel without recording: for values that carry no gradient. */
function unaryMap(kernel: UnaryKernel, x: Tensor): Tensor {
  const out = allocFloat32(x.data.length);
  kernel(x.data, out);
  return new Tensor(out, x.shape);
}

export const neg = unaryOp('Neg', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = -x[i]; },
  (g) => [neg(g)]);

export const exp = unaryOp('Exp', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = exp32(x[i]); },
  (g, { out }) => [mul(g, out)]); // d e^x = e^x dx

export const log = unaryOp('Log', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.log(x[i]); },
  (g, { inputs: [x] }) => [div(g, x)]); // d log x = dx / x

export const sqrt = unaryOp('Sqrt', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.sqrt(x[i]); },
  (g, { out }) => [div(g, mul(out, 2))]); // d √x = dx / (2√x)

const signKernel: UnaryKernel = (x, y) => {
  for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? 1 : x[i] < 0 ? -1 : 0;
};

/** -1, 0 or 1 by the sign of each element, 0 for NaN as PyTorch (no gradient flows through it). */
export function sign(x: Tensor): Tensor {
  return unaryMap(signKernel, x);
}

export const abs = unaryOp('Abs', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = Math.abs(x[i]); },
  (g, { inputs: [x] }) => [mul(g, sign(x))]); // d|x| = sign(x) dx, 0 at 0 as PyTorch

// ReLU runs on WebAssembly SIMD kernels (wasm/relu.wat) where the engine has them, from 32
// elements on; the JavaScript kernels below serve the rest. They keep or clear all of a float's
// bits by a mask made from a comparison (0 or -1), never branching on it: the sign of real data
// is unpredictable, and a mispredicted branch per element costs several times the arithmetic.
// Read as int32, the negative floats PyTorch's relu zeroes, from -0's successor to -∞, are
// (-2³¹, -2²³]; (b - 1) | 0 moves -0 (-2³¹) to 2³¹ - 1, so it is kept as PyTorch keeps it, and so
// is every NaN (x86's default NaN is negative). Both loops take four elements an iteration: V8's
// step of a loop costs as much as this work.
const reluChoice = new KernelChoice('relu', reluSimdAvailable);

/**
 * @internal For tests only: run ReLU and its backward on one kernel at every size, or on the
 * automatic choice again (null). Forcing 'simd' throws where the engine cannot run it.
 */
export function forceReluKernel(kernel: KernelName | null): void {
  reluChoice.force(kernel);
}

/** Whether an n-element ReLU pass goes to the SIMD kernel. */
const onSimd = (n: number): boolean => reluChoice.simd(n >= RELU_SIMD_MIN);

const int32View = (a: Float32Array): Int32Array => new Int32Array(a.buffer, a.byteOffset, a.length);

const reluBits = (b: number): number => b & -(((b - 1) | 0) >= -8388608);

export const relu = unaryOp('Relu', (x, y) => {
  if (onSimd(x.length) && simdRelu(x, y)) return;
  const xb = int32View(x);
  const yb = int32View(y);
  const n = xb.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    yb[i] = reluBits(xb[i]);
    yb[i + 1] = reluBits(xb[i + 1]);
    yb[i + 2] = reluBits(xb[i + 2]);
    yb[i + 3] = reluBits(xb[i + 3]);
  }
  for (; i < n; i++) yb[i] = reluBits(xb[i]);
}, (g, { out }) => [thresholdBackward(g, out)]);

/** PyTorch's threshold_backward(g, relu(x), 0) in one pass: g where the result is > 0 (or NaN), else +0. */
function thresholdBackward(g: Tensor, out: Tensor): Tensor {
  const y = out.data;
  const dx = allocFloat32(y.length);
  if (onSimd(y.length) && simdReluBackward(g.data, y, dx)) return new Tensor(dx, out.shape);
  const gb = int32View(g.data);
  const db = int32View(dx);
  const n = db.length;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    db[i] = gb[i] & -!(y[i] <= 0);
    db[i + 1] = gb[i + 1] & -!(y[i + 1] <= 0);
    db[i + 2] = gb[i + 2] & -!(y[i + 2] <= 0);
    db[i + 3] = gb[i + 3] & -!(y[i + 3] <= 0);
  }
  for (; i < n; i++) db[i] = gb[i] & -!(y[i] <= 0);
  return new Tensor(dx, out.shape);
}

export const sigmoid = unaryOp('Sigmoid', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = sigmoid32(x[i]); },
  (g, { out }) => [mul(g, mul(sub(1, out), out))]); // σ' = (1 - σ) σ

export const tanh = unaryOp('Tanh', (x, y) => { for (let i = 0; i < x.length; i++) y[i] = tanh32(x[i]); },
  (g, { out }) => [mul(g, sub(1, mul(out, out)))]); // tanh' = 1 - tanh²

export const clone = unaryOp('Clone', (x, y) => y.set(x), (g) => [g]);

interface ClampBounds { readonly min: number; readonly max: number }

const clampOp: Op<ClampBounds> = {
  name: 'ClampBackward1',
  // the gradient passes where min <= x <= max, bounds included, as PyTorch's clamp_backward
  backward: (g, { inputs: [x], saved: { min, max } }) => [mul(g, mul(ge(x, min), le(x, max)))],
};

/** Limits every element to [min, max]; NaN stays NaN. */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null)) {
    throw new Error("torch.clamp: At least one of 'min' or 'max' must not be None");
  }
  for (const [name, bound] of [['min', min], ['max', max]] as const) {
    if (bound !== undefined && bound !== null && typeof bound !== 'number') throw new TypeError(`clamp(): argument '${name}' must be a number, not ${describe(bound)}`);
  }
  const lo = min ?? -Infinity;
  const hi = max ?? Infinity;
  const src = x.data;
  const out = allocFloat32(src.length);
  const flo = Math.fround(lo);
  const fhi = Math.fround(hi);
  for (let i = 0; i < src.length; i++) {
    let v = src[i];
    if (v < flo) v = flo;
    if (v > fhi) v = fhi; // min > max makes every element max, as in PyTorch
    out[i] = v;
  }
  return record(clampOp, [x], new Tensor(out, x.shape), { min: lo, max: hi });
}

// ---- binary, with broadcasting ----

/** out[oi + k] = a[ai + k·as] ∘ b[bi + k·bs] for k < n; a step of 0 repeats a broadcast value. */
type BinaryKernel = (
  a: Float32Array, ai: number, as: number,
  b: Float32Array, bi: number, bs: number,
  out: Float32Array, oi: number, n: number,
) => void;

/**
 * Runs `kernel` over the broadcast of `a` and `b`: one call when the shapes are equal or one
 * side is a single value, otherwise one call per run of the innermost dims that both operands
 * step through uniformly.
 */
function broadcastApply(kernel: BinaryKernel, a: Tensor, b: Tensor): Tensor {
  const ad = a.data;
  const bd = b.data;
  if (sameShape(a.shape, b.shape)) {
    const out = allocFloat32(ad.length);
    kernel(ad, 0, 1, bd, 0, 1, out, 0, ad.length);
    return new Tensor(out, a.shape);
  }
  if (bd.length === 1 && b.shape.length <= a.shape.length) {
    const out = allocFloat32(ad.length);
    kernel(ad, 0, 1, bd, 0, 0, out, 0, ad.length);
    return new Tensor(out, a.shape);
  }
  if (ad.length === 1 && a.shape.length <= b.shape.length) {
    const out = allocFloat32(bd.length);
    kernel(ad, 0, 0, bd, 0, 1, out, 0, bd.length);
    return new Tensor(out, b.shape);
  }
  const shape = broadcastShapes(a.shape, b.shape);
  const out = allocFloat32(numelOf(shape));
  if (out.length === 0) return new Tensor(out, shape);
  const aStrides = broadcastStrides(a.shape, shape);
  const bStrides = broadcastStrides(b.shape, shape);
  // Grow the innermost run while both operands keep stepping uniformly across it.
  let d = shape.length - 1;
  const aStep = aStrides[d];
  const bStep = bStrides[d];
  let run = shape[d];
  while (d > 0 && aStrides[d - 1] === aStep * run && bStrides[d - 1] === bStep * run) {
    d--;
    run *= shape[d];
  }
  const index = new Array<number>(d).fill(0);
  let ai = 0;
  let bi = 0;
  for (let oi = 0; oi < out.length; oi += run) {
    kernel(ad, ai, aStep, bd, bi, bStep, out, oi, run);
    for (let k = d - 1; k >= 0; k--) {
      ai += aStrides[k];
      bi += bStrides[k];
      if (++index[k] < shape[k]) break;
      ai -= aStrides[k] * shape[k];
      bi -= bStrides[k] * shape[k];
      index[k] = 0;
    }
  }
  return new Tensor(out, shape);
}

/** Broadcasting's gradient: sum each input's gradient back down to the input's shape. */
function reduceToInputs(grads: readonly (Tensor | null)[], inputs: readonly Tensor[]): (Tensor | null)[] {
  const out = new Array<Tensor | null>(grads.length);
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i];
    out[i] = g !== null && !sameShape(g.shape, inputs[i].shape) ? g.sumTo(inputs[i].shape) : g;
  }
  return out;
}

function binaryOp(
  name: string, kernel: BinaryKernel, backward: BackwardRule<undefined>, gradFn = `${name}Backward0`,
): (a: TensorLike, b: TensorLike) => Tensor {
  const op: Op = { name: gradFn, backward: (g, ctx) => reduceToInputs(backward(g, ctx), ctx.inputs) };
  const opName = name.toLowerCase();
  return (a, b) => {
    const ta = asTensor(a, opName);
    const tb = asTensor(b, opName);
    return record(op, [ta, tb], broadcastApply(kernel, ta, tb), undefined);
  };
}

export const add = binaryOp('Add',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] + b[bi]; },
  (g) => [g, g]);

const subKernel: BinaryKernel = (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] - b[bi]; };
const subRule: BackwardRule<undefined> = (g) => [g, neg(g)];
const subTensor = binaryOp('Sub', subKernel, subRule);
const rsub = binaryOp('Sub', subKernel, subRule, 'RsubBackward1'); // PyTorch's `1 - x` is rsub(x, 1)

export const sub = (a: TensorLike, b: TensorLike): Tensor => (typeof a === 'number' ? rsub : subTensor)(a, b);

export const mul = binaryOp('Mul',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] * b[bi]; },
  (g, { inputs: [a, b] }) => [mul(g, b), mul(g, a)]);

export const div = binaryOp('Div',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] / b[bi]; },
  // d(a/b) = da / b - db · (a/b) / b, in PyTorch's order of operations
  (g, { inputs: [a, b] }) => [div(g, b), neg(mul(g, div(div(a, b), b)))]);

const powKernel: BinaryKernel = (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = Math.pow(a[ai], b[bi]); };
// d aᵇ = b·aᵇ⁻¹ da + aᵇ·ln(a) db; PyTorch zeroes the first where b = 0 and the second where a = 0, b >= 0
const powRule: BackwardRule<undefined> = (g, { inputs: [a, b], out }) => [
  where(eq(b, 0), 0, mul(g, mul(b, pow(a, sub(b, 1))))),
  b.requiresGrad ? where(mul(eq(a, 0), ge(b, 0)), 0, mul(g, mul(out, log(a)))) : null,
];
/**
 * A number exponent's rule in one pass: g · (e · a^(e-1)), rounded to float32 where PyTorch's
 * pow_backward rounds, and 0 when e = 0.
 */
const powNumberRule: BackwardRule<undefined> = (g, { inputs: [a, b] }) => {
  const e = b.data[0];
  const ad = a.data;
  const gd = g.data;
  const da = allocFloat32(gd.length);
  const ef = Math.fround(e);
  if (e !== 0) for (let i = 0; i < da.length; i++) da[i] = gd[i] * Math.fround(ef * Math.fround(Math.pow(ad[i], e - 1)));
  return [new Tensor(da, a.shape), null];
};
// PyTorch's grad_fn names its overloads: tensor ** number, tensor ** tensor, number ** tensor
const powScalar = binaryOp('Pow', powKernel, powNumberRule, 'PowBackward0');
const powTensor = binaryOp('Pow', powKernel, powRule, 'PowBackward1');
const powScalarBase = binaryOp('Pow', powKernel, powRule, 'PowBackward2');

export const pow = (a: TensorLike, b: TensorLike): Tensor =>
  (typeof b === 'number' ? powScalar : typeof a === 'number' ? powScalarBase : powTensor)(a, b);

// ---- comparisons: 1 where true, 0 where false; no gradient ----

function compareOp(name: string, kernel: BinaryKernel): (a: TensorLike, b: TensorLike) => Tensor {
  return (a, b) => broadcastApply(kernel, asTensor(a, name), asTensor(b, name));
}

export const gt = compareOp('gt',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] > b[bi] ? 1 : 0; });
export const lt = compareOp('lt',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] < b[bi] ? 1 : 0; });
export const ge = compareOp('ge',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] >= b[bi] ? 1 : 0; });
export const le = compareOp('le',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] <= b[bi] ? 1 : 0; });
export const eq = compareOp('eq',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] === b[bi] ? 1 : 0; });
export const ne = compareOp('ne',
  (a, ai, as, b, bi, bs, o, oi, n) => { for (let k = 0; k < n; k++, ai += as, bi += bs) o[oi + k] = a[ai] !== b[bi] ? 1 : 0; });

// ---- where ----

const whereOp: Op = {
  name: 'WhereBackward0',
  backward: (g, { inputs: [cond, a, b] }) => reduceToInputs([null, where(cond, g, 0), where(cond, 0, g)], [cond, a, b]),
};

/**
 * Picks `a` where `condition` is nonzero and `b` elsewhere, broadcasting all three (`torch.where`).
 *
 * @example
 * ```ts
 * const x = tensor([-1, 2, -3]);
 * where(x.gt(0), x, 0).tolist(); // [0, 2, 0]
 * ```
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const ta = asTensor(a, 'where');
  const tb = asTensor(b, 'where');
  const cond = asTensor(condition, 'where');
  const shape = broadcastShapes(broadcastShapes(cond.shape, ta.shape), tb.shape);
  const c = sameShape(cond.shape, shape) ? cond.data : expand(cond.detach(), shape).data;
  const x = sameShape(ta.shape, shape) ? ta.data : expand(ta.detach(), shape).data;
  const y = sameShape(tb.shape, shape) ? tb.data : expand(tb.detach(), shape).data;
  const out = allocFloat32(c.length);
  for (let i = 0; i < out.length; i++) out[i] = c[i] !== 0 ? x[i] : y[i];
  return record(whereOp, [cond, ta, tb], new Tensor(out, shape), undefined);
}
