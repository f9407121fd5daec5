// F.maxPool1d/2d, F.avgPool1d/2d, F.adaptiveAvgPool1d/2d, F.adaptiveMaxPool2d: PyTorch's
// argument handling and checks, in its order and with its messages, around ops/pool. The 1-D
// poolings are the 2-D ones of x.unsqueeze(-2), as PyTorch computes them.
import * as ops from '../../ops/pool';
import type { Tensor } from '../../tensor/tensor';
import { formatShape, normalizeDim } from '../../tensor/shape';
import { sizeList, type Size } from './conv';

/** maxPool1d/2d's options, PyTorch's keyword arguments: stride = kernel, padding 0, dilation 1 by default. */
export interface MaxPoolOptions {
  /** Default: the kernel size. */
  stride?: Size | null;
  /** Implicit -∞ added on both sides, at most half the kernel. */
  padding?: Size;
  /** The spacing between window elements. */
  dilation?: Size;
  /** Round the output size up rather than down (the last window still starts inside the input). */
  ceilMode?: boolean;
  /** Also return the argmax of every window, as positions within its plane. */
  returnIndices?: boolean;
}

/** avgPool1d/2d's options, PyTorch's keyword arguments: stride = kernel, padding 0 by default. */
export interface AvgPoolOptions {
  /** Default: the kernel size. */
  stride?: Size | null;
  /** Implicit zeros added on both sides, at most half the kernel. */
  padding?: Size;
  /** Round the output size up rather than down (the last window still starts inside the input). */
  ceilMode?: boolean;
  /** Count the padding zeros in the divisor (default true). */
  countIncludePad?: boolean;
}

/** avgPool2d's options: avgPool1d's and a divisor override. */
export interface AvgPool2dOptions extends AvgPoolOptions {
  /** Divide every window's sum by this instead of its size. */
  divisorOverride?: number | null;
}

/**
 * What a max pooling returns for its options: with `returnIndices: true` the values and each
 * window's argmax, without it the values; a flag only known at run time gives either.
 */
export type MaxPoolResult<O> = O extends { returnIndices: true }
  ? [values: Tensor, indices: Tensor]
  : O extends { returnIndices?: false } ? Tensor : Tensor | [values: Tensor, indices: Tensor];

/** The values, or with `returnIndices` the values and the argmax positions. */
function maxResult({ values, argmax }: ops.PooledMax, returnIndices: boolean): Tensor | [Tensor, Tensor] {
  return returnIndices ? [values, ops.indicesTensor(argmax, values.shape)] : values;
}

/** A 2-D size argument: one value or two (pooling's "a single int, or a tuple of two ints"). */
function pair(list: readonly number[], message: string): [number, number] {
  if (list.length !== 1 && list.length !== 2) throw new Error(message);
  return [list[0], list[list.length - 1]];
}

/** PyTorch's pooling_output_shape: the output size along one dim, with its checks. */
function poolOutputSize(size: number, kernel: number, pad: number, stride: number, dilation: number, ceilMode: boolean): number {
  if (stride === 0) throw new Error('stride should not be zero');
  if (pad < 0) throw new Error(`pad must be non-negative, but got pad: ${pad}`);
  if (pad > Math.trunc(kernel / 2)) throw new Error(`pad should be at most half of kernel size, but got pad=${pad} and kernel_size=${kernel}`);
  let out = Math.floor((size + 2 * pad - dilation * (kernel - 1) - 1 + (ceilMode ? stride - 1 : 0)) / stride) + 1;
  if (ceilMode && (out - 1) * stride >= size + pad) out--; // the last window must start inside the input
  return out;
}

/** PyTorch's pool2d_shape_check for x (C, H, W) or (N, C, H, W). */
function checkPool2d(x: Tensor, k: readonly number[], s: readonly number[], d: readonly number[], outSize: readonly number[]): void {
  if (k[0] <= 0 || k[1] <= 0) throw new Error(`kernel size should be greater than zero, but got kH: ${k[0]} kW: ${k[1]}`);
  if (s[0] <= 0 || s[1] <= 0) throw new Error(`stride should be greater than zero, but got dH: ${s[0]} dW: ${s[1]}`);
  if (d[0] <= 0 || d[1] <= 0) throw new Error(`dilation should be greater than zero, but got dilationH: ${d[0]} dilationW: ${d[1]}`);
  const nd = x.dim();
  const shape = x.shape;
  const nonEmpty = shape[1] !== 0 && shape[2] !== 0;
  if (!((nd === 3 && shape[0] !== 0 && nonEmpty) || (nd === 4 && nonEmpty && shape[3] !== 0))) {
    throw new Error(`Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(shape)}`);
  }
  const [h, w] = shape.slice(-2);
  if (outSize[0] < 1 || outSize[1] < 1) {
    const c = shape[nd - 3];
    throw new Error(`Given input size: (${c}x${h}x${w}). Calculated output size: (${c}x${outSize[0]}x${outSize[1]}). Output size is too small`);
  }
}

