// Laws that hold for every input, checked on random ones with fast-check (seeded, so a failure
// replays): broadcasting, reshape/permute round trips, the gradient of random compositions of ops
// against central finite differences in float64, and state-dict round trips of random models.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deserialize, manualSeed, nn, noGrad, randn, serialize, tensor, type Tensor } from '../../src/index';
import { broadcastShapes, numelOf, stridesOf } from '../../src/tensor/shape';

const SEED = 20240610;
const check = <T>(property: fc.IProperty<T>, numRuns: number): void => fc.assert(property, { seed: SEED, numRuns });

/** A shape of rank 0..maxRank with sizes 1..maxSize. */
const shapeArb = (maxRank = 4, maxSize = 4) => fc.array(fc.integer({ min: 1, max: maxSize }), { maxLength: maxRank });

/** `shape` with some dims set to 1 and some leading dims dropped: something that broadcasts to it. */
const broadcastableTo = (shape: number[]) =>
  fc.tuple(fc.integer({ min: 0, max: shape.length }), fc.array(fc.boolean(), { minLength: shape.length, maxLength: shape.length }))
    .map(([drop, ones]) => shape.map((s, i) => (ones[i] ? 1 : s)).slice(drop));

/** Values of a float32 tensor of `shape`, in [-2, 2]. */
const valuesOf = (shape: readonly number[]) =>
  fc.array(fc.float({ min: -2, max: 2, noNaN: true }), { minLength: numelOf(shape), maxLength: numelOf(shape) });

const tensorOf = (shape: readonly number[]) => valuesOf(shape).map((v) => tensor(new Float32Array(v), { shape }));

/** A pair of tensors whose shapes broadcast (either side may be the smaller). */
const broadcastPair = shapeArb().chain((shape) =>
  fc.tuple(broadcastableTo(shape), broadcastableTo(shape)).chain(([a, b]) => fc.tuple(tensorOf(a), tensorOf(b))));

/** The element of `x` that broadcasting puts at flat position `i` of `shape`. */
function broadcastRead(x: { shape: readonly number[]; data: ArrayLike<number> }, shape: readonly number[], i: number): number {
  const strides = stridesOf(shape);
  const own = stridesOf(x.shape);
  const lead = shape.length - x.shape.length;
  let offset = 0;
  for (let d = lead; d < shape.length; d++) {
    const index = Math.floor(i / strides[d]) % shape[d];
    if (x.shape[d - lead] !== 1) offset += index * own[d - lead];
  }
  return x.data[offset];
}

describe('broadcasting', () => {
  it('a + b has broadcastShapes(a, b) and each element is the sum of the elements broadcasting picks', () => {
    check(fc.property(broadcastPair, ([a, b]) => {
      const out = a.add(b);
      const shape = broadcastShapes(a.shape, b.shape);
      expect(out.shape).toEqual(shape);
      for (let i = 0; i < out.numel(); i++) expect(out.data[i]).toBe(Math.fround(broadcastRead(a, shape, i) + broadcastRead(b, shape, i)));
    }), 500);
  });

  it('add and mul commute, bit for bit', () => {
    check(fc.property(broadcastPair, ([a, b]) => {
      expect(a.add(b).data).toEqual(b.add(a).data);
      expect(a.mul(b).data).toEqual(b.mul(a).data);
    }), 500);
  });

  it('sumTo undoes expand: x.expand(s).sumTo(x.shape) = x · (numel(s) / numel(x))', () => {
    const arb = shapeArb().chain((shape) => broadcastableTo(shape).chain((small) => fc.tuple(fc.constant(shape), tensorOf(small))));
    check(fc.property(arb, ([shape, x]) => {
      const back = x.expand(shape).sumTo(x.shape);
      expect(back.shape).toEqual(x.shape);
      const copies = numelOf(shape) / x.numel();
      for (let i = 0; i < x.numel(); i++) expect(back.data[i]).toBeCloseTo(x.data[i] * copies, 4);
    }), 500);
  });

  it('the gradient of a broadcast add is the upstream gradient summed to each input\'s shape', () => {
    check(fc.property(broadcastPair, ([a, b]) => {
      const [x, y] = [a.detach().requiresGrad_(), b.detach().requiresGrad_()];
      const out = x.add(y);
      const g = tensor(Float32Array.from({ length: out.numel() }, (_, i) => (i % 7) - 3), { shape: out.shape });
      out.backward(g);
      for (const [leaf, grad] of [[x, x.grad!], [y, y.grad!]] as const) {
        expect(grad.shape).toEqual(leaf.shape);
        const want = new Float64Array(leaf.numel()); // Σ of g over the positions reading each element
        const probe = { shape: leaf.shape, data: Float64Array.from({ length: leaf.numel() }, (_, k) => k) };
        for (let i = 0; i < g.numel(); i++) want[broadcastRead(probe, out.shape, i)] += g.data[i];
        expect(Array.from(grad.data)).toEqual(Array.from(want));
      }
    }), 300);
  });
});

