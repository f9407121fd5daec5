// softmax and logSoftmax along a dim, stable for large inputs: exp(x - max) never overflows.
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { normalizeDim, splitAt } from '../tensor/shape';
import { exp, mul, sub } from './elementwise';
import { allocFloat32 } from '../tensor/alloc';
import { exp32 } from './math32';

/** Along `dim` of x viewed as (outer, n, inner): softmax, or its log when `logOutput`. */
function softmaxKernel(x: Tensor, dim: number, logOutput: boolean): Float32Array {
  const [outer, n, inner] = splitAt(x.shape, dim);
  const src = x.data;
  const out = allocFloat32(src.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      let max = -Infinity;
      for (let k = 0, j = base; k < n; k++, j += inner) if (src[j] > max || src[j] !== src[j]) max = src[j];
      if (max === -Infinity) max = 0; // a row of -inf: exp(x - 0) = 0 gives PyTorch's NaN/-inf
      let total = 0;
      for (let k = 0, j = base; k < n; k++, j += inner) total += exp32(src[j] - max);
      if (logOutput) {
        const logTotal = Math.log(total) + max; // log Σ eˣ = max + log Σ e^(x - max)
        for (let k = 0, j = base; k < n; k++, j += inner) out[j] = src[j] - logTotal;
      } else {
        for (let k = 0, j = base; k < n; k++, j += inner) out[j] = exp32(src[j] - max) / total;
      }
    }
  }
  return out;
}

const softmaxOp: Op<number> = {
  name: 'SoftmaxBackward0',
  // dx = y ⊙ (g - Σ_dim g ⊙ y)
  backward: (g, { out, saved: dim }) => [mul(out, sub(g, mul(g, out).sum(dim, true)))],
};

export function softmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length);
  return record(softmaxOp, [x], new Tensor(softmaxKernel(x, d, false), x.shape), d);
}

const logSoftmaxOp: Op<number> = {
  name: 'LogSoftmaxBackward0',
  // dx = g - exp(y) ⊙ Σ_dim g
  backward: (g, { out, saved: dim }) => [sub(g, mul(exp(out), g.sum(dim, true)))],
};

export function logSoftmax(x: Tensor, dim: number): Tensor {
  const d = normalizeDim(dim, x.shape.length);
  return record(logSoftmaxOp, [x], new Tensor(softmaxKernel(x, d, true), x.shape), d);
}
