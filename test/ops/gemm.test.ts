// gemm's two kernels, the WebAssembly SIMD one and the scalar one, against a float64 product and
// each other over shapes that cross every tile, panel and block edge, all four transpose
// combinations and operands at offsets; the SIMD kernel's fused variant likewise in a Node with
// relaxed SIMD; then the golden matmul cases of ops.json on each kernel.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Tensor } from '../../src/index';
import { forceGemmKernel, gemm } from '../../src/ops/gemm';
import { linearMap } from '../../src/ops/matmul';
import { gemmFmaWasm } from '../../src/ops/wasm/gemm-fma.wasm';
import { gemmWasm } from '../../src/ops/wasm/gemm.wasm';
import { simdAvailable, simdKernelName } from '../../src/ops/wasm/simd-gemm';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';
import { bound, reference, values, type Product } from './gemm-reference';

const KERNELS = ['simd', 'scalar'] as const;
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 64, 67, 100, 128, 257];

afterEach(() => forceGemmKernel(null));

/** `data` inside a NaN-filled array at offset `off`, so a read outside it poisons C. */
function padded(data: Float32Array, off: number): Float32Array {
  const out = new Float32Array(off + data.length + 7).fill(NaN);
  out.set(data, off);
  return out;
}

/** C from one kernel, with A, B and C at offsets; entries of the C array outside the product must stay as they were. */
function run(kernel: (typeof KERNELS)[number], p: Product): Float32Array {
  forceGemmKernel(kernel);
  const aOff = 3;
  const bOff = 5;
  const cOff = 2;
  const C = new Float32Array(cOff + p.M * p.N + 3).fill(NaN).fill(-7, 0, cOff).fill(-7, cOff + p.M * p.N);
  gemm(p.transA, p.transB, p.M, p.N, p.K, padded(p.A, aOff), aOff, padded(p.B, bOff), bOff, C, cOff);
  for (const i of [0, 1, C.length - 3, C.length - 2, C.length - 1]) expect(C[i], `C[${i}] outside the product`).toBe(-7);
  return C.subarray(cOff, cOff + p.M * p.N);
}

/** Each kernel within float32's error bound of the exact product, so within twice that of each other. */
function check(p: Product): void {
  const { exact, scale } = reference(p);
  const results = KERNELS.map((kernel) => run(kernel, p));
  results.forEach((C, r) => {
    for (let i = 0; i < C.length; i++) {
      if (!(Math.abs(C[i] - exact[i]) <= bound(p.K, exact, scale, i))) {
        expect.fail(`${KERNELS[r]}: C[${i}] is ${C[i]}, exactly ${exact[i]} (bound ${bound(p.K, exact, scale, i)})`);
      }
    }
  });
  for (let i = 0; i < results[0].length; i++) {
    if (!(Math.abs(results[0][i] - results[1][i]) <= 2 * bound(p.K, exact, scale, i))) {
      expect.fail(`C[${i}]: simd ${results[0][i]}, scalar ${results[1][i]}`);
    }
  }
}

/** Triples over SIZES: every size in each position, with the others walking the list at other paces. */
const SHAPES: [number, number, number][] = SIZES.flatMap((s, i) => [
  [s, SIZES[(i * 5 + 3) % SIZES.length], SIZES[(i * 7 + 11) % SIZES.length]],
  [SIZES[(i * 7 + 2) % SIZES.length], s, SIZES[(i * 5 + 13) % SIZES.length]],
  [SIZES[(i * 11 + 5) % SIZES.length], SIZES[(i * 13 + 1) % SIZES.length], s],
] as [number, number, number][]);
// past two depth blocks (256) and one row block (120), and the small cubes whole
SHAPES.push([130, 40, 600], [9, 257, 513], [257, 9, 257]);
// on either side of the row block (120) and its strips (5 rows), with K off multiples of 4
SHAPES.push([119, 8, 255], [120, 16, 256], [121, 9, 259], [125, 24, 6], [126, 17, 258], [241, 33, 515]);
for (const m of [1, 3, 4, 5, 8, 9]) for (const n of [1, 3, 7, 8, 9]) for (const k of [1, 2, 5, 8]) SHAPES.push([m, n, k]);