describe('reshape and permute round trips', () => {
  /** A tensor of `shape` whose elements are 0, 1, 2, … (so any misplaced element shows). */
  const iota = (shape: readonly number[]) => tensor(Float32Array.from({ length: numelOf(shape) }, (_, i) => i), { shape });

  it('permute by p then by p⁻¹ is the identity, and permute(p) has shape[p[i]] at i', () => {
    const arb = shapeArb(5).chain((shape) => fc.tuple(fc.constant(shape), fc.shuffledSubarray(shape.map((_, i) => i), { minLength: shape.length })));
    check(fc.property(arb, ([shape, p]) => {
      const x = iota(shape);
      const y = x.permute(p);
      expect(y.shape).toEqual(p.map((d) => shape[d]));
      const inverse = new Array<number>(p.length);
      p.forEach((d, i) => (inverse[d] = i));
      const back = y.permute(inverse);
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(x.data);
    }), 500);
  });

  it('reshape to a random factorisation of numel (one size given as -1) and back is the identity', () => {
    const arb = shapeArb(4).chain((shape) => {
      // split numel into factors one prime at a time, each into a random bucket, then shuffle in 1s
      const primes: number[] = [];
      let n = numelOf(shape);
      for (let f = 2; n > 1; f++) while (n % f === 0) primes.push(f), (n /= f);
      return fc.tuple(
        fc.constant(shape),
        fc.integer({ min: 1, max: 4 }).chain((k) => fc.tuple(fc.array(fc.integer({ min: 0, max: k - 1 }), { minLength: primes.length, maxLength: primes.length }), fc.constant(k)))
          .map(([buckets, k]) => {
            const sizes = new Array<number>(k).fill(1);
            buckets.forEach((bucket, i) => (sizes[bucket] *= primes[i]));
            return sizes;
          }),
        fc.nat(),
      );
    });
    check(fc.property(arb, ([shape, sizes, inferAt]) => {
      const x = iota(shape);
      const asked = sizes.map((s, i) => (i === inferAt % sizes.length ? -1 : s));
      const y = x.reshape(asked);
      expect(y.shape).toEqual(sizes);
      expect(y.reshape(shape).data).toEqual(x.data);
      expect(y.reshape(shape).shape).toEqual(shape);
    }), 500);
  });

  it('transpose(i, j) twice is the identity', () => {
    const arb = shapeArb(5).filter((s) => s.length > 0).chain((shape) => fc.tuple(fc.constant(shape), fc.nat(), fc.nat()));
    check(fc.property(arb, ([shape, i, j]) => {
      const x = iota(shape);
      const [a, b] = [i % shape.length, j % shape.length];
      const back = x.transpose(a, b).transpose(b, a);
      expect(back.shape).toEqual(shape);
      expect(back.data).toEqual(x.data);
    }), 500);
  });
});

// ---- gradients of random compositions against finite differences ----

/** A float64 tensor for the reference evaluation. */
interface Ref { shape: number[]; data: Float64Array }

