// ReLU's branch-free kernels keep PyTorch's values at the edges: ±∞, ±0, NaN, non-finite gradients.
import { expect, it } from 'vitest';
import { tensor } from '../../src/index';

const show = (t: Float32Array) => Array.from(t, (v) => (Object.is(v, -0) ? '-0' : String(v)));

it('relu and its gradient at ±∞, ±0 and NaN (values from PyTorch 1.13)', () => {
  const x = tensor([-Infinity, -1, 0, 0.5, Infinity, NaN], { requiresGrad: true });
  const y = x.relu();
  expect(show(y.data)).toEqual(['0', '0', '0', '0.5', 'Infinity', 'NaN']);
  y.backward(tensor([Infinity, -2, NaN, -Infinity, 5, 7]));
  expect(show(x.grad!.data)).toEqual(['0', '0', '0', '-Infinity', '5', '7']);
});