describe('gemm kernels', () => {
  it('runs the SIMD kernel on this engine', () => {
    expect(simdAvailable()).toBe(true);
  });

  it('ships every kernel assembled from its current .wat', () => {
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { status, stderr } = spawnSync(process.execPath, ['scripts/build-wasm.mjs', '--check'], { cwd: root, encoding: 'utf8' });
    expect(stderr).toBe('');
    expect(status).toBe(0);
  });

  it('stays under 4 KiB, the most Chrome before 114 compiles synchronously on the main thread', () => {
    expect(atob(gemmWasm).length).toBeLessThan(4096);
    expect(atob(gemmFmaWasm).length).toBeLessThan(4096);
  });

  it('runs the fused kernel where the engine has relaxed SIMD, the plain one elsewhere (Node 20 without its flag)', () => {
    const relaxed = WebAssembly.validate(Uint8Array.from(atob(gemmFmaWasm), (ch) => ch.charCodeAt(0)));
    expect(simdKernelName()).toBe(relaxed ? 'fma' : 'plain');
  });

  it('runs the fused kernel within float32 bounds in a Node with relaxed SIMD (gemm-fma-check.ts)', () => {
    // the check imports the TypeScript sources, so it runs bundled (by tsup's esbuild)
    const { outputFiles } = buildSync({
      entryPoints: [fileURLToPath(new URL('gemm-fma-check.ts', import.meta.url))],
      bundle: true, format: 'esm', platform: 'node', write: false,
    });
    // Node 20 has relaxed SIMD only behind this flag (given to this process or not); later ones
    // ship it, and may not know the flag
    const flag = '--experimental-wasm-relaxed-simd';
    const flags = simdKernelName() === 'plain' || process.execArgv.includes(flag) ? [flag] : [];
    const { status, stdout, stderr } = spawnSync(process.execPath, [...flags, '--input-type=module'], {
      input: outputFiles[0].text, encoding: 'utf8',
    });
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^fma: \d+ products within float32's error bound/);
  }, 30_000);

  for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const ops = `${transA ? 'Aᵀ' : 'A'}·${transB ? 'Bᵀ' : 'B'}`;
    it(`${ops} against float64 over ${SHAPES.length} shapes`, () => {
      for (const [M, N, K] of SHAPES) {
        check({ transA, transB, M, N, K, A: values(M * K, M * 1000 + K), B: values(K * N, N * 1000 + K + 7) });
      }
    });
  }

  it('falls back to the scalar kernel where the engine rejects the SIMD module', async () => {
    vi.resetModules();
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const fresh = await import('../../src/ops/gemm');
      const { simdAvailable: freshAvailable } = await import('../../src/ops/wasm/simd-gemm');
      expect(() => fresh.forceGemmKernel('simd')).toThrow('gemm: this engine has no WebAssembly SIMD');
      const p: Product = { transA: false, transB: true, M: 40, N: 50, K: 60, A: values(2400, 3), B: values(3000, 4) };
      const C = new Float32Array(p.M * p.N);
      fresh.gemm(p.transA, p.transB, p.M, p.N, p.K, p.A, 0, p.B, 0, C, 0);
      const { exact, scale } = reference(p);
      for (let i = 0; i < C.length; i++) expect(Math.abs(C[i] - exact[i])).toBeLessThanOrEqual(bound(p.K, exact, scale, i));
      expect(freshAvailable()).toBe(false);
    } finally {
      validate.mockRestore();
      vi.resetModules();
    }
  });

  it('makes room for larger products with new memories, never by growing one (which detaches its buffer)', () => {
    // One detached ArrayBuffer makes V8 check every typed-array access in the process for it.
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
    try {
      forceGemmKernel('simd');
      for (const [M, N, K] of [[8, 8, 8], [300, 40, 300], [1500, 8, 1500]]) { // up to 9 MB of A
        const p: Product = { transA: false, transB: false, M, N, K, A: values(M * K, M), B: values(K * N, N) };
        const C = run('simd', p);
        const { exact, scale } = reference(p);
        for (const i of [0, M * N - 1]) expect(Math.abs(C[i] - exact[i])).toBeLessThanOrEqual(bound(K, exact, scale, i));
      }
      expect(grow).not.toHaveBeenCalled();
    } finally {
      grow.mockRestore();
    }
  });

  it('fills C with zeros for K = 0 and leaves it alone for M or N = 0', () => {
    for (const kernel of KERNELS) {
      forceGemmKernel(kernel);
      const C = new Float32Array(8).fill(5);
      gemm(false, false, 2, 3, 0, new Float32Array(0), 0, new Float32Array(0), 0, C, 1);
      expect(Array.from(C)).toEqual([5, 0, 0, 0, 0, 0, 0, 5]);
      gemm(false, false, 0, 3, 2, new Float32Array(0), 0, new Float32Array(6), 0, C, 0);
      gemm(false, false, 3, 0, 2, new Float32Array(6), 0, new Float32Array(0), 0, C, 0);
      expect(Array.from(C)).toEqual([5, 0, 0, 0, 0, 0, 0, 5]);
    }
  });

  it('puts NaN and ±Infinity in the same entries on both kernels', () => {
    const [M, N, K] = [9, 10, 11];
    const A = values(M * K, 1);
    const B = values(K * N, 2);
    A[2 * K + 3] = Infinity; // row 2: ±Infinity
    A[5 * K + 1] = NaN; // row 5: NaN
    B[4 * N + 6] = -Infinity; // column 6: ±Infinity
    const [simd, scalar] = KERNELS.map((kernel) => run(kernel, { transA: false, transB: false, M, N, K, A, B }));
    const kinds = (C: Float32Array) => Array.from(C, (v) => (Number.isFinite(v) ? 'finite' : v));
    expect(kinds(simd)).toEqual(kinds(scalar));
    expect([simd[2 * N], simd[5 * N], simd[6]]).toEqual([Infinity * Math.sign(B[3 * N]), NaN, -Infinity * Math.sign(A[4])]);
  });
});

