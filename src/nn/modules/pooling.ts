// Pooling layers: MaxPool1d/2d, AvgPool1d/2d, AdaptiveAvgPool1d/2d and AdaptiveMaxPool2d,
// holding their options as PyTorch's do (so they print as PyTorch's do) around F.*Pool*.
// Like PyTorch's, they check their options when called, against the input.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { pySize } from './conv';
import { Module } from './module';

const pyBool = (b: boolean): string => (b ? 'True' : 'False');

/** What a max pooling layer returns: the values, and with returnIndices also each window's argmax. */
export type MaxPoolOutput<R extends boolean> = F.MaxPoolResult<{ returnIndices: R }>;

/** MaxPool1d/2d's options, PyTorch's keyword arguments: stride = kernel, padding 0, dilation 1 by default. */
export interface MaxPoolOptions<R extends boolean = boolean> {
  /** Default: the kernel size. */
  stride?: F.Size | null;
  /** Implicit -∞ added on both sides, at most half the kernel. */
  padding?: F.Size;
  /** The spacing between window elements. */
  dilation?: F.Size;
  /** Also return the argmax of every window (positions within its plane, as floats). */
  returnIndices?: R;
  /** Round the output size up rather than down. */
  ceilMode?: boolean;
}

/** PyTorch's _MaxPoolNd: sizes kept as given (a number or a tuple), stride defaulting to the kernel. */
abstract class MaxPoolNd<R extends boolean> extends Module<[Tensor], MaxPoolOutput<R>> {
  readonly kernelSize: F.Size;
  readonly stride: F.Size;
  readonly padding: F.Size;
  readonly dilation: F.Size;
  readonly returnIndices: R;
  readonly ceilMode: boolean;

  constructor(kernelSize: F.Size, { stride = null, padding = 0, dilation = 1, returnIndices, ceilMode = false }: MaxPoolOptions<R>) {
    super();
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.dilation = dilation;
    this.returnIndices = (returnIndices ?? false) as R;
    this.ceilMode = ceilMode;
  }

  protected poolArgs(): F.MaxPoolOptions {
    const { stride, padding, dilation, ceilMode, returnIndices } = this;
    return { stride, padding, dilation, ceilMode, returnIndices };
  }

  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}, dilation=${pySize(this.dilation)}, ceil_mode=${pyBool(this.ceilMode)}`;
  }
}

/**
 * Max over kernel windows of (N, C, L) or (C, L) (`torch.nn.MaxPool1d`); see F.maxPool1d.
 *
 * @example
 * ```ts
 * const x = tensor([[[1, 3, 2, 5, 4, 0]]]);
 * new nn.MaxPool1d(2)(x).tolist(); // [[[3, 5, 4]]]
 * const [values, indices] = new nn.MaxPool1d(3, { returnIndices: true })(x);
 * indices.tolist();                // [[[1, 3]]]
 * String(new nn.MaxPool1d(2));     // 'MaxPool1d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)'
 * ```
 */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: F.Size, options: MaxPoolOptions<R> = {}) {
    super(kernelSize, options);
  }

  override forward(input: Tensor): MaxPoolOutput<R> {
    return F.maxPool1d(input, this.kernelSize, this.poolArgs()) as MaxPoolOutput<R>;
  }
}

/**
 * Max over kernel windows of (N, C, H, W) or (C, H, W) (`torch.nn.MaxPool2d`); see F.maxPool2d.
 *
 * @example
 * ```ts
 * new nn.MaxPool2d(2)(arange(16).reshape(1, 1, 4, 4)).tolist(); // [[[[5, 7], [13, 15]]]]
 * new nn.MaxPool2d(2)(randn(8, 3, 32, 32)).shape;             // [8, 3, 16, 16]
 * ```
 */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: F.Size, options: MaxPoolOptions<R> = {}) {
    super(kernelSize, options);
  }

  override forward(input: Tensor): MaxPoolOutput<R> {
    return F.maxPool2d(input, this.kernelSize, this.poolArgs()) as MaxPoolOutput<R>;
  }
}

/**
 * Mean over kernel windows of (N, C, L) or (C, L) (`torch.nn.AvgPool1d`); its sizes are 1-tuples, as
 * PyTorch's _single makes them.
 *
 * @example
 * ```ts
 * new nn.AvgPool1d(2)(tensor([[[1, 3, 2, 5, 4, 0]]])).tolist(); // [[[2, 3.5, 2]]]
 * String(new nn.AvgPool1d(2)); // 'AvgPool1d(kernel_size=(2,), stride=(2,), padding=(0,))'
 * ```
 */
export class AvgPool1d extends Module {
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;

  constructor(kernelSize: F.Size, { stride = null, padding = 0, ceilMode = false, countIncludePad = true }: F.AvgPoolOptions = {}) {
    super();
    const single = (v: F.Size): number[] => (typeof v === 'number' ? [v] : [...v]);
    this.kernelSize = single(kernelSize);
    this.stride = single(stride ?? kernelSize);
    this.padding = single(padding);
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
  }

  override forward(input: Tensor): Tensor {
    const { stride, padding, ceilMode, countIncludePad } = this;
    return F.avgPool1d(input, this.kernelSize, { stride, padding, ceilMode, countIncludePad });
  }

  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}`;
  }
}

