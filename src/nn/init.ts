// nn.init: initialisers that fill a tensor in place under no_grad, with PyTorch's fan and gain
// rules, drawing from the same seeded stream as PyTorch.
import { noGrad } from '../autograd/grad-mode';
import { erf } from '../ops/activation';
import { erfinv } from '../ops/special';
import { eye, randn } from '../tensor/creation';
import { checkNumber, checkTensor, describe, Tensor } from '../tensor/tensor';
import { allocFloat32 } from '../tensor/alloc';

/** The nonlinearities calculateGain knows, under PyTorch's names. */
export type Nonlinearity =
  | 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'conv_transpose1d' | 'conv_transpose2d' | 'conv_transpose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Which fan Kaiming's initialisers divide by: fan_in keeps the forward pass's variance, fan_out the backward pass's. */
export type FanMode = 'fan_in' | 'fan_out';

/**
 * The recommended gain for a nonlinearity (for leaky_relu, `param` is the negative slope):
 * √2 for relu, √(2 / (1 + slope²)) for leaky_relu, 5/3 for tanh, 3/4 for selu, else 1.
 *
 * @example
 * ```ts
 * nn.init.calculateGain('relu');            // 1.4142135623730951
 * nn.init.calculateGain('leaky_relu', 0.2); // 1.3867504905630728
 * ```
 */
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
      if (param !== undefined && (typeof param !== 'number' || Number.isNaN(param))) throw new Error(`negative_slope ${String(param)} not a valid number`);
      const slope = param ?? 0.01;
      return Math.sqrt(2.0 / (1 + slope ** 2));
    }
    case 'selu':
      return 3.0 / 4;
    default:
      throw new Error(`Unsupported nonlinearity ${String(nonlinearity)}`);
  }
}

/**
 * fan_in = size(1) · receptive field, fan_out = size(0) · receptive field, the receptive field
 * being the product of the dims after the first two.
 *
 * @example
 * ```ts
 * nn.init.calculateFanInAndFanOut(zeros(16, 3, 5, 5)); // [75, 400]
 * ```
 */
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

/**
 * Fills `tensor` in place with draws from U(a, b), without recording a gradient; returns it.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.uniform_(zeros(3), -1, 1)); // 'tensor([-0.0075,  0.5364, -0.8230])'
 * ```
 */
export function uniform_(tensor: Tensor, a = 0, b = 1): Tensor {
  checkTensor(tensor, 'uniform_', 'tensor');
  checkNumber(a, 'uniform_', 'a');
  checkNumber(b, 'uniform_', 'b');
  return noGrad(() => tensor.uniform_(a, b));
}

/**
 * Fills `tensor` in place with draws from N(mean, std²), without recording a gradient; returns it.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.normal_(zeros(3), 0, 0.1)); // 'tensor([ 0.1541, -0.0293, -0.2179])'
 * ```
 */
export function normal_(tensor: Tensor, mean = 0, std = 1): Tensor {
  checkTensor(tensor, 'normal_', 'tensor');
  checkNumber(mean, 'normal_', 'mean');
  checkNumber(std, 'normal_', 'std');
  return noGrad(() => tensor.normal_(mean, std));
}

/**
 * Fills `tensor` in place with `value`, without recording a gradient; returns it. NaN is a value
 * here, as in PyTorch, not a bad argument.
 *
 * @example
 * ```ts
 * nn.init.constant_(zeros(2, 2), 0.5).tolist(); // [[0.5, 0.5], [0.5, 0.5]]
 * ```
 */
export function constant_(tensor: Tensor, value: number): Tensor {
  checkTensor(tensor, 'constant_', 'tensor');
  if (typeof value !== 'number') throw new TypeError(`constant_(): argument 'val' must be a number, not ${describe(value)}`);
  return noGrad(() => tensor.fill_(value));
}

/**
 * Fills `tensor` in place with 0, without recording a gradient; returns it.
 *
 * @example
 * ```ts
 * nn.init.zeros_(ones(3)).tolist(); // [0, 0, 0]
 * ```
 */
export function zeros_(tensor: Tensor): Tensor {
  checkTensor(tensor, 'zeros_', 'tensor');
  return constant_(tensor, 0);
}

/**
 * Fills `tensor` in place with 1, without recording a gradient; returns it.
 *
 * @example
 * ```ts
 * nn.init.ones_(zeros(3)).tolist(); // [1, 1, 1]
 * ```
 */
export function ones_(tensor: Tensor): Tensor {
  checkTensor(tensor, 'ones_', 'tensor');
  return constant_(tensor, 1);
}

/**
 * The identity in a 2-D tensor: ones on the main diagonal, also of a non-square one.
 *
 * @example
 * ```ts
 * nn.init.eye_(zeros(2, 3)).tolist(); // [[1, 0, 0], [0, 1, 0]]
 * ```
 */
export function eye_(tensor: Tensor): Tensor {
  checkTensor(tensor, 'eye_', 'tensor');
  if (tensor.dim() !== 2) throw new Error('Only tensors with 2 dimensions are supported');
  return noGrad(() => tensor.copy_(eye(tensor.shape[0], tensor.shape[1])));
}

/**
 * A (semi-)orthogonal matrix, scaled by `gain` (Saxe et al., 2013); trailing dims are flattened.
 * PyTorch's recipe: a standard normal (rows, cols) draw, its QR factorisation (of the transpose
 * when rows < cols), Q with each column multiplied by the sign of R's diagonal entry — the QR
 * whose R has a positive diagonal, so Q is Haar-distributed (Mezzadri, 2007).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const q = nn.init.orthogonal_(zeros(3, 3));
 * String(q.matmul(q.t())); // the identity, up to float32 rounding (off-diagonal entries ~1e-8)
 * ```
 */
