// The WebAssembly SIMD kernel behind `gemm` (gemm.wat, assembled at build time into
// gemm.wasm.ts). It is compiled synchronously at first use (it stays under the 4 KiB that older
// Chromes compile synchronously on a page's main thread) where the engine validates it, that is,
// has 128-bit SIMD and bulk memory. Operands are copied into its memory, which grows as needed
// and is kept for the next product.
import { gemmWasm } from './gemm.wasm';

interface Kernel {
  readonly memory: WebAssembly.Memory;
  readonly gemm: (
    transA: number, transB: number, M: number, N: number, K: number,
    a: number, b: number, c: number, packA: number, packB: number,
  ) => void;
  /** gemm.wat's blocking: tile rows and columns, depth block, row block. */
  readonly MR: number;
  readonly NR: number;
  readonly KC: number;
  readonly MC: number;
  /** Floats after each packed strip and panel. */
  readonly PAD: number;
}

let kernel: Kernel | null | undefined; // undefined until first asked; null where it cannot run
let heap = new Float32Array(0); // a view of kernel.memory, renewed when the memory grows

function load(): Kernel | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = Uint8Array.from(atob(gemmWasm), (ch) => ch.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null;
  let exports: WebAssembly.Exports;
  try {
    exports = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
  } catch {
    return null; // a Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling
  }
  const constant = (name: string) => (exports[name] as WebAssembly.Global).value as number;
  return {
    memory: exports.memory as WebAssembly.Memory,
    gemm: exports.gemm as Kernel['gemm'],
    MR: constant('MR'),
    NR: constant('NR'),
    KC: constant('KC'),
    MC: constant('MC'),
    PAD: constant('PAD'),
  };
}

/** Whether this engine runs the SIMD kernel (compiling it on the first call). */
export function simdAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return kernel !== null;
}

const roundUp = (n: number, m: number) => Math.ceil(n / m) * m;

/**
 * gemm's contract (C[M×N] = op(A)·op(B), C overwritten) for M, N, K ≥ 1 on the SIMD kernel;
 * false, with C untouched, when its memory cannot grow to hold the operands. Needs
 * simdAvailable().
 */
export function simdGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): boolean {
  const { memory, gemm, MR, NR, KC, MC, PAD } = kernel!;
  // float offsets, each a multiple of 4 (16 bytes): A, B, padded C, packed A block, packed B panels
  const a = 0;
  const b = a + roundUp(M * K, 4);
  const c = b + roundUp(K * N, 4);
  const packA = c + roundUp(M, MR) * roundUp(N, NR);
  const packB = packA + (MC / MR) * (MR * KC + PAD);
  const end = packB + (roundUp(N, NR) / NR) * (NR * KC + PAD);
  if (end * 4 > memory.buffer.byteLength) {
    try {
      memory.grow(Math.ceil((end * 4 - memory.buffer.byteLength) / 65536));
    } catch {
      return false; // past the engine's limit on one memory
    }
  }
  if (heap.buffer !== memory.buffer) heap = new Float32Array(memory.buffer);
  copy(A, aOff, heap, a, M * K);
  copy(B, bOff, heap, b, K * N);
  gemm(Number(transA), Number(transB), M, N, K, a * 4, b * 4, c * 4, packA * 4, packB * 4);
  copy(heap, c, C, cOff, M * N);
  return true;
}

/**
 * dst[d, d+n) = src[s, s+n). Runs under 32 floats by a loop; longer ones by one memcpy through a
 * view (or none, for the whole of src), which costs ~30 ns however long, as a loop does ~30 floats.
 */
function copy(src: Float32Array, s: number, dst: Float32Array, d: number, n: number): void {
  if (n < 32) {
    for (let i = 0; i < n; i++) dst[d + i] = src[s + i];
  } else {
    dst.set(s === 0 && n === src.length ? src : src.subarray(s, s + n), d);
  }
}
