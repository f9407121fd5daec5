// Convolution as matrix products on `gemm`. im2col lays each receptive field of the image out
// as a column, so for one sample and one group:
//   conv:            Y = W·cols                   (O/g × P) = (O/g × C/g·K)·(C/g·K × P)
//   its transpose:   cols = Wᵀ·Y, then col2im     (scatter-adds each column back into the image)
//   weight gradient: dW = G·colsᵀ                 (O/g × C/g·K)
// conv and its transpose are each other's input gradient; both share the weight gradient. 1-D
// and 2-D convolutions run as 3-D ones whose leading spatial dims have size 1.
import { isGradEnabled } from '../autograd/grad-mode';
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { numelOf, type Shape } from '../tensor/shape';
import { gemm } from './gemm';

/**
 * A convolution between an image side (C channels of D×H×W) and a column side (O channels of
 * oD×oH×oW), with weight (O, C/groups, kD, kH, kW): the image side is conv's input and its
 * transpose's output. Spatial triples are [D, H, W]; `padding` is what precedes each dim, and
 * whatever lies outside the image reads as 0, so an asymmetric ('same') padding is a left
 * padding and an output size.
 */
export interface ConvGeometry {
  readonly batch: number;
  readonly groups: number;
  readonly channels: number;
  readonly outChannels: number;
  readonly size: readonly number[];
  readonly outSize: readonly number[];
  readonly kernel: readonly number[];
  readonly stride: readonly number[];
  readonly padding: readonly number[];
  readonly dilation: readonly number[];
}

/** [lo, hi): the k in [0, n) for which start + k·step lies in [0, size). */
export function validRange(start: number, step: number, size: number, n: number): [lo: number, hi: number] {
  const lo = start >= 0 ? 0 : Math.min(n, Math.ceil(-start / step));
  const hi = Math.max(lo, Math.min(n, Math.ceil((size - start) / step)));
  return [lo, hi];
}

/** Whether cols would equal the image itself: a 1×1×1 kernel, stride 1, no padding, equal sizes. */
function isPointwise({ kernel, stride, padding, size, outSize }: ConvGeometry): boolean {
  for (let i = 0; i < 3; i++) {
    if (kernel[i] !== 1 || stride[i] !== 1 || padding[i] !== 0 || size[i] !== outSize[i]) return false;
  }
  return true;
}

/**
 * cols[(c, a, b, e), (od, oh, ow)] = x[c, od·sD + a·dD - pD, oh·sH + b·dH - pH, ow·sW + e·dW - pW]
 * for `channels` channels of x from xOff, 0 outside the image: (channels·K × P) at cols[at…].
 */
function im2col(x: Float32Array, xOff: number, channels: number, geo: ConvGeometry, cols: Float32Array, at: number): void {
  const { size, outSize, kernel, stride, padding, dilation } = geo;
  const D = size[0], H = size[1], W = size[2];
  const oD = outSize[0], oH = outSize[1], oW = outSize[2];
  const sD = stride[0], sH = stride[1], sW = stride[2];
  const dD = dilation[0], dH = dilation[1], dW = dilation[2];
  const plane = D * H * W;
  let o = at;
  for (let c = 0; c < channels; c++) {
    const xc = xOff + c * plane;
    for (let a = 0; a < kernel[0]; a++) {
      for (let b = 0; b < kernel[1]; b++) {
        for (let e = 0; e < kernel[2]; e++) {
          const w0 = e * dW - padding[2]; // the image column under ow = 0
          const [lo, hi] = validRange(w0, sW, W, oW);
          for (let od = 0; od < oD; od++) {
            const id = od * sD + a * dD - padding[0];
            for (let oh = 0; oh < oH; oh++, o += oW) {
              const ih = oh * sH + b * dH - padding[1];
              if (id < 0 || id >= D || ih < 0 || ih >= H) {
                for (let i = 0; i < oW; i++) cols[o + i] = 0;
                continue;
              }
              const row = xc + (id * H + ih) * W + w0;
              for (let i = 0; i < lo; i++) cols[o + i] = 0;
              if (sW === 1) for (let i = lo; i < hi; i++) cols[o + i] = x[row + i];
              else for (let i = lo; i < hi; i++) cols[o + i] = x[row + i * sW];
              for (let i = hi; i < oW; i++) cols[o + i] = 0;
            }
          }
        }
      }
    }
  }
}

