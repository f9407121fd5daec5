// The float32-accurate exp, sigmoid and tanh that per-element kernels use instead of Math's.
import { describe, expect, it } from 'vitest';
import { exp32, sigmoid32, tanh32 } from '../../src/ops/math32';

const f = Math.fround;
const cases: [string, (x: number) => number, (x: number) => number, number][] = [
  ['exp32', exp32, Math.exp, 6e-10],
  ['sigmoid32', sigmoid32, (x) => 1 / (1 + Math.exp(-x)), 6e-10],
  ['tanh32', tanh32, Math.tanh, 3e-9],
];

/** Float32 arguments over [-110, 110], dense near 0 where tanh switches formula, and tiny ones. */
function grid(): number[] {
  const xs: number[] = [];
  for (let i = -110_000; i <= 110_000; i++) xs.push(f(i / 1000));
  for (let i = -4000; i <= 4000; i++) xs.push(f(i / 10_000));
  for (let e = -40; e < 0; e++) for (const m of [1, -1, 2.5, -7.3]) xs.push(f(m * 10 ** e));
  return xs;
}

describe('exp32, sigmoid32, tanh32', () => {
  for (const [name, fast, exact, bound] of cases) {
    it(`${name} is within ${bound} relative of the double-precision value wherever float32 holds it`, () => {
      let worst = 0;
      for (const x of grid()) {
        const want = exact(x);
        if (Math.abs(want) < 1.2e-38 || Math.abs(want) > 3.4e38) continue; // outside float32's normal range
        worst = Math.max(worst, Math.abs(fast(x) - want) / Math.abs(want));
      }
      expect(worst).toBeLessThan(bound);
      expect(worst).toBeGreaterThan(0); // they are approximations: a zero would mean the test compares a function with itself
    });
  }

  it('overflow, underflow and special values land where float32 puts them', () => {
    expect(f(exp32(89))).toBe(Infinity);
    expect(f(exp32(1e6))).toBe(Infinity);
    expect(exp32(Infinity)).toBe(Infinity);
    expect(f(exp32(-104))).toBe(0);
    expect(exp32(-Infinity)).toBe(0); // exactly: softmax of an all -∞ row is 0/0 = NaN, as PyTorch's
    expect(sigmoid32(Infinity)).toBe(1);
    expect(f(sigmoid32(-Infinity))).toBe(0);
    expect(tanh32(Infinity)).toBe(1);
    expect(tanh32(-Infinity)).toBe(-1);
    expect(Object.is(tanh32(-0), -0)).toBe(true);
    for (const fn of [exp32, sigmoid32, tanh32]) expect(fn(NaN)).toBeNaN();
  });
});
