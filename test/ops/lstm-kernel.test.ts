// The LSTM cells' two kernels, the WebAssembly SIMD one and the JavaScript one, forward and
// backward: the SIMD kernel's σ and tanh, and its step back, against float64, then whole LSTM
// layers and cells on each kernel, outputs and gradients, over shapes with H off multiples of 4,
// one and several sequences, both directions, stacked layers, no bias, saturating values and
// non-finite inputs.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualSeed, nn, randn, type Tensor } from '../../src/index';
import { forceLstmKernel } from '../../src/ops/recurrent';
import { lstmWasm } from '../../src/ops/wasm/lstm.wasm';
import { lstmCells, lstmCellsBackward, lstmLayout, lstmSimdAvailable } from '../../src/ops/wasm/simd-lstm';

const ULP = 2 ** -23; // float32's spacing at 1
const SMALLEST_NORMAL = 2 ** -126;

afterEach(() => forceLstmKernel(null));

/** float32's spacing at |v|. */
const ulp = (v: number) => Math.max(2 ** (Math.floor(Math.log2(Math.abs(v))) - 23), 2 ** -149);

describe('the SIMD kernel', () => {
  it('runs on this engine', () => {
    expect(lstmSimdAvailable()).toBe(true);
  });

  it('stays under 4 KiB, the most Chrome before 114 compiles synchronously on the main thread', () => {
    expect(atob(lstmWasm).length).toBeLessThan(4096);
  });

  /**
   * One step of H cells for one sequence from c = 0, each gate's pre-activation given: returns
   * the kernel's i, f, g, o, tanh c' (c' = i·g), as float32 rows.
   */
  function cells(pre: { i: Float32Array; f: Float32Array; g: Float32Array; o: Float32Array }): Float32Array[] {
    const H = pre.i.length;
    expect(lstmSimdAvailable()).toBe(true);
    const m = lstmLayout(1, 1, H)!;
    const { heap } = m;
    [pre.i, pre.f, pre.g, pre.o].forEach((v, k) => heap.set(v, m.xp + k * H));
    heap.fill(-0, m.hp, m.hp + 4 * H); // x + -0 is x, even for x = -0
    heap.fill(-0, m.bias, m.bias + 4 * H);
    heap.fill(0, m.cPrev, m.cPrev + H);
    lstmCells(1, H, m.xp, m.hp, m.bias, m.cPrev, m.acts, m.states, m.spare, m.spare + H);
    return [0, 1, 2, 3, 4].map((k) => heap.slice(m.acts + k * H, m.acts + (k + 1) * H));
  }

  /** Every k-th float32 in [lo, hi], with the exact edges. */
  function grid(lo: number, hi: number, n: number): Float32Array {
    return Float32Array.from({ length: n + 1 }, (_, k) => lo + ((hi - lo) * k) / n);
  }

  it('puts σ within 2.5 ulp and tanh within 2 ulp of float64 (or below the smallest normal float)', () => {
    const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
    for (const [lo, hi] of [[-110, 110], [-20, 20], [-1, 1], [-0.45, 0.45], [-1e-3, 1e-3]]) {
      const x = grid(lo, hi, 4001); // odd: H off multiples of 4
      const [i, , g] = cells({ i: x, f: x, g: x, o: x });
      for (let k = 0; k < x.length; k++) {
        const s = sigmoid(x[k]);
        const t = Math.tanh(x[k]);
        if (!(Math.abs(i[k] - s) <= Math.max(2.5 * ulp(s), SMALLEST_NORMAL))) expect.fail(`σ(${x[k]}) = ${i[k]}, not ${s}`);
        if (!(Math.abs(g[k] - t) <= 2 * ulp(t))) expect.fail(`tanh(${x[k]}) = ${g[k]}, not ${t}`);
      }
    }
  });

  it('saturates to exactly 0 and ±1, keeps tanh(-0) = -0, and passes NaN through', () => {
    const x = Float32Array.of(-Infinity, -1e30, -200, -105, -90, 90, 105, 200, 1e30, Infinity, -0, 0, NaN);
    const [i, f, g, o, tc] = cells({ i: x, f: x, g: x, o: x });
    const show = (t: Float32Array) => Array.from(t, (v) => (Object.is(v, -0) ? '-0' : String(v)));
    expect(show(i)).toEqual(['0', '0', '0', '0', '0', '1', '1', '1', '1', '1', '0.5', '0.5', 'NaN']);
    expect(show(f)).toEqual(show(i));
    expect(show(o)).toEqual(show(i));
    expect(show(g)).toEqual(['-1', '-1', '-1', '-1', '-1', '1', '1', '1', '1', '1', '-0', '0', 'NaN']);
    expect(show(tc)).toEqual(show(Float32Array.from(i, (v, k) => Math.tanh(Math.fround(f[k] * 0 + v * g[k])))));
  });

  it('takes a step back by the formulas of backward, each within 8 ulp of its float64 value', () => {
    const N = 3;
    const H = 7; // a short last vector in every row
    manualSeed(5);
    const NH = N * H;
    const gate = (k: number) => Math.floor(k / H) % 5; // of acts' element k: i, f, g, o, tanh c'
    const acts = Float32Array.from(randn([5 * NH]).data, (v, k) =>
      gate(k) === 2 || gate(k) === 4 ? Math.tanh(v) : 1 / (1 + Math.exp(-v)));
    const [gs, c, dhNext, dcNext] = [2 * NH, NH, NH, NH].map((n) => randn([n]).data);
    const m = lstmLayout(1, N, H)!;
    const { heap } = m;
    heap.set(gs, m.states);
    heap.set(acts, m.acts);
    heap.set(c, m.cPrev);
    heap.set(dhNext, m.hp);
    heap.set(dcNext, m.hp + NH);
    lstmCellsBackward(N, H, m.states, m.acts, m.cPrev, m.hp, m.hp + NH, m.xp);
    expect(heap.slice(m.hp, m.hp + NH)).toEqual(dhNext);
    for (let n = 0; n < N; n++) {
      for (let j = 0; j < H; j++) {
        const [i, f, g, o, tc] = [0, 1, 2, 3, 4].map((k) => acts[n * 5 * H + k * H + j]);
        const gh = gs[n * 2 * H + j];
        const gc = gs[n * 2 * H + H + j];
        const h = n * H + j;
        // each value, and what bounds its error: every term taken positive, 1 − x² as 1 (the
        // rounding of x² is the size of an ulp of 1, not of 1 − x²)
        const dh = gh + dhNext[h];
        const dhBound = Math.abs(gh) + Math.abs(dhNext[h]);
        const dc = gc + dcNext[h] + dh * o * (1 - tc * tc);
        const dcBound = Math.abs(gc) + Math.abs(dcNext[h]) + dhBound * o;
        const want = [
          [dc * g * i * (1 - i), dcBound * Math.abs(g) * i * (1 - i)],
          [dc * c[h] * f * (1 - f), dcBound * Math.abs(c[h]) * f * (1 - f)],
          [dc * i * (1 - g * g), dcBound * i],
          [dh * tc * o * (1 - o), dhBound * Math.abs(tc) * o * (1 - o)],
        ];
        want.forEach(([v, bound], k) => {
          const got = heap[m.xp + n * 4 * H + k * H + j];
          if (!(Math.abs(got - v) <= 8 * ULP * bound)) expect.fail(`gate ${k} of row ${n}, unit ${j}: ${got}, not ${v}`);
        });
        const got = heap[m.hp + NH + h];
        if (!(Math.abs(got - dc * f) <= 8 * ULP * dcBound * f)) expect.fail(`dc of row ${n}, unit ${j}: ${got}, not ${dc * f}`);
      }
    }
  });

  it('makes room for larger layers with new memories, never by growing one (which detaches its buffer)', () => {
    // One detached ArrayBuffer makes V8 check every typed-array access in the process for it.
    const grow = vi.spyOn(WebAssembly.Memory.prototype, 'grow');
    try {
      forceLstmKernel('simd');
      const before = lstmLayout(1, 1, 1)!.heap;
      for (const [L, N, H] of [[2, 1, 3], [20, 8, 33], [40, 64, 100]]) { // up to 14 MB
        const lstm = new nn.LSTM(3, H);
        const [out] = lstm(randn([L, N, 3]));
        expect(out.shape).toEqual([L, N, H]);
        expect(Number.isFinite(out.data[out.data.length - 1])).toBe(true);
      }
      expect(grow).not.toHaveBeenCalled();
      expect(lstmLayout(1, 1, 1)!.heap.buffer).not.toBe(before.buffer); // replaced, so it was needed
      expect(before.buffer.byteLength).toBeGreaterThan(0); // and the old one not detached
    } finally {
      grow.mockRestore();
    }
  });

  it('leaves LSTM to the JavaScript kernel where the engine rejects the SIMD module', async () => {
    vi.resetModules();
    const validate = vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    try {
      const fresh = await import('../../src/ops/recurrent');
      const torch = await import('../../src/index');
      expect(() => fresh.forceLstmKernel('simd')).toThrow('LSTM: this engine has no WebAssembly SIMD');
      torch.manualSeed(7);
      const lstm = new torch.nn.LSTM(4, 5);
      const [out] = lstm(torch.randn([3, 2, 4]));
      manualSeed(7);
      forceLstmKernel('simd');
      const [want] = new nn.LSTM(4, 5)(randn([3, 2, 4]));
      for (let k = 0; k < want.data.length; k++) expect(Math.abs(out.data[k] - want.data[k])).toBeLessThanOrEqual(1e-6);
    } finally {
      validate.mockRestore();
      vi.resetModules();
    }
  });
});

