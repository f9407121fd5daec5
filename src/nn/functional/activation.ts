// F.relu, F.sigmoid, …: activations as functions of a tensor.
import * as ops from '../../ops/activation';
import { checkNumber, checkTensor, type Tensor } from '../../tensor/tensor';

/** GELU's form: 'none' (the exact erf) or 'tanh' (the approximation). */
export type GeluApproximate = ops.GeluApproximate;

/**
 * max(x, 0) element by element.
 *
 * @example
 * ```ts
 * F.relu(tensor([-1, 2])).tolist(); // [0, 2]
 * ```
 */
export const relu = (input: Tensor): Tensor => {
  checkTensor(input, 'relu');
  return input.relu();
};

/**
 * 1 / (1 + e⁻ˣ) element by element.
 *
 * @example
 * ```ts
 * F.sigmoid(tensor([0])).tolist(); // [0.5]
 * ```
 */
export const sigmoid = (input: Tensor): Tensor => {
  checkTensor(input, 'sigmoid');
  return input.sigmoid();
};

/**
 * The hyperbolic tangent element by element.
 *
 * @example
 * ```ts
 * F.tanh(tensor([0])).tolist(); // [0]
 * ```
 */
export const tanh = (input: Tensor): Tensor => {
  checkTensor(input, 'tanh');
  return input.tanh();
};

const warned = new Set<string>();

/**
 * PyTorch's _get_softmax_dim for a call without `dim`: 0 for 0-, 1- and 3-d inputs, else 1,
 * with its deprecation warning, printed once.
 */
function implicitSoftmaxDim(name: string, ndim: number): number {
  const message = `Implicit dimension choice for ${name} has been deprecated. Change the call to include dim=X as an argument.`;
  if (!warned.has(message)) {
    warned.add(message);
    console.warn(`UserWarning: ${message}`);
  }
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

/**
 * exp(x) / Σ_dim exp(x); without `dim`, PyTorch's deprecated implicit choice.
 *
 * @example
 * ```ts
 * F.softmax(tensor([[1, 1, 1, 1]]), 1).tolist(); // [[0.25, 0.25, 0.25, 0.25]]
 * ```
 */
export const softmax = (input: Tensor, dim: number | null = null): Tensor => {
  checkTensor(input, 'softmax');
  return input.softmax(dim ?? implicitSoftmaxDim('softmax', input.dim()));
};

/**
 * x - log Σ_dim exp(x); without `dim`, PyTorch's deprecated implicit choice.
 *
 * @example
 * ```ts
 * F.logSoftmax(randn(2, 5), 1).exp().sum(1); // ≈ tensor([1., 1.])
 * ```
 */
export const logSoftmax = (input: Tensor, dim: number | null = null): Tensor => {
  checkTensor(input, 'log_softmax');
  return input.logSoftmax(dim ?? implicitSoftmaxDim('log_softmax', input.dim()));
};

/**
 * x for x ≥ 0, negativeSlope·x below (default 0.01).
 *
 * @example
 * ```ts
 * F.leakyRelu(tensor([-10, 5]), { negativeSlope: 0.1 }).tolist(); // [-1, 5]
 * ```
 */
export const leakyRelu = (input: Tensor, { negativeSlope = 0.01 }: { negativeSlope?: number } = {}): Tensor => {
  checkTensor(input, 'leaky_relu');
  checkNumber(negativeSlope, 'leaky_relu', 'negative_slope');
  return ops.leakyRelu(input, negativeSlope);
};

/**
 * PyTorch's check of GELU's `approximate` option, shared with nn.GELU.
 * @internal
 */
export function checkGeluApproximate(approximate: unknown): asserts approximate is GeluApproximate {
  if (approximate !== 'none' && approximate !== 'tanh') throw new Error('approximate argument must be either none or tanh.');
}

/**
 * x·Φ(x), Φ the standard normal CDF; `approximate: 'tanh'` uses PyTorch's tanh approximation.
 *
 * @example
 * ```ts
 * F.gelu(randn(4), { approximate: 'tanh' }).shape; // [4]
 * ```
 */
export function gelu(input: Tensor, { approximate = 'none' }: { approximate?: GeluApproximate } = {}): Tensor {
  checkTensor(input, 'gelu');
  checkGeluApproximate(approximate);
  return ops.gelu(input, approximate);
}

/**
 * x·σ(x).
 *
 * @example
 * ```ts
 * F.silu(tensor([0])).tolist(); // [0]
 * ```
 */
export const silu = (input: Tensor): Tensor => {
  checkTensor(input, 'silu');
  return ops.silu(input, undefined);
};

/**
 * x for x > 0, alpha·(eˣ − 1) below.
 *
 * @example
 * ```ts
 * F.elu(tensor([-1, 1])); // tensor([-0.6321,  1.0000])
 * ```
 */
export const elu = (input: Tensor, { alpha = 1 }: { alpha?: number } = {}): Tensor => {
  checkTensor(input, 'elu');
  checkNumber(alpha, 'elu', 'alpha');
  return ops.elu(input, alpha);
};

/**
 * log(1 + e^(beta·x)) / beta, linear above `threshold`.
 *
 * @example
 * ```ts
 * F.softplus(tensor([0])); // tensor([0.6931]), ln 2
 * ```
 */
export const softplus = (input: Tensor, { beta = 1, threshold = 20 }: { beta?: number; threshold?: number } = {}): Tensor => {
  checkTensor(input, 'softplus');
  checkNumber(beta, 'softplus', 'beta');
  checkNumber(threshold, 'softplus', 'threshold');
  return ops.softplus(input, { beta, threshold });
};