const UNARY = {
  neg: [(x: Tensor) => x.neg(), (v: number) => -v],
  tanh: [(x: Tensor) => x.tanh(), Math.tanh],
  sigmoid: [(x: Tensor) => x.sigmoid(), (v: number) => 1 / (1 + Math.exp(-v))],
  expTanh: [(x: Tensor) => x.tanh().exp(), (v: number) => Math.exp(Math.tanh(v))],
  square: [(x: Tensor) => x.pow(2), (v: number) => v * v],
  logOnePlusSquare: [(x: Tensor) => x.pow(2).add(1).log(), (v: number) => Math.log(v * v + 1)],
  hypot: [(x: Tensor) => x.pow(2).add(1).sqrt(), (v: number) => Math.sqrt(v * v + 1)],
  affine: [(x: Tensor) => x.mul(0.75).add(0.5), (v: number) => v * 0.75 + 0.5],
} as const;

const BINARY = {
  add: [(a: Tensor, b: Tensor) => a.add(b), (a: number, b: number) => a + b],
  sub: [(a: Tensor, b: Tensor) => a.sub(b), (a: number, b: number) => a - b],
  mul: [(a: Tensor, b: Tensor) => a.mul(b), (a: number, b: number) => a * b],
  divSafe: [(a: Tensor, b: Tensor) => a.div(b.pow(2).add(1)), (a: number, b: number) => a / (b * b + 1)],
} as const;

const REDUCE = ['sum', 'mean', 'softmax', 'logSoftmax'] as const;

type Instruction =
  | { kind: 'unary'; name: keyof typeof UNARY; a: number }
  | { kind: 'binary'; name: keyof typeof BINARY; a: number; b: number }
  | { kind: 'reduce'; name: (typeof REDUCE)[number]; a: number; dim: number };

/** A program over registers [x, y]: each instruction reads earlier registers (a DAG) and appends one. */
const instructionArb: fc.Arbitrary<Instruction> = fc.oneof(
  fc.record({ kind: fc.constant('unary' as const), name: fc.constantFrom(...(Object.keys(UNARY) as (keyof typeof UNARY)[])), a: fc.nat() }),
  fc.record({ kind: fc.constant('binary' as const), name: fc.constantFrom(...(Object.keys(BINARY) as (keyof typeof BINARY)[])), a: fc.nat(), b: fc.nat() }),
  fc.record({ kind: fc.constant('reduce' as const), name: fc.constantFrom(...REDUCE), a: fc.nat(), dim: fc.nat() }),
);

function refMap(x: Ref, f: (v: number) => number): Ref {
  return { shape: x.shape, data: x.data.map(f) };
}

function refBinary(a: Ref, b: Ref, f: (a: number, b: number) => number): Ref {
  const shape = broadcastShapes(a.shape, b.shape);
  const data = new Float64Array(numelOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = f(broadcastRead(a, shape, i), broadcastRead(b, shape, i));
  return { shape, data };
}

/** A reduction along `dim`, kept as size 1, or softmax / logSoftmax along it. */
function refReduce(x: Ref, name: (typeof REDUCE)[number], dim: number): Ref {
  const outer = numelOf(x.shape.slice(0, dim));
  const n = x.shape[dim];
  const inner = numelOf(x.shape.slice(dim + 1));
  const reduces = name === 'sum' || name === 'mean';
  const shape = reduces ? x.shape.map((s, i) => (i === dim ? 1 : s)) : x.shape;
  const data = new Float64Array(numelOf(shape));
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (k: number) => (o * n + k) * inner + i;
      let max = -Infinity;
      let total = 0;
      for (let k = 0; k < n; k++) max = Math.max(max, x.data[at(k)]);
      for (let k = 0; k < n; k++) total += reduces ? x.data[at(k)] : Math.exp(x.data[at(k)] - max);
      if (name === 'sum') data[o * inner + i] = total;
      else if (name === 'mean') data[o * inner + i] = total / n;
      else for (let k = 0; k < n; k++) data[at(k)] = name === 'softmax' ? Math.exp(x.data[at(k)] - max) / total : x.data[at(k)] - max - Math.log(total);
    }
  }
  return { shape, data };
}

