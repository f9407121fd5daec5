// A WebAssembly kernel embedded as base64 (assembled at build time from a .wat beside this file),
// compiled synchronously at first use where the engine validates it (128-bit SIMD, bulk memory;
// each module stays under the 4 KiB that Chromes before 114 compile synchronously on a page's
// main thread). It works in a memory of its own that is replaced, with a new instance, when a call
// needs more, and never grown: growing detaches the memory's ArrayBuffer, and the first detach in
// a process makes V8 check every typed-array access for it from then on, which slows every
// JavaScript kernel of the library by ~25% (V8 11's array-buffer-detaching protector).

const PAGE = 65536;
/** Replacements at least double the memory, for few of them, up to this many pages (1 GiB). */
const DOUBLING_MAX_PAGES = 16384;

export class WasmKernel {
  /** The current instance's exports and its memory as floats: both change when reserve() replaces them. */
  exports: WebAssembly.Exports;
  heap: Float32Array;

  private constructor(private readonly module: WebAssembly.Module) {
    [this.exports, this.heap] = WasmKernel.instantiate(module, 1);
  }

  /** The kernel of `base64`, or null where the engine cannot run it. */
  static load(base64: string): WasmKernel | null {
    if (typeof WebAssembly !== 'object') return null;
    const bytes = Uint8Array.from(atob(base64), (ch) => ch.charCodeAt(0));
    if (!WebAssembly.validate(bytes)) return null;
    try {
      return new WasmKernel(new WebAssembly.Module(bytes));
    } catch {
      return null; // a Content-Security-Policy without 'wasm-unsafe-eval' forbids compiling
    }
  }

  /** An export that is a global's number, e.g. a blocking constant. */
  constant(name: string): number {
    return (this.exports[name] as WebAssembly.Global).value as number;
  }

  /** Makes the memory hold at least `bytes`; false, all unchanged, when the engine cannot make one that large. */
  reserve(bytes: number): boolean {
    const have = this.heap.byteLength;
    if (bytes <= have) return true;
    const pages = Math.max(Math.ceil(bytes / PAGE), Math.min((2 * have) / PAGE, DOUBLING_MAX_PAGES));
    try {
      [this.exports, this.heap] = WasmKernel.instantiate(this.module, pages);
    } catch {
      return false; // past the engine's limit on one memory
    }
    return true;
  }

  private static instantiate(module: WebAssembly.Module, pages: number): [WebAssembly.Exports, Float32Array] {
    const memory = new WebAssembly.Memory({ initial: pages });
    const { exports } = new WebAssembly.Instance(module, { env: { memory } });
    return [exports, new Float32Array(memory.buffer)];
  }
}

/** The two kernels an op can run on: WebAssembly SIMD, or its JavaScript fallback. */
export type KernelName = 'simd' | 'scalar';

/** Which of an op's two kernels runs: the automatic choice, or one forced everywhere for tests. */
export class KernelChoice {
  private forced: KernelName | null = null;

  /** `op` names the op in errors; `available` says whether the engine runs its SIMD kernel. */
  constructor(private readonly op: string, private readonly available: () => boolean) {}

  /** One kernel for every call, or the automatic choice again (null); forcing 'simd' throws where the engine cannot run it. */
  force(kernel: KernelName | null): void {
    if (kernel === 'simd' && !this.available()) throw new Error(`${this.op}: this engine has no WebAssembly SIMD`);
    this.forced = kernel;
  }

  /** Whether this call runs on SIMD: where it is `worth` it and the engine can, unless a kernel is forced. */
  simd(worth: boolean): boolean {
    return this.forced === null ? worth && this.available() : this.forced === 'simd';
  }
}