export function orthogonal_(tensor: Tensor, gain = 1): Tensor {
  checkTensor(tensor, 'orthogonal_', 'tensor');
  checkNumber(gain, 'orthogonal_', 'gain'); // before the draw: a failed call consumes no random numbers
  if (tensor.dim() < 2) throw new Error('Only tensors with 2 or more dimensions are supported');
  if (tensor.numel() === 0) return tensor;
  const rows = tensor.shape[0];
  const cols = tensor.numel() / rows;
  const q = Float64Array.from(randn(rows, cols).data); // (rows, cols), becomes Q in place
  // The tall orientation (m, n), m >= n: the draw itself, or its transpose read column-major
  // from the same memory, which also writes Q back transposed.
  if (rows < cols) householderQ(q, cols, rows, 1, cols);
  else householderQ(q, rows, cols, cols, 1);
  const out = allocFloat32(q.length);
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

/** truncNormal_'s options: the normal's mean (default 0) and std (default 1), and the cutoffs a (default -2) and b (default 2). */
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
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.truncNormal_(zeros(4), { std: 2, a: -1, b: 1 })); // 'tensor([-0.0072,  0.5207, -0.8117, -0.7218])'
 * ```
 */
export function truncNormal_(tensor: Tensor, { mean = 0, std = 1, a = -2, b = 2 }: TruncNormalOptions = {}): Tensor {
  checkTensor(tensor, 'trunc_normal_', 'tensor');
  checkNumber(mean, 'trunc_normal_', 'mean');
  checkNumber(std, 'trunc_normal_', 'std');
  checkNumber(a, 'trunc_normal_', 'a');
  checkNumber(b, 'trunc_normal_', 'b');
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

/**
 * Fills `tensor` in place with U(-a, a), a = gain · √(6 / (fan_in + fan_out)) (Glorot & Bengio, 2010).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.xavierUniform_(zeros(2, 3)));
 * // 'tensor([[-0.0082,  0.5876, -0.9016],\n        [-0.8062, -0.4219,  0.2938]])'
 * ```
 */
export function xavierUniform_(tensor: Tensor, gain = 1): Tensor {
  checkTensor(tensor, 'xavier_uniform_', 'tensor');
  checkNumber(gain, 'xavier_uniform_', 'gain');
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  const std = gain * Math.sqrt(2.0 / (fanIn + fanOut));
  const a = Math.sqrt(3.0) * std;
  return uniform_(tensor, -a, a);
}

/**
 * Fills `tensor` in place with N(0, std²), std = gain · √(2 / (fan_in + fan_out)) (Glorot & Bengio, 2010).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.xavierNormal_(zeros(2, 3)));
 * // 'tensor([[ 0.9746, -0.1856, -1.3780],\n        [ 0.3595, -0.6859, -0.8845]])'
 * ```
 */
export function xavierNormal_(tensor: Tensor, gain = 1): Tensor {
  checkTensor(tensor, 'xavier_normal_', 'tensor');
  checkNumber(gain, 'xavier_normal_', 'gain');
  const [fanIn, fanOut] = calculateFanInAndFanOut(tensor);
  return normal_(tensor, 0, gain * Math.sqrt(2.0 / (fanIn + fanOut)));
}

/** kaimingUniform_'s and kaimingNormal_'s options: defaults a = 0, mode 'fan_in', nonlinearity 'leaky_relu', as PyTorch. */
export interface KaimingOptions {
  /** The negative slope of the rectifier after this layer (leaky_relu only). */
  a?: number;
  /** Divide by fan_in (default) or fan_out. */
  mode?: FanMode;
  /** The nonlinearity after this layer, whose calculateGain is the gain. */
  nonlinearity?: Nonlinearity;
}

/**
 * Fills `tensor` in place with U(-bound, bound), bound = gain · √(3 / fan) (He et al., 2015).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.kaimingUniform_(zeros(2, 3), { nonlinearity: 'relu' }));
 * // 'tensor([[-0.0106,  0.7586, -1.1640],\n        [-1.0408, -0.5447,  0.3792]])'
 * ```
 */
export function kaimingUniform_(tensor: Tensor, { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' }: KaimingOptions = {}): Tensor {
  checkTensor(tensor, 'kaiming_uniform_', 'tensor');
  if (isZeroElement(tensor)) return tensor;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
  const bound = Math.sqrt(3.0) * std;
  return uniform_(tensor, -bound, bound);
}

/**
 * Fills `tensor` in place with N(0, std²), std = gain / √fan (He et al., 2015).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * String(nn.init.kaimingNormal_(zeros(2, 3), { mode: 'fan_out', nonlinearity: 'relu' }));
 * // 'tensor([[ 1.5410, -0.2934, -2.1788],\n        [ 0.5684, -1.0845, -1.3986]])'
 * ```
 */
export function kaimingNormal_(tensor: Tensor, { a = 0, mode = 'fan_in', nonlinearity = 'leaky_relu' }: KaimingOptions = {}): Tensor {
  checkTensor(tensor, 'kaiming_normal_', 'tensor');
  if (isZeroElement(tensor)) return tensor;
  const std = calculateGain(nonlinearity, a) / Math.sqrt(correctFan(tensor, mode));
  return normal_(tensor, 0, std);
}
