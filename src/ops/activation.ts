// Activation kernels beside their backward kernels, paired as PyTorch's derivatives.yaml pairs
// them (leaky_relu → leaky_relu_backward, gelu → gelu_backward, …): each backward reads the
// saved input and the incoming gradient and writes dx in one pass. Values are computed in
// float64 and stored as float32; scalar parameters are first rounded to float32, as PyTorch's
// kernels convert them to the tensor's type, so every branch (x > 0, x·β > threshold) is
// decided exactly as PyTorch decides it.
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { allocFloat32 } from '../tensor/alloc';
import { sigmoid32, tanh32 } from './math32';

/** y[i] = f(x[i]) with the op's parameters. */
type ForwardKernel<P> = (x: Float32Array, y: Float32Array, params: P) => void;
/** dx[i] = g[i] · f'(x[i]): PyTorch's *_backward kernel for the op. */
type BackwardKernel<P> = (g: Float32Array, x: Float32Array, dx: Float32Array, params: P) => void;

function activationOp<P>(name: string, forward: ForwardKernel<P>, backward: BackwardKernel<P>): (x: Tensor, params: P) => Tensor {
  const op: Op<P> = {
    name: `${name}Backward0`,
    backward: (g, { inputs: [x], saved }) => {
      const dx = allocFloat32(x.data.length);
      backward(g.data, x.data, dx, saved);
      return [new Tensor(dx, x.shape)];
    },
  };
  return (x, params) => {
    const y = allocFloat32(x.data.length);
    forward(x.data, y, params);
    return record(op, [x], new Tensor(y, x.shape), params);
  };
}

// ---- erf ----

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23
// (1969) 631–637, with the coefficients of his CALERF (netlib specfun, 1990): erf x = x·R(x²)
// for |x| <= 0.46875, erfc x = e^(-x²)·R(x) up to 4 and e^(-x²)·(1/√π - R(1/x²)/x²)/x beyond;
// near-minimax to ~18 digits, so the float64 result is within a few ulps (~1e-16 relative).
const ERF_A = [3.1611237438705656, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
const ERF_B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
const ERF_C = [
  0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.95222124176909,
  1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8,
];
const ERF_D = [
  15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963,
  4362.61909014324716, 3439.36767414372164, 1230.33935480374942,
];
const ERF_P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
const ERF_Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];
const INV_SQRT_PI = 0.56418958354775628695;

/** The error function in float64 (NaN stays NaN, ±Infinity gives ±1). */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.46875) {
    const ysq = y > 1.11e-16 ? y * y : 0;
    let num = ERF_A[4] * ysq;
    let den = ysq;
    for (let i = 0; i < 3; i++) {
      num = (num + ERF_A[i]) * ysq;
      den = (den + ERF_B[i]) * ysq;
    }
    return (x * (num + ERF_A[3])) / (den + ERF_B[3]);
  }
  if (y >= 6) return x < 0 ? -1 : 1; // erfc(6) < 2.2e-17 is below half an ulp of 1
  let r: number; // erfc(y) · e^(y²)
  if (y <= 4) {
    let num = ERF_C[8] * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + ERF_C[i]) * y;
      den = (den + ERF_D[i]) * y;
    }
    r = (num + ERF_C[7]) / (den + ERF_D[7]);
  } else {
    const z = 1 / (y * y);
    let num = ERF_P[5] * z;
    let den = z;
    for (let i = 0; i < 4; i++) {
      num = (num + ERF_P[i]) * z;
      den = (den + ERF_Q[i]) * z;
    }
    r = (INV_SQRT_PI - (z * (num + ERF_P[4])) / (den + ERF_Q[4])) / y;
  }
  // e^(-y²) as e^(-s²)·e^(-(y-s)(y+s)) with s = y rounded down to 1/16: y² is never rounded
  const s = Math.trunc(y * 16) / 16;
  const erfc = Math.exp(-s * s) * Math.exp(-(y - s) * (y + s)) * r;
  const result = 0.5 - erfc + 0.5;
  return x < 0 ? -result : result;
}

// ---- the activations ----

