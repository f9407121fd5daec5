// The WebAssembly SIMD kernel behind `gemm` (gemm.wat, assembled at build time into
// gemm.wasm.ts; loaded as kernel.ts describes), or where the engine has relaxed SIMD its variant
// with fused multiply-adds (gemm-fma.wasm.ts, generated from the same text). Operands are copied
// into its memory, which is kept for the next product.
import { gemmFmaWasm } from './gemm-fma.wasm';
import { gemmWasm } from './gemm.wasm';
import { copyFloats } from '../copy';
import { WasmKernel } from './kernel';

type GemmExport = (
  transA: number, transB: number, M: number, N: number, K: number,
  a: number, b: number, c: number, packA: number, packB: number,
) => void;

let kernel: WasmKernel | null | undefined; // undefined until first asked; null where it cannot run
let kernelName: 'fma' | 'plain' | null = null;
/** gemm.wat's blocking: tile rows and columns, depth block, row block, and floats after each packed strip and panel. */
let blocking = { MR: 0, NR: 0, KC: 0, MC: 0, PAD: 0 };

/** Whether this engine runs the SIMD kernel (compiling it on the first call). */
export function simdAvailable(): boolean {
  if (kernel === undefined) {
    const fma = WasmKernel.load(gemmFmaWasm);
    kernel = fma ?? WasmKernel.load(gemmWasm);
    kernelName = fma !== null ? 'fma' : kernel !== null ? 'plain' : null;
    if (kernel !== null) {
      const k = kernel;
      blocking = { MR: k.constant('MR'), NR: k.constant('NR'), KC: k.constant('KC'), MC: k.constant('MC'), PAD: k.constant('PAD') };
    }
  }
  return kernel !== null;
}

/** @internal For tests only: the SIMD kernel in use, fused ('fma') or not ('plain'), or null where there is none. */
export function simdKernelName(): 'fma' | 'plain' | null {
  simdAvailable();
  return kernelName;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * gemm's contract (C[M×N] = op(A)·op(B), C overwritten) for M, N, K ≥ 1 on the SIMD kernel;
 * false, with C untouched, when the engine cannot make a memory that holds the operands. Needs
 * simdAvailable().
 */
export function simdGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): boolean {
  const k = kernel!;
  const { MR, NR, KC, MC, PAD } = blocking;
  // float offsets, each a multiple of 4 (16 bytes): A, B, C (M×N, with tile rows to a multiple of
  // MR and NR floats of slack: the tiles of the last panel read and write 8 columns), packed A
  // block, packed B panels
  const a = 0;
  const b = a + roundUp(M * K, 4);
  const c = b + roundUp(K * N, 4);
  const packA = c + roundUp(roundUp(M, MR) * N + NR, 4);
  const packB = packA + (MC / MR) * (MR * KC + PAD);
  const end = packB + (roundUp(N, NR) / NR) * (NR * KC + PAD);
  if (!k.reserve(end * 4)) return false;
  const { heap } = k;
  copyFloats(A, aOff, heap, a, M * K);
  copyFloats(B, bOff, heap, b, K * N);
  (k.exports.gemm as GemmExport)(Number(transA), Number(transB), M, N, K, a * 4, b * 4, c * 4, packA * 4, packB * 4);
  copyFloats(heap, c, C, cOff, M * N);
  return true;
}
