// The loss kernels that are not compositions of other ops: NLL's pick of one class per position
// (reading only the picked element, so -inf log-probabilities elsewhere stay harmless), binary
// cross-entropy, whose clamped logs and ε-guarded gradient PyTorch defines by hand, and smooth L1,
// whose gradient PyTorch defines by branches that a composition cannot reproduce at β = 0.
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { splitAt, type Shape } from '../tensor/shape';
import { clamp, div, ge, le, log, mul, neg, sub, where } from './elementwise';
import { allocFloat32 } from '../tensor/alloc';

/** Which element of each position NLL reads, and its weight. */
export interface ClassPick {
  /** The class of each target position, or -1 where the target is ignored. */
  readonly classes: Int32Array;
  /** The weight of that class (1 without a weight tensor), 0 where ignored. */
  readonly weights: Float32Array;
}

interface NllSaved extends ClassPick {
  readonly classDim: number;
}

const nllOp: Op<NllSaved> = {
  name: 'NllLossBackward0',
  // d(-w·x[t]) = -w·dx[t]: the gradient lands on the picked class only
  backward: (g, { inputs: [x], saved: { classDim, classes, weights } }) => {
    const [outer, n, inner] = splitAt(x.shape, classDim);
    const dx = allocFloat32(x.data.length);
    const gd = g.data;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < inner; i++) {
        const j = o * inner + i;
        if (classes[j] >= 0) dx[(o * n + classes[j]) * inner + i] = -weights[j] * gd[j];
      }
    }
    return [new Tensor(dx, x.shape)];
  },
};

/**
 * -w[j]·x[o, classes[j], i] for every position j = (o, i) of x viewed as (outer, C, inner) around
 * `classDim`; 0 where the target is ignored. The result has the target's `shape`.
 */
export function nllPick(x: Tensor, classDim: number, { classes, weights }: ClassPick, shape: Shape): Tensor {
  const [outer, n, inner] = splitAt(x.shape, classDim);
  const src = x.data;
  const out = allocFloat32(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const j = o * inner + i;
      if (classes[j] >= 0) out[j] = -src[(o * n + classes[j]) * inner + i] * weights[j];
    }
  }
  return record(nllOp, [x], new Tensor(out, shape), { classDim, classes, weights });
}

// PyTorch's guard on the gradient's denominator (1 - x)·x where x is 0 or 1
const EPSILON = 1e-12;

const bceOp: Op = {
  name: 'BinaryCrossEntropyBackward0',
  // ∂/∂x = (x - t) / max((1 - x)·x, ε); ∂/∂t = -logit(x) = -log(x / (1 - x)), unclamped as PyTorch's
  backward: (g, { inputs: [x, t] }) => [
    div(mul(g, sub(x, t)), clamp(mul(sub(1, x), x), EPSILON)),
    t.requiresGrad ? neg(mul(g, log(div(x, sub(1, x))))) : null,
  ],
};

/**
 * -(t·max(log x, -100) + (1 - t)·max(log(1 - x), -100)) elementwise, for x and t of one shape;
 * the clamp keeps x ∈ {0, 1} finite, as PyTorch's does.
 */
export function binaryCrossEntropy(x: Tensor, t: Tensor): Tensor {
  const xs = x.data;
  const ts = t.data;
  const out = allocFloat32(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const v = xs[i];
    if (!(v >= 0 && v <= 1)) throw new Error('all elements of input should be between 0 and 1');
    out[i] = (ts[i] - 1) * Math.max(Math.log1p(-v), -100) - ts[i] * Math.max(Math.log(v), -100);
  }
  return record(bceOp, [x, t], new Tensor(out, x.shape), undefined);
}

/** PyTorch's smooth_l1_backward: -g for d <= -β (tested first), g for d >= β, d·g/β between. */
function smoothL1Slope(g: Tensor, a: Tensor, b: Tensor, beta: number): Tensor {
  const d = sub(a, b);
  return where(le(d, -beta), neg(g), where(ge(d, beta), g, div(mul(d, g), beta)));
}

const smoothL1Op: Op<number> = {
  name: 'SmoothL1LossBackward0',
  // ∂/∂x is the slope of x - t; ∂/∂t is the slope of t - x, as PyTorch's derivative has it: at
  // β = 0 and x = t both are -g, where -(∂/∂x) would give +g
  backward: (g, { inputs: [x, t], saved: beta }) => [smoothL1Slope(g, x, t, beta), t.requiresGrad ? smoothL1Slope(g, t, x, beta) : null],
};

/** 0.5·z²/β where z = |x - t| < β, z - 0.5·β elsewhere (z itself for β = 0), for x and t of one shape. */
export function smoothL1(x: Tensor, t: Tensor, beta: number): Tensor {
  const xs = x.data;
  const ts = t.data;
  const out = allocFloat32(xs.length);
  for (let i = 0; i < xs.length; i++) {
    const z = Math.abs(xs[i] - ts[i]);
    out[i] = z < beta ? (0.5 * z * z) / beta : z - 0.5 * beta;
  }
  return record(smoothL1Op, [x, t], new Tensor(out, x.shape), beta);
}

interface MseSaved {
  readonly mean: boolean;
}

const mseOp: Op<MseSaved> = {
  name: 'MseLossBackward0',
  // PyTorch's mse_loss_backward: (input − target) · (norm · g), norm = 2/n for 'mean', else 2
  backward: (g, { inputs: [a, b], saved: { mean } }) => {
    const ad = a.data;
    const bd = b.data;
    const factor = Math.fround((mean ? 2 / ad.length : 2) * g.data[0]);
    const da = allocFloat32(ad.length);
    for (let i = 0; i < da.length; i++) da[i] = Math.fround(ad[i] - bd[i]) * factor;
    return [new Tensor(da, a.shape), b.requiresGrad ? neg(new Tensor(da, a.shape)) : null];
  },
};

/**
 * The mean (or sum) of (input − target)² over equal shapes, in one pass and one node: the loss
 * of every regression step, so it allocates no temporaries.
 */
export function mseReduced(input: Tensor, target: Tensor, mean: boolean): Tensor {
  const a = input.data;
  const b = target.data;
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.fround(a[i] - b[i]);
    total += d * d;
  }
  const value = mean ? total / a.length : total;
  return record(mseOp, [input, target], new Tensor(new Float32Array([value]), []), { mean });
}
