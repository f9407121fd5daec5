// The WebAssembly SIMD kernels of ReLU and its backward (relu.wat, assembled at build time into
// relu.wasm.ts; loaded as kernel.ts describes): the operands copied in, one pass four floats at a
// time, the result copied out. From 32 elements on that beats the JavaScript loops, 3-5 times
// over from 160 elements to 400,000 (measured against them).
import { reluWasm } from './relu.wasm';
import { WasmKernel } from './kernel';

type ReluExport = (x: number, y: number, n: number) => void;
type ReluBackwardExport = (g: number, out: number, dx: number, n: number) => void;

/** Below this many elements the JavaScript loop is as fast as the call and the copies. */
export const RELU_SIMD_MIN = 32;

let kernel: WasmKernel | null | undefined; // undefined until first asked; null where it cannot run

/** Whether this engine runs the SIMD kernels (compiling them on the first call). */
export function reluSimdAvailable(): boolean {
  if (kernel === undefined) kernel = WasmKernel.load(reluWasm);
  return kernel !== null;
}

/** Floats of n rounded up to whole vectors: each operand's share of the memory. */
const vectors = (n: number) => (n + 3) & ~3;

/** y = relu(x) on the SIMD kernel; false, y untouched, when its memory cannot hold them. Needs reluSimdAvailable(). */
export function simdRelu(x: Float32Array, y: Float32Array): boolean {
  const n = x.length;
  const v = vectors(n);
  const k = kernel!;
  if (!k.reserve(8 * v)) return false;
  const { heap } = k;
  heap.set(x, 0);
  (k.exports.relu as ReluExport)(0, 4 * v, n);
  y.set(heap.subarray(v, v + n));
  return true;
}

/** dx = g where out > 0 or NaN, else 0, on the SIMD kernel; false, dx untouched, when its memory cannot hold them. */
export function simdReluBackward(g: Float32Array, out: Float32Array, dx: Float32Array): boolean {
  const n = g.length;
  const v = vectors(n);
  const k = kernel!;
  if (!k.reserve(12 * v)) return false;
  const { heap } = k;
  heap.set(g, 0);
  heap.set(out, v);
  (k.exports.reluBackward as ReluBackwardExport)(0, 4 * v, 8 * v, n);
  dx.set(heap.subarray(2 * v, 2 * v + n));
  return true;
}
