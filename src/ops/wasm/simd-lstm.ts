// The WebAssembly SIMD kernel behind the LSTM cells of a time step, forward and backward
// (lstm.wat, assembled at build time into lstm.wasm.ts; loaded as kernel.ts describes). A layer
// lays out all it reads and writes in the kernel's memory at once, which is kept for the next
// layer.
import { lstmWasm } from './lstm.wasm';
import { WasmKernel } from './kernel';

type CellsExport = (
  N: number, H: number, xp: number, hp: number, b: number, c: number,
  acts: number, states: number, hOut: number, cOut: number,
) => void;

type CellsBackwardExport = (
  N: number, H: number, grad: number, acts: number, c: number, dhNext: number, dcNext: number, dx: number,
) => void;

let kernel: WasmKernel | null | undefined; // undefined until first asked; null where it cannot run

/** Whether this engine runs the SIMD kernel (compiling it on the first call). */
export function lstmSimdAvailable(): boolean {
  if (kernel === undefined) kernel = WasmKernel.load(lstmWasm);
  return kernel !== null;
}

/**
 * Where a layer of L steps over N sequences of H units keeps its data in the kernel's memory:
 * float offsets into `heap` of xp (L, N, 4H), hp (N, 4H), hPrev and cPrev (L, N, H), acts
 * (L, N, 5H), states (L, N, 2H), `spare`, room for one step's h' and c' (N, H each), and the
 * bias b (4H). Backward reuses it: the gradients of the pre-activations in place of xp, the
 * upstream gradients in place of states, dh and dc flowing back in place of hp.
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
  readonly bias: number;
}

/**
 * The layout for L·N·H ≥ 1, in a memory large enough; null when the engine cannot make one.
 * Needs lstmSimdAvailable(). The heap is valid until the next call.
 */
export function lstmLayout(L: number, N: number, H: number): LstmLayout | null {
  const step = N * H;
  const xp = 0;
  const hp = xp + 4 * L * step;
  const hPrev = hp + 4 * step;
  const cPrev = hPrev + L * step;
  const acts = cPrev + L * step;
  const states = acts + 5 * L * step;
  const spare = states + 2 * L * step;
  const bias = spare + 2 * step;
  const end = bias + 4 * H + 4; // 4 floats that a short last vector reads past its row
  const k = kernel!;
  if (!k.reserve(end * 4)) return null;
  return { heap: k.heap, xp, hp, hPrev, cPrev, acts, states, spare, bias };
}

/**
 * One step of N rows of H LSTM cells (lstm.wat) on the heap of the last lstmLayout, operands at
 * float offsets: reads xp, hp (N, 4H), b (4H, added to every row of xp) and c (N, H); writes acts
 * (N, 5H), states (N, 2H), and h', c' (N, H each) at hOut, cOut. N, H ≥ 1.
 */
export function lstmCells(
  N: number, H: number, xp: number, hp: number, b: number, c: number,
  acts: number, states: number, hOut: number, cOut: number,
): void {
  (kernel!.exports.cells as CellsExport)(N, H, 4 * xp, 4 * hp, 4 * b, 4 * c, 4 * acts, 4 * states, 4 * hOut, 4 * cOut);
}

/**
 * Backward through one step of N rows of H LSTM cells (lstm.wat) on the heap of the last
 * lstmLayout, operands at float offsets: reads grad (N, 2H: the gradients of h' and c'), acts
 * (N, 5H), c and dhNext (N, H each); overwrites dcNext (N, H) with the gradient of c, and writes
 * the gradients of the four pre-activations, dx (N, 4H). N, H ≥ 1.
 */
export function lstmCellsBackward(
  N: number, H: number, grad: number, acts: number, c: number, dhNext: number, dcNext: number, dx: number,
): void {
  (kernel!.exports.cellsBackward as CellsBackwardExport)(N, H, 4 * grad, 4 * acts, 4 * c, 4 * dhNext, 4 * dcNext, 4 * dx);
}
