// ReLU's kernels, the WebAssembly SIMD one and the JavaScript one, keep PyTorch's values at the
// edges (±∞, ±0, NaN of either sign, non-finite gradients) and agree bit for bit elsewhere, at
// every length around a vector's four floats.
import { afterEach, describe, expect, it } from 'vitest';
import { manualSeed, randn, tensor, Tensor } from '../../src/index';
import { forceReluKernel } from '../../src/ops/elementwise';
import { reluWasm } from '../../src/ops/wasm/relu.wasm';

const KERNELS = ['simd', 'scalar'] as const;

const show = (t: Float32Array) => Array.from(t, (v) => (Object.is(v, -0) ? '-0' : String(v)));
const bits = (t: Float32Array) => Array.from(new Uint32Array(t.buffer, t.byteOffset, t.length), (b) => b.toString(16));

afterEach(() => forceReluKernel(null));

describe.each(KERNELS)('relu on the %s kernel', (kernel) => {
  it('gives PyTorch 1.13 values and gradients at ±∞, ±0 and NaN', () => {
    forceReluKernel(kernel);
    const x = tensor([-Infinity, -1, -0, 0, 0.5, Infinity, NaN, NaN, -1e-45, 1e-45], { requiresGrad: true });
    new Uint32Array(x.data.buffer, x.data.byteOffset + 7 * 4, 1)[0] = 0xffc00000; // x86's default NaN, sign bit set
    const y = x.relu();
    expect(show(y.data)).toEqual(['0', '0', '-0', '0', '0.5', 'Infinity', 'NaN', 'NaN', '0', String(Math.fround(1e-45))]);
    expect(bits(y.data).slice(6, 8)).toEqual(['7fc00000', 'ffc00000']); // every NaN passes through as it is
    y.backward(tensor([Infinity, -2, 3, NaN, -Infinity, 5, 7, 9, 11, 13]));
    expect(show(x.grad!.data)).toEqual(['0', '0', '0', '0', '-Infinity', '5', '7', '9', '0', '13']);
  });
});

it('the two kernels agree bit for bit at lengths 0 to 70 and 1,001', () => {
  manualSeed(3);
  for (const n of [...Array.from({ length: 71 }, (_, i) => i), 1001]) {
    const x = randn([n]);
    const g = randn([n]);
    if (n > 0) x.data[0] = -0;
    const [fromSimd, fromScalar] = KERNELS.map((kernel) => {
      forceReluKernel(kernel);
      const leaf = new Tensor(x.data.slice(), [n]).requiresGrad_();
      const y = leaf.relu();
      y.backward(g);
      return [bits(y.data), bits(leaf.grad!.data)];
    });
    expect(fromSimd, `n = ${n}`).toEqual(fromScalar);
  }
});

it('stays under 4 KiB, the most Chrome before 114 compiles synchronously on the main thread', () => {
  expect(atob(reluWasm).length).toBeLessThan(4096);
});