/** The adjoint of im2col: x[…] += cols[…] at the same correspondence, skipping positions outside. */
function col2im(cols: Float32Array, channels: number, geo: ConvGeometry, x: Float32Array, xOff: number): void {
  const { size, outSize, kernel, stride, padding, dilation } = geo;
  const D = size[0], H = size[1], W = size[2];
  const oD = outSize[0], oH = outSize[1], oW = outSize[2];
  const sD = stride[0], sH = stride[1], sW = stride[2];
  const dD = dilation[0], dH = dilation[1], dW = dilation[2];
  const plane = D * H * W;
  let o = 0;
  for (let c = 0; c < channels; c++) {
    const xc = xOff + c * plane;
    for (let a = 0; a < kernel[0]; a++) {
      for (let b = 0; b < kernel[1]; b++) {
        for (let e = 0; e < kernel[2]; e++) {
          const w0 = e * dW - padding[2];
          const [lo, hi] = validRange(w0, sW, W, oW);
          for (let od = 0; od < oD; od++) {
            const id = od * sD + a * dD - padding[0];
            for (let oh = 0; oh < oH; oh++, o += oW) {
              const ih = oh * sH + b * dH - padding[1];
              if (id < 0 || id >= D || ih < 0 || ih >= H) continue;
              const row = xc + (id * H + ih) * W + w0;
              if (sW === 1) for (let i = lo; i < hi; i++) x[row + i] += cols[o + i];
              else for (let i = lo; i < hi; i++) x[row + i * sW] += cols[o + i];
            }
          }
        }
      }
    }
  }
}

/** Sizes every kernel reads: per-group channels, K = kD·kH·kW, and the plane sizes S and P. */
function dims(geo: ConvGeometry): { cg: number; og: number; k: number; s: number; p: number } {
  return {
    cg: geo.channels / geo.groups,
    og: geo.outChannels / geo.groups,
    k: numelOf(geo.kernel),
    s: numelOf(geo.size),
    p: numelOf(geo.outSize),
  };
}

/** out[n, c, …] += bias[c] over planes of `plane` elements. */
function addBias(out: Float32Array, bias: Float32Array, batch: number, plane: number): void {
  const channels = bias.length;
  for (let n = 0; n < batch; n++) {
    for (let c = 0; c < channels; c++) {
      const v = bias[c];
      const start = (n * channels + c) * plane;
      for (let i = start; i < start + plane; i++) out[i] += v;
    }
  }
}

/** dBias: g (N, C, *) summed over the batch and every position, per channel, in one pass. */
function channelSum(g: Tensor): Tensor {
  const [batch, channels] = g.shape;
  const plane = numelOf(g.shape.slice(2));
  const gd = g.data;
  const out = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let sum = 0;
    for (let n = 0; n < batch; n++) {
      const start = (n * channels + c) * plane;
      for (let i = start; i < start + plane; i++) sum += gd[i];
    }
    out[c] = sum;
  }
  return new Tensor(out, [channels]);
}

interface ConvSaved {
  readonly geo: ConvGeometry;
  /** Every sample's and group's im2col from the forward, kept for dW when the weight needs it. */
  readonly cols: Float32Array | null;
}

const convOp: Op<ConvSaved> = {
  name: 'ConvolutionBackward0',
  backward: (g, { inputs: [x, w, b], saved: { geo, cols } }) => [
    x.requiresGrad ? convTranspose(g, w, null, geo, x.shape) : null, // dX = convᵀ(G)
    w.requiresGrad ? convWeightGrad(x, g, geo, w.shape, cols) : null, // dW = G·colsᵀ
    b !== undefined && b.requiresGrad ? channelSum(g) : null,
  ],
};