/**
 * Mean over kernel windows of (N, C, H, W) or (C, H, W) (`torch.nn.AvgPool2d`); see F.avgPool2d.
 *
 * @example
 * ```ts
 * new nn.AvgPool2d(2)(arange(16).reshape(1, 1, 4, 4)).tolist(); // [[[[2.5, 4.5], [10.5, 12.5]]]]
 * String(new nn.AvgPool2d(2)); // 'AvgPool2d(kernel_size=2, stride=2, padding=0)'
 * ```
 */
export class AvgPool2d extends Module {
  readonly kernelSize: F.Size;
  readonly stride: F.Size;
  readonly padding: F.Size;
  readonly ceilMode: boolean;
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;

  constructor(
    kernelSize: F.Size,
    { stride = null, padding = 0, ceilMode = false, countIncludePad = true, divisorOverride = null }: F.AvgPool2dOptions = {},
  ) {
    super();
    this.kernelSize = kernelSize;
    this.stride = stride ?? kernelSize;
    this.padding = padding;
    this.ceilMode = ceilMode;
    this.countIncludePad = countIncludePad;
    this.divisorOverride = divisorOverride;
  }

  override forward(input: Tensor): Tensor {
    const { stride, padding, ceilMode, countIncludePad, divisorOverride } = this;
    return F.avgPool2d(input, this.kernelSize, { stride, padding, ceilMode, countIncludePad, divisorOverride });
  }

  override extraRepr(): string {
    return `kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}, padding=${pySize(this.padding)}`;
  }
}

/**
 * Mean over (N, C, L) or (C, L) in `outputSize` windows of near-equal length (`torch.nn.AdaptiveAvgPool1d`).
 *
 * @example
 * ```ts
 * new nn.AdaptiveAvgPool1d(2)(tensor([[[1, 3, 2, 5, 4, 0]]])).tolist(); // [[[2, 3]]]
 * ```
 */
export class AdaptiveAvgPool1d extends Module {
  readonly outputSize: F.Size;

  constructor(outputSize: F.Size) {
    super();
    this.outputSize = outputSize;
  }

  override forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool1d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/**
 * Mean over (N, C, H, W) or (C, H, W) in an outputSize grid of windows; null keeps that input size
 * (`torch.nn.AdaptiveAvgPool2d`). Size 1 is global average pooling.
 *
 * @example
 * ```ts
 * const x = arange(16).reshape(1, 1, 4, 4);
 * new nn.AdaptiveAvgPool2d(1)(x).tolist();           // [[[[7.5]]]]
 * new nn.AdaptiveAvgPool2d([2, null])(x).shape;      // [1, 1, 2, 4]
 * String(new nn.AdaptiveAvgPool2d([2, null]));       // 'AdaptiveAvgPool2d(output_size=(2, None))'
 * ```
 */
export class AdaptiveAvgPool2d extends Module {
  readonly outputSize: F.AdaptiveSize;

  constructor(outputSize: F.AdaptiveSize) {
    super();
    this.outputSize = outputSize;
  }

  override forward(input: Tensor): Tensor {
    return F.adaptiveAvgPool2d(input, this.outputSize);
  }

  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}

/**
 * Max over (N, C, H, W) or (C, H, W) in an outputSize grid of windows; with returnIndices also the argmax
 * (`torch.nn.AdaptiveMaxPool2d`).
 *
 * @example
 * ```ts
 * const [values, indices] = new nn.AdaptiveMaxPool2d(2, { returnIndices: true })(arange(16).reshape(1, 1, 4, 4));
 * values.tolist();  // [[[[5, 7], [13, 15]]]]
 * indices.tolist(); // [[[[5, 7], [13, 15]]]]
 * ```
 */
export class AdaptiveMaxPool2d<R extends boolean = false> extends Module<[Tensor], MaxPoolOutput<R>> {
  readonly outputSize: F.AdaptiveSize;
  readonly returnIndices: R;

  constructor(outputSize: F.AdaptiveSize, { returnIndices }: { returnIndices?: R } = {}) {
    super();
    this.outputSize = outputSize;
    this.returnIndices = (returnIndices ?? false) as R;
  }

  override forward(input: Tensor): MaxPoolOutput<R> {
    return F.adaptiveMaxPool2d(input, this.outputSize, { returnIndices: this.returnIndices as boolean }) as MaxPoolOutput<R>;
  }

  override extraRepr(): string {
    return `output_size=${pySize(this.outputSize)}`;
  }
}
