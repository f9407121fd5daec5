// The matrix-multiply kernel every product runs on: C = op(A)·op(B), op = transpose or not,
// row-major Float32Arrays with offsets. Products big enough to repay copying their operands run
// on the WebAssembly SIMD kernel (wasm/gemm.wat) where the engine has one; the rest, and every
// product where it has none, on the scalar kernel here: a 4×4 register-blocked micro-kernel over
// B packed into 4-column panels and A rows blocked along K, so each panel slice stays in cache
// while reused.
import { simdAvailable, simdGemm } from './wasm/simd-gemm';

const NR = 4; // columns of C per micro-kernel (the packed panel width)
const MR = 4; // rows of C per micro-kernel
const KC = 256; // depth of one K block: a 4 x KC slice of A and a KC x 4 panel of B stay in L1
// The SIMD kernel's fixed costs (a call into WebAssembly, copying operands in and C out, N padded
// to 8) are repaid from about 1,024 multiply-adds per product and 16 per row of C (measured
// against this kernel over shapes from 2×2×2 to 1000×1000×1; tall products with N and K both
// under 5 stay faster here).
const SIMD_MIN_MADDS = 1024;
const SIMD_MIN_ROW_MADDS = 16;
// Below this many multiply-adds, packing B costs more than it saves: one dot product per element.
const DIRECT_MAX_MADDS = 1024;

let packed = new Float32Array(0);

type Kernel = 'simd' | 'scalar';
let forced: Kernel | null = null;

/**
 * @internal For tests only: run every product on one kernel, or on the automatic choice again
 * (null). Forcing 'simd' throws where the engine cannot run it.
 */
export function forceGemmKernel(kernel: Kernel | null): void {
  if (kernel === 'simd' && !simdAvailable()) throw new Error('gemm: this engine has no WebAssembly SIMD');
  forced = kernel;
}

/**
 * C[M×N] = op(A)·op(B) where op(A) is M×K and op(B) is K×N. With `transA`, A is stored K×M;
 * with `transB`, B is stored N×K. C is overwritten.
 */
export function gemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): void {
  if (M === 0 || N === 0) return;
  if (K === 0) {
    C.fill(0, cOff, cOff + M * N);
    return;
  }
  const simd = forced === null
    ? N * K >= SIMD_MIN_ROW_MADDS && M * N * K >= SIMD_MIN_MADDS && simdAvailable()
    : forced === 'simd';
  if (simd && simdGemm(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff)) return;
  scalarGemm(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff);
}

/** gemm on the scalar kernel, for M, N, K ≥ 1. */
function scalarGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): void {
  if (M * N * K < DIRECT_MAX_MADDS) {
    directGemm(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff);
    return;
  }
  C.fill(0, cOff, cOff + M * N);
  const panels = Math.ceil(N / NR);
  if (packed.length < panels * NR * K) packed = new Float32Array(panels * NR * K);
  packB(transB, N, K, B, bOff, packed);
  // op(A)[i, k] lives at A[aOff + i·rs + k·cs]
  const rs = transA ? 1 : K;
  const cs = transA ? M : 1;
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    let i = 0;
    for (; i + MR <= M; i += MR) {
      for (let p = 0; p < panels; p++) block4x4(A, aOff + i * rs + k0 * cs, rs, cs, packed, (p * K + k0) * NR, kc, C, cOff + i * N, N, p * NR, Math.min(NR, N - p * NR));
    }
    for (; i < M; i++) {
      for (let p = 0; p < panels; p++) block1x4(A, aOff + i * rs + k0 * cs, cs, packed, (p * K + k0) * NR, kc, C, cOff + i * N, p * NR, Math.min(NR, N - p * NR));
    }
  }
}

