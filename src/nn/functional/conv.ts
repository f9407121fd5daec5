// F.conv1d/2d/3d and F.convTranspose1d/2d: PyTorch's argument handling and its checks, in its
// order and with its messages, around the im2col convolution of ops/conv.
import { conv, convTranspose, type ConvGeometry } from '../../ops/conv';
import type { Tensor } from '../../tensor/tensor';
import { formatShape, type Shape } from '../../tensor/shape';

/** A size per spatial dim: one number for all of them, or one each. */
export type Size = number | readonly number[];
/** A convolution's padding: zeros on both sides of each spatial dim, 'valid' for none, or 'same' to keep the size (stride 1). */
export type ConvPadding = Size | 'same' | 'valid';

/** conv1d/2d/3d's options, PyTorch's keyword arguments: stride 1, padding 0, dilation 1, groups 1 by default. */
export interface ConvOptions {
  /** The step between windows. */
  stride?: Size;
  /** Zeros added before and after each spatial dim; 'valid' is 0, 'same' keeps the size (stride 1). */
  padding?: ConvPadding;
  /** The spacing between kernel elements. */
  dilation?: Size;
  /** Split the channels into this many groups, each convolved with its own filters. */
  groups?: number;
}

/** convTranspose1d/2d's options, PyTorch's keyword arguments: stride 1, padding 0, outputPadding 0, groups 1, dilation 1 by default. */
export interface ConvTransposeOptions {
  /** The step between windows of the convolution this one transposes. */
  stride?: Size;
  /** dilation·(kernel - 1) - padding zeros around each side of the input. */
  padding?: Size;
  /** Extra size added to one side of each output dim (smaller than the stride or the dilation). */
  outputPadding?: Size;
  /** Split the channels into this many groups, each with its own filters. */
  groups?: number;
  /** The spacing between kernel elements. */
  dilation?: Size;
}

/** A size argument as the list PyTorch's argument parser makes of it: a number becomes n copies. */
export function sizeList(value: Size, n: number, name: string, op: string): number[] {
  const list = typeof value === 'number' ? new Array<number>(n).fill(value) : [...value];
  list.forEach((v, i) => {
    if (!Number.isInteger(v)) throw new TypeError(`${op}(): argument '${name}' must be tuple of ints, but found element of type ${typeof v === 'number' ? 'float' : typeof v} at pos ${i}`);
  });
  return list;
}

/** PyTorch's convolution_expand_param_if_needed: one value stands for all `dims`. */
function expandParam(list: readonly number[], name: string, dims: number): number[] {
  if (list.length === 1) return new Array<number>(dims).fill(list[0]);
  if (list.length !== dims) {
    throw new Error(`expected ${name} to be a single integer value or a list of ${dims} values to match the convolution dimensions, but got ${name}=${formatShape(list)}`);
  }
  return list.slice();
}

/** PyTorch's batchify: (C, *) is one sample; returns the batched input and whether it was batched. */
function batchify(input: Tensor, spatial: number, op: string): [Tensor, boolean] {
  const batched = input.dim() === spatial + 2;
  if (!batched && input.dim() !== spatial + 1) {
    throw new Error(`Expected ${spatial + 1}D (unbatched) or ${spatial + 2}D (batched) input to ${op}, but got input of size: ${formatShape(input.shape)}`);
  }
  return [batched ? input : input.unsqueeze(0), batched]; // (N, C, *)
}

/** Checks of PyTorch's _convolution shared by both directions; returns the expanded lists. */
function checkCommon(
  x: Tensor, weight: Tensor, groups: number, lists: Record<'stride' | 'padding' | 'dilation' | 'outputPadding', readonly number[]>,
): { stride: number[]; padding: number[]; dilation: number[]; outputPadding: number[] } {
  if (weight.dim() < 3) throw new Error('weight should have at least three dimensions');
  const dims = weight.dim() - 2;
  const stride = expandParam(lists.stride, 'stride', dims);
  const padding = expandParam(lists.padding, 'padding', dims);
  const dilation = expandParam(lists.dilation, 'dilation', dims);
  const outputPadding = expandParam(lists.outputPadding, 'output_padding', dims);
  if (!(groups > 0)) throw new Error('non-positive groups is not supported');
  if (padding.some((p) => p < 0)) throw new Error('negative padding is not supported');
  if (outputPadding.some((p) => p < 0)) throw new Error('negative output_padding is not supported');
  if (stride.some((s) => s <= 0)) throw new Error('non-positive stride is not supported');
  const ws = formatShape(weight.shape);
  if (weight.dim() !== x.dim()) {
    throw new Error(`Expected ${weight.dim()}-dimensional input for ${weight.dim()}-dimensional weight ${ws}, but got ${x.dim()}-dimensional input of size ${formatShape(x.shape)} instead`);
  }
  if (weight.shape[0] < groups) {
    throw new Error(`Given groups=${groups}, expected weight to be at least ${groups} at dimension 0, but got weight of size ${ws} instead`);
  }
  if (weight.shape[0] % groups !== 0) {
    throw new Error(`Given groups=${groups}, expected weight to be divisible by ${groups} at dimension 0, but got weight of size [${ws}] instead`);
  }
  return { stride, padding, dilation, outputPadding };
}