/** Runs `program` on [x, y] with torchlet ops (`tensors`) or in float64 (`refs`); returns every register. */
function run<T extends Tensor | Ref>(program: Instruction[], inputs: [T, T], ops: {
  unary: (x: T, name: keyof typeof UNARY) => T; binary: (a: T, b: T, name: keyof typeof BINARY) => T; reduce: (x: T, name: (typeof REDUCE)[number], dim: number) => T;
}): T[] {
  const registers: T[] = [...inputs];
  for (const ins of program) {
    const a = registers[ins.a % registers.length];
    if (ins.kind === 'unary') registers.push(ops.unary(a, ins.name));
    else if (ins.kind === 'binary') registers.push(ops.binary(a, registers[ins.b % registers.length], ins.name));
    else registers.push(ops.reduce(a, ins.name, ins.dim % a.shape.length));
  }
  return registers;
}

const tensorOps = {
  unary: (x: Tensor, name: keyof typeof UNARY) => UNARY[name][0](x),
  binary: (a: Tensor, b: Tensor, name: keyof typeof BINARY) => BINARY[name][0](a, b),
  reduce: (x: Tensor, name: (typeof REDUCE)[number], dim: number) =>
    name === 'sum' ? x.sum(dim, true) : name === 'mean' ? x.mean(dim, true) : name === 'softmax' ? x.softmax(dim) : x.logSoftmax(dim),
};

const refOps = {
  unary: (x: Ref, name: keyof typeof UNARY) => refMap(x, UNARY[name][1]),
  binary: (a: Ref, b: Ref, name: keyof typeof BINARY) => refBinary(a, b, BINARY[name][1]),
  reduce: refReduce,
};

/** Σ upstream · out in float64, the scalar whose gradient both sides take. */
function refLoss(program: Instruction[], x: Ref, y: Ref, upstream: Float64Array): number {
  const out = run(program, [x, y], refOps).at(-1)!;
  let total = 0;
  for (let i = 0; i < out.data.length; i++) total += upstream[i % upstream.length] * out.data[i];
  return total;
}

describe('gradients of random compositions equal central finite differences in float64', () => {
  const caseArb = shapeArb(3, 3).filter((s) => s.length > 0).chain((shape) =>
    fc.record({
      program: fc.array(instructionArb, { minLength: 1, maxLength: 6 }),
      x: valuesOf(shape).map((v) => ({ shape, data: Float64Array.from(v) })),
      y: broadcastableTo(shape).filter((s) => s.length > 0).chain((s) => valuesOf(s).map((v) => ({ shape: s, data: Float64Array.from(v) }))),
      upstream: fc.array(fc.float({ min: -1, max: 1, noNaN: true }), { minLength: numelOf(shape), maxLength: numelOf(shape) }).map((v) => Float64Array.from(v)),
    }));

  it('for programs of up to 6 unary, binary (broadcasting) and reducing ops over two inputs', () => {
    check(fc.property(caseArb, ({ program, x, y, upstream }) => {
      const registers = run(program, [x, y], refOps);
      // keep to the well-conditioned: no intermediate so large that float32 or the differences lose it
      fc.pre(registers.every((r) => r.data.every((v) => Math.abs(v) < 50)));
      const tx = tensor(Float32Array.from(x.data), { shape: x.shape, requiresGrad: true });
      const ty = tensor(Float32Array.from(y.data), { shape: y.shape, requiresGrad: true });
      const out = run(program, [tx, ty], tensorOps).at(-1)!;
      out.backward(tensor(Float32Array.from({ length: out.numel() }, (_, i) => upstream[i % upstream.length]), { shape: out.shape }));
      for (const [leaf, ref, other] of [[tx, x, y], [ty, y, x]] as const) {
        const fd = new Float64Array(ref.data.length);
        const h = 1e-5;
        for (let i = 0; i < fd.length; i++) {
          const bump = (delta: number): Ref => ({ shape: ref.shape, data: ref.data.map((v, k) => (k === i ? v + delta : v)) });
          const [plus, minus] = leaf === tx ? [[bump(h), other], [bump(-h), other]] : [[other, bump(h)], [other, bump(-h)]];
          fd[i] = (refLoss(program, plus[0], plus[1], upstream) - refLoss(program, minus[0], minus[1], upstream)) / (2 * h);
        }
        const scale = Math.max(1, ...fd.map(Math.abs));
        const ad = leaf.grad === null ? new Float32Array(fd.length) : leaf.grad.data; // an unused input gets no gradient
        // float32 forward and backward: about 1e-6 relative per op, a few ops deep, against the
        // float64 differences' own error (~1e-9): 1e-4 of the largest gradient, 1e-3 relative
        for (let i = 0; i < fd.length; i++) {
          expect(Math.abs(ad[i] - fd[i]), `d/d${leaf === tx ? 'x' : 'y'}[${i}]: autograd ${ad[i]}, differences ${fd[i]}`)
            .toBeLessThanOrEqual(1e-4 * scale + 1e-3 * Math.abs(fd[i]));
        }
      }
    }), 1500);
  });
});

