// The Tensor: a contiguous row-major Float32Array, its shape, and its place in the autograd graph.
import { runBackward } from '../autograd/engine';
import { isGradEnabled } from '../autograd/grad-mode';
import type { Node } from '../autograd/node';
import * as ew from '../ops/elementwise';
import { matmul } from '../ops/matmul';
import * as mv from '../ops/movement';
import * as rd from '../ops/reduce';
import { logSoftmax, softmax } from '../ops/softmax';
import { formatTensor } from './print';
import { defaultGenerator, fillNormal, fillUniform } from './random';
import { formatShape, normalizeDim, numelOf, sameShape, type Shape } from './shape';

export type Scalar = number;
/** What ops take as an operand: a tensor, or a number that broadcasts as a 0-d tensor. */
export type TensorLike = Tensor | Scalar;
/** What `tolist()` returns: nested arrays of numbers, or a number for a 0-d tensor. */
export type NestedArray = number | NestedArray[];

/** `max(dim)` / `min(dim)`: a `[values, indices]` pair that also has PyTorch's field names. */
export type ValuesIndices = [values: Tensor, indices: Tensor] & { values: Tensor; indices: Tensor };

/**
 * A float32 tensor: a contiguous row-major `Float32Array` and its shape, recorded for reverse-mode
 * autograd, as `torch.Tensor`. Build one with `tensor`, `zeros`, `randn`, …; the methods mirror
 * PyTorch's in camelCase (`logSoftmax`, `requiresGrad_`) and broadcast as PyTorch does.
 *
 * @example
 * ```ts
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * const y = x.mul(x).sum(); // Σ x²
 * y.backward();
 * x.grad!.tolist(); // [[2, 4], [6, 8]]
 * ```
 */
export class Tensor {
  /**
   * The elements, row-major; shared with views such as `reshape` and `detach`. A small tensor's
   * array is a view of a larger shared buffer (as Node's pooled Buffers), so read `data.buffer`
   * through `data.byteOffset` and `data.byteLength`.
   */
  readonly data: Float32Array;
  /** The size of each dim, outermost first; `[]` for a 0-d tensor. */
  readonly shape: Shape;
  /** Whether backward computes a gradient for this tensor; set it with `requiresGrad_()`. */
  requiresGrad = false;
  /** The accumulated gradient, filled by `backward()` on leaves and `retainGrad()` tensors. */
  grad: Tensor | null = null;
  /** The node that produced this tensor, or null for a leaf. */
  gradFn: Node | null = null;
  /** Whether a non-leaf keeps its `.grad` (see `retainGrad()`). */
  retainsGrad = false;
  /** @internal backward's bookkeeping: where the last pass that reached this tensor listed it. */
  backwardSlot = -1;

  /** Wraps `data` (not copied) as a tensor of `shape`; most code calls `tensor()` or a factory instead. */
  constructor(data: Float32Array, shape: Shape) {
    if (data.length !== numelOf(shape)) {
      throw new Error(`Tensor: ${data.length} elements cannot have shape ${formatShape(shape)}`);
    }
    this.data = data;
    this.shape = shape;
  }

  // ---- reading ----

  /** The size of every dim, or of one (negative dims count from the end). */
  size(): Shape;
  size(dim: number): number;
  size(dim?: number): Shape | number {
    return dim === undefined ? this.shape : this.shape[normalizeDim(dim, this.shape.length)];
  }

  /** The number of dims (`ndim`). */
  dim(): number {
    return this.shape.length;
  }

  /** The number of elements. */
  numel(): number {
    return this.data.length;
  }