/** op(B) (K×N) into panels of NR columns: panel p holds rows k = 0..K-1 of columns 4p..4p+3, zero padded. */
function packB(transB: boolean, N: number, K: number, B: Float32Array, bOff: number, out: Float32Array): void {
  const rs = transB ? 1 : N; // op(B)[k, j] = B[bOff + k·rs + j·cs]
  const cs = transB ? K : 1;
  for (let j0 = 0, p = 0; j0 < N; j0 += NR, p++) {
    const w = Math.min(NR, N - j0);
    let o = p * K * NR;
    for (let k = 0; k < K; k++, o += NR) {
      const src = bOff + k * rs + j0 * cs;
      for (let j = 0; j < NR; j++) out[o + j] = j < w ? B[src + j * cs] : 0;
    }
  }
}

/** C[4 rows, w ≤ 4 cols at j0] += A-block (4 × kc) · packed panel slice (kc × 4). */
function block4x4(
  A: Float32Array, a: number, rs: number, cs: number, P: Float32Array, p: number, kc: number,
  C: Float32Array, c: number, ldc: number, j0: number, w: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const r1 = a + rs, r2 = a + 2 * rs, r3 = a + 3 * rs;
  for (let k = 0, ak = 0; k < kc; k++, ak += cs, p += NR) {
    const b0 = P[p], b1 = P[p + 1], b2 = P[p + 2], b3 = P[p + 3];
    const a0 = A[a + ak], a1 = A[r1 + ak], a2 = A[r2 + ak], a3 = A[r3 + ak];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  const o = c + j0;
  addRow(C, o, w, c00, c01, c02, c03);
  addRow(C, o + ldc, w, c10, c11, c12, c13);
  addRow(C, o + 2 * ldc, w, c20, c21, c22, c23);
  addRow(C, o + 3 * ldc, w, c30, c31, c32, c33);
}

/** One row of C: C[1 row, w cols at j0] += A-row slice (kc) · packed panel slice (kc × 4). */
function block1x4(
  A: Float32Array, a: number, cs: number, P: Float32Array, p: number, kc: number,
  C: Float32Array, c: number, j0: number, w: number,
): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  for (let k = 0, ak = a; k < kc; k++, ak += cs, p += NR) {
    const av = A[ak];
    c0 += av * P[p]; c1 += av * P[p + 1]; c2 += av * P[p + 2]; c3 += av * P[p + 3];
  }
  addRow(C, c + j0, w, c0, c1, c2, c3);
}

/** Adds the first w of four values into C[o..o+w). */
function addRow(C: Float32Array, o: number, w: number, v0: number, v1: number, v2: number, v3: number): void {
  C[o] += v0;
  if (w > 1) C[o + 1] += v1;
  if (w > 2) C[o + 2] += v2;
  if (w > 3) C[o + 3] += v3;
}

/**
 * Tiny products straight from the operands. With op(B) = Bᵀ both operands run along k, so each
 * C[i, j] is one dot product; otherwise each row of C accumulates a[i, k] · (row k of B), which
 * keeps the inner loop on contiguous memory whatever K is.
 */
function directGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): void {
  const aRow = transA ? 1 : K; // op(A)[i, k] = A[aOff + i·aRow + k·aStep]
  const aStep = transA ? M : 1;
  if (transB) {
    for (let i = 0, c = cOff; i < M; i++) {
      for (let j = 0, b0 = bOff; j < N; j++, c++, b0 += K) {
        let s = 0;
        for (let k = 0, a = aOff + i * aRow, b = b0; k < K; k++, a += aStep, b++) s += A[a] * B[b];
        C[c] = s;
      }
    }
    return;
  }
  for (let i = 0, c = cOff; i < M; i++, c += N) {
    const a0 = A[aOff + i * aRow];
    for (let j = 0; j < N; j++) C[c + j] = a0 * B[bOff + j];
    for (let k = 1, a = aOff + i * aRow + aStep, b = bOff + N; k < K; k++, a += aStep, b += N) {
      const av = A[a];
      for (let j = 0; j < N; j++) C[c + j] += av * B[b + j];
    }
  }
}
