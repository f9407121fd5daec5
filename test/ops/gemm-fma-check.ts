// Run by gemm.test.ts, bundled, in a Node with relaxed SIMD (Node 20 behind
// --experimental-wasm-relaxed-simd): the SIMD kernel in use must be the fused one (gemm-fma.wasm.ts)
// and its products within float32's error bound of the exact ones, over shapes on either side of
// its tile (5×8, and 5×4 for a last panel of 1 to 4 columns), row block (120), depth block (256)
// and in-place limit (4,096 floats), in all four transpose combinations. Prints one line and exits
// 0, or names the failures on stderr and exits 1.
import { forceGemmKernel, gemm } from '../../src/ops/gemm';
import { simdKernelName } from '../../src/ops/wasm/simd-gemm';
import { bound, reference, values } from './gemm-reference';

const SHAPES: [number, number, number][] = [
  [1, 1, 1], [5, 8, 4], [4, 7, 3], [6, 9, 5], [13, 7, 9], [64, 10, 10], [10, 10, 64], [10, 64, 10],
  [64, 64, 64], [65, 64, 64], [17, 33, 31], [33, 12, 130], [119, 8, 255], [121, 9, 259],
  [126, 17, 258], [130, 40, 600], [9, 257, 513], [241, 33, 515],
];

const failures: string[] = [];
if (simdKernelName() !== 'fma') failures.push(`the SIMD kernel in use is ${simdKernelName()}, not fma`);
forceGemmKernel('simd');
let products = 0;
for (const [M, N, K] of SHAPES) {
  for (const [transA, transB] of [[false, false], [true, false], [false, true], [true, true]]) {
    const p = { transA, transB, M, N, K, A: values(M * K, M * 1000 + K), B: values(K * N, N * 1000 + K + 7) };
    const { exact, scale } = reference(p);
    const C = new Float32Array(M * N).fill(NaN);
    gemm(transA, transB, M, N, K, p.A, 0, p.B, 0, C, 0);
    products++;
    const bad = C.findIndex((c, i) => !(Math.abs(c - exact[i]) <= bound(K, exact, scale, i)));
    if (bad >= 0) {
      failures.push(`${M}x${N}x${K} transA ${transA} transB ${transB}: C[${bad}] is ${C[bad]}, exactly ${exact[bad]}`);
    }
  }
}
if (failures.length > 0) {
  console.error(failures.join('\n'));
  process.exit(1);
}
console.log(`fma: ${products} products within float32's error bound`);