  /** Whether no recorded op produced this tensor (created by the user, or with requiresGrad false). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this.data.length !== 1) throw new Error('only one element tensors can be converted to Python scalars');
    return this.data[0];
  }

  /** The elements as nested arrays (a number for a 0-d tensor). */
  tolist(): NestedArray {
    if (this.shape.length === 0) return this.data[0];
    const build = (dim: number, offset: number, stride: number): NestedArray[] => {
      const n = this.shape[dim];
      const inner = stride / n;
      const out: NestedArray[] = new Array(n);
      for (let i = 0; i < n; i++) {
        out[i] = dim === this.shape.length - 1 ? this.data[offset + i] : build(dim + 1, offset + i * inner, inner);
      }
      return out;
    };
    return build(0, 0, this.data.length);
  }

  /** What PyTorch's `print(t)` prints, e.g. `tensor([1., 2.], requires_grad=True)`. */
  toString(): string {
    const suffixes: string[] = [];
    if (this.gradFn !== null) suffixes.push(`grad_fn=<${this.gradFn.name}>`);
    else if (this.requiresGrad) suffixes.push('requires_grad=True');
    return formatTensor(this.data, this.shape, suffixes);
  }

  /** Node's console.log shows what `print(t)` shows in PyTorch (Symbol.for keeps this browser-safe). */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  // ---- autograd ----

  /**
   * Accumulates d(this)/d(leaf) into every leaf's `.grad`. A non-scalar tensor needs the
   * upstream `gradient` (same shape), as in PyTorch.
   *
   * @example
   * ```ts
   * const w = tensor([2, 3], { requiresGrad: true });
   * w.pow(2).sum().backward();
   * w.grad!.tolist(); // [4, 6]
   * ```
   */
  backward(gradient?: Tensor): void {
    if (!this.requiresGrad) throw new Error('element 0 of tensors does not require grad and does not have a grad_fn');
    let seed: Tensor;
    if (gradient === undefined) {
      if (this.data.length !== 1) throw new Error('grad can be implicitly created only for scalar outputs');
      seed = new Tensor(new Float32Array([1]), this.shape);
    } else {
      if (!(gradient instanceof Tensor)) throw new TypeError('backward(): gradient must be a Tensor');
      if (!sameShape(gradient.shape, this.shape)) {
        throw new Error(
          `Mismatch in shape: grad_output[0] has a shape of torch.Size(${formatShape(gradient.shape)}) and output[0] has a shape of torch.Size(${formatShape(this.shape)}).`,
        );
      }
      seed = gradient.detach();
    }
    runBackward(this, seed);
  }

  /** Sets whether autograd records ops on this leaf; returns this. */
  requiresGrad_(flag = true): this {
    if (typeof flag !== 'boolean') throw new TypeError(`requires_grad_(): argument 'requires_grad' must be a boolean, not ${describe(flag)}`);
    if (!flag && this.gradFn !== null) {
      throw new Error(
        "you can only change requires_grad flags of leaf variables. If you want to use a computed variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach().",
      );
    }
    this.requiresGrad = flag;
    return this;
  }

  /** Makes backward fill `.grad` on this non-leaf tensor too. */
  retainGrad(): void {
    if (!this.requiresGrad) throw new Error("can't retain_grad on Tensor that has requires_grad=False");
    if (this.gradFn !== null) this.retainsGrad = true;
  }

  /** The same data, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  // ---- in place (leaf values, initialisers, optimizers) ----

  private checkInPlace(): void {
    if (this.requiresGrad && this.gradFn === null && isGradEnabled()) {
      throw new Error('a leaf Variable that requires grad is being used in an in-place operation.');
    }
  }

  /** Sets every element to `value`, in place. */
  fill_(value: number): this {
    if (typeof value !== 'number') throw new TypeError(`fill_(): argument 'value' must be a number, not ${describe(value)}`);
    this.checkInPlace();
    this.data.fill(value);
    return this;
  }

  /** Sets every element to 0, in place. */
  zero_(): this {
    return this.fill_(0);
  }

  /** Copies `src` (broadcast to this shape) into this tensor's elements. */
  copy_(src: Tensor): this {
    checkTensor(src, 'copy_', 'src');
    this.checkInPlace();
    this.data.set(sameShape(src.shape, this.shape) ? src.data : mv.expand(src.detach(), this.shape).data);
    return this;
  }

