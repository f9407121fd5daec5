// Conv1d/2d/3d and ConvTranspose1d/2d: PyTorch's _ConvNd — weight layout, initialisation,
// options, checks and repr — around F.conv* and F.convTranspose*.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { sizeList } from '../functional/conv';
import * as init from '../init';
import type { Parameter } from '../parameter';
import { emptyParameter } from './linear';
import { Module } from './module';

/** How a convolution layer pads its input: PyTorch's padding_mode values (torchlet implements 'zeros'). */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

/** Conv1d/2d/3d's options, PyTorch's keyword arguments: stride 1, padding 0, dilation 1, groups 1, bias true by default. */
export interface ConvOptions {
  /** The step between windows, one for all spatial dims or one each. */
  stride?: F.Size;
  /** Zeros added on both sides of each spatial dim; 'valid' is none, 'same' keeps the size (stride 1 only). */
  padding?: F.ConvPadding;
  /** The spacing between kernel elements. */
  dilation?: F.Size;
  /** Split the channels into this many groups, each convolved with its own filters. */
  groups?: number;
  /** Learn an additive bias per output channel. */
  bias?: boolean;
  /** Only 'zeros' is implemented; PyTorch's other modes throw. */
  paddingMode?: PaddingMode;
}

/** ConvTranspose1d/2d's options, PyTorch's keyword arguments: stride 1, padding 0, outputPadding 0, groups 1, bias true, dilation 1 by default. */
export interface ConvTransposeOptions {
  /** The step between windows of the convolution this one transposes. */
  stride?: F.Size;
  /** The padding of the convolution this one transposes: dilation·(kernel - 1) - padding zeros around the input. */
  padding?: F.Size;
  /** Extra size added to one side of each output dim (smaller than the stride or the dilation). */
  outputPadding?: F.Size;
  /** Split the channels into this many groups, each with its own filters. */
  groups?: number;
  /** Learn an additive bias per output channel. */
  bias?: boolean;
  /** The spacing between kernel elements. */
  dilation?: F.Size;
  /** 'zeros', the only mode PyTorch supports for transposed convolutions. */
  paddingMode?: PaddingMode;
}

/** Python's repr of a size: an int as itself, a tuple as (3, 3) or (3,), None for null. */
export function pySize(value: number | readonly (number | null)[]): string {
  if (typeof value === 'number') return String(value);
  const items = value.map((v) => (v === null ? 'None' : String(v)));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
}

/** PyTorch's _single/_pair/_triple: a number repeated n times, or n numbers. */
function ntuple(value: F.Size, n: number, name: string, cls: string): number[] {
  const list = sizeList(value, n, name, cls);
  if (list.length !== n) {
    throw new Error(`${cls}: expected ${name} to be a single integer value or a list of ${n} values, but got ${name}=${pySize(list)}`);
  }
  return list;
}

const PADDING_MODES: readonly string[] = ['zeros', 'reflect', 'replicate', 'circular'];

/** What a convolution layer holds; `transposed` layers keep the weight as (in, out/groups, *kernel). */
interface ConvConfig {
  kernelSize: number[];
  stride: number[];
  padding: number[] | 'same' | 'valid';
  dilation: number[];
  transposed: boolean;
  outputPadding: number[];
  groups: number;
  bias: boolean;
  paddingMode: PaddingMode;
}

