// Shared by the golden tests: read test/golden/<topic>.json, decode its tensors, compare.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { Tensor } from '../src/tensor/tensor';

/** A tensor as scripts/golden/_common.py writes it; NaN and ±Infinity arrive as strings. */
export interface GoldenTensor {
  shape: number[];
  data: (number | string)[];
}

export function loadGolden<T>(topic: string): T {
  const path = fileURLToPath(new URL(`./golden/${topic}.json`, import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

export function decode(golden: GoldenTensor, { requiresGrad = false } = {}): Tensor {
  const t = new Tensor(Float32Array.from(golden.data, Number), golden.shape);
  return requiresGrad ? t.requiresGrad_() : t;
}

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

/**
 * |actual - expected| <= atol + rtol·|expected| elementwise, shapes equal, NaN where NaN, the
 * same infinities. The message names the first bad element.
 */
export function expectClose(actual: Tensor | null, expected: GoldenTensor, { rtol = 1e-4, atol = 1e-5 }: Tolerance = {}, label = ''): void {
  expect(actual, `${label}: missing tensor`).not.toBeNull();
  const a = actual!;
  expect(a.shape, `${label}: shape`).toEqual(expected.shape);
  const want = Float32Array.from(expected.data, Number);
  for (let i = 0; i < want.length; i++) {
    const x = a.data[i];
    const y = want[i];
    const ok = Number.isNaN(y) ? Number.isNaN(x) : !Number.isFinite(y) ? x === y : Math.abs(x - y) <= atol + rtol * Math.abs(y);
    if (!ok) expect.fail(`${label}: element ${i} is ${x}, PyTorch has ${y} (rtol ${rtol}, atol ${atol})`);
  }
}
