// matmul: PyTorch's 1-D, 2-D and batched/broadcast products, all on one primitive, `mm`.
import { record, type Op } from '../autograd/node';
import { checkTensor, Tensor } from '../tensor/tensor';
import { broadcastShapes, broadcastStrides, formatShape, numelOf } from '../tensor/shape';
import { gemm } from './gemm';
import { addToRows, columnSums } from './reduce';
import { allocFloat32 } from '../tensor/alloc';

interface MmSaved { readonly transA: boolean; readonly transB: boolean }

/** Rows and columns of op(x): the last two dims, swapped when transposed. */
function matrixDims(x: Tensor, trans: boolean): [rows: number, cols: number] {
  const r = x.shape[x.shape.length - 2];
  const c = x.shape[x.shape.length - 1];
  return trans ? [c, r] : [r, c];
}

const mmOp: Op<MmSaved> = {
  name: 'MmBackward0',
  // C = op(A)·op(B): d op(A) = G·op(B)ᵀ and d op(B) = op(A)ᵀ·G, each transposed back when op was;
  // batch dims that broadcast are summed back to each input's shape.
  backward: (g, { inputs: [a, b], saved: { transA, transB } }) => [
    a.requiresGrad ? (transA ? mm(b, g, transB, true) : mm(g, b, false, !transB)).sumTo(a.shape) : null,
    b.requiresGrad ? (transB ? mm(g, a, true, transA) : mm(a, g, !transA, false)).sumTo(b.shape) : null,
  ],
};

/**
 * op(a)·op(b) over the last two dims of tensors with at least 2 dims, broadcasting the batch
 * dims before them. Sizes are checked by the caller.
 */
function mm(a: Tensor, b: Tensor, transA: boolean, transB: boolean): Tensor {
  const [M, K] = matrixDims(a, transA);
  const [, N] = matrixDims(b, transB);
  let out: Tensor;
  if (a.shape.length === 2 && b.shape.length === 2) {
    out = new Tensor(allocFloat32(M * N), [M, N]);
    gemm(transA, transB, M, N, K, a.data, 0, b.data, 0, out.data, 0);
  } else {
    out = batchedMm(a, b, transA, transB, M, N, K);
  }
  return record(mmOp, [a, b], out, { transA, transB });
}

/** mm's products over the broadcast batch dims, one gemm a matrix. */
function batchedMm(a: Tensor, b: Tensor, transA: boolean, transB: boolean, M: number, N: number, K: number): Tensor {
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const batch = broadcastShapes(aBatch, bBatch);
  const shape = [...batch, M, N];
  const out = allocFloat32(numelOf(shape));
  const count = numelOf(batch);
  const aStrides = broadcastStrides(aBatch, batch); // in matrices
  const bStrides = broadcastStrides(bBatch, batch);
  const index = new Array<number>(batch.length).fill(0);
  let ai = 0;
  let bi = 0;
  for (let n = 0; n < count; n++) {
    gemm(transA, transB, M, N, K, a.data, ai * M * K, b.data, bi * K * N, out, n * M * N);
    for (let d = batch.length - 1; d >= 0; d--) {
      ai += aStrides[d];
      bi += bStrides[d];
      if (++index[d] < batch[d]) break;
      ai -= aStrides[d] * batch[d];
      bi -= bStrides[d] * batch[d];
      index[d] = 0;
    }
  }
  return new Tensor(out, shape);
}