  /** Fills with draws from U(from, to), PyTorch's stream for the same seed. */
  uniform_(from = 0, to = 1): this {
    this.checkInPlace();
    fillUniform(defaultGenerator, this.data, from, to);
    return this;
  }

  /** Fills with draws from N(mean, std²), PyTorch's stream for the same seed. */
  normal_(mean = 0, std = 1): this {
    this.checkInPlace();
    fillNormal(defaultGenerator, this.data, mean, std);
    return this;
  }

  // ---- elementwise ----

  /** `this + other`, broadcast. */
  add(other: TensorLike): Tensor { return ew.add(this, other); }
  /** `this - other`, broadcast. */
  sub(other: TensorLike): Tensor { return ew.sub(this, other); }
  /** `this * other` element by element, broadcast. */
  mul(other: TensorLike): Tensor { return ew.mul(this, other); }
  /** `this / other`, broadcast. */
  div(other: TensorLike): Tensor { return ew.div(this, other); }
  /** `this ** exponent`, broadcast. */
  pow(exponent: TensorLike): Tensor { return ew.pow(this, exponent); }
  /** `-this`. */
  neg(): Tensor { return ew.neg(this); }
  /** eˣ element by element. */
  exp(): Tensor { return ew.exp(this); }
  /** The natural logarithm, element by element. */
  log(): Tensor { return ew.log(this); }
  /** The square root, element by element. */
  sqrt(): Tensor { return ew.sqrt(this); }
  /** The absolute value, element by element. */
  abs(): Tensor { return ew.abs(this); }
  /** max(x, 0), element by element. */
  relu(): Tensor { return ew.relu(this); }
  /** 1 / (1 + e⁻ˣ), element by element. */
  sigmoid(): Tensor { return ew.sigmoid(this); }
  /** The hyperbolic tangent, element by element. */
  tanh(): Tensor { return ew.tanh(this); }
  /** Each element limited to [min, max]; leave either out (or null) for no bound. */
  clamp(min?: number | null, max?: number | null): Tensor { return ew.clamp(this, min, max); }
  /** 1 where `this > other`, else 0 (float32: torchlet has no bool dtype). */
  gt(other: TensorLike): Tensor { return ew.gt(this, other); }
  /** 1 where `this < other`, else 0. */
  lt(other: TensorLike): Tensor { return ew.lt(this, other); }
  /** 1 where `this >= other`, else 0. */
  ge(other: TensorLike): Tensor { return ew.ge(this, other); }
  /** 1 where `this <= other`, else 0. */
  le(other: TensorLike): Tensor { return ew.le(this, other); }
  /** 1 where `this == other`, else 0. */
  eq(other: TensorLike): Tensor { return ew.eq(this, other); }
  /** 1 where `this != other`, else 0. */
  ne(other: TensorLike): Tensor { return ew.ne(this, other); }
  /** A copy that stays in the graph. */
  clone(): Tensor { return ew.clone(this); }

  // ---- reductions ----

  /** The sum of all elements, or along `dim` (one or several), keeping reduced dims as size 1 with `keepdim`. */
  sum(dim?: number | readonly number[], keepdim = false): Tensor { return rd.sum(this, dim, keepdim); }
  /** The mean of all elements, or along `dim` (one or several). */
  mean(dim?: number | readonly number[], keepdim = false): Tensor { return rd.mean(this, dim, keepdim); }
  /** The largest element, or the largest along `dim` with its indices. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? rd.maxAll(this) : rd.maxDim(this, dim, keepdim);
  }
  /** The smallest element, or the smallest along `dim` with its indices. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | ValuesIndices {
    return dim === undefined ? rd.minAll(this) : rd.minDim(this, dim, keepdim);
  }
  /** The index of the largest element (of the flattened tensor, or along `dim`), as float32. */
  argmax(dim?: number, keepdim = false): Tensor { return rd.argmax(this, dim, keepdim); }
  /** The index of the smallest element (of the flattened tensor, or along `dim`), as float32. */
  argmin(dim?: number, keepdim = false): Tensor { return rd.argmin(this, dim, keepdim); }
  /** Sums broadcast dims away until the shape is `shape` (the gradient of broadcasting). */
  sumTo(shape: Shape): Tensor { return rd.sumTo(this, shape); }
  /** exp(x) / Σ exp(x) along `dim`. */
  softmax(dim: number): Tensor { return softmax(this, dim); }
  /** log(softmax(x)) along `dim`, computed stably (`log_softmax`). */
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  // ---- shape ----

