// F.linear and friends: affine maps.
import { linearMap } from '../../ops/matmul';
import { checkTensor, type Tensor } from '../../tensor/tensor';
import { formatShape, numelOf } from '../../tensor/shape';

/**
 * y = x·Wᵀ + b for x (…, in), W (out, in), b (out).
 *
 * @example
 * ```ts
 * const weight = randn(2, 3); // (out, in)
 * F.linear(randn(4, 3), weight, zeros(2)).shape; // [4, 2]
 * ```
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkTensor(input, 'linear');
  checkTensor(weight, 'linear', 'weight');
  if (bias !== null) checkTensor(bias, 'linear', 'bias');
  return linearMap(input, weight, bias);
}

/**
 * y[…, k] = Σ_ij x1[…, i]·W[k, i, j]·x2[…, j] + b[k] for x1 (…, in1), x2 (…, in2), W (out, in1, in2).
 *
 * @example
 * ```ts
 * F.bilinear(randn(5, 3), randn(5, 4), randn(2, 3, 4)).shape; // [5, 2]
 * ```
 */
export function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkTensor(input1, 'bilinear', 'input1');
  checkTensor(input2, 'bilinear', 'input2');
  checkTensor(weight, 'bilinear', 'weight');
  if (bias !== null) checkTensor(bias, 'bilinear', 'bias');
  const nd = input1.dim();
  if (nd !== input2.dim()) throw new Error(`bilinear(): input dimensions do not match: got ${nd} and ${input2.dim()}`);
  for (let i = 0; i < nd - 1; i++) {
    if (input1.shape[i] !== input2.shape[i]) {
      throw new Error(`bilinear(): input batch dimensions do not match at dim ${i}: got ${input1.shape[i]} and ${input2.shape[i]}`);
    }
  }
  if (nd === 0) throw new Error('Dimension specified as -1 but tensor has no dimensions');
  if (weight.dim() !== 3) throw new Error(`bilinear(): weight must be 3-D (out, in1, in2), got shape ${formatShape(weight.shape)}`);
  const [nOut, n1, n2] = weight.shape;
  if (input1.shape[nd - 1] !== n1) throw new Error(`bilinear(): input1 size does not match weight size: got ${input1.shape[nd - 1]} but expected ${n1}`);
  if (input2.shape[nd - 1] !== n2) throw new Error(`bilinear(): input2 size does not match weight size: got ${input2.shape[nd - 1]} but expected ${n2}`);
  if (bias !== null && bias.shape[0] !== nOut) {
    throw new Error(`bilinear(): bias size does not match weight size: got ${bias.shape[0]} but expected ${nOut}`);
  }
  const batch = input1.shape.slice(0, -1);
  const rows = numelOf(batch);
  const wx2 = linearMap(input2.reshape(rows, n2), weight.reshape(nOut * n1, n2), null); // (rows, out·in1): Σ_j W[k, i, j]·x2[j]
  const out = wx2.reshape(rows, nOut, n1).mul(input1.reshape(rows, 1, n1)).sum(-1); // (rows, out)
  const y = out.reshape([...batch, nOut]); // (…, out)
  return bias === null ? y : y.add(bias);
}