/** x (N, C, *image) ⋆ w (O, C/g, *kernel) + b → (N, O, *columns) of `shape`. */
export function conv(x: Tensor, w: Tensor, b: Tensor | null, geo: ConvGeometry, shape: Shape): Tensor {
  const { cg, og, k, s, p } = dims(geo);
  const { batch, groups, channels, outChannels } = geo;
  const out = new Float32Array(batch * outChannels * p);
  const xd = x.data;
  const wd = w.data;
  const pointwise = isPointwise(geo);
  const keep = !pointwise && w.requiresGrad && isGradEnabled(); // then every sample's cols, else one sample's, reused
  const block = cg * k * p;
  const cols = pointwise ? xd : new Float32Array(keep ? batch * groups * block : block);
  for (let n = 0; n < batch; n++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (n * channels + gi * cg) * s;
      const at = pointwise ? xOff : keep ? (n * groups + gi) * block : 0;
      if (!pointwise) im2col(xd, xOff, cg, geo, cols, at);
      // Y (og × P) = W_g (og × cg·K) · cols (cg·K × P)
      gemm(false, false, og, p, cg * k, wd, gi * og * cg * k, cols, at, out, (n * outChannels + gi * og) * p);
    }
  }
  if (b !== null) addBias(out, b.data, batch, p);
  return record(convOp, b === null ? [x, w] : [x, w, b], new Tensor(out, shape), { geo, cols: keep ? cols : null });
}

const convTransposeOp: Op<ConvGeometry> = {
  name: 'ConvolutionBackward0',
  backward: (g, { inputs: [y, w, b], saved: geo }) => [
    y.requiresGrad ? conv(g, w, null, geo, y.shape) : null, // dY = conv(G)
    w.requiresGrad ? convWeightGrad(g, y, geo, w.shape) : null, // the image side is G here
    b !== undefined && b.requiresGrad ? channelSum(g) : null,
  ],
};

/** The transpose (adjoint) of conv: y (N, O, *columns) with w (O, C/g, *kernel) + b → (N, C, *image) of `shape`. */
export function convTranspose(y: Tensor, w: Tensor, b: Tensor | null, geo: ConvGeometry, shape: Shape): Tensor {
  const { cg, og, k, s, p } = dims(geo);
  const { batch, groups, channels, outChannels } = geo;
  const out = new Float32Array(batch * channels * s);
  const yd = y.data;
  const wd = w.data;
  const pointwise = isPointwise(geo); // then the columns are the image itself
  const cols = pointwise ? out : new Float32Array(cg * k * p);
  for (let n = 0; n < batch; n++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (n * channels + gi * cg) * s;
      // cols (cg·K × P) = W_gᵀ (cg·K × og) · Y (og × P)
      gemm(true, false, cg * k, p, og, wd, gi * og * cg * k, yd, (n * outChannels + gi * og) * p, cols, pointwise ? xOff : 0);
      if (!pointwise) col2im(cols, cg, geo, out, xOff);
    }
  }
  if (b !== null) addBias(out, b.data, batch, s);
  return record(convTransposeOp, b === null ? [y, w] : [y, w, b], new Tensor(out, shape), geo);
}

/**
 * dW (O, C/g, *kernel) = Σ over samples of G (O/g × P) · colsᵀ (P × C/g·K), per group; `saved`
 * holds every sample's cols when the forward kept them, else they are rebuilt one at a time.
 */
function convWeightGrad(x: Tensor, g: Tensor, geo: ConvGeometry, shape: Shape, saved: Float32Array | null = null): Tensor {
  const { cg, og, k, s, p } = dims(geo);
  const { batch, groups, channels, outChannels } = geo;
  const block = og * cg * k; // one group's slice of the weight
  const dw = new Float32Array(groups * block);
  const part = new Float32Array(block);
  const xd = x.data;
  const gd = g.data;
  const pointwise = isPointwise(geo);
  const cols = pointwise ? xd : saved ?? new Float32Array(cg * k * p);
  for (let n = 0; n < batch; n++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (n * channels + gi * cg) * s;
      const at = pointwise ? xOff : saved !== null ? (n * groups + gi) * cg * k * p : 0;
      if (!pointwise && saved === null) im2col(xd, xOff, cg, geo, cols, 0);
      gemm(false, true, og, cg * k, p, gd, (n * outChannels + gi * og) * p, cols, at, part, 0);
      const base = gi * block;
      for (let i = 0; i < block; i++) dw[base + i] += part[i];
    }
  }
  return new Tensor(dw, shape);
}