/** A 1-D convolution's lists as PyTorch's view1d_as_2d shows them in messages: a leading height of `h`. */
const as2d = (list: readonly number[], h: number): number[] => (list.length === 1 ? [h, ...list] : list.slice());

/** Spatial triples for the 3-D kernels: leading dims of size 1 (filled with `fill`). */
const to3d = (list: readonly number[], fill: number): number[] => [...new Array<number>(3 - list.length).fill(fill), ...list];

/** The 'same' padding of PyTorch's convolution_same: its own checks, then d·(k - 1) split, the larger half after. */
function samePadding(x: Tensor, weight: Tensor, stride: readonly number[], dilation: readonly number[]): [left: number[], right: number[]] {
  const k = weight.dim();
  if (k <= 2) throw new Error('weight should have at least three dimensions');
  if (k !== x.dim()) {
    throw new Error(`Expected ${k}-dimensional input for ${k}-dimensional weight${formatShape(weight.shape)}, but got ${x.dim()}-dimensional input of size ${formatShape(x.shape)} instead`);
  }
  const dims = k - 2;
  if (stride.length !== dims && stride.length !== 1) throw new Error(`stride cannot broadcast to ${dims} dimensions`);
  if (dilation.length !== dims && dilation.length !== 1) throw new Error(`dilation cannot broadcast to ${dims} dimensions`);
  if (stride.some((s) => s !== 1)) throw new Error("padding='same' is not supported for strided convolutions");
  const left: number[] = [];
  const right: number[] = [];
  for (let i = 0; i < dims; i++) {
    const total = (dilation.length === 1 ? dilation[0] : dilation[i]) * (weight.shape[i + 2] - 1);
    left.push(Math.trunc(total / 2));
    right.push(total - left[i]);
  }
  return [left, right];
}

/** conv1d/2d/3d: x (N, C, *) or (C, *), weight (O, C/groups, *kernel), bias (O). */
function convolution(op: string, spatial: number, input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvOptions): Tensor {
  const { stride = 1, padding = 0, dilation = 1, groups = 1 } = options;
  const [x, batched] = batchify(input, spatial, op);
  const strideList = sizeList(stride, spatial, 'stride', op);
  const dilationList = sizeList(dilation, spatial, 'dilation', op);
  let paddingList: number[];
  let shown: Shape = x.shape; // the input PyTorch's messages name: 'same' pads it on the right first when uneven
  if (padding === 'same') {
    const [left, right] = samePadding(x, weight, strideList, dilationList);
    paddingList = left;
    shown = x.shape.map((s, i) => (i < 2 ? s : s + right[i - 2] - left[i - 2]));
  } else if (padding === 'valid') {
    paddingList = [0];
  } else if (typeof padding === 'string') {
    throw new Error(`Invalid padding string: '${String(padding)}'`);
  } else {
    paddingList = sizeList(padding, spatial, 'padding', op);
  }
  const outputPadding = new Array<number>(spatial).fill(0); // as conv1d/2d/3d pass it to PyTorch's convolution
  const p = checkCommon(x, weight, groups, { stride: strideList, padding: paddingList, dilation: dilationList, outputPadding });
  const ws = formatShape(weight.shape);
  const channels = weight.shape[1] * groups;
  if (x.shape[1] !== channels) {
    throw new Error(`Given groups=${groups}, weight of size ${ws}, expected input${formatShape(shown)} to have ${channels} channels, but got ${x.shape[1]} channels instead`);
  }
  if (bias !== null && (bias.dim() !== 1 || bias.shape[0] !== weight.shape[0])) {
    throw new Error(`Given weight of size ${ws}, expected bias to be 1-dimensional with ${weight.shape[0]} elements, but got bias of size ${formatShape(bias.shape)} instead`);
  }
  const kernel = weight.shape.slice(2);
  const paddedSize = kernel.map((_, i) => shown[i + 2] + 2 * p.padding[i]);
  const extent = kernel.map((k, i) => p.dilation[i] * (k - 1) + 1);
  if (paddedSize.some((s, i) => s < extent[i])) {
    throw new Error(`Calculated padded input size per channel: (${paddedSize.join(' x ')}). Kernel size: (${extent.join(' x ')}). Kernel size can't be greater than actual input size`);
  }
  checkKernelAndDilation(kernel, p.dilation);
  const outSize = kernel.map((_, i) => Math.floor((paddedSize[i] - extent[i]) / p.stride[i]) + 1);
  const geo: ConvGeometry = {
    batch: x.shape[0], groups, channels, outChannels: weight.shape[0],
    size: to3d(x.shape.slice(2), 1), outSize: to3d(outSize, 1), kernel: to3d(kernel, 1),
    stride: to3d(p.stride, 1), padding: to3d(p.padding, 0), dilation: to3d(p.dilation, 1),
  };
  const out = conv(x, weight, bias, geo, [x.shape[0], weight.shape[0], ...outSize]); // (N, O, *out)
  return batched ? out : out.squeeze(0);
}