/** The output sizes of a 2-D pooling of x, checked in PyTorch's order. */
function poolParams(
  x: Tensor, kernel: readonly number[], stride: readonly number[], padding: readonly number[], dilation: readonly number[], ceilMode: boolean,
): ops.PoolParams {
  const [h, w] = x.shape.slice(-2);
  const outSize = [
    poolOutputSize(h, kernel[0], padding[0], stride[0], dilation[0], ceilMode),
    poolOutputSize(w, kernel[1], padding[1], stride[1], dilation[1], ceilMode),
  ];
  checkPool2d(x, kernel, stride, dilation, outSize);
  return { kernel, stride, padding, dilation, outSize };
}

/** PyTorch's max_pool2d_with_indices checks: the sizes, the input's rank, then the output sizes. */
function maxPoolParams(input: Tensor, kernelSize: Size, options: MaxPoolOptions): ops.PoolParams {
  const { stride = null, padding = 0, dilation = 1, ceilMode = false } = options;
  const op = 'max_pool2d';
  const k = pair(sizeList(kernelSize, 2, 'kernel_size', op), 'max_pool2d: kernel_size must either be a single int, or a tuple of two ints');
  const strides = stride === null ? [] : sizeList(stride, 2, 'stride', op); // [] is PyTorch's "omitted"
  const s = strides.length === 0 ? k : pair(strides, 'max_pool2d: stride must either be omitted, a single int, or a tuple of two ints');
  const p = pair(sizeList(padding, 2, 'padding', op), 'max_pool2d: padding must either be a single int, or a tuple of two ints');
  const d = pair(sizeList(dilation, 2, 'dilation', op), 'max_pool2d: dilation must be either a single int, or a tuple of two ints');
  if (input.dim() !== 3 && input.dim() !== 4) throw new Error('non-empty 3D or 4D (batch mode) tensor expected for input');
  return poolParams(input, k, s, p, d, ceilMode);
}

/**
 * 2-D max pooling of x (N, C, H, W) or (C, H, W): the max of each kernel window; with `returnIndices`,
 * also the argmax of each window. Each output size is ⌊(size + 2·padding - dilation·(k - 1) - 1) / stride⌋ + 1.
 *
 * @example
 * ```ts
 * const x = arange(16).reshape(1, 1, 4, 4);
 * F.maxPool2d(x, 2).tolist(); // [[[[5, 7], [13, 15]]]]
 * const [values, indices] = F.maxPool2d(x, 2, { returnIndices: true });
 * indices.tolist();           // [[[[5, 7], [13, 15]]]], positions in each 4×4 plane
 * ```
 */
export function maxPool2d<O extends MaxPoolOptions = Record<string, never>>(input: Tensor, kernelSize: Size, options?: O): MaxPoolResult<O>;
export function maxPool2d(input: Tensor, kernelSize: Size, options: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  const params = maxPoolParams(input, kernelSize, options);
  return maxResult(ops.maxPool2d(input, params, [...input.shape.slice(0, -2), ...params.outSize]), options.returnIndices ?? false);
}

/** A 1-D size argument: exactly one value, as PyTorch's check1d. */
function single(value: Size, name: string, op: string): number {
  const list = sizeList(value, 1, name, op);
  if (list.length !== 1) throw new Error(`${op}() argument '${name}' should contain one int (got ${list.length})`);
  return list[0];
}

/** PyTorch's checkDimRange for (C, L) or (N, C, L). */
function checkOneDim(input: Tensor, op: string): void {
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new Error(`Expected 2 to 3 dimensions, but got ${input.dim()}-dimensional tensor for argument #1 'self' (while checking arguments for ${op})`);
  }
}

/**
 * 1-D max pooling of x (N, C, L) or (C, L): the max of each kernel window; with `returnIndices`, also the
 * argmax of each window.
 *
 * @example
 * ```ts
 * F.maxPool1d(tensor([[[1, 3, 2, 5, 4, 0]]]), 2).tolist(); // [[[3, 5, 4]]]
 * ```
 */
