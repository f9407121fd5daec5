// F.embedding: look up rows of an embedding matrix.
import { lookupRows } from '../../ops/indexing';
import { checkTensor, type Tensor } from '../../tensor/tensor';

/**
 * padding_idx as a row number in [0, count) (negative counts from the end), or null for none.
 * @internal
 */
export function paddingRow(paddingIdx: number | null, count: number): number | null {
  if (paddingIdx === null) return null;
  if (!Number.isInteger(paddingIdx)) throw new TypeError(`padding_idx must be an integer, got ${paddingIdx}`);
  if (paddingIdx < -count || paddingIdx >= count) throw new Error('Padding_idx must be within num_embeddings');
  return paddingIdx < 0 ? paddingIdx + count : paddingIdx;
}

/**
 * weight[input] for integer-valued `input` of any shape; the row `paddingIdx` gets no gradient.
 *
 * @example
 * ```ts
 * const weight = randn(10, 3); // 10 vectors of size 3
 * F.embedding(tensor([0, 9, 9]), weight).shape; // [3, 3]
 * ```
 */
export function embedding(input: Tensor, weight: Tensor, { paddingIdx = null }: { paddingIdx?: number | null } = {}): Tensor {
  checkTensor(input, 'embedding');
  checkTensor(weight, 'embedding', 'weight');
  return lookupRows(weight, input, paddingRow(paddingIdx, weight.shape[0]) ?? -1);
}
