// The WebAssembly SIMD kernel behind the LSTM cells of a time step (lstm.wat, assembled at build
// time into lstm.wasm.ts), and the memory it works in. It is compiled synchronously at first use
// (it stays under 4 KiB, which older Chromes compile synchronously on a page's main thread) where
// the engine validates it, that is, has 128-bit SIMD. A layer lays out all it reads and writes
// in the kernel's memory at once, which is kept for the next layer; one that needs more gets a
// new, larger memory and instance instead of growing the old one: growing detaches the memory's
// ArrayBuffer, and the first detach in a process makes V8 check every typed-array access for it
// from then on, which slows every JavaScript kernel of the library by ~25% (V8 11).
import { lstmWasm } from './lstm.wasm';

type Cells = (
  N: number, H: number, xp: number, hp: number, c: number,
  acts: number, states: number, hOut: number, cOut: number,
) => void;

interface Kernel {
  readonly module: WebAssembly.Module;
  cells: Cells;
  /** The instance's memory as floats, and its size in bytes. */
  heap: Float32Array;
  bytes: number;
}

let kernel: Kernel | null | undefined; // undefined until first asked; null where it cannot run

const PAGE = 65536;

/** An instance of `module` over a new memory of `pages` pages, with that memory's floats and size. */
function instantiate(module: WebAssembly.Module, pages: number): Kernel {
  const memory = new WebAssembly.Memory({ initial: pages });
  const { exports } = new WebAssembly.Instance(module, { env: { memory } });
  return { module, cells: exports.cells as Cells, heap: new Float32Array(memory.buffer), bytes: pages * PAGE };
}

function load(): Kernel | null {
  if (typeof WebAssembly !== 'object') return null;
  const bytes = Uint8Array.from(atob(lstmWasm), (ch) => ch.charCodeAt(0));
  if (!WebAssembly.validate(bytes)) return null;
  try {
    return instantiate(new WebAssembly.Module(bytes), 1);
  } catch {
    return null; // a Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling
  }
}

/** Whether this engine runs the SIMD kernel (compiling it on the first call). */
export function lstmSimdAvailable(): boolean {
  if (kernel === undefined) kernel = load();
  return kernel !== null;
}

/**
 * Where a layer of L steps over N sequences of H units keeps its data in the kernel's memory:
 * float offsets into `heap` of xp (L, N, 4H), hp (N, 4H), hPrev and cPrev (L, N, H), acts
 * (L, N, 5H), states (L, N, 2H) and `spare`, room for one step's h' and c' (N, H each).
 */
export interface LstmLayout {
  readonly heap: Float32Array;
  readonly xp: number;
  readonly hp: number;
  readonly hPrev: number;
  readonly cPrev: number;
  readonly acts: number;
  readonly states: number;
  readonly spare: number;
}

/**
 * The layout for L·N·H ≥ 1, in a memory large enough; null when the engine cannot make one.
 * Needs lstmSimdAvailable(). The heap is valid until the next call.
 */
export function lstmLayout(L: number, N: number, H: number): LstmLayout | null {
  const k = kernel!;
  const step = N * H;
  const xp = 0;
  const hp = xp + 4 * L * step;
  const hPrev = hp + 4 * step;
  const cPrev = hPrev + L * step;
  const acts = cPrev + L * step;
  const states = acts + 5 * L * step;
  const spare = states + 2 * L * step;
  const end = spare + 2 * step + 4; // 4 floats that a short last vector reads past its row
  if (end * 4 > k.bytes) {
    // at least doubling, for few replacements, up to 1 GiB (past it, what the layer needs)
    const pages = Math.max(Math.ceil((end * 4) / PAGE), Math.min(2 * (k.bytes / PAGE), 16384));
    let bigger: Kernel;
    try {
      bigger = instantiate(k.module, pages);
    } catch {
      return null; // past the engine's limit on one memory
    }
    k.cells = bigger.cells;
    k.heap = bigger.heap;
    k.bytes = bigger.bytes;
  }
  return { heap: k.heap, xp, hp, hPrev, cPrev, acts, states, spare };
}

/**
 * One step of N rows of H LSTM cells (lstm.wat) on the heap of the last lstmLayout, operands at
 * float offsets: reads xp, hp (N, 4H) and c (N, H); writes acts (N, 5H), states (N, 2H), and h', c'
 * (N, H each) at hOut, cOut. N, H ≥ 1.
 */
export function lstmCells(
  N: number, H: number, xp: number, hp: number, c: number,
  acts: number, states: number, hOut: number, cOut: number,
): void {
  kernel!.cells(N, H, 4 * xp, 4 * hp, 4 * c, 4 * acts, 4 * states, 4 * hOut, 4 * cOut);
}
