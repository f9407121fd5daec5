// F.mseLoss and the other losses, with PyTorch's `reduction` option.
import type { Tensor } from '../../tensor/tensor';
import { sameShape } from '../../tensor/shape';

export type Reduction = 'mean' | 'sum' | 'none';

export function checkReduction(reduction: unknown): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new Error(`${String(reduction)} is not a valid value for reduction`);
  }
}

/** A per-element loss reduced as the losses' (already checked) `reduction` option asks. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

const warned = new Set<string>();

/** PyTorch's warning when a loss's target would broadcast against its input: printed once. */
export function warnOnBroadcast(input: Tensor, target: Tensor): void {
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
