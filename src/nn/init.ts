// nn.init: initialisers that fill a tensor in place under no_grad, with PyTorch's fan and gain
// rules, drawing from the same seeded stream as PyTorch.
import { noGrad } from '../autograd/grad-mode';
import { erf } from '../ops/activation';
import { erfinv } from '../ops/special';
import { eye, randn } from '../tensor/creation';
import { Tensor } from '../tensor/tensor';

export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

export type FanMode = 'fan_in' | 'fan_out';

/** The recommended gain for a nonlinearity (for leaky_relu, `param` is the negative slope). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d':
    case 'conv_transpose1d': case 'conv_transpose2d': case 'conv_transpose3d': case 'sigmoid':
      return 1;
    case 'tanh':
      return 5.0 / 3;
    case 'relu':
      return Math.sqrt(2.0);
    case 'leaky_relu': {
      if (param !== undefined && typeof param !== 'number') throw new Error(`negative_slope ${String(param)} not a valid number`);
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new Error(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/** fan_in = size(1) · receptive field, fan_out = size(0) · receptive field. */
export function calculateFanInAndFanOut(tensor: Tensor): [fanIn: number, fanOut: number] {
  if (tensor.dim() < 2) throw new Error('Fan in and fan out can not be computed for tensor with fewer than 2 dimensions');
  let receptiveField = 1;
  for (let i = 2; i < tensor.shape.length; i++) receptiveField *= tensor.shape[i];
  return [tensor.shape[1] * receptiveField, tensor.shape[0] * receptiveField];
}

