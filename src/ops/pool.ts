// 2-D pooling over the planes of x (…, H, W): max (with the argmax of every window saved for
// backward, as PyTorch returns it) and average, over sliding or adaptive windows. A window is,
// along each dim, the positions start + j·step for j < count that lie inside the input; 1-D
// pooling is 2-D pooling of (…, 1, L), as PyTorch computes it.
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { numelOf, type Shape } from '../tensor/shape';
import { validRange } from './conv';

/** The windows along one dim: output o reads start[o] + j·step for j < count[o]. */
interface Windows {
  readonly start: Int32Array;
  readonly count: Int32Array;
  readonly step: number;
}

/** Sliding windows of `kernel` taps, `dilation` apart, every `stride`, after `padding`: the taps inside. */
function slidingWindows(size: number, outSize: number, kernel: number, stride: number, padding: number, dilation: number): Windows {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    const first = o * stride - padding;
    const [lo, hi] = validRange(first, dilation, size, kernel);
    start[o] = first + lo * dilation;
    count[o] = hi - lo;
  }
  return { start, count, step: dilation };
}

/** Adaptive windows: output o of n covers [⌊o·size/n⌋, ⌈(o+1)·size/n⌉). */
function adaptiveWindows(size: number, outSize: number): Windows {
  const start = new Int32Array(outSize);
  const count = new Int32Array(outSize);
  for (let o = 0; o < outSize; o++) {
    start[o] = Math.floor((o * size) / outSize);
    count[o] = Math.ceil(((o + 1) * size) / outSize) - start[o];
  }
  return { start, count, step: 1 };
}

/** Where and over what a 2-D pooling runs: `planes` planes of H×W, windows along H and along W. */
interface PoolGeometry {
  readonly planes: number;
  readonly height: number;
  readonly width: number;
  readonly rows: Windows;
  readonly cols: Windows;
}

/** Sizes of a sliding-window pooling, as the caller checked them. */
export interface PoolParams {
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[];
  readonly dilation: readonly number[];
  readonly outSize: readonly number[];
}

/** Planes and plane size of x (…, H, W). */
function planesOf(x: Tensor): [planes: number, height: number, width: number] {
  const nd = x.shape.length;
  return [numelOf(x.shape.slice(0, -2)), x.shape[nd - 2], x.shape[nd - 1]];
}

function slidingGeometry(x: Tensor, { kernel, stride, padding, dilation, outSize }: PoolParams): PoolGeometry {
  const [planes, height, width] = planesOf(x);
  return {
    planes, height, width,
    rows: slidingWindows(height, outSize[0], kernel[0], stride[0], padding[0], dilation[0]),
    cols: slidingWindows(width, outSize[1], kernel[1], stride[1], padding[1], dilation[1]),
  };
}

function adaptiveGeometry(x: Tensor, outSize: readonly number[]): PoolGeometry {
  const [planes, height, width] = planesOf(x);
  return { planes, height, width, rows: adaptiveWindows(height, outSize[0]), cols: adaptiveWindows(width, outSize[1]) };
}

// ---- max ----

interface ArgmaxSaved {
  /** Per output element, the index of its maximum within its input plane (h·W + w). */
  readonly indices: Int32Array;
}

/** 1 if v, later in a window than best, takes its place: larger, or NaN (the last NaN wins, as PyTorch). */
const beats = (v: number, best: number): number => +(v > best) | +(v !== v);

/** Of positions i and j > i of a window in x, the one whose element the window keeps. */
const kept = (x: Float32Array, i: number, j: number): number => i + (j - i) * beats(x[j], x[i]);

/** Whether every window is 2×2 adjacent elements inside the plane: kernel 2, no dilation, none cut by padding or ceilMode. */
const twoByTwo = ({ rows, cols }: PoolGeometry): boolean =>
  rows.step === 1 && cols.step === 1 && rows.count.every((n) => n === 2) && cols.count.every((n) => n === 2);

/** Each window's largest element and its plane index: the first of equals, or the last NaN, as PyTorch. */
function windowMax(x: Float32Array, geo: PoolGeometry, out: Float32Array, indices: Int32Array): void {
  if (twoByTwo(geo)) {
    twoByTwoMax(x, geo, out, indices);
    return;
  }
  const { planes, height, width, rows, cols } = geo;
  const oH = rows.start.length;
  const oW = cols.start.length;
  const sH = rows.step;
  const sW = cols.step;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oh = 0; oh < oH; oh++) {
      const h0 = rows.start[oh];
      const nh = rows.count[oh];
      for (let ow = 0; ow < oW; ow++, o++) {
        const w0 = cols.start[ow];
        const nw = cols.count[ow];
        let best = -Infinity;
        let at = h0 * width + w0;
        for (let jh = 0; jh < nh; jh++) {
          const row = (h0 + jh * sH) * width + w0;
          for (let jw = 0, i = row; jw < nw; jw++, i += sW) {
            const v = x[base + i];
            if (beats(v, best)) {
              best = v;
              at = i;
            }
          }
        }
        out[o] = best;
        indices[o] = at;
      }
    }
  }
}

