// ReLU's branch-free kernels keep PyTorch's values at the edges: ±∞, ±0, NaN of either sign,
// non-finite gradients.
import { expect, it } from 'vitest';
import { tensor } from '../../src/index';

const show = (t: Float32Array) => Array.from(t, (v) => (Object.is(v, -0) ? '-0' : String(v)));
const bits = (t: Float32Array) => Array.from(new Uint32Array(t.buffer, t.byteOffset, t.length), (b) => b.toString(16));

it('relu and its gradient at ±∞, ±0 and NaN (values from PyTorch 1.13)', () => {
  const x = tensor([-Infinity, -1, -0, 0, 0.5, Infinity, NaN, NaN], { requiresGrad: true });
  new Uint32Array(x.data.buffer, x.data.byteOffset + 7 * 4, 1)[0] = 0xffc00000; // x86's default NaN, sign bit set
  const y = x.relu();
  expect(show(y.data)).toEqual(['0', '0', '-0', '0', '0.5', 'Infinity', 'NaN', 'NaN']);
  expect(bits(y.data).slice(6)).toEqual(['7fc00000', 'ffc00000']); // every NaN passes through as it is
  y.backward(tensor([Infinity, -2, 3, NaN, -Infinity, 5, 7, 9]));
  expect(show(x.grad!.data)).toEqual(['0', '0', '0', '0', '-Infinity', '5', '7', '9']);
});
