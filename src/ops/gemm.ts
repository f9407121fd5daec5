// The matrix-multiply kernel every product runs on: C = op(A)·op(B), op = transpose or not,
// row-major Float32Arrays with offsets. Products big enough to repay copying their operands run
// on the WebAssembly SIMD kernel (wasm/gemm.wat) where the engine has one; the rest, and every
// product where it has none, on the scalar kernel here: 4×4 register blocks reading op(B) in
// place for small products, or from 4-column panels with K blocked for larger ones.
import { KernelChoice, type KernelName } from './wasm/kernel';
import { simdAvailable, simdGemm } from './wasm/simd-gemm';

const NR = 4; // columns of C per micro-kernel (the packed panel width)
const MR = 4; // rows of C per micro-kernel
const KC = 256; // depth of one K block: a 4 x KC slice of A and a KC x 4 panel of B stay in L1
// The SIMD kernel's fixed cost (a call into WebAssembly and three memcpys) is repaid from 128
// multiply-adds per product, or 1,024 when C is one column (measured against this kernel over all
// shapes with sides 1, 2, 4, 10, 16, 32 and 64 from 64 to 8,192 multiply-adds).
const SIMD_MIN_MADDS = 128;
const SIMD_MIN_COLUMN_MADDS = 1024;
// Below this many multiply-adds, packing B costs more than it saves.
const IN_PLACE_MAX_MADDS = 1024;

let packed = new Float32Array(0);

const choice = new KernelChoice('gemm', simdAvailable);

/**
 * @internal For tests only: run every product on one kernel, or on the automatic choice again
 * (null). Forcing 'simd' throws where the engine cannot run it.
 */
export function forceGemmKernel(kernel: KernelName | null): void {
  choice.force(kernel);
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
  const simd = choice.simd(M * N * K >= (N === 1 ? SIMD_MIN_COLUMN_MADDS : SIMD_MIN_MADDS));
  if (simd && simdGemm(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff)) return;
  scalarGemm(transA, transB, M, N, K, A, aOff, B, bOff, C, cOff);
}

/**
 * gemm on the scalar kernel, for M, N, K ≥ 1: 4×4 blocks of C, each summed over K in sixteen
 * registers. Small products read op(B) where it lies; larger ones copy it into panels first, so
 * that each block reads its four columns from one cache line and each panel slice is reused
 * from cache by every row block.
 */
function scalarGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): void {
  if (K === 1) {
    outer(M, N, A, aOff, B, bOff, C, cOff);
    return;
  }
  C.fill(0, cOff, cOff + M * N);
  // op(A)[i, k] = A[aOff + i·ars + k·acs], op(B)[k, j] = B[bOff + k·brs + j·bcs]
  const ars = transA ? 1 : K;
  const acs = transA ? M : 1;
  if (M * N * K < IN_PLACE_MAX_MADDS) {
    const brs = transB ? 1 : N;
    const bcs = transB ? K : 1;
    const wide = N - (N % NR); // columns covered by whole 4-column blocks
    for (let i = 0; i < M; i += MR) {
      const rows = Math.min(MR, M - i);
      const a = aOff + i * ars;
      const c = cOff + i * N;
      for (let j = 0; j < wide; j += NR) blocks(rows, A, a, ars, acs, B, bOff + j * bcs, brs, bcs, K, C, c + j, N, NR);
      for (let j = wide; j < N; j++) blocks(rows, A, a, ars, acs, B, bOff + j * bcs, brs, bcs, K, C, c + j, N, 1);
    }
    return;
  }
  const panels = Math.ceil(N / NR);
  if (packed.length < panels * NR * K) packed = new Float32Array(panels * NR * K);
  packB(transB, N, K, B, bOff, packed);
  for (let k0 = 0; k0 < K; k0 += KC) {
    const kc = Math.min(KC, K - k0);
    for (let i = 0; i < M; i += MR) {
      const rows = Math.min(MR, M - i);
      for (let p = 0; p < panels; p++) {
        blocks(rows, A, aOff + i * ars + k0 * acs, ars, acs, packed, (p * K + k0) * NR, NR, 1, kc, C, cOff + i * N + p * NR, N, Math.min(NR, N - p * NR));
      }
    }
  }
}