export function maxPool1d<O extends MaxPoolOptions = Record<string, never>>(input: Tensor, kernelSize: Size, options?: O): MaxPoolResult<O>;
export function maxPool1d(input: Tensor, kernelSize: Size, options: MaxPoolOptions = {}): Tensor | [Tensor, Tensor] {
  const { stride = null, padding = 0, dilation = 1, ceilMode = false, returnIndices = false } = options;
  const op = 'max_pool1d';
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new Error(`max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size for input, but got:${formatShape(input.shape)}`);
  }
  const k = single(kernelSize, 'kernel_size', op);
  const s = stride === null ? k : single(stride, 'stride', op);
  const p = single(padding, 'padding', op);
  const d = single(dilation, 'dilation', op);
  const x = input.unsqueeze(-2); // (…, 1, L)
  const params = maxPoolParams(x, [1, k], { stride: [1, s], padding: [0, p], dilation: [1, d], ceilMode });
  const { values, argmax } = ops.maxPool2d(x, params, [...x.shape.slice(0, -2), ...params.outSize]);
  return maxResult({ values: values.squeeze(-2), argmax }, returnIndices); // (…, L_out)
}

/**
 * 2-D average pooling of x (N, C, H, W) or (C, H, W): each kernel window's sum divided by its size
 * (or by divisorOverride).
 *
 * @example
 * ```ts
 * const x = arange(16).reshape(1, 1, 4, 4);
 * F.avgPool2d(x, 2).tolist();                        // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * F.avgPool2d(x, 2, { divisorOverride: 1 }).tolist(); // [[[[10, 18], [42, 50]]]]
 * ```
 */
export function avgPool2d(input: Tensor, kernelSize: Size, options: AvgPool2dOptions = {}): Tensor {
  const { stride = null, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null } = options;
  const op = 'avg_pool2d';
  const k = pair(sizeList(kernelSize, 2, 'kernel_size', op), 'avg_pool2d: kernel_size must either be a single int, or a tuple of two ints');
  const strides = stride === null ? [] : sizeList(stride, 2, 'stride', op); // [] is PyTorch's "omitted"
  const s = strides.length === 0 ? k : pair(strides, 'avg_pool2d: stride must either be omitted, a single int, or a tuple of two ints');
  const p = pair(sizeList(padding, 2, 'padding', op), 'avg_pool2d: padding must either be a single int, or a tuple of two ints');
  if (divisorOverride === 0) throw new Error('divisor must be not zero');
  normalizeDim(-3, input.dim()); // PyTorch reads the channel count first: an IndexError below 3 dims
  const params = poolParams(input, k, s, p, [1, 1], ceilMode);
  return ops.avgPool2d(input, { ...params, countIncludePad, divisorOverride }, [...input.shape.slice(0, -2), ...params.outSize]);
}

/**
 * 1-D average pooling of x (N, C, L) or (C, L): each kernel window's mean, padding zeros counted
 * unless countIncludePad is false.
 *
 * @example
 * ```ts
 * const x = tensor([[[1, 2, 3]]]);
 * F.avgPool1d(x, 3, { stride: 1, padding: 1 }).tolist();                          // [[[1, 2, 1.6666666269302368]]]
 * F.avgPool1d(x, 3, { stride: 1, padding: 1, countIncludePad: false }).tolist(); // [[[1.5, 2, 2.5]]]
 * ```
 */
export function avgPool1d(input: Tensor, kernelSize: Size, options: AvgPoolOptions = {}): Tensor {
  const { stride = null, padding = 0, ceilMode = false, countIncludePad = true } = options;
  const op = 'avg_pool1d';
  checkOneDim(input, op);
  const k = single(kernelSize, 'kernel_size', op);
  const s = stride === null ? k : single(stride, 'stride', op);
  const p = single(padding, 'padding', op);
  const x = input.unsqueeze(-2); // (…, 1, L)
  return avgPool2d(x, [1, k], { stride: [1, s], padding: [0, p], ceilMode, countIncludePad }).squeeze(-2); // (…, L_out)
}

/** An adaptive output size: one for both dims, or one per dim where null keeps the input's size. */
export type AdaptiveSize = number | readonly (number | null)[];

/** PyTorch's _list_with_default: null entries take the input's size along that dim. */
function withDefaults(outputSize: AdaptiveSize, input: Tensor, op: string): number[] {
  if (typeof outputSize === 'number') return sizeList(outputSize, 2, 'output_size', op);
  const n = outputSize.length;
  if (input.dim() <= n) throw new Error(`Input dimension should be at least ${n + 1}`);
  return sizeList(outputSize.map((v, i) => v ?? input.shape[input.dim() - n + i]), n, 'output_size', op);
}