/** PyTorch's _ConvNd: the checks, the parameters, their initialisation and the repr. */
abstract class ConvNd<In extends unknown[] = [Tensor]> extends Module<In> {
  readonly inChannels: number;
  readonly outChannels: number;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | 'same' | 'valid';
  readonly dilation: number[];
  readonly transposed: boolean;
  readonly outputPadding: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;
  weight: Parameter;
  declare bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, config: ConvConfig) {
    super();
    const { kernelSize, stride, padding, dilation, transposed, outputPadding, groups, bias, paddingMode } = config;
    if (!(groups > 0)) throw new Error('groups must be a positive integer');
    if (inChannels % groups !== 0) throw new Error('in_channels must be divisible by groups');
    if (outChannels % groups !== 0) throw new Error('out_channels must be divisible by groups');
    if (typeof padding === 'string') {
      if (padding !== 'same' && padding !== 'valid') throw new Error(`Invalid padding string '${String(padding)}', should be one of {'valid', 'same'}`);
      if (padding === 'same' && stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
    }
    if (!PADDING_MODES.includes(paddingMode)) {
      throw new Error(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${String(paddingMode)}'`);
    }
    if (paddingMode !== 'zeros') {
      throw new Error(`padding_mode='${paddingMode}' is not supported by torchlet's ${new.target.name}: only 'zeros' is implemented`);
    }
    this.inChannels = inChannels;
    this.outChannels = outChannels;
    this.kernelSize = kernelSize;
    this.stride = stride;
    this.padding = padding;
    this.dilation = dilation;
    this.transposed = transposed;
    this.outputPadding = outputPadding;
    this.groups = groups;
    this.paddingMode = paddingMode;
    this.weight = transposed
      ? emptyParameter(inChannels, outChannels / groups, ...kernelSize)
      : emptyParameter(outChannels, inChannels / groups, ...kernelSize);
    if (bias) this.bias = emptyParameter(outChannels);
    else this.registerParameter('bias', null);
    this.resetParameters();
  }

  /** W and b ~ U(-1/√fan_in, 1/√fan_in), fan_in = weight.size(1)·∏kernel, via kaiming_uniform_(a=√5), as PyTorch. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extraRepr(): string {
    let s = `${this.inChannels}, ${this.outChannels}, kernel_size=${pySize(this.kernelSize)}, stride=${pySize(this.stride)}`;
    const { padding } = this;
    if (typeof padding === 'string') s += `, padding=${padding}`;
    else if (padding.some((p) => p !== 0)) s += `, padding=${pySize(padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pySize(this.dilation)}`;
    if (this.outputPadding.some((p) => p !== 0)) s += `, output_padding=${pySize(this.outputPadding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ', bias=False';
    return s;
  }
}

/** A convolution layer's config from its options, sizes made n-tuples as PyTorch's constructors make them. */
function convConfig(n: number, cls: string, kernelSize: F.Size, options: ConvOptions): ConvConfig {
  const { stride = 1, padding = 0, dilation = 1, groups = 1, bias = true, paddingMode = 'zeros' } = options;
  return {
    kernelSize: ntuple(kernelSize, n, 'kernel_size', cls),
    stride: ntuple(stride, n, 'stride', cls),
    padding: typeof padding === 'string' ? padding : ntuple(padding, n, 'padding', cls),
    dilation: ntuple(dilation, n, 'dilation', cls),
    transposed: false,
    outputPadding: new Array<number>(n).fill(0),
    groups, bias, paddingMode,
  };
}

/** The options F.conv* takes from a layer. */
const convArgs = (m: ConvNd<[Tensor]>): F.ConvOptions => ({ stride: m.stride, padding: m.padding, dilation: m.dilation, groups: m.groups });

/**
 * 1-D convolution over (N, C_in, L) or (C_in, L) (`torch.nn.Conv1d`): out[n, o] = b[o] + Σ_c W[o, c] ⋆ x[n, c];
 * weight (C_out, C_in/groups, k), initialised as PyTorch's. L_out = ⌊(L + 2·padding - dilation·(k - 1) - 1) / stride⌋ + 1.
 *
 * @example
 * ```ts
 * const conv = new nn.Conv1d(4, 8, 3);
 * conv(randn(2, 4, 10)).shape; // [2, 8, 8]
 * String(conv);                // 'Conv1d(4, 8, kernel_size=(3,), stride=(1,))'
 * ```
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: F.Size, options: ConvOptions = {}) {
    super(inChannels, outChannels, convConfig(1, 'Conv1d', kernelSize, options));
  }

  override forward(input: Tensor): Tensor {
    return F.conv1d(input, this.weight, this.bias, convArgs(this));
  }
}

/**
 * 2-D convolution over (N, C_in, H, W) or (C_in, H, W) (`torch.nn.Conv2d`); weight (C_out, C_in/groups, kH, kW),
 * initialised as PyTorch's. Each output size is ⌊(size + 2·padding - dilation·(k - 1) - 1) / stride⌋ + 1.
 *
 * @example
 * ```ts
 * const conv = new nn.Conv2d(3, 16, 3, { stride: 2, padding: 1 });
 * conv(randn(1, 3, 32, 32)).shape; // [1, 16, 16, 16]
 * String(conv); // 'Conv2d(3, 16, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1))'
 * new nn.Conv2d(3, 16, [3, 5], { padding: 'same' })(randn(3, 8, 8)).shape; // [16, 8, 8]
 * ```
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: F.Size, options: ConvOptions = {}) {
    super(inChannels, outChannels, convConfig(2, 'Conv2d', kernelSize, options));
  }

  override forward(input: Tensor): Tensor {
    return F.conv2d(input, this.weight, this.bias, convArgs(this));
  }
}

/**
 * 3-D convolution over (N, C_in, D, H, W) or (C_in, D, H, W) (`torch.nn.Conv3d`); weight
 * (C_out, C_in/groups, kD, kH, kW), initialised as PyTorch's.
 *
 * @example
 * ```ts
 * const conv = new nn.Conv3d(2, 4, 3);
 * conv(randn(1, 2, 5, 6, 7)).shape; // [1, 4, 3, 4, 5]
 * ```
 */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: F.Size, options: ConvOptions = {}) {
    super(inChannels, outChannels, convConfig(3, 'Conv3d', kernelSize, options));
  }

  override forward(input: Tensor): Tensor {
    return F.conv3d(input, this.weight, this.bias, convArgs(this));
  }
}

