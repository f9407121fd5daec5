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
export type TensorLike = Tensor | Scalar;
/** What `tolist()` returns: nested arrays of numbers, or a number for a 0-d tensor. */
export type NestedArray = number | NestedArray[];

/** `max(dim)` / `min(dim)`: a `[values, indices]` pair that also has PyTorch's field names. */
export type ValuesIndices = [values: Tensor, indices: Tensor] & { values: Tensor; indices: Tensor };

export class Tensor {
  /** The elements, row-major; shared with views such as `reshape` and `detach`. */
  readonly data: Float32Array;
  readonly shape: Shape;
  /** Whether backward computes a gradient for this tensor; set it with `requiresGrad_()`. */
  requiresGrad = false;
  /** The accumulated gradient, filled by `backward()` on leaves and `retainGrad()` tensors. */
  grad: Tensor | null = null;
  /** The node that produced this tensor, or null for a leaf. */
  gradFn: Node | null = null;
  /** Whether a non-leaf keeps its `.grad` (see `retainGrad()`). */
  retainsGrad = false;

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

  dim(): number {
    return this.shape.length;
  }

  numel(): number {
    return this.data.length;
  }

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

  fill_(value: number): this {
    this.checkInPlace();
    this.data.fill(value);
    return this;
  }

  zero_(): this {
    return this.fill_(0);
  }

  /** Copies `src` (broadcast to this shape) into this tensor's elements. */
  copy_(src: Tensor): this {
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

  add(other: TensorLike): Tensor { return ew.add(this, other); }
  sub(other: TensorLike): Tensor { return ew.sub(this, other); }
  mul(other: TensorLike): Tensor { return ew.mul(this, other); }
  div(other: TensorLike): Tensor { return ew.div(this, other); }
  pow(exponent: TensorLike): Tensor { return ew.pow(this, exponent); }
  neg(): Tensor { return ew.neg(this); }
  exp(): Tensor { return ew.exp(this); }
  log(): Tensor { return ew.log(this); }
  sqrt(): Tensor { return ew.sqrt(this); }
  abs(): Tensor { return ew.abs(this); }
  relu(): Tensor { return ew.relu(this); }
  sigmoid(): Tensor { return ew.sigmoid(this); }
  tanh(): Tensor { return ew.tanh(this); }
  clamp(min?: number | null, max?: number | null): Tensor { return ew.clamp(this, min, max); }
  gt(other: TensorLike): Tensor { return ew.gt(this, other); }
  lt(other: TensorLike): Tensor { return ew.lt(this, other); }
  ge(other: TensorLike): Tensor { return ew.ge(this, other); }
  le(other: TensorLike): Tensor { return ew.le(this, other); }
  eq(other: TensorLike): Tensor { return ew.eq(this, other); }
  ne(other: TensorLike): Tensor { return ew.ne(this, other); }
  /** A copy that stays in the graph. */
  clone(): Tensor { return ew.clone(this); }

  // ---- reductions ----

  sum(dim?: number | readonly number[], keepdim = false): Tensor { return rd.sum(this, dim, keepdim); }
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
  argmax(dim?: number, keepdim = false): Tensor { return rd.argmax(this, dim, keepdim); }
  argmin(dim?: number, keepdim = false): Tensor { return rd.argmin(this, dim, keepdim); }
  /** Sums broadcast dims away until the shape is `shape` (the gradient of broadcasting). */
  sumTo(shape: Shape): Tensor { return rd.sumTo(this, shape); }
  softmax(dim: number): Tensor { return softmax(this, dim); }
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  // ---- shape ----

  reshape(...shape: (number | readonly number[])[]): Tensor { return mv.reshape(this, shape); }
  view(...shape: (number | readonly number[])[]): Tensor { return mv.view(this, shape); }
  flatten(startDim = 0, endDim = -1): Tensor { return mv.flatten(this, startDim, endDim); }
  squeeze(dim?: number): Tensor { return mv.squeeze(this, dim); }
  unsqueeze(dim: number): Tensor { return mv.unsqueeze(this, dim); }
  transpose(dim0: number, dim1: number): Tensor { return mv.transpose(this, dim0, dim1); }
  /** The transpose of a tensor of at most 2 dims. */
  t(): Tensor { return mv.t(this); }
  permute(...dims: (number | readonly number[])[]): Tensor { return mv.permute(this, dims); }
  expand(...sizes: (number | readonly number[])[]): Tensor { return mv.expand(this, sizes); }
  expandAs(other: Tensor): Tensor { return mv.expand(this, other.shape); }
  narrow(dim: number, start: number, length: number): Tensor { return mv.narrow(this, dim, start, length); }

  matmul(other: Tensor): Tensor { return matmul(this, other); }
}

/** A number as a 0-d tensor, so ops see only tensors; anything else is a TypeError naming `op`. */
export function asTensor(value: TensorLike, op: string): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value === 'number') return new Tensor(new Float32Array([value]), []);
  throw new TypeError(`${op}(): expected a Tensor or a number, got ${describe(value)}`);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an Array (wrap it with tensor())';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}
