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
import { copyFloats } from './copy';
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

/** dst[d + i] += src[s + i] for i < n, four elements an iteration as copyFloats' loop. */
function addRun(src: Float32Array, s: number, dst: Float32Array, d: number, n: number): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    dst[d + i] += src[s + i];
    dst[d + i + 1] += src[s + i + 1];
    dst[d + i + 2] += src[s + i + 2];
    dst[d + i + 3] += src[s + i + 3];
  }
  for (; i < n; i++) dst[d + i] += src[s + i];
}

/** Zeroes one oH×oW plane of cols at o outside its rows [hlo, hhi) × columns [lo, hi). */
function clearOutside(cols: Float32Array, o: number, oH: number, oW: number, hlo: number, hhi: number, lo: number, hi: number): void {
  let from = o; // the first entry not yet cleared or inside
  for (let r = o + hlo * oW; r < o + hhi * oW; r += oW) {
    for (let i = from; i < r + lo; i++) cols[i] = 0;
    from = r + hi;
  }
  for (let i = from; i < o + oH * oW; i++) cols[i] = 0;
}

/**
 * im2col, or with `toImage` its adjoint col2im, between `channels` channels of x from xOff and
 * their (channels·K × P) cols from `at`:
 *   im2col  cols[(c, a, b, e), (od, oh, ow)] = x[c, od·sD + a·dD - pD, oh·sH + b·dH - pH, ow·sW + e·dW - pW],
 *           0 outside the image;
 *   col2im  x[…] += cols[…] at the same correspondence, for the positions inside the image,
 *           after clearing cols' entries outside it.
 * When each row of cols continues the one above in x too (stride 1, the width kept: 'same'
 * padding), a tap's whole plane moves as one run from its first position inside to its last,
 * the entries outside cleared after the copy, or before the sum so that they add 0.
 */