// ---- whole layers on both kernels ----

interface Case {
  readonly name: string;
  readonly make: () => nn.LSTM | nn.LSTMCell;
  readonly x: number[]; // input shape
  readonly scale: number; // of the input, to saturate gates
  readonly states?: boolean; // pass initial states
  readonly poison?: (x: Float32Array) => void;
}

const cases: Case[] = [
  { name: 'H = 5, N = 1', make: () => new nn.LSTM(3, 5), x: [6, 1, 3], scale: 1 },
  { name: 'H = 7, N = 3, h0 and c0', make: () => new nn.LSTM(4, 7), x: [5, 3, 4], scale: 1, states: true },
  { name: 'H = 1, unbatched', make: () => new nn.LSTM(2, 1), x: [4, 2], scale: 1 },
  { name: 'H = 8, N = 3, no bias', make: () => new nn.LSTM(3, 8, { bias: false }), x: [7, 3, 3], scale: 1 },
  { name: 'H = 6, bidirectional, 2 layers', make: () => new nn.LSTM(3, 6, { numLayers: 2, bidirectional: true }), x: [5, 3, 3], scale: 1, states: true },
  { name: 'H = 5, 2 layers, batch first, no bias', make: () => new nn.LSTM(4, 5, { numLayers: 2, batchFirst: true, bias: false }), x: [3, 6, 4], scale: 1 },
  { name: 'H = 7, saturating inputs', make: () => new nn.LSTM(3, 7, { bidirectional: true }), x: [6, 3, 3], scale: 40, states: true },
  { name: 'H = 13, N = 1, large', make: () => new nn.LSTM(5, 13), x: [9, 1, 5], scale: 6 },
  {
    name: 'H = 5, NaN and ±Infinity inputs', make: () => new nn.LSTM(3, 5, { bidirectional: true }), x: [6, 3, 3], scale: 1,
    poison: (x) => { x[0] = NaN; x[3 * 3 + 4] = Infinity; x[5 * 9 + 8] = -Infinity; },
  },
  { name: 'LSTMCell, H = 7, N = 3', make: () => new nn.LSTMCell(4, 7), x: [3, 4], scale: 2, states: true },
];