/** The matrix product with PyTorch's rules for 1-D (vector) and N-D (batched) operands. */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensor(b, 'matmul', 'other');
  const da = a.shape.length;
  const db = b.shape.length;
  if (da === 0 || db === 0) {
    throw new Error(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`);
  }
  const k1 = a.shape[da - 1];
  if (da === 1 && db === 1) {
    if (k1 !== b.shape[0]) {
      throw new Error(
        `inconsistent tensor size, expected tensor [${k1}] and src [${b.shape[0]}] to have the same number of elements, but got ${k1} and ${b.shape[0]} elements respectively`,
      );
    }
    return mm(a.unsqueeze(0), b.unsqueeze(1), false, false).reshape([]);
  }
  if (db === 1) {
    // (…, M, K) · (K) → (…, M): PyTorch folds the batch into the rows for this check
    const rows = numelOf(a.shape.slice(0, -1));
    if (k1 !== b.shape[0]) throw new Error(`size mismatch, got ${rows}, ${rows}x${k1},${b.shape[0]}`);
    return mm(a, b.unsqueeze(1), false, false).squeeze(-1);
  }
  if (k1 !== b.shape[db - 2]) throw mismatchError(a, b);
  if (da === 1) return mm(a.unsqueeze(0), b, false, false).squeeze(-2);
  return mm(a, b, false, false);
}

/**
 * PyTorch's message for inner sizes that differ, which names the operands as it folded them:
 * a batched side with a matrix or vector on the other has its batch folded into rows (b is
 * multiplied transposed, as bᵀ·aᵀ, when it is the batched one); two batched sides go to bmm.
 */
function mismatchError(a: Tensor, b: Tensor): Error {
  const da = a.shape.length;
  const db = b.shape.length;
  const k1 = a.shape[da - 1];
  const k2 = b.shape[db - 2];
  if (db === 2) {
    const rows = numelOf(a.shape.slice(0, -1)); // 1 for a vector
    return new Error(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k1} and ${k2}x${b.shape[1]})`);
  }
  if (da <= 2) {
    const rows = numelOf([...b.shape.slice(0, -2), b.shape[db - 1]]); // bᵀ folded: (batch·N, K)
    if (da === 1) return new Error(`size mismatch, got ${rows}, ${rows}x${k2},${k1}`);
    return new Error(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k2} and ${k1}x${a.shape[0]})`);
  }
  const batch = broadcastShapes(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const n = numelOf(batch);
  return new Error(`Expected size for first two dimensions of batch2 tensor to be: ${formatShape([n, k1])} but got: ${formatShape([n, k2])}.`);
}

const linearOp: Op<undefined> = {
  name: 'AddmmBackward0',
  // y = x·Wᵀ + b: dx = g·W, dW = gᵀ·x, db = Σ_rows g
  backward: (g, { inputs: [x, w, b] }) => [
    x.requiresGrad ? mm(g, w, false, false) : null,
    w.requiresGrad ? mm(g, x, true, false) : null,
    b.requiresGrad ? new Tensor(columnSums(g.data, g.shape[0], g.shape[1]), [g.shape[1]]) : null,
  ],
};

/**
 * x·Wᵀ (+ b) for x (…, in), W (out, in) and b (out) or null, as Linear computes it: leading dims
 * fold into rows, W is read transposed in place (no copy of Wᵀ forward or backward), and the
 * bias is added in the same pass, one graph node as PyTorch's addmm.
 */
export function linearMap(x: Tensor, w: Tensor, bias: Tensor | null): Tensor {
  if (w.shape.length !== 2) throw new Error(`linear(): weight must be 2-D, got shape ${formatShape(w.shape)}`);
  if (x.shape.length === 0) throw new Error(`both arguments to linear need to be at least 1D, but they are 0D and 2D`);
  const k = x.shape[x.shape.length - 1];
  const rows = numelOf(x.shape.slice(0, -1));
  const n = w.shape[0];
  if (k !== w.shape[1]) {
    throw new Error(`mat1 and mat2 shapes cannot be multiplied (${rows}x${k} and ${w.shape[1]}x${n})`);
  }
  if (x.shape.length !== 2) {
    const out = linearMap(x.reshape(rows, k), w, bias); // (rows, out)
    return out.reshape([...x.shape.slice(0, -1), n]);
  }
  if (bias === null) return mm(x, w, false, true);
  if (bias.shape.length !== 1 || bias.shape[0] !== n) return mm(x, w, false, true).add(bias); // broadcasting bias
  const out = allocFloat32(rows * n);
  gemm(false, true, rows, n, k, x.data, 0, w.data, 0, out, 0);
  addToRows(out, 0, rows, bias.data);
  return record(linearOp, [x, w, bias], new Tensor(out, [rows, n]), undefined);
}