/**
 * The checks of the kernel PyTorch picks after its shape checks: a dilated convolution checks
 * kernel and dilation as lists; an undilated one its kernel in its own words (1-D as 2-D).
 */
function checkKernelAndDilation(kernel: readonly number[], dilation: readonly number[]): void {
  if (dilation.some((d) => d !== 1)) {
    if (kernel.some((k) => k <= 0)) throw new Error(`kernel size should be greater than zero, but got ${formatShape(as2d(kernel, 1))}`);
    if (dilation.some((d) => d <= 0)) throw new Error(`dilation should be greater than zero, but got ${formatShape(as2d(dilation, 1))}`);
  } else if (kernel.some((k) => k <= 0)) {
    if (kernel.length === 3) throw new Error(`kernel size should be greater than zero, but got: ${kernel.join(' x ')} (TxHxW)`);
    const [kh, kw] = as2d(kernel, 1);
    throw new Error(`kernel size should be greater than zero, but got kernel_height: ${kh} kernel_width: ${kw}`);
  }
}

/** conv_transpose1d/2d: x (N, C_in, *) or (C_in, *), weight (C_in, C_out/groups, *kernel), bias (C_out). */
function convolutionTranspose(op: string, spatial: number, input: Tensor, weight: Tensor, bias: Tensor | null, options: ConvTransposeOptions): Tensor {
  const { stride = 1, padding = 0, outputPadding = 0, groups = 1, dilation = 1 } = options;
  const [x, batched] = batchify(input, spatial, op);
  const p = checkCommon(x, weight, groups, {
    stride: sizeList(stride, spatial, 'stride', op),
    padding: sizeList(padding, spatial, 'padding', op),
    dilation: sizeList(dilation, spatial, 'dilation', op),
    outputPadding: sizeList(outputPadding, spatial, 'output_padding', op),
  });
  const ws = formatShape(weight.shape);
  if (x.shape[1] !== weight.shape[0]) {
    throw new Error(`Given transposed=1, weight of size ${ws}, expected input${formatShape(x.shape)} to have ${weight.shape[0]} channels, but got ${x.shape[1]} channels instead`);
  }
  const channels = weight.shape[1] * groups;
  if (bias !== null && (bias.dim() !== 1 || bias.shape[0] !== channels)) {
    throw new Error(`Given transposed=1, weight of size ${ws}, expected bias to be 1-dimensional with ${channels} elements, but got bias of size ${formatShape(bias.shape)} instead`);
  }
  const inSize = x.shape.slice(2);
  if (x.numel() === 0 && inSize.includes(0)) {
    const shown = spatial === 1 ? [x.shape[0], x.shape[1], 1, inSize[0]] : x.shape;
    throw new Error(`Only zero batch or zero channel inputs are supported, but got input shape: ${formatShape(shown)}`);
  }
  const kernel = weight.shape.slice(2);
  // slow_conv_transpose2d_shape_check, which sees a 1-D problem as one of height 1
  const [kh, kw] = as2d(kernel, 1);
  if (kernel.some((k) => k <= 0)) throw new Error(`kernel size should be greater than zero, but got kernel_height: ${kh} kernel_width: ${kw}`);
  const [sh, sw] = as2d(p.stride, 1);
  const [dh, dw] = as2d(p.dilation, 1);
  const [oph, opw] = as2d(p.outputPadding, 0);
  if (p.dilation.some((d) => d <= 0)) throw new Error(`dilation should be greater than zero, but got dilation_height: ${dh}, dilation_width: ${dw}`);
  if (p.outputPadding.some((o, i) => o >= p.stride[i] && o >= p.dilation[i])) {
    throw new Error(
      `output padding must be smaller than either stride or dilation, but got output_padding_height: ${oph} output_padding_width: ${opw} stride_height: ${sh} stride_width: ${sw} dilation_height: ${dh} dilation_width: ${dw}`,
    );
  }
  const outSize = kernel.map((k, i) => (inSize[i] - 1) * p.stride[i] - 2 * p.padding[i] + p.dilation[i] * (k - 1) + p.outputPadding[i] + 1);
  if (outSize.some((s) => s < 1)) {
    throw new Error(`Given input size per channel: (${as2d(inSize, 1).join(' x ')}). Calculated output size per channel: (${as2d(outSize, 1).join(' x ')}). Output size is too small`);
  }
  const geo: ConvGeometry = {
    batch: x.shape[0], groups, channels, outChannels: weight.shape[0],
    size: to3d(outSize, 1), outSize: to3d(inSize, 1), kernel: to3d(kernel, 1),
    stride: to3d(p.stride, 1), padding: to3d(p.padding, 0), dilation: to3d(p.dilation, 1),
  };
  const out = convTranspose(x, weight, bias, geo, [x.shape[0], channels, ...outSize]); // (N, C_out, *out)
  return batched ? out : out.squeeze(0);
}

