// F.dropout: inverted dropout, drawing its mask from the same seeded stream as PyTorch.
import { defaultGenerator, fillBernoulli } from '../../tensor/random';
import { pythonFloat } from '../../tensor/print';
import { checkTensor, describe, Tensor } from '../../tensor/tensor';
import { allocFloat32 } from '../../tensor/alloc';

/** F.dropout's options. */
export interface DropoutOptions {
  /** The probability of zeroing an element (default 0.5). */
  p?: number;
  /** Drop only while training; otherwise the input is returned as is (default true). */
  training?: boolean;
  /** Accepted for PyTorch parity; the result is a new tensor either way. */
  inplace?: boolean;
}

/**
 * PyTorch's check of a dropout probability (NaN fails it too).
 * @internal
 */
export function checkDropoutProbability(p: number): void {
  if (typeof p !== 'number') throw new TypeError(`dropout(): argument 'p' must be a number, not ${describe(p)}`);
  if (!(p >= 0 && p <= 1)) throw new Error(`dropout probability has to be between 0 and 1, but got ${pythonFloat(p)}`);
}

/**
 * y = x · m / (1 − p) with m ~ Bernoulli(1 − p) elementwise while training, else x itself.
 * As PyTorch's _dropout_impl: the noise is bernoulli_(1 − p) then divided by 1 − p in float32,
 * so after manualSeed(s) the mask is torch's; p = 1 multiplies by 0 (NaN stays NaN).
 *
 * @example
 * ```ts
 * manualSeed(0);
 * F.dropout(ones(4), { p: 0.5 });                  // each element 0 or 2, torch's mask for seed 0
 * F.dropout(ones(4), { training: false }).tolist(); // [1, 1, 1, 1]
 * ```
 */
export function dropout(input: Tensor, { p = 0.5, training = true }: DropoutOptions = {}): Tensor {
  checkTensor(input, 'dropout');
  checkDropoutProbability(p);
  if (p === 0 || !training || input.numel() === 0) return input;
  if (p === 1) return input.mul(0);
  const noise = allocFloat32(input.numel());
  fillBernoulli(defaultGenerator, noise, 1 - p);
  const scale = Math.fround(1 / Math.fround(1 - p));
  for (let i = 0; i < noise.length; i++) noise[i] *= scale;
  return input.mul(new Tensor(noise, input.shape)); // the gradient is g · noise, as MulBackward0
}
