// nn.Dropout and F.dropout against PyTorch 1.13: after the same manualSeed the mask is torch's, so
// outputs and gradients match exactly; plus identity cases, statistics and errors.
import { describe, expect, it } from 'vitest';
import { F, manualSeed, nn, ones, randn } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface DropoutCase {
  seed: number; p: number; training: boolean; x: GoldenTensor;
  upstreams: GoldenTensor[]; outs: GoldenTensor[]; grad_x: GoldenTensor | null;
}

const golden = loadGolden<{ dropout: Record<string, DropoutCase> }>('normalization').dropout;
const exact = { rtol: 0, atol: 0 };

describe('nn.Dropout draws PyTorch\'s mask', () => {
  // one line per module case of scripts/golden/normalization.py's dropout_cases
  const modules: Record<string, () => nn.Dropout> = {
    p05: () => new nn.Dropout(),
    p02_3d: () => new nn.Dropout({ p: 0.2 }),
    p09_long: () => new nn.Dropout({ p: 0.9 }),
    p03_two_calls: () => new nn.Dropout({ p: 0.3 }),
    p0_identity: () => new nn.Dropout({ p: 0 }),
    p1_zeros: () => new nn.Dropout({ p: 1 }),
    eval_identity: () => new nn.Dropout({ p: 0.5 }).eval(),
  };
  const cases = Object.entries(golden).filter(([name]) => name !== 'functional');

  it('has a module for every golden case', () => {
    expect(Object.keys(modules).sort()).toEqual(cases.map(([name]) => name).sort());
  });

  it.each(cases)('%s: outputs (bit for bit) and the input gradient', (name, c) => {
    const dropout = modules[name]();
    expect([dropout.p, dropout.training]).toEqual([c.p, c.training]);
    const x = decode(c.x, { requiresGrad: true });
    manualSeed(c.seed);
    c.upstreams.forEach((upstream, i) => {
      const out = dropout(x);
      expectClose(out, c.outs[i], exact, `call ${i}`);
      out.backward(decode(upstream));
    });
    expectClose(x.grad, c.grad_x!, {}, 'grad x');
  });

  it('F.dropout trains by default, with the same stream', () => {
    const c = golden.functional;
    manualSeed(c.seed);
    expectClose(F.dropout(decode(c.x), { p: c.p }), c.outs[0], exact, 'out');
  });
});

describe('dropout semantics', () => {
  it('keeps a fraction 1 − p, scales the kept by 1/(1 − p), and so preserves the mean', () => {
    manualSeed(0);
    const n = 200_000;
    const p = 0.3;
    const y = F.dropout(ones(n), { p });
    const scaled = Math.fround(1 / 0.7);
    let kept = 0;
    let other = 0;
    for (const v of y.data) {
      if (v === scaled) kept++;
      else if (v !== 0) other++;
    }
    expect(other).toBe(0);
    // the kept fraction has standard deviation √(p(1 − p)/n) ≈ 0.001: these bounds are 5σ
    expect(Math.abs(kept / n - (1 - p))).toBeLessThan(0.005);
    expect(Math.abs(y.mean().item() - 1)).toBeLessThan(0.005 / (1 - p));
  });

  it('returns the input itself in eval mode and for p = 0', () => {
    const x = randn(3, 4);
    expect(new nn.Dropout().eval()(x)).toBe(x);
    expect(F.dropout(x, { p: 0 })).toBe(x);
    expect(F.dropout(x, { training: false })).toBe(x);
  });

  it('draws a new mask on every call', () => {
    manualSeed(5);
    const dropout = new nn.Dropout();
    const x = ones(64);
    expect(Array.from(dropout(x).data)).not.toEqual(Array.from(dropout(x).data));
  });

  it('rejects p outside [0, 1] before drawing', () => {
    expect(() => new nn.Dropout({ p: 2 })).toThrow('dropout probability has to be between 0 and 1, but got 2.0');
    expect(() => F.dropout(ones(2), { p: -0.5 })).toThrow('dropout probability has to be between 0 and 1, but got -0.5');
  });
});
