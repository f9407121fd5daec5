// Max pooling's choice inside a window, on the 2×2 fast path and on the general scan (a ceil-mode
// window of one column sends the whole input there): the last of several NaNs, the first of
// equal ±0, -∞ against NaN. Values and indices from PyTorch 1.13.
import { expect, it } from 'vitest';
import { F, tensor } from '../../src/index';

const show = (t: Float32Array) => Array.from(t, (v) => (Object.is(v, -0) ? '-0' : String(v)));

const rows = [
  [NaN, NaN, 1, NaN, -0, 0, -Infinity, 2],
  [1, 2, NaN, 3, 0, -0, -Infinity, NaN],
];

it.each([
  ['2×2 windows', rows, false, ['NaN', 'NaN', '-0', 'NaN'], [1, 10, 4, 15]],
  ['a partial last window', rows.map((r) => [...r, 5]), true, ['NaN', 'NaN', '-0', 'NaN', '5'], [1, 11, 4, 16, 8]],
] as const)('max_pool2d picks as PyTorch: %s', (_, x, ceilMode, values, indices) => {
  const [v, i] = F.maxPool2d(tensor([[x.map((r) => [...r])]]), 2, { ceilMode, returnIndices: true });
  expect(show(v.data)).toEqual(values);
  expect(Array.from(i.data)).toEqual(indices);
});