// ---- state-dict round trips of random models ----

type Spec =
  | { kind: 'linear'; inF: number; outF: number; bias: boolean }
  | { kind: 'batchnorm'; n: number }
  | { kind: 'layernorm'; n: number }
  | { kind: 'embedding'; n: number; d: number }
  | { kind: 'sequential' | 'list'; children: Spec[] }
  | { kind: 'dict'; children: [string, Spec][] };

const size = fc.integer({ min: 1, max: 5 });
const { spec: specArb } = fc.letrec<{ spec: Spec; leaf: Spec; container: Spec }>((tie) => ({
  spec: fc.oneof({ maxDepth: 3, depthIdentifier: 'model' }, tie('leaf'), tie('container')),
  leaf: fc.oneof(
    fc.record({ kind: fc.constant('linear' as const), inF: size, outF: size, bias: fc.boolean() }),
    fc.record({ kind: fc.constant('batchnorm' as const), n: size }),
    fc.record({ kind: fc.constant('layernorm' as const), n: size }),
    fc.record({ kind: fc.constant('embedding' as const), n: size, d: size }),
  ),
  container: fc.oneof(
    fc.record({ kind: fc.constantFrom('sequential' as const, 'list' as const), children: fc.array(tie('spec'), { maxLength: 3 }) }),
    fc.record({
      kind: fc.constant('dict' as const),
      children: fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/), tie('spec')), { maxLength: 3, selector: ([key]) => key }),
    }),
  ),
}));

/** A fresh model of `spec`; every parameter and buffer is then given random values. */
function build(spec: Spec): nn.AnyModule {
  switch (spec.kind) {
    case 'linear': return new nn.Linear(spec.inF, spec.outF, { bias: spec.bias });
    case 'batchnorm': return new nn.BatchNorm1d(spec.n);
    case 'layernorm': return new nn.LayerNorm(spec.n);
    case 'embedding': return new nn.Embedding(spec.n, spec.d);
    case 'sequential': return new nn.Sequential(...spec.children.map(build));
    case 'list': return new nn.ModuleList(spec.children.map(build));
    case 'dict': return new nn.ModuleDict(new Map(spec.children.map(([key, child]) => [key, build(child)])));
  }
}

function randomModel(spec: Spec, seed: number): nn.AnyModule {
  manualSeed(seed);
  const model = build(spec);
  noGrad(() => {
    for (const t of [...model.parameters(), ...model.buffers()]) t.copy_(randn(t.shape.slice()));
  });
  return model;
}

describe('state dicts of random models built from containers', () => {
  it('survive serialize → deserialize → loadStateDict into a differently initialised twin, key for key and bit for bit', () => {
    check(fc.property(specArb, fc.nat(1000), (spec, seed) => {
      const source = randomModel(spec, seed);
      const target = randomModel(spec, seed + 1);
      const saved = source.stateDict();
      const loaded = deserialize(serialize(saved));
      expect(Object.keys(loaded).sort()).toEqual(Object.keys(saved).sort());
      expect(target.loadStateDict(loaded)).toEqual({ missingKeys: [], unexpectedKeys: [] });
      const after = target.stateDict();
      expect(Object.keys(after)).toEqual(Object.keys(saved)); // PyTorch's key order, not the file's
      for (const [key, t] of Object.entries(saved)) {
        expect(after[key].shape, key).toEqual(t.shape);
        expect(after[key].data, key).toEqual(t.data);
      }
      expect(String(target)).toBe(String(source));
    }), 300);
  });
});