/** PyTorch's _ConvTransposeNd: only zero padding, and an optional output size chosen at call time. */
abstract class ConvTransposeNd extends ConvNd<[input: Tensor, outputSize?: readonly number[]]> {
  declare readonly padding: number[];

  constructor(n: number, inChannels: number, outChannels: number, kernelSize: F.Size, options: ConvTransposeOptions, cls: string) {
    const { stride = 1, padding = 0, outputPadding = 0, groups = 1, bias = true, dilation = 1, paddingMode = 'zeros' } = options;
    if (paddingMode !== 'zeros') throw new Error(`Only "zeros" padding mode is supported for ${cls}`);
    super(inChannels, outChannels, {
      kernelSize: ntuple(kernelSize, n, 'kernel_size', cls),
      stride: ntuple(stride, n, 'stride', cls),
      padding: ntuple(padding, n, 'padding', cls),
      dilation: ntuple(dilation, n, 'dilation', cls),
      transposed: true,
      outputPadding: ntuple(outputPadding, n, 'output_padding', cls),
      groups, bias, paddingMode,
    });
  }

  /**
   * PyTorch's _output_padding: the layer's own, or what makes the output `outputSize` (its
   * spatial sizes, optionally preceded by the batch and channel sizes).
   */
  protected outputPaddingFor(input: Tensor, outputSize: readonly number[] | undefined): number[] {
    if (outputSize === undefined) return this.outputPadding;
    const n = this.kernelSize.length;
    const nonSpatial = input.dim() === n + 2 ? 2 : 1;
    const size = outputSize.length === nonSpatial + n ? outputSize.slice(nonSpatial) : outputSize;
    if (size.length !== n) {
      throw new Error(`ConvTranspose${n}D: for ${input.dim()}D input, output_size must have ${n} or ${nonSpatial + n} elements (got ${size.length})`);
    }
    const min = size.map((_, d) => (input.shape[d + nonSpatial] - 1) * this.stride[d] - 2 * this.padding[d] + this.dilation[d] * (this.kernelSize[d] - 1) + 1);
    const max = min.map((m, d) => m + this.stride[d] - 1);
    if (size.some((s, d) => s < min[d] || s > max[d])) {
      const list = (v: readonly number[]): string => `[${v.join(', ')}]`;
      throw new Error(
        `requested an output size of ${list(size)}, but valid sizes range from ${list(min)} to ${list(max)} (for an input of torch.Size(${list(input.shape.slice(2))}))`,
      );
    }
    return size.map((s, d) => s - min[d]);
  }

  protected transposeArgs(input: Tensor, outputSize: readonly number[] | undefined): F.ConvTransposeOptions {
    const { stride, padding, dilation, groups } = this;
    return { stride, padding, outputPadding: this.outputPaddingFor(input, outputSize), groups, dilation };
  }
}

/**
 * The transpose of Conv1d (`torch.nn.ConvTranspose1d`, the gradient of a convolution with respect to its
 * input) over (N, C_in, L) or (C_in, L); weight (C_in, C_out/groups, k).
 * L_out = (L - 1)·stride - 2·padding + dilation·(k - 1) + outputPadding + 1.
 *
 * @example
 * ```ts
 * const deconv = new nn.ConvTranspose1d(8, 4, 3, { stride: 2 });
 * deconv(randn(2, 8, 10)).shape; // [2, 4, 21]
 * ```
 */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: F.Size, options: ConvTransposeOptions = {}) {
    super(1, inChannels, outChannels, kernelSize, options, 'ConvTranspose1d');
  }

  override forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    return F.convTranspose1d(input, this.weight, this.bias, this.transposeArgs(input, outputSize));
  }
}

/**
 * The transpose of Conv2d (`torch.nn.ConvTranspose2d`) over (N, C_in, H, W) or (C_in, H, W); weight
 * (C_in, C_out/groups, kH, kW). A call may name the output size, which picks the output padding.
 *
 * @example
 * ```ts
 * const deconv = new nn.ConvTranspose2d(16, 3, 3, { stride: 2, padding: 1 });
 * deconv(randn(1, 16, 16, 16)).shape;           // [1, 3, 31, 31]
 * deconv(randn(1, 16, 16, 16), [32, 32]).shape; // [1, 3, 32, 32]
 * ```
 */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: F.Size, options: ConvTransposeOptions = {}) {
    super(2, inChannels, outChannels, kernelSize, options, 'ConvTranspose2d');
  }

  override forward(input: Tensor, outputSize?: readonly number[]): Tensor {
    return F.convTranspose2d(input, this.weight, this.bias, this.transposeArgs(input, outputSize));
  }
}