/**
 * 1-D convolution of x (N, C, L) or (C, L) with weight (O, C/groups, k) and bias (O):
 * out[n, o, l] = b[o] + Σ_c Σ_j W[o, c, j]·x[n, c, l·stride + j·dilation - padding].
 *
 * @example
 * ```ts
 * F.conv1d(ones(1, 1, 5), ones(1, 1, 3)).tolist(); // [[[3, 3, 3]]]
 * ```
 */
export const conv1d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor =>
  convolution('conv1d', 1, input, weight, bias, options);

/**
 * 2-D convolution of x (N, C, H, W) or (C, H, W) with weight (O, C/groups, kH, kW) and bias (O)
 * (`torch.nn.functional.conv2d`, a cross-correlation as PyTorch's).
 *
 * @example
 * ```ts
 * F.conv2d(ones(1, 1, 3, 3), ones(1, 1, 2, 2), null, { padding: 1 }).tolist();
 * // [[[[1, 2, 2, 1], [2, 4, 4, 2], [2, 4, 4, 2], [1, 2, 2, 1]]]]
 * ```
 */
export const conv2d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor =>
  convolution('conv2d', 2, input, weight, bias, options);

/**
 * 3-D convolution of x (N, C, D, H, W) or (C, D, H, W) with weight (O, C/groups, kD, kH, kW) and bias (O).
 *
 * @example
 * ```ts
 * F.conv3d(ones(1, 1, 2, 2, 2), ones(1, 1, 2, 2, 2)).tolist(); // [[[[[8]]]]]
 * ```
 */
export const conv3d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvOptions = {}): Tensor =>
  convolution('conv3d', 3, input, weight, bias, options);

/**
 * The transpose of conv1d (its gradient with respect to the input): x (N, C_in, L) or (C_in, L), weight
 * (C_in, C_out/groups, k), bias (C_out); each input element adds its multiple of the kernel to the output.
 *
 * @example
 * ```ts
 * F.convTranspose1d(ones(1, 1, 3), ones(1, 1, 2)).tolist(); // [[[1, 2, 2, 1]]]
 * ```
 */
export const convTranspose1d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor =>
  convolutionTranspose('conv_transpose1d', 1, input, weight, bias, options);

/**
 * The transpose of conv2d: x (N, C_in, H, W) or (C_in, H, W), weight (C_in, C_out/groups, kH, kW), bias (C_out).
 *
 * @example
 * ```ts
 * F.convTranspose2d(tensor([[[[1, 2]]]]), ones(1, 1, 2, 2)).tolist(); // [[[[1, 3, 2], [1, 3, 2]]]]
 * F.convTranspose2d(ones(1, 1, 2, 2), ones(1, 1, 2, 2), null, { stride: 2 }).shape; // [1, 1, 4, 4]
 * ```
 */
export const convTranspose2d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, options: ConvTransposeOptions = {}): Tensor =>
  convolutionTranspose('conv_transpose2d', 2, input, weight, bias, options);