/** C = a·bᵀ for a column a (M) and a row b (N): a product over K = 1, where either operand's layout is the same. */
function outer(M: number, N: number, A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number): void {
  for (let i = 0, c = cOff; i < M; i++, c += N) {
    const av = A[aOff + i];
    let j = 0;
    for (; j + 4 <= N; j += 4) {
      C[c + j] = av * B[bOff + j];
      C[c + j + 1] = av * B[bOff + j + 1];
      C[c + j + 2] = av * B[bOff + j + 2];
      C[c + j + 3] = av * B[bOff + j + 3];
    }
    for (; j < N; j++) C[c + j] = av * B[bOff + j];
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

/**
 * C[rows ≤ 4 at c, w ≤ 4 columns] += A (rows × kc from a, strides ars, acs) · B (kc × w from b,
 * strides brs, bcs). A block of one column reads only that column of B; a wider one reads four
 * (zero padding past w, in panels).
 */
function blocks(
  rows: number, A: Float32Array, a: number, ars: number, acs: number,
  B: Float32Array, b: number, brs: number, bcs: number, kc: number,
  C: Float32Array, c: number, ldc: number, w: number,
): void {
  if (w === 1) {
    if (rows === MR) block1x4(B, b, brs, A, a, acs, ars, kc, C, c, ldc, MR);
    else for (let r = 0; r < rows; r++) block1x1(A, a + r * ars, acs, B, b, brs, kc, C, c + r * ldc);
  } else if (rows === MR) {
    block4x4(A, a, ars, acs, B, b, brs, bcs, kc, C, c, ldc, w);
  } else {
    for (let r = 0; r < rows; r++) block1x4(A, a + r * ars, acs, B, b, brs, bcs, kc, C, c + r * ldc, 1, w);
  }
}

/** C[4 rows, w ≤ 4 cols] += A-block (4 × kc) · B-block (kc × 4). */
function block4x4(
  A: Float32Array, a: number, ars: number, acs: number, B: Float32Array, b: number, brs: number, bcs: number, kc: number,
  C: Float32Array, c: number, ldc: number, w: number,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  const r1 = ars, r2 = 2 * ars, r3 = 3 * ars;
  const j1 = bcs, j2 = 2 * bcs, j3 = 3 * bcs;
  for (let k = 0; k < kc; k++, a += acs, b += brs) {
    const b0 = B[b], b1 = B[b + j1], b2 = B[b + j2], b3 = B[b + j3];
    const a0 = A[a], a1 = A[a + r1], a2 = A[a + r2], a3 = A[a + r3];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
  }
  addRow(C, c, 1, w, c00, c01, c02, c03);
  addRow(C, c + ldc, 1, w, c10, c11, c12, c13);
  addRow(C, c + 2 * ldc, 1, w, c20, c21, c22, c23);
  addRow(C, c + 3 * ldc, 1, w, c30, c31, c32, c33);
}

/**
 * One row of C: C[1 row, w ≤ 4 cols, cs apart] += A-row (kc) · B-block (kc × 4). With A and B
 * swapped it makes 4 rows of one column, as Cᵀ = Bᵀ·Aᵀ (cs the row stride).
 */
function block1x4(
  A: Float32Array, a: number, acs: number, B: Float32Array, b: number, brs: number, bcs: number, kc: number,
  C: Float32Array, c: number, cs: number, w: number,
): void {
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0;
  const j1 = bcs, j2 = 2 * bcs, j3 = 3 * bcs;
  for (let k = 0; k < kc; k++, a += acs, b += brs) {
    const av = A[a];
    c0 += av * B[b]; c1 += av * B[b + j1]; c2 += av * B[b + j2]; c3 += av * B[b + j3];
  }
  addRow(C, c, cs, w, c0, c1, c2, c3);
}

/** One entry of C: C[c] += A-row (kc) · B-column (kc), in two running sums. */
function block1x1(A: Float32Array, a: number, acs: number, B: Float32Array, b: number, brs: number, kc: number, C: Float32Array, c: number): void {
  let s0 = 0, s1 = 0, k = 0;
  for (; k + 2 <= kc; k += 2, a += 2 * acs, b += 2 * brs) {
    s0 += A[a] * B[b];
    s1 += A[a + acs] * B[b + brs];
  }
  if (k < kc) s0 += A[a] * B[b];
  C[c] += s0 + s1;
}

/** Adds the first w of four values into C at o, o + cs, o + 2cs, o + 3cs. */
function addRow(C: Float32Array, o: number, cs: number, w: number, v0: number, v1: number, v2: number, v3: number): void {
  C[o] += v0;
  if (w > 1) C[o + cs] += v1;
  if (w > 2) C[o + 2 * cs] += v2;
  if (w > 3) C[o + 3 * cs] += v3;
}
