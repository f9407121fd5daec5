// The WebAssembly SIMD kernel behind `gemm` (gemm.wat, assembled at build time into
// gemm.wasm.ts). It is compiled synchronously at first use (it stays under the 4 KiB that older
// Chromes compile synchronously on a page's main thread) where the engine validates it, that is,
// has 128-bit SIMD and bulk memory. Operands are copied into its memory, which is kept for the
// next product. A product that needs more memory gets a new, larger memory and instance instead
// of growing the old one: growing detaches the memory's ArrayBuffer, and the first detach in a
// process makes V8 check every typed-array access for it from then on, which slows every
// JavaScript kernel of the library by ~25% (V8 11's array-buffer-detaching protector).
import { gemmWasm } from './gemm.wasm';

interface Kernel {
  readonly module: WebAssembly.Module;
  gemm: (
    transA: number, transB: number, M: number, N: number, K: number,
    a: number, b: number, c: number, packA: number, packB: number,
  ) => void;
  /** The instance's memory as floats, and its size in bytes. */
  heap: Float32Array;
  bytes: number;
  /** gemm.wat's blocking: tile rows and columns, depth block, row block. */
  readonly MR: number;
  readonly NR: number;
  readonly KC: number;
  readonly MC: number;
  /** Floats after each packed strip and panel. */
  readonly PAD: number;
}

let kernel: Kernel | null | undefined; // undefined until first asked; null where it cannot run

const PAGE = 65536;

/** An instance of `module` over a new memory of `pages` pages, with that memory's floats and size. */
function instantiate(module: WebAssembly.Module, pages: number) {
  const memory = new WebAssembly.Memory({ initial: pages });
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  return { exports, gemm: exports.gemm as Kernel['gemm'], heap: new Float32Array(memory.buffer), bytes: pages * PAGE };
}

function load(): Kernel | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = Uint8Array.from(atob(gemmWasm), (ch) => ch.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null;
  let module: WebAssembly.Module;
  let first: ReturnType<typeof instantiate>;
  try {
    module = new WebAssembly.Module(bytes);
    first = instantiate(module, 1);
  } catch {
    return null; // a Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling
  }
  const { exports, gemm, heap } = first;
  const constant = (name: string) => (exports[name] as WebAssembly.Global).value as number;
  return {
    module, gemm, heap, bytes: first.bytes,
    MR: constant('MR'), NR: constant('NR'), KC: constant('KC'), MC: constant('MC'), PAD: constant('PAD'),
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
 * false, with C untouched, when the engine cannot make a memory that holds the operands. Needs
 * simdAvailable().
 */
export function simdGemm(
  transA: boolean, transB: boolean, M: number, N: number, K: number,
  A: Float32Array, aOff: number, B: Float32Array, bOff: number, C: Float32Array, cOff: number,
): boolean {
  const k = kernel!;
  const { MR, NR, KC, MC, PAD } = k;
  // float offsets, each a multiple of 4 (16 bytes): A, B, C (M×N, with tile rows to a multiple of
  // MR and NR floats of slack: the tiles of the last panel read and write 8 columns), packed A
  // block, packed B panels
  const a = 0;
  const b = a + roundUp(M * K, 4);
  const c = b + roundUp(K * N, 4);
  const packA = c + roundUp(roundUp(M, MR) * N + NR, 4);
  const packB = packA + (MC / MR) * (MR * KC + PAD);
  const end = packB + (roundUp(N, NR) / NR) * (NR * KC + PAD);
  if (end * 4 > k.bytes) {
    // at least doubling, for few replacements, up to 1 GiB (past it, what the product needs)
    const pages = Math.max(Math.ceil((end * 4) / PAGE), Math.min(2 * (k.bytes / PAGE), 16384));
    let bigger: ReturnType<typeof instantiate>;
    try {
      bigger = instantiate(k.module, pages);
    } catch {
      return false; // past the engine's limit on one memory
    }
    k.gemm = bigger.gemm;
    k.heap = bigger.heap;
    k.bytes = bigger.bytes;
  }
  const { heap } = k;
  copy(A, aOff, heap, a, M * K);
  copy(B, bOff, heap, b, K * N);
  k.gemm(Number(transA), Number(transB), M, N, K, a * 4, b * 4, c * 4, packA * 4, packB * 4);
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
