// Row lookup: out[i] = weight[index[i]], the op behind nn.Embedding.
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { allocFloat32 } from '../tensor/alloc';

interface LookupSaved {
  readonly rows: Int32Array;
  /** A row whose gradient stays zero (Embedding's padding_idx), or -1. */
  readonly frozenRow: number;
}

const lookupOp: Op<LookupSaved> = {
  name: 'EmbeddingBackward0',
  // d weight[r] = Σ over positions i with index[i] = r of g[i]; nothing flows into the frozen row
  backward: (g, { inputs: [weight], saved: { rows, frozenRow } }) => {
    const dim = weight.shape[1];
    const dw = allocFloat32(weight.data.length);
    const gd = g.data;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i];
      if (r === frozenRow) continue;
      const dst = r * dim;
      const src = i * dim;
      for (let j = 0; j < dim; j++) dw[dst + j] += gd[src + j];
    }
    return [new Tensor(dw, weight.shape)];
  },
};

/** Rows of a 2-D `weight` picked by `indices` (integer-valued floats): shape indices.shape + [dim]. */
export function lookupRows(weight: Tensor, indices: Tensor, frozenRow = -1): Tensor {
  if (weight.shape.length !== 2) throw new Error(`'weight' must be 2-D, got shape [${weight.shape.join(', ')}]`);
  const [count, dim] = weight.shape;
  const rows = new Int32Array(indices.data.length);
  for (let i = 0; i < rows.length; i++) {
    const v = indices.data[i];
    if (!Number.isInteger(v)) throw new TypeError(`Expected tensor for argument #1 'indices' to hold integers, but found ${v}`);
    if (v < 0 || v >= count) throw new RangeError(`index out of range in self (index ${v}, num_embeddings ${count})`);
    rows[i] = v;
  }
  const out = allocFloat32(rows.length * dim);
  const w = weight.data;
  for (let i = 0; i < rows.length; i++) out.set(w.subarray(rows[i] * dim, rows[i] * dim + dim), i * dim);
  return record(lookupOp, [weight], new Tensor(out, [...indices.shape, dim]), { rows, frozenRow });
}
