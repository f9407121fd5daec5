// F.linear and friends: affine maps.
import { matmulTransposed } from '../../ops/matmul';
import type { Tensor } from '../../tensor/tensor';

/** y = x·Wᵀ + b for x (…, in), W (out, in), b (out). */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  const out = matmulTransposed(input, weight);
  return bias === null ? out : out.add(bias);
}
