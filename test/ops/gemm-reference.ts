// What gemm's results are checked against, shared by gemm.test.ts and gemm-fma-check.ts: operands
// from a fixed stream, the exact product in float64 and float32's error bound around it.

const U = 2 ** -24; // float32's unit roundoff

/** Uniform values in [-1, 1) from a fixed linear congruential stream. */
export function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s / 2 ** 31 - 1;
  }
  return out;
}

export interface Product { transA: boolean; transB: boolean; M: number; N: number; K: number; A: Float32Array; B: Float32Array }

/** Exact products op(A)·op(B) in float64, and Σ|a·b| per entry, the scale of float32's error. */
export function reference({ transA, transB, M, N, K, A, B }: Product): { exact: Float64Array; scale: Float64Array } {
  const exact = new Float64Array(M * N);
  const scale = new Float64Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      let abs = 0;
      for (let k = 0; k < K; k++) {
        const p = A[transA ? k * M + i : i * K + k] * B[transB ? j * K + k : k * N + j];
        sum += p;
        abs += Math.abs(p);
      }
      exact[i * N + j] = sum;
      scale[i * N + j] = abs;
    }
  }
  return { exact, scale };
}

/**
 * float32's error bound on entry i of a product over K terms, whatever the order of summation
 * and whether each multiply-add rounds once (fused) or twice: (K + 1)·u·Σ|a·b| for the products
 * and sums, plus u·|c| for C's own rounding.
 */
export const bound = (K: number, exact: Float64Array, scale: Float64Array, i: number) => (K + 1) * U * scale[i] + U * Math.abs(exact[i]);