/** x if x > 0, else negative_slope·x; the gradient at exactly 0 is negative_slope·g. */
export const leakyRelu = activationOp<number>('LeakyRelu',
  (x, y, negativeSlope) => {
    const slope = Math.fround(negativeSlope);
    for (let i = 0; i < x.length; i++) y[i] = x[i] > 0 ? x[i] : x[i] * slope;
  },
  (g, x, dx, negativeSlope) => {
    const slope = Math.fround(negativeSlope);
    for (let i = 0; i < x.length; i++) dx[i] = x[i] > 0 ? g[i] : g[i] * slope;
  });

export type GeluApproximate = 'none' | 'tanh';

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const GELU_KAPPA = 0.044715;

/**
 * x·Φ(x) = x/2·(1 + erf(x/√2)), or with approximate 'tanh' x/2·(1 + tanh(√(2/π)(x + 0.044715x³))).
 * gelu_backward: Φ(x) + x·φ(x), or the derivative of the tanh form, times g.
 */
export const gelu = activationOp<GeluApproximate>('Gelu',
  (x, y, approximate) => {
    if (approximate === 'tanh') {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = 0.5 * v * (1 + tanh32(SQRT_2_OVER_PI * (v + GELU_KAPPA * v * v * v)));
      }
    } else {
      for (let i = 0; i < x.length; i++) y[i] = x[i] * 0.5 * (1 + erf(x[i] * Math.SQRT1_2));
    }
  },
  (g, x, dx, approximate) => {
    if (approximate === 'tanh') {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        const t = tanh32(SQRT_2_OVER_PI * (v + GELU_KAPPA * v * v * v));
        const inner = SQRT_2_OVER_PI * (1 + 3 * GELU_KAPPA * v * v); // d/dv of tanh's argument
        dx[i] = g[i] * (0.5 * (1 + t) + 0.5 * v * (1 - t * t) * inner);
      }
    } else {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        const cdf = 0.5 * (1 + erf(v * Math.SQRT1_2));
        const pdf = INV_SQRT_2PI * Math.exp(-0.5 * v * v);
        dx[i] = g[i] * (cdf + v * pdf);
      }
    }
  });

/** x·σ(x); silu_backward: g·σ(x)·(1 + x·(1 - σ(x))). */
export const silu = activationOp<undefined>('Silu',
  (x, y) => {
    for (let i = 0; i < x.length; i++) y[i] = x[i] * sigmoid32(x[i]);
  },
  (g, x, dx) => {
    for (let i = 0; i < x.length; i++) {
      const s = sigmoid32(x[i]);
      dx[i] = g[i] * s * (1 + x[i] * (1 - s));
    }
  });

/** x if x > 0, else α(eˣ - 1); elu_backward (on the input): g if x > 0, else g·α·eˣ (so α·g at 0). */
export const elu = activationOp<number>('Elu',
  (x, y, alpha) => {
    const a = Math.fround(alpha);
    for (let i = 0; i < x.length; i++) y[i] = x[i] <= 0 ? a * Math.expm1(x[i]) : x[i];
  },
  (g, x, dx, alpha) => {
    const a = Math.fround(alpha);
    for (let i = 0; i < x.length; i++) dx[i] = x[i] <= 0 ? g[i] * a * Math.exp(x[i]) : g[i];
  });

export interface SoftplusParams { readonly beta: number; readonly threshold: number }

/**
 * log(1 + e^(βx))/β, or x itself where βx > threshold; softplus_backward: g·z/(z + 1) with
 * z = e^(βx), or g where βx > threshold. βx is the float32 product, compared as PyTorch does.
 */
export const softplus = activationOp<SoftplusParams>('Softplus',
  (x, y, { beta, threshold }) => {
    const b = Math.fround(beta);
    const t = Math.fround(threshold);
    for (let i = 0; i < x.length; i++) {
      const bx = Math.fround(x[i] * b);
      y[i] = bx > t ? x[i] : Math.log1p(Math.exp(bx)) / b;
    }
  },
  (g, x, dx, { beta, threshold }) => {
    const b = Math.fround(beta);
    const t = Math.fround(threshold);
    for (let i = 0; i < x.length; i++) {
      const bx = Math.fround(x[i] * b);
      if (bx > t) {
        dx[i] = g[i];
      } else {
        const z = Math.exp(bx);
        dx[i] = (g[i] * z) / (z + 1);
      }
    }
  });