function unfold(x: Float32Array, xOff: number, channels: number, geo: ConvGeometry, cols: Float32Array, at: number, toImage: boolean): void {
  const { size, outSize, kernel, stride, padding, dilation } = geo;
  const D = size[0], H = size[1], W = size[2];
  const oD = outSize[0], oH = outSize[1], oW = outSize[2];
  const sD = stride[0], sH = stride[1], sW = stride[2];
  const dD = dilation[0], dH = dilation[1], dW = dilation[2];
  const plane = D * H * W;
  const oneRun = sW === 1 && sH * W === oW;
  let o = at;
  for (let c = 0; c < channels; c++) {
    const xc = xOff + c * plane;
    for (let a = 0; a < kernel[0]; a++) {
      for (let b = 0; b < kernel[1]; b++) {
        const h0 = b * dH - padding[1]; // the image row under oh = 0
        const [rowLo, rowHi] = validRange(h0, sH, H, oH);
        for (let e = 0; e < kernel[2]; e++) {
          const w0 = e * dW - padding[2]; // the image column under ow = 0
          const [lo, hi] = validRange(w0, sW, W, oW);
          for (let od = 0; od < oD; od++, o += oH * oW) {
            const id = od * sD + a * dD - padding[0];
            const inside = id >= 0 && id < D;
            const hlo = inside ? rowLo : 0;
            const hhi = inside ? rowHi : 0;
            const origin = xc + (id * H + h0) * W + w0; // x at (oh, ow) is x[origin + oh·sH·W + ow·sW], where inside
            if (toImage) clearOutside(cols, o, oH, oW, hlo, hhi, lo, hi);
            if (hlo < hhi && lo < hi && oneRun) {
              const first = hlo * oW + lo;
              const n = (hhi - 1) * oW + hi - first;
              if (toImage) addRun(cols, o + first, x, origin + first, n);
              else copyFloats(x, origin + first, cols, o + first, n);
            } else {
              for (let oh = hlo, r = o + hlo * oW, row = origin + hlo * sH * W; oh < hhi; oh++, r += oW, row += sH * W) {
                if (toImage) for (let i = lo; i < hi; i++) x[row + i * sW] += cols[r + i];
                else if (sW === 1) copyFloats(x, row + lo, cols, r + lo, hi - lo);
                else for (let i = lo; i < hi; i++) cols[r + i] = x[row + i * sW];
              }
            }
            if (!toImage) clearOutside(cols, o, oH, oW, hlo, hhi, lo, hi);
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

/** out[at + c·plane + i] += bias[from + c] for `channels` planes of `plane` elements from `at`. */
function addBias(out: Float32Array, at: number, bias: Float32Array, from: number, channels: number, plane: number): void {
  for (let c = 0; c < channels; c++) {
    const v = bias[from + c];
    const start = at + c * plane;
    for (let i = start; i < start + plane; i++) out[i] += v;
  }
}

/** dBias: g (N, C, *) summed over the batch and every position, per channel, in four running sums. */
function channelSum(g: Tensor): Tensor {
  const [batch, channels] = g.shape;
  const plane = numelOf(g.shape.slice(2));
  const gd = g.data;
  const out = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (let n = 0; n < batch; n++) {
      const end = (n * channels + c + 1) * plane;
      let i = end - plane;
      for (; i + 4 <= end; i += 4) {
        s0 += gd[i];
        s1 += gd[i + 1];
        s2 += gd[i + 2];
        s3 += gd[i + 3];
      }
      for (; i < end; i++) s0 += gd[i];
    }
    out[c] = s0 + s1 + (s2 + s3);
  }
  return new Tensor(out, [channels]);
}

interface ConvSaved {
  readonly geo: ConvGeometry;
  /** Every sample's and group's im2col from the forward, kept for dW when the weight needs it. */
  readonly cols: Float32Array | null;
  /** Whether each group's kept cols end in the bias's row of ones, so that dW's product gives dB too. */
  readonly ones: boolean;
}

const convOp: Op<ConvSaved> = {
  name: 'ConvolutionBackward0',
  backward: (g, { inputs: [x, w, b], saved: { geo, cols, ones } }) => {
    const [dw, db] = w.requiresGrad ? convWeightGrad(x, g, geo, w.shape, cols, ones) : [null, null]; // [dW | dB] = G·[cols; 1]ᵀ
    return [
      x.requiresGrad ? convTranspose(g, w, null, geo, x.shape) : null, // dX = convᵀ(G)
      dw,
      b !== undefined && b.requiresGrad ? db ?? channelSum(g) : null,
    ];
  },
};

/** [W | b] (O × depth): each row of the weight (O × (depth - 1)) followed by its channel's bias. */
function withBiasColumn(w: Float32Array, b: Float32Array, depth: number): Float32Array {
  const out = new Float32Array(b.length * depth);
  for (let o = 0; o < b.length; o++) {
    const row = o * depth;
    for (let j = 0; j < depth - 1; j++) out[row + j] = w[row - o + j];
    out[row + depth - 1] = b[o];
  }
  return out;
}

/**
 * x (N, C, *image) ⋆ w (O, C/g, *kernel) + b → (N, O, *columns) of `shape`. The bias rides in the
 * product as one more column of the weight against a row of ones under the columns (Caffe's
 * bias multiplier): Y = [W | b]·[cols; 1], and in the backward G·[cols; 1]ᵀ = [dW | dB], so
 * neither takes a pass of its own over Y or G.
 */
export function conv(x: Tensor, w: Tensor, b: Tensor | null, geo: ConvGeometry, shape: Shape): Tensor {
  const { cg, og, k, s, p } = dims(geo);
  const { batch, groups, channels, outChannels } = geo;
  const out = new Float32Array(batch * outChannels * p);
  const xd = x.data;
  const pointwise = isPointwise(geo); // then cols is x itself, and the bias is added after
  const ones = b !== null && !pointwise;
  const depth = cg * k + (ones ? 1 : 0); // rows of one group's cols
  const wd = ones ? withBiasColumn(w.data, b.data, depth) : w.data; // (O, depth)
  const keep = !pointwise && w.requiresGrad && isGradEnabled(); // then every sample's cols, else one sample's, reused
  const block = depth * p;
  const cols = pointwise ? xd : new Float32Array(keep ? batch * groups * block : block);
  for (let n = 0; n < batch; n++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (n * channels + gi * cg) * s;
      const yOff = (n * outChannels + gi * og) * p;
      const at = pointwise ? xOff : keep ? (n * groups + gi) * block : 0;
      if (!pointwise) unfold(xd, xOff, cg, geo, cols, at, false);
      if (ones) cols.fill(1, at + block - p, at + block);
      // Y (og × P) = W_g (og × depth) · cols (depth × P)
      gemm(false, false, og, p, depth, wd, gi * og * depth, cols, at, out, yOff);
      if (b !== null && !ones) addBias(out, yOff, b.data, gi * og, og, p); // while Y is in cache
    }
  }
  return record(convOp, b === null ? [x, w] : [x, w, b], new Tensor(out, shape), { geo, cols: keep ? cols : null, ones: keep && ones });
}

const convTransposeOp: Op<ConvGeometry> = {
  name: 'ConvolutionBackward0',
  backward: (g, { inputs: [y, w, b], saved: geo }) => [
    y.requiresGrad ? conv(g, w, null, geo, y.shape) : null, // dY = conv(G)
    w.requiresGrad ? convWeightGrad(g, y, geo, w.shape)[0] : null, // the image side is G here
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
      if (!pointwise) unfold(out, xOff, cg, geo, cols, 0, true);
      if (b !== null) addBias(out, xOff, b.data, gi * cg, cg, s);
    }
  }
  return record(convTransposeOp, b === null ? [y, w] : [y, w, b], new Tensor(out, shape), geo);
}

/**
 * dW (O, C/g, *kernel) = Σ over samples of G (O/g × P) · colsᵀ (P × C/g·K), per group; `saved`
 * holds every sample's cols when the forward kept them, else they are rebuilt one at a time.
 * When they end in conv's row of ones, the product's last column sums to dB (O).
 */
function convWeightGrad(
  x: Tensor, g: Tensor, geo: ConvGeometry, shape: Shape, saved: Float32Array | null = null, ones = false,
): [dw: Tensor, db: Tensor | null] {
  const { cg, og, k, s, p } = dims(geo);
  const { batch, groups, channels, outChannels } = geo;
  const ck = cg * k;
  const depth = ck + (ones ? 1 : 0);
  const dw = new Float32Array(groups * og * ck);
  const db = ones ? new Float32Array(outChannels) : null;
  const part = new Float32Array(og * depth);
  const xd = x.data;
  const gd = g.data;
  const pointwise = isPointwise(geo);
  const cols = pointwise ? xd : saved ?? new Float32Array(ck * p);
  for (let n = 0; n < batch; n++) {
    for (let gi = 0; gi < groups; gi++) {
      const xOff = (n * channels + gi * cg) * s;
      const at = pointwise ? xOff : saved !== null ? (n * groups + gi) * depth * p : 0;
      if (!pointwise && saved === null) unfold(xd, xOff, cg, geo, cols, 0, false);
      // [dW_g | dB_g] (og × depth) += G (og × P) · cols (depth × P)ᵀ
      gemm(false, true, og, depth, p, gd, (n * outChannels + gi * og) * p, cols, at, part, 0);
      for (let o = 0, w0 = gi * og * ck; o < og; o++, w0 += ck) {
        const row = o * depth;
        for (let j = 0; j < ck; j++) dw[w0 + j] += part[row + j];
        if (db !== null) db[gi * og + o] += part[row + ck];
      }
    }
  }
  return [new Tensor(dw, shape), db === null ? null : new Tensor(db, [outChannels])];
}
