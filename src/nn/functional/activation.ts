// F.relu, F.sigmoid, …: activations as functions of a tensor.
import * as ops from '../../ops/activation';
import type { Tensor } from '../../tensor/tensor';

export type GeluApproximate = ops.GeluApproximate;

export const relu = (input: Tensor): Tensor => input.relu();
export const sigmoid = (input: Tensor): Tensor => input.sigmoid();
export const tanh = (input: Tensor): Tensor => input.tanh();

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

/** exp(x) / Σ_dim exp(x); without `dim`, PyTorch's deprecated implicit choice. */
export const softmax = (input: Tensor, dim: number | null = null): Tensor =>
  input.softmax(dim ?? implicitSoftmaxDim('softmax', input.dim()));

/** x - log Σ_dim exp(x); without `dim`, PyTorch's deprecated implicit choice. */
export const logSoftmax = (input: Tensor, dim: number | null = null): Tensor =>
  input.logSoftmax(dim ?? implicitSoftmaxDim('log_softmax', input.dim()));

export const leakyRelu = (input: Tensor, { negativeSlope = 0.01 }: { negativeSlope?: number } = {}): Tensor =>
  ops.leakyRelu(input, negativeSlope);

export function checkGeluApproximate(approximate: unknown): asserts approximate is GeluApproximate {
  if (approximate !== 'none' && approximate !== 'tanh') throw new Error('approximate argument must be either none or tanh.');
}

export function gelu(input: Tensor, { approximate = 'none' }: { approximate?: GeluApproximate } = {}): Tensor {
  checkGeluApproximate(approximate);
  return ops.gelu(input, approximate);
}

export const silu = (input: Tensor): Tensor => ops.silu(input, undefined);

export const elu = (input: Tensor, { alpha = 1 }: { alpha?: number } = {}): Tensor => ops.elu(input, alpha);

export const softplus = (input: Tensor, { beta = 1, threshold = 20 }: { beta?: number; threshold?: number } = {}): Tensor =>
  ops.softplus(input, { beta, threshold });