/**
 * windowMax over 2×2 windows without a branch: `beats` keeps the scan's choice when applied to
 * each row's pair and then to the two rows' winners, and picks by index arithmetic, since the
 * sign of a comparison between real data is unpredictable.
 */
function twoByTwoMax(x: Float32Array, geo: PoolGeometry, out: Float32Array, indices: Int32Array): void {
  const { planes, height, width } = geo;
  const rowStart = geo.rows.start;
  const colStart = geo.cols.start;
  const oH = rowStart.length;
  const oW = colStart.length;
  const plane = height * width;
  let o = 0;
  for (let base = 0; base < planes * plane; base += plane) {
    for (let oh = 0; oh < oH; oh++) {
      const top = base + rowStart[oh] * width;
      for (let ow = 0; ow < oW; ow++, o++) {
        const i = top + colStart[ow]; // the window's top left
        const j = i + width; // and bottom left
        const at = kept(x, i + beats(x[i + 1], x[i]), j + beats(x[j + 1], x[j]));
        out[o] = x[at];
        indices[o] = at - base;
      }
    }
  }
}

/** d max = the gradient at each window's argmax, summed where windows share it. */
function scatterToArgmax(g: Tensor, x: Tensor, { indices }: ArgmaxSaved): Tensor {
  const [planes, height, width] = planesOf(x);
  const plane = height * width;
  const perPlane = indices.length / planes;
  const dx = new Float32Array(x.data.length);
  const gd = g.data;
  for (let p = 0, o = 0; p < planes; p++) {
    const base = p * plane;
    for (let k = 0; k < perPlane; k++, o++) dx[base + indices[o]] += gd[o];
  }
  return new Tensor(dx, x.shape);
}

function maxPoolOp(name: string): Op<ArgmaxSaved> {
  return { name, backward: (g, { inputs: [x], saved }) => [scatterToArgmax(g, x, saved)] };
}

const maxPoolWithIndicesOp = maxPoolOp('MaxPool2DWithIndicesBackward0');
const adaptiveMaxPoolOp = maxPoolOp('AdaptiveMaxPool2DBackward0');

/** Max pooling's values, recorded for backward, and each window's argmax within its plane. */
export interface PooledMax {
  readonly values: Tensor;
  readonly argmax: Int32Array;
}

function windowMaxPool(x: Tensor, geo: PoolGeometry, shape: Shape, op: Op<ArgmaxSaved>): PooledMax {
  const n = numelOf(shape);
  const out = new Float32Array(n);
  const argmax = new Int32Array(n);
  windowMax(x.data, geo, out, argmax);
  return { values: record(op, [x], new Tensor(out, shape), { indices: argmax }), argmax };
}

/** The argmax positions as the tensor PyTorch returns beside the values (float32 here), of `shape`. */
export const indicesTensor = (argmax: Int32Array, shape: Shape): Tensor => new Tensor(new Float32Array(argmax), shape);

/** Max pooling of x (…, H, W) into `shape`. */
export const maxPool2d = (x: Tensor, params: PoolParams, shape: Shape): PooledMax =>
  windowMaxPool(x, slidingGeometry(x, params), shape, maxPoolWithIndicesOp);

/** Adaptive max pooling of x (…, H, W) to outSize [oH, oW]. */
export const adaptiveMaxPool2d = (x: Tensor, outSize: readonly number[], shape: Shape): PooledMax =>
  windowMaxPool(x, adaptiveGeometry(x, outSize), shape, adaptiveMaxPoolOp);

// ---- average ----

interface AverageSaved {
  readonly geo: PoolGeometry;
  /** What each output position's sum is divided by (one plane's worth: oH·oW). */
  readonly divisors: Float64Array;
}