/** Every tensor a case produces: outputs, then gradients of the input, initial states and parameters. */
function run(c: Case, kernel: 'simd' | 'scalar'): { name: string; data: Float32Array }[] {
  forceLstmKernel(kernel);
  manualSeed(11);
  const module = c.make();
  const x = randn(c.x).mul(c.scale);
  c.poison?.(x.data);
  x.requiresGrad_();
  const cell = module instanceof nn.LSTMCell;
  const stateShape = cell ? [c.x[0], (module as nn.LSTMCell).hiddenSize] : null;
  let states: [Tensor, Tensor] | undefined;
  if (c.states) {
    const lstm = module as nn.LSTM;
    const shape = stateShape ?? [lstm.numLayers * (lstm.bidirectional ? 2 : 1), ...(c.x.length === 3 ? [c.x[lstm.batchFirst ? 0 : 1]] : []), lstm.hiddenSize];
    states = [randn(shape).requiresGrad_(), randn(shape).requiresGrad_()];
  }
  const outs: Tensor[] = cell
    ? (module as nn.LSTMCell)(x, states)
    : (([y, [h, cn]]) => [y, h, cn])((module as nn.LSTM)(x, states));
  // a loss weighting every output entry differently
  let loss = outs[0].mul(randn(outs[0].shape)).sum();
  for (const o of outs.slice(1)) loss = loss.add(o.mul(randn(o.shape)).sum());
  loss.backward();
  const found = outs.map((o, k) => ({ name: `output ${k}`, data: o.data }));
  found.push({ name: 'grad of x', data: x.grad!.data });
  states?.forEach((s, k) => found.push({ name: `grad of state ${k}`, data: s.grad!.data }));
  for (const [name, p] of module.namedParameters()) found.push({ name: `grad of ${name}`, data: p.grad!.data });
  return found;
}

/** Equal, both NaN, within 4 float32 ulp of each other, or within atol. */
function close(a: number, b: number, atol: number): boolean {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return true;
  const d = Math.abs(a - b);
  return d <= atol || d <= 4 * ULP * Math.max(Math.abs(a), Math.abs(b));
}

describe('LSTM on both kernels', () => {
  for (const c of cases) {
    it(c.name, () => {
      const simd = run(c, 'simd');
      const scalar = run(c, 'scalar');
      expect(simd.map((t) => t.name)).toEqual(scalar.map((t) => t.name));
      simd.forEach(({ name, data }, k) => {
        const want = scalar[k].data;
        // σ' = σ(1 − σ) of a saturated gate is a few ulp of 1 and is known only to an ulp of 1 on
        // either kernel, so gradients that multiply it by x differ by that times |x|
        const atol = name.startsWith('output') ? 1e-6 : 1e-6 * Math.max(1, c.scale);
        expect(data.length, name).toBe(want.length);
        for (let i = 0; i < data.length; i++) {
          if (!close(data[i], want[i], atol)) expect.fail(`${name}[${i}]: simd ${data[i]}, scalar ${want[i]}`);
        }
      });
      if (c.poison !== undefined) {
        const kinds = (d: Float32Array) => Array.from(d, (v) => (Number.isFinite(v) ? 'finite' : v));
        expect(simd[0].data.some(Number.isNaN)).toBe(true);
        simd.forEach(({ data }, k) => expect(kinds(data)).toEqual(kinds(scalar[k].data)));
      }
    });
  }
});

