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

export interface MaxPoolOptions<R extends boolean = boolean> {
  /** Default: the kernel size. */
  stride?: F.Size | null;
  padding?: F.Size;
  dilation?: F.Size;
  /** Also return the argmax of every window (positions within its plane, as floats). */
  returnIndices?: R;
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

/** Max over windows of (N, C, L) or (C, L). */
export class MaxPool1d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: F.Size, options: MaxPoolOptions<R> = {}) {
    super(kernelSize, options);
  }

  override forward(input: Tensor): MaxPoolOutput<R> {
    return F.maxPool1d(input, this.kernelSize, this.poolArgs()) as MaxPoolOutput<R>;
  }
}

/** Max over windows of (N, C, H, W) or (C, H, W). */
export class MaxPool2d<R extends boolean = false> extends MaxPoolNd<R> {
  constructor(kernelSize: F.Size, options: MaxPoolOptions<R> = {}) {
    super(kernelSize, options);
  }

  override forward(input: Tensor): MaxPoolOutput<R> {
    return F.maxPool2d(input, this.kernelSize, this.poolArgs()) as MaxPoolOutput<R>;
  }
}

/** Mean over windows of (N, C, L) or (C, L); its sizes are 1-tuples, as PyTorch's _single makes them. */
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

/** Mean over windows of (N, C, H, W) or (C, H, W). */
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

/** Mean over (N, C, L) or (C, L) in `outputSize` windows of near-equal length. */
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

/** Mean over (N, C, H, W) or (C, H, W) in an outputSize grid of windows; null keeps that input size. */
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

/** Max over (N, C, H, W) or (C, H, W) in an outputSize grid of windows; with returnIndices also the argmax. */
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