// ---- the golden matmul cases of ops.json on each kernel ----

interface GoldenCase {
  inputs: (GoldenTensor & { requiresGrad: boolean })[];
  outputs: GoldenTensor[];
  upstreams: (GoldenTensor | null)[];
  grads: (GoldenTensor | null)[];
}

const golden = loadGolden<{ cases: Record<string, GoldenCase> }>('ops').cases;
const matmulCases = Object.keys(golden).filter((name) => /^(matmul|linear)_/.test(name));

/** How test/ops/ops.test.ts runs each of them. */
function product(name: string, xs: Tensor[]): Tensor {
  if (name.startsWith('linear_')) return linearMap(xs[0], xs[1], null);
  if (name === 'matmul_transposed_a') return xs[0].t().matmul(xs[1]);
  if (name === 'matmul_transposed_b') return xs[0].matmul(xs[1].t());
  return xs[0].matmul(xs[xs.length - 1]);
}

for (const kernel of KERNELS) {
  describe(`golden matmul cases on the ${kernel} kernel`, () => {
    it('has them', () => {
      expect(matmulCases.length).toBeGreaterThan(20);
    });

    for (const name of matmulCases) {
      it(name, () => {
        forceGemmKernel(kernel);
        const c = golden[name];
        const xs = c.inputs.map((x) => decode(x, { requiresGrad: x.requiresGrad }));
        const out = product(name, xs);
        expectClose(out, c.outputs[0], undefined, 'output');
        if (c.upstreams[0] !== null) out.backward(decode(c.upstreams[0]));
        xs.forEach((x, i) => {
          const want = c.grads[i];
          if (want === null) expect(x.grad, `input ${i}: PyTorch's .grad is None`).toBeNull();
          else expectClose(x.grad, want, undefined, `grad of input ${i}`);
        });
      });
    }
  });
}