function correctFan(tensor: Tensor, mode: FanMode): number {
  const m = String(mode).toLowerCase(); // PyTorch accepts 'FAN_IN' too
  if (m !== 'fan_in' && m !== 'fan_out') throw new Error(`Mode ${m} not supported, please use one of ['fan_in', 'fan_out']`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return m === 'fan_in' ? fanIn : fanOut;
}

/** Kaiming's early exit: PyTorch warns and leaves a tensor with a zero-size dim as it is. */
function isZeroElement(tensor: Tensor): boolean {
  if (tensor.numel() !== 0) return false;
  console.warn('UserWarning: Initializing zero-element tensors is a no-op');
  return true;
}

export function uniform_(tensor: Tensor, a = 0, b = 1): Tensor {
  return noGrad(() => tensor.uniform_(a, b));
}

export function normal_(tensor: Tensor, mean = 0, std = 1): Tensor {
  return noGrad(() => tensor.normal_(mean, std));
}

export function constant_(tensor: Tensor, value: number): Tensor {
  return noGrad(() => tensor.fill_(value));
}

export const zeros_ = (tensor: Tensor): Tensor => constant_(tensor, 0);
export const ones_ = (tensor: Tensor): Tensor => constant_(tensor, 1);

/** The identity in a 2-D tensor: ones on the main diagonal, also of a non-square one. */
export function eye_(tensor: Tensor): Tensor {
  if (tensor.dim() !== 2) throw new Error('Only tensors with 2 dimensions are supported');
  return noGrad(() => tensor.copy_(eye(tensor.shape[0], tensor.shape[1])));
}

/**
 * A (semi-)orthogonal matrix, scaled by `gain` (Saxe et al., 2013); trailing dims are flattened.
 * PyTorch's recipe: a standard normal (rows, cols) draw, its QR factorisation (of the transpose
 * when rows < cols), Q with each column multiplied by the sign of R's diagonal entry — the QR
 * whose R has a positive diagonal, so Q is Haar-distributed (Mezzadri, 2007).
 */
export function orthogonal_(tensor: Tensor, gain = 1): Tensor {
  if (tensor.dim() < 2) throw new Error('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0];
  const cols = tensor.numel() / rows;
  const q = Float64Array.from(randn(rows, cols).data); // (rows, cols), becomes Q in place
  // The tall orientation (m, n), m >= n: the draw itself, or its transpose read column-major
  // from the same memory, which also writes Q back transposed.
  if (rows < cols) householderQ(q, cols, rows, 1, cols);
  else householderQ(q, rows, cols, cols, 1);
  const out = new Float32Array(q.length);
  const g = Math.fround(gain);
  for (let i = 0; i < q.length; i++) out[i] = Math.fround(q[i]) * g; // Q in float32, then mul_(gain)
  return noGrad(() => tensor.copy_(new Tensor(out, tensor.shape)));
}

/**
 * Replaces the m×n matrix A (m >= n; element (i, j) at a[i·rs + j·cs]) by the Q of A = QR with
 * R's diagonal made non-negative, in float64. Householder QR as LAPACK's geqr2 then org2r:
 * reflector j, H = I - τ v vᵀ with v = (1, x / (α - β)), β = -sign(α)·‖(α, x)‖, τ = (β - α)/β,
 * maps column j's (α, x) on and below the diagonal to (β, 0); the v's are kept below the
 * diagonal, and Q = H₀ H₁ … Hₙ₋₁ Iₘₓₙ is then built in place from the last reflector back.
 */
function householderQ(a: Float64Array, m: number, n: number, rs: number, cs: number): void {
  const tau = new Float64Array(n);
  const sign = new Float64Array(n); // sign(R[j][j]) = sign(β)
  for (let j = 0; j < n; j++) {
    const col = j * cs;
    let xx = 0;
    for (let i = j + 1; i < m; i++) xx += a[i * rs + col] * a[i * rs + col];
    const alpha = a[j * rs + col];
    let beta = alpha; // x = 0: H = I (τ = 0)
    if (xx > 0) {
      const norm = Math.sqrt(alpha * alpha + xx);
      beta = alpha >= 0 ? -norm : norm;
      tau[j] = (beta - alpha) / beta;
      const scale = 1 / (alpha - beta);
      for (let i = j + 1; i < m; i++) a[i * rs + col] *= scale;
      for (let c = j + 1; c < n; c++) {
        const cc = c * cs;
        let w = a[j * rs + cc]; // vᵀ A[:, c], v[j] = 1
        for (let i = j + 1; i < m; i++) w += a[i * rs + col] * a[i * rs + cc];
        w *= tau[j];
        a[j * rs + cc] -= w;
        for (let i = j + 1; i < m; i++) a[i * rs + cc] -= w * a[i * rs + col];
      }
    }
    sign[j] = Math.sign(beta);
  }
  for (let j = n - 1; j >= 0; j--) {
    const col = j * cs;
    const t = tau[j];
    // columns c > j hold Hⱼ₊₁ … Hₙ₋₁ eᶜ, zero in rows <= j: apply Hⱼ to rows j..m-1
    for (let c = j + 1; c < n; c++) {
      const cc = c * cs;
      let w = 0;
      for (let i = j + 1; i < m; i++) w += a[i * rs + col] * a[i * rs + cc];
      w *= t;
      a[j * rs + cc] = -w;
      for (let i = j + 1; i < m; i++) a[i * rs + cc] -= w * a[i * rs + col];
    }
    // column j becomes Hⱼ eʲ = eʲ - τ v
    for (let i = 0; i < j; i++) a[i * rs + col] = 0;
    a[j * rs + col] = 1 - t;
    for (let i = j + 1; i < m; i++) a[i * rs + col] *= -t;
  }
  for (let j = 0; j < n; j++) {
    const s = sign[j];
    for (let i = 0; i < m; i++) a[i * rs + j * cs] *= s;
  }
}

export interface TruncNormalOptions {
  mean?: number;
  std?: number;
  /** The lower cutoff. */
  a?: number;
  /** The upper cutoff. */
  b?: number;
}

const normCdf = (x: number): number => (1 + erf(x / Math.SQRT2)) / 2;

/**
 * N(mean, std²) truncated to [a, b] by the inverse CDF: u ~ U(2Φ(α) - 1, 2Φ(β) - 1) with
 * α = (a - mean)/std, β = (b - mean)/std, then mean + std·√2·erfinv(u), clamped to [a, b]
 * (Burkardt, "The truncated normal distribution"). Float32 steps as PyTorch 1.13's uniform_,
 * erfinv_, mul_, add_, clamp_; erfinv itself is evaluated to float64 accuracy and rounded.
 */
export function truncNormal_(tensor: Tensor, { mean = 0, std = 1, a = -2, b = 2 }: TruncNormalOptions = {}): Tensor {
  if (std === 0) throw new Error('float division by zero'); // Python's own, from (a - mean) / std
  if (mean < a - 2 * std || mean > b + 2 * std) {
    console.warn('UserWarning: mean is more than 2 std from [a, b] in nn.init.trunc_normal_. The distribution of values may be incorrect.');
  }
  const lo = normCdf((a - mean) / std);
  const hi = normCdf((b - mean) / std);
  return noGrad(() => {
    tensor.uniform_(2 * lo - 1, 2 * hi - 1);
    const scale = Math.fround(std * Math.SQRT2);
    const shift = Math.fround(mean);
    const min = Math.fround(a);
    const max = Math.fround(b);
    const d = tensor.data;
    for (let i = 0; i < d.length; i++) {
      const x = Math.fround(Math.fround(Math.fround(erfinv(d[i])) * scale) + shift);
      d[i] = Math.min(Math.max(x, min), max);
    }
    return tensor;
  });
}

/** U(-a, a) with a = gain · √(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010). */
export function xavierUniform_(tensor: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

/** N(0, std²) with std = gain · √(2 / (fan_in + fan_out)). */
export function xavierNormal_(tensor: Tensor, gain = 1): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

export interface KaimingOptions {
  /** The negative slope of the rectifier after this layer (leaky_relu only). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

/** U(-bound, bound) with bound = gain · √(3 / fan) (He et al., 2015). */
export function kaimingUniform_(tensor: Tensor, { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' }: KaimingOptions = {}): Tensor {
  if (isZeroElement(tensor)) return tensor;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/** N(0, std²) with std = gain / √fan (He et al., 2015). */
export function kaimingNormal_(tensor: Tensor, { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' }: KaimingOptions = {}): Tensor {
  if (isZeroElement(tensor)) return tensor;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
  return normal_(tensor, 0, std);
}