  /** The same elements in another shape; one size may be -1 (inferred): `x.reshape(2, -1)`. */
  reshape(...shape: (number | readonly number[])[]): Tensor { return mv.reshape(this, shape); }
  /** Like `reshape`, sharing the data. Always possible, as torchlet's tensors are contiguous: `x.t().view(-1)` works where PyTorch asks for `reshape`. */
  view(...shape: (number | readonly number[])[]): Tensor { return mv.view(this, shape); }
  /** Merges dims startDim..endDim into one. */
  flatten(startDim = 0, endDim = -1): Tensor { return mv.flatten(this, startDim, endDim); }
  /** Drops size-1 dims: all of them, or only `dim`. */
  squeeze(dim?: number): Tensor { return mv.squeeze(this, dim); }
  /** Inserts a size-1 dim at `dim`. */
  unsqueeze(dim: number): Tensor { return mv.unsqueeze(this, dim); }
  /** Swaps two dims. */
  transpose(dim0: number, dim1: number): Tensor { return mv.transpose(this, dim0, dim1); }
  /** The transpose of a tensor of at most 2 dims. */
  t(): Tensor { return mv.t(this); }
  /** Reorders the dims: output dim i is input dim `dims[i]`. */
  permute(...dims: (number | readonly number[])[]): Tensor { return mv.permute(this, dims); }
  /** Repeats size-1 dims (and adds leading ones) to reach `sizes`; -1 keeps a size. */
  expand(...sizes: (number | readonly number[])[]): Tensor { return mv.expand(this, sizes); }
  /** `expand` to `other`'s shape. */
  expandAs(other: Tensor): Tensor {
    checkTensor(other, 'expand_as', 'other');
    return mv.expand(this, other.shape);
  }
  /** The slice [start, start + length) along `dim`. */
  narrow(dim: number, start: number, length: number): Tensor { return mv.narrow(this, dim, start, length); }

  /** The matrix product, as `torch.matmul`: 1-D, 2-D, or batched with broadcast batch dims. */
  matmul(other: Tensor): Tensor { return matmul(this, other); }
}

/** A number as a 0-d tensor, so ops see only tensors; anything else is a TypeError naming `op`. */
export function asTensor(value: TensorLike, op: string): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number') return new Tensor(new Float32Array([value]), []);
  throw new TypeError(`${op}(): expected a Tensor or a number, got ${describe(value)}`);
}

/** Throws PyTorch's TypeError, in JavaScript's type names, unless `value` (argument `arg` of `op`) is a Tensor. */
export function checkTensor(value: unknown, op: string, arg = 'input'): asserts value is Tensor {
  if (!(value instanceof Tensor)) throw new TypeError(`${op}(): argument '${arg}' must be a Tensor, not ${describe(value)}`);
}

/** Throws unless option `arg` of `op` is a number: a TypeError for another type, a RangeError for NaN (which would make every result NaN). */
export function checkNumber(value: unknown, op: string, arg: string): asserts value is number {
  if (typeof value !== 'number') throw new TypeError(`${op}(): argument '${arg}' must be a number, not ${describe(value)}`);
  if (Number.isNaN(value)) throw new RangeError(`${op}(): argument '${arg}' must be a number, not NaN`);
}

/** How an error message names a value's type: number, string, null, an Array, a class name. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array (wrap it with tensor())';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