/** The check both adaptive 2-D poolings make: every non-batch dim they read is non-empty. */
function checkNonEmpty(input: Tensor, dims: readonly number[], op: string): void {
  for (const d of dims) {
    if (input.shape[d] <= 0) {
      throw new Error(`${op}(): Expected input to have non-zero size for non-batch dimensions, but input has sizes ${formatShape(input.shape)} with dimension ${d} being empty`);
    }
  }
}

/**
 * Adaptive 2-D average pooling of x (N, C, H, W) or (C, H, W) to outputSize: output cell i of a dim of
 * size n averages input rows ⌊i·n/out⌋ … ⌈(i + 1)·n/out⌉ - 1.
 *
 * @example
 * ```ts
 * const x = arange(16).reshape(1, 1, 4, 4);
 * F.adaptiveAvgPool2d(x, 1).tolist();         // [[[[7.5]]]]
 * F.adaptiveAvgPool2d(x, [1, null]).tolist(); // [[[[6, 7, 8, 9]]]]
 * ```
 */
export function adaptiveAvgPool2d(input: Tensor, outputSize: AdaptiveSize): Tensor {
  const size = withDefaults(outputSize, input, 'adaptive_avg_pool2d');
  if (size.length !== 2) throw new Error('adaptive_avg_pool2d: output_size must be 2');
  if (size[0] < 0 || size[1] < 0) {
    throw new Error(`adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 but received {${size[0]}, ${size[1]}}`);
  }
  // PyTorch's shortcut for a global average: the mean over the last two dims, unchecked
  if (size[0] === 1 && size[1] === 1) return input.mean([-1, -2], true);
  const nd = input.dim();
  if (nd !== 3 && nd !== 4) throw new Error(`adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got ${formatShape(input.shape)}`);
  checkNonEmpty(input, [nd - 2, nd - 1], 'adaptive_avg_pool2d');
  return ops.adaptiveAvgPool2d(input, size, [...input.shape.slice(0, -2), ...size]);
}

/**
 * Adaptive 1-D average pooling of x (N, C, L) or (C, L) to outputSize: output i averages inputs
 * ⌊i·L/out⌋ … ⌈(i + 1)·L/out⌉ - 1, windows that may overlap.
 *
 * @example
 * ```ts
 * const x = tensor([[[1, 3, 2, 5, 4, 0]]]);
 * F.adaptiveAvgPool1d(x, 2).tolist(); // [[[2, 3]]]
 * F.adaptiveAvgPool1d(x, 4).tolist(); // [[[2, 2.5, 4.5, 2]]]
 * ```
 */
export function adaptiveAvgPool1d(input: Tensor, outputSize: Size): Tensor {
  const op = 'adaptive_avg_pool1d';
  checkOneDim(input, op);
  const x = input.unsqueeze(-2); // (…, 1, L)
  return adaptiveAvgPool2d(x, [1, single(outputSize, 'output_size', op)]).squeeze(-2); // (…, outputSize)
}

/**
 * Adaptive 2-D max pooling of x (N, C, H, W) or (C, H, W) to outputSize, over adaptiveAvgPool2d's windows;
 * with `returnIndices`, also each window's argmax.
 *
 * @example
 * ```ts
 * const x = arange(16).reshape(1, 1, 4, 4);
 * F.adaptiveMaxPool2d(x, 2).tolist(); // [[[[5, 7], [13, 15]]]]
 * const [values, indices] = F.adaptiveMaxPool2d(x, 1, { returnIndices: true });
 * indices.tolist();                   // [[[[15]]]]
 * ```
 */
export function adaptiveMaxPool2d<O extends { returnIndices?: boolean } = Record<string, never>>(input: Tensor, outputSize: AdaptiveSize, options?: O): MaxPoolResult<O>;
export function adaptiveMaxPool2d(input: Tensor, outputSize: AdaptiveSize, { returnIndices = false }: { returnIndices?: boolean } = {}): Tensor | [Tensor, Tensor] {
  const size = withDefaults(outputSize, input, 'adaptive_max_pool2d');
  const nd = input.dim();
  if (nd !== 3 && nd !== 4) throw new Error(`adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: ${formatShape(input.shape)}`);
  checkNonEmpty(input, nd === 3 ? [1, 2] : [1, 2, 3], 'adaptive_max_pool2d');
  if (size.length !== 2) throw new Error('adaptive_max_pool2d(): internal error: output_size.size() must be 2');
  const shape = [...input.shape.slice(0, -2), ...size];
  if (size[0] < 0 || size[1] < 0) {
    const at = size[0] < 0 ? size[0] : size[1];
    throw new Error(`Trying to create tensor with negative dimension ${at}: ${formatShape(shape)}`);
  }
  return maxResult(ops.adaptiveMaxPool2d(input, size, shape), returnIndices);
}
