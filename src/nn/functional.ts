// F: torch.nn.functional — layers and losses as functions, composed from tensor ops.
import { matmulTransposed } from '../ops/matmul';
import type { Tensor } from '../tensor/tensor';
import { sameShape } from '../tensor/shape';

export type Reduction = 'mean' | 'sum' | 'none';

/** y = x·Wᵀ + b for x (…, in), W (out, in), b (out). */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const out = matmulTransposed(input, weight);
  return bias === null ? out : out.add(bias);
}

export const relu = (input: Tensor): Tensor => input.relu();
export const sigmoid = (input: Tensor): Tensor => input.sigmoid();
export const tanh = (input: Tensor): Tensor => input.tanh();
export const softmax = (input: Tensor, dim: number): Tensor => input.softmax(dim);
export const logSoftmax = (input: Tensor, dim: number): Tensor => input.logSoftmax(dim);

export function checkReduction(reduction: unknown): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new Error(`${String(reduction)} is not a valid value for reduction`);
  }
}

/** A per-element loss reduced as the losses' (already checked) `reduction` option asks. */
function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

const warned = new Set<string>();

/** PyTorch's warning when a loss's target would broadcast against its input: printed once. */
function warnOnBroadcast(input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  const message =
    `Using a target size (torch.Size([${target.shape.join(', ')}])) that is different to the input size ` +
    `(torch.Size([${input.shape.join(', ')}])). This will likely lead to incorrect results due to broadcasting. ` +
    'Please ensure they have the same size.';
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`UserWarning: ${message}`);
}

/** Mean (or summed) squared error: reduce((input - target)²). */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: { reduction?: Reduction } = {}): Tensor {
  checkReduction(reduction);
  warnOnBroadcast(input, target);
  return reduce(input.sub(target).pow(2), reduction);
}