/** out = Σ window / divisor. */
function windowMean(x: Float32Array, { geo, divisors }: AverageSaved, out: Float32Array): void {
  const { planes, height, width, rows, cols } = geo;
  const oH = rows.start.length;
  const oW = cols.start.length;
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oh = 0, d = 0; oh < oH; oh++) {
      const h0 = rows.start[oh];
      const nh = rows.count[oh];
      for (let ow = 0; ow < oW; ow++, o++, d++) {
        const w0 = cols.start[ow];
        const nw = cols.count[ow];
        let sum = 0;
        for (let jh = 0; jh < nh; jh++) {
          const row = base + (h0 + jh) * width + w0;
          for (let i = row; i < row + nw; i++) sum += x[i];
        }
        out[o] = sum / divisors[d];
      }
    }
  }
}

/** The adjoint of windowMean: every input of a window receives g / divisor. */
function spreadOverWindows(g: Tensor, x: Tensor, { geo, divisors }: AverageSaved): Tensor {
  const { planes, height, width, rows, cols } = geo;
  const oH = rows.start.length;
  const oW = cols.start.length;
  const gd = g.data;
  const dx = new Float32Array(x.data.length);
  let o = 0;
  for (let p = 0; p < planes; p++) {
    const base = p * height * width;
    for (let oh = 0, d = 0; oh < oH; oh++) {
      const h0 = rows.start[oh];
      const nh = rows.count[oh];
      for (let ow = 0; ow < oW; ow++, o++, d++) {
        const w0 = cols.start[ow];
        const nw = cols.count[ow];
        const v = gd[o] / divisors[d];
        for (let jh = 0; jh < nh; jh++) {
          const row = base + (h0 + jh) * width + w0;
          for (let i = row; i < row + nw; i++) dx[i] += v;
        }
      }
    }
  }
  return new Tensor(dx, x.shape);
}

function avgPoolOp(name: string): Op<AverageSaved> {
  return { name, backward: (g, { inputs: [x], saved }) => [spreadOverWindows(g, x, saved)] };
}

const avgPoolOp2d = avgPoolOp('AvgPool2DBackward0');
const adaptiveAvgPoolOp = avgPoolOp('AdaptiveAvgPool2DBackward0');

function windowAvgPool(x: Tensor, saved: AverageSaved, shape: Shape, op: Op<AverageSaved>): Tensor {
  const out = new Float32Array(numelOf(shape));
  windowMean(x.data, saved, out);
  return record(op, [x], new Tensor(out, shape), saved);
}

export interface AvgPoolParams extends PoolParams {
  readonly countIncludePad: boolean;
  readonly divisorOverride: number | null;
}

/**
 * Average pooling of x (…, H, W) into `shape`. The divisor is divisorOverride if given, else the
 * window's size clipped to the padded input (countIncludePad) or to the input itself.
 */
export function avgPool2d(x: Tensor, params: AvgPoolParams, shape: Shape): Tensor {
  const geo = slidingGeometry(x, params);
  const { countIncludePad, divisorOverride } = params;
  const [oH, oW] = params.outSize;
  const rows = countIncludePad ? paddedExtents(geo.height, 0, params) : geo.rows.count;
  const cols = countIncludePad ? paddedExtents(geo.width, 1, params) : geo.cols.count;
  const divisors = new Float64Array(oH * oW);
  for (let oh = 0; oh < oH; oh++) {
    for (let ow = 0; ow < oW; ow++) divisors[oh * oW + ow] = divisorOverride ?? rows[oh] * cols[ow];
  }
  return windowAvgPool(x, { geo, divisors }, shape, avgPoolOp2d);
}

/** Along dim d, each window's extent within the padded input: PyTorch's min(start + k, size + pad) - start. */
function paddedExtents(size: number, d: number, { kernel, stride, padding, outSize }: PoolParams): Int32Array {
  const out = new Int32Array(outSize[d]);
  for (let o = 0; o < out.length; o++) {
    const start = o * stride[d] - padding[d];
    out[o] = Math.min(start + kernel[d], size + padding[d]) - start;
  }
  return out;
}

/** Adaptive average pooling of x (…, H, W) to outSize [oH, oW]. */
export function adaptiveAvgPool2d(x: Tensor, outSize: readonly number[], shape: Shape): Tensor {
  const geo = adaptiveGeometry(x, outSize);
  const { rows, cols } = geo;
  const divisors = new Float64Array(outSize[0] * outSize[1]);
  for (let oh = 0; oh < outSize[0]; oh++) {
    for (let ow = 0; ow < outSize[1]; ow++) divisors[oh * outSize[1] + ow] = rows.count[oh] * cols.count[ow];
  }
  return windowAvgPool(x, { geo, divisors }, shape, adaptiveAvgPoolOp);
}
