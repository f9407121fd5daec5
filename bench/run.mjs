// torchlet's benchmarks: `npm run bench` prints one table of medians, spreads and ratios to a
// fixed plain-JS baseline measured in the same process, then issue 8's targets moved to this
// machine by that baseline, each marked met or not.
//
//   node bench/run.mjs                 every workload
//   node bench/run.mjs w1 w3           only those (ids from WORKLOADS below)
//   node bench/run.mjs --profile w1    one workload's step: its phases' times and the top
//                                      self-time functions (--top N; default 10)
//
// Adding a workload is one entry in WORKLOADS: `{ id, about, run }` where `run()` returns (or
// resolves to) rows `{ name, unit, samples }` (units: see formatTable in timing.mjs), plus
// `phases()` returning one iteration as named parts `[[name, fn], …]` if it can be profiled.
// Training workloads are built by `training(...)` from a model, a batch and a protocol. Each
// workload's ratios use the baseline measured just before and just after it.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { manualSeed, nn, optim, randn, tensor } from '../dist/index.js';
import { Net } from './models.mjs';
import { measureSimdPeak } from './simd-peak.mjs';
import { allocationPerStep, fmt, formatTable, itersFor, loop, measureBaseline, median, now, profile, repeat } from './timing.mjs';

// Allocation counting needs gc(): rerun under --expose-gc when it is missing, so plain
// `node bench/run.mjs` and `npm run bench` both work.
if (typeof globalThis.gc !== 'function') {
  const args = ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const { status, signal } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(status ?? (signal ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Models.


/** LSTM(nIn, nHidden) over (seq, batch, nIn), then Linear(nHidden, nOut) on the last step's output. */
class LastStepLSTM extends nn.Module {
  constructor(nIn, nHidden, nOut) {
    super();
    this.lstm = new nn.LSTM(nIn, nHidden);
    this.head = new nn.Linear(nHidden, nOut);
  }

  forward(x) {
    const [output] = this.lstm(x); // (L, N, H)
    return this.head(output.narrow(0, x.shape[0] - 1, 1).squeeze(0)); // (N, nOut)
  }
}

/** One SGD (lr 0.01, momentum 0.9) step of `lossFn(model(x), y)` on a fixed batch, as its four parts. */
function sgdPhases(model, x, y, lossFn) {
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  let loss = null;
  return [
    ['zeroGrad', () => optimizer.zeroGrad()],
    ['forward + loss', () => (loss = lossFn(model(x), y))],
    ['backward', () => loss.backward()],
    ['optimizer.step', () => optimizer.step()],
  ];
}

/** MSE regression on a seeded batch. */
const mseSgdPhases = (model, xShape, yShape) => sgdPhases(model, randn(xShape), randn(yShape), new nn.MSELoss());

/** Cross-entropy classification into 10 classes on a seeded batch. */
const crossEntropySgdPhases = (model, xShape) =>
  sgdPhases(model, randn(xShape), tensor(Array.from({ length: xShape[0] }, (_, i) => (i * 7) % 10)), new nn.CrossEntropyLoss());

/** W4's block: Conv2d(1→16, 3×3, padding 1) → ReLU → MaxPool2d(2). */
function convBlock() {
  return new nn.Sequential(new nn.Conv2d(1, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2));
}

/** A small CNN for 1×28×28 images: (conv 3×3 → ReLU → max-pool 2) × 2 → Linear(16·7·7 → 10). */
function smallCnn() {
  return new nn.Sequential(
    new nn.Conv2d(1, 8, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 8, 14, 14)
    new nn.Conv2d(8, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 16, 7, 7)
    new nn.Flatten(), new nn.Linear(16 * 7 * 7, 10),
  );
}

/** Forward and backward (a fixed random upstream gradient) of `model` on a seeded batch `xShape`. */
function forwardBackwardPhases(model, xShape) {
  const x = randn(xShape);
  const g = randn(model(x).shape);
  let out = null;
  return [
    ['zeroGrad', () => model.zeroGrad()],
    ['forward', () => (out = model(x))],
    ['backward', () => out.backward(g)],
  ];
}


/** The parts run in order, as one function. */
function joined(phases) {
  const fns = phases.map(([, fn]) => fn);
  return () => {
    for (let i = 0; i < fns.length; i++) fns[i]();
  };
}

// ---------------------------------------------------------------------------------------------
// Workload builders.

/**
 * A training loop timed as the issues specify: `warmup` steps, then `repeats` × `steps` steps,
 * reported per step in `unit` (median and spread over the repeats); `allocation` adds a row of
 * bytes allocated per step.
 */
function training({ id, about, label, build, unit, warmup, repeats, steps, allocation = false, target }) {
  const scale = { 'µs': 1e3, ms: 1 }[unit];
  const phases = () => {
    manualSeed(0);
    return build();
  };
  return {
    id,
    about,
    phases,
    async run() {
      const fn = joined(phases());
      const ms = repeat((n) => loop(fn, n), { warmup, repeats, iters: steps });
      const rows = [{ name: `${label}  step`, unit, samples: ms.map((t) => t * scale), target }];
      if (allocation) {
        const { total, heap, external, dropped } = await allocationPerStep(fn);
        rows.push({ name: `${label}  allocated/step`, unit: 'bytes', samples: total });
        rows.push({ name: '   of which typed-array stores', unit: 'bytes', samples: external });
        rows.push({ name: '   of which JS heap', unit: 'bytes', samples: heap });
        if (dropped > 0) rows.at(-3).name += ` (${dropped} GC-hit windows rerun)`;
      }
      return rows;
    },
  };
}

const W3_SIZES = [64, 256, 512, 1024];
const MIN_TIMING_MS = 50;

/** Samples per size: more where one timing is cheap. */
const samplesFor = (n) => (n <= 256 ? 7 : n <= 512 ? 5 : 3);

/** GFLOP/s of `flops`-flop iterations from per-iteration milliseconds. */
const gflops = (flops, ms) => ms.map((t) => flops / (t * 1e6));

/** Repeats of `sample`, each at least MIN_TIMING_MS long (a single iteration when that is already longer). */
function timed(sample, n) {
  const first = sample(1); // warm-up; the first product also sizes the kernel's packing buffer
  const iters = first >= MIN_TIMING_MS ? 1 : itersFor(sample, MIN_TIMING_MS);
  return repeat(sample, { repeats: samplesFor(n), iters });
}

// ---------------------------------------------------------------------------------------------
// The workloads.

const WORKLOADS = [
  training({
    id: 'w1',
    about: "the article's Net 10→10→1, batch 64, MSE + SGD(momentum 0.9); 200 warm-up + 5 × 2,000 steps",
    label: 'W1 Net 10→10→1 b64',
    build: () => mseSgdPhases(new Net(10, 10, 1), [64, 10], [64, 1]),
    unit: 'µs',
    warmup: 200,
    repeats: 5,
    steps: 2000,
    allocation: true,
    target: 25,
  }),
  training({
    id: 'w2',
    about: 'MLP 784→256→ReLU→10, batch 128, MSE + SGD(momentum 0.9); 10 warm-up + 5 × 50 steps',
    label: 'W2 MLP 784→256→10 b128',
    build: () => mseSgdPhases(new Net(784, 256, 10), [128, 784], [128, 10]),
    unit: 'ms',
    warmup: 10,
    repeats: 5,
    steps: 50,
    allocation: true,
    target: 8,
  }),
  {
    id: 'w3',
    about: 'square matmul N×N·N×N through a.matmul(b), no grad; 2N³ flops',
    run() {
      return W3_SIZES.map((n) => {
        manualSeed(0);
        const a = randn(n, n);
        const b = randn(n, n);
        const ms = timed((k) => loop(() => a.matmul(b), k), n);
        return { name: `W3 matmul N=${n}`, unit: 'GFLOP/s', samples: gflops(2 * n ** 3, ms), target: n === 1024 ? 30 : undefined };
      });
    },
  },
  {
    id: 'w3b',
    about:
      'the backward of c = a.matmul(b) with a random upstream g: dA = G·Bᵀ and dB = Aᵀ·G (2N³ each), ' +
      'both, and each alone (the other input not requiring grad) up to N=512; only backward() is timed',
    run() {
      const rows = [];
      for (const n of W3_SIZES) {
        manualSeed(0);
        const g = randn(n, n);
        const variants = [
          ['both', true, true],
          ['dA = G·Bᵀ', true, false],
          ['dB = Aᵀ·G', false, true],
        ];
        // at N=1024 each alone would add ~20 s for what N=512 already shows
        for (const [what, gradA, gradB] of n > 512 ? variants.slice(0, 1) : variants) {
          const a = randn(n, n).requiresGrad_(gradA);
          const b = randn(n, n).requiresGrad_(gradB);
          const flops = 2 * n ** 3 * (Number(gradA) + Number(gradB));
          const sample = (k) => {
            let ms = 0;
            for (let i = 0; i < k; i++) {
              a.grad = null;
              b.grad = null;
              const c = a.matmul(b);
              const t0 = now();
              c.backward(g);
              ms += now() - t0;
            }
            return ms;
          };
          rows.push({ name: `W3 backward N=${n} ${what}`, unit: 'GFLOP/s', samples: gflops(flops, timed(sample, n)) });
        }
      }
      return rows;
    },
  },
  training({
    id: 'w4conv',
    about: 'Conv2d(1→16, 3×3, padding 1) → ReLU → MaxPool2d(2), batch 32 of 1×28×28, forward + backward (random upstream); 20 warm-up + 5 × 20 steps',
    label: 'W4conv conv-relu-pool b32',
    build: () => forwardBackwardPhases(convBlock(), [32, 1, 28, 28]),
    target: 10,
    unit: 'ms',
    warmup: 20,
    repeats: 5,
    steps: 20,
  }),
  training({
    id: 'w4cnn',
    about: 'CNN (conv 1→8 → pool → conv 8→16 → pool → Linear 784→10), batch 32, CrossEntropy + SGD(momentum 0.9); 20 warm-up + 5 × 20 steps',
    label: 'W4cnn small CNN train b32',
    build: () => crossEntropySgdPhases(smallCnn(), [32, 1, 28, 28]),
    unit: 'ms',
    warmup: 20,
    repeats: 5,
    steps: 20,
  }),
  training({
    id: 'w5',
    about: 'LSTM 16→64 over seq 50, batch 32, Linear(64→1) on the last step, MSE + SGD(momentum 0.9); 20 warm-up + 7 × 5 steps',
    label: 'W5 LSTM 16→64 L50 b32',
    build: () => mseSgdPhases(new LastStepLSTM(16, 64, 1), [50, 32, 16], [32, 1]),
    unit: 'ms',
    warmup: 20,
    repeats: 7,
    steps: 5,
  }),
];

// ---------------------------------------------------------------------------------------------
// Main.

async function main(argv) {
  const profileAt = argv.indexOf('--profile');
  if (profileAt >= 0) {
    const topAt = argv.indexOf('--top');
    return profileWorkload(argv[profileAt + 1], topAt >= 0 ? Number(argv[topAt + 1]) : 10);
  }
  const unknown = argv.filter((a) => !WORKLOADS.some((w) => w.id === a));
  if (unknown.length > 0) throw new Error(`unknown workload(s) ${unknown.join(', ')}; expected some of ${WORKLOADS.map((w) => w.id).join(', ')}`);
  const chosen = argv.length === 0 ? WORKLOADS : WORKLOADS.filter((w) => argv.includes(w.id));

  const started = now();
  const baselines = [measureBaseline()];
  const rows = [];
  for (const w of chosen) {
    const t0 = now();
    const own = await w.run();
    baselines.push(measureBaseline());
    const around = baselines.slice(-2);
    const baseline = { seconds: around.flatMap((b) => b.seconds), gflops: around.flatMap((b) => b.gflops) };
    rows.push(...own.map((r) => ({ ...r, baseline })));
    process.stderr.write(`  ${w.id} done in ${fmt((now() - t0) / 1e3)} s\n`);
  }
  const all = { seconds: baselines.flatMap((b) => b.seconds), gflops: baselines.flatMap((b) => b.gflops) };
  rows.unshift({ name: 'baseline: naive JS matmul 128×128', unit: 'GFLOP/s', samples: all.gflops, baseline: all });

  console.log(`torchlet bench — node ${process.version}, ${process.platform}/${process.arch}`);
  for (const w of chosen) console.log(`  ${w.id}: ${w.about}`);
  console.log();
  console.log(formatTable(rows));
  console.log();
  console.log(
    `vs baseline: a time ÷ the baseline's time per product (×t, lower is better), a rate ÷ its GFLOP/s (×r, higher is better),\n` +
      `using the baseline measured just before and after each workload (${fmt(median(all.seconds) * 1e3)} ms, ` +
      `${fmt(median(all.gflops))} GFLOP/s overall).`,
  );
  console.log(
    `baseline drift (GFLOP/s, medians at each measurement): ${baselines.map((b) => fmt(median(b.gflops))).join(' → ')}; ` +
      `total ${fmt((now() - started) / 1e3)} s.`,
  );
  const peak = chosen.some((w) => w.id === 'w3') ? await measureSimdPeak() : null;
  printTargets(rows, peak);
}

/** Issue 8 sets its targets on a machine where the baseline gets this many GFLOP/s. */
const TARGET_BASELINE_GFLOPS = 0.7;

/**
 * Each row's target (a time to stay under, or a rate to reach, on the machine) moved to
 * this machine by the ratio of the baselines, and whether the median meets it; rates also as a
 * share of `peak`, this machine's WebAssembly SIMD ceiling (GFLOP/s), when measured.
 */
function printTargets(rows, peak) {
  const targeted = rows.filter((r) => r.target !== undefined);
  if (targeted.length === 0) return;
  console.log(`\nissue 8's targets, set where the baseline gets ${TARGET_BASELINE_GFLOPS} GFLOP/s, scaled by this run's baseline:`);
  for (const r of targeted) {
    const speedup = median(r.baseline.gflops) / TARGET_BASELINE_GFLOPS; // this machine ÷ the issue's
    const rate = r.unit === 'GFLOP/s';
    const here = rate ? r.target * speedup : r.target / speedup;
    const got = median(r.samples);
    const met = rate ? got >= here : got <= here;
    const sign = rate ? '≥' : '≤';
    console.log(
      `  ${r.name.trim().padEnd(30)} ${sign} ${r.target} ${r.unit} there, ${sign} ${fmt(here)} ${r.unit} here: ` +
        `${fmt(got)} ${r.unit}, ${met ? 'met' : 'not met'}`,
    );
    if (rate && peak !== null) {
      console.log(
        `  ${''.padEnd(30)} ${fmt((got / peak) * 100)}% of this machine's f32x4 mul + add peak, ${fmt(peak)} GFLOP/s ` +
          `(bench/simd-peak.mjs)${here > peak ? ': the scaled target lies above it' : ''}`,
      );
    }
  }
}

/** The top self-time functions of a workload's iteration, and the time of each of its phases. */
async function profileWorkload(id, top) {
  const w = WORKLOADS.find((x) => x.id === id);
  if (w?.phases === undefined) {
    throw new Error(`--profile needs a workload with phases: ${WORKLOADS.filter((x) => x.phases).map((x) => x.id).join(', ')}`);
  }
  console.log(`${w.id}: ${w.about}\n`);

  // Phases timed one by one, outside the profiler.
  const phases = w.phases();
  const fns = phases.map(([, fn]) => fn);
  const step = joined(phases);
  const steps = itersFor((n) => loop(step, n), 1000); // one second of steps, after warming up
  const spent = new Float64Array(phases.length);
  for (let s = 0; s < steps; s++) {
    for (let i = 0; i < fns.length; i++) {
      const t0 = now();
      fns[i]();
      spent[i] += now() - t0;
    }
  }
  const stepMs = spent.reduce((a, b) => a + b, 0);
  console.log(`phases over ${steps} steps (${fmt((stepMs * 1e3) / steps)} µs/step):`);
  phases.forEach(([name], i) => {
    console.log(`  ${name.padEnd(16)} ${fmt((spent[i] * 1e3) / steps).padStart(7)} µs  ${((spent[i] / stepMs) * 100).toFixed(1).padStart(5)}%`);
  });

  const runs = 3 * steps;
  const { totalMs, rows } = await profile(() => loop(step, runs));
  console.log(`\nself time: ${runs} steps profiled, ${fmt(totalMs)} ms sampled (${fmt((totalMs * 1e3) / runs)} µs/step under the profiler)`);
  console.log('(V8 counts an inlined function in its caller; run under node --no-turbo-inlining to separate them)\n');
  const table = (list) => {
    const wName = Math.max(8, ...list.map((r) => r.name.length));
    console.log(`${'self %'.padStart(7)}  ${'µs/step'.padStart(8)}  ${'total %'.padStart(7)}  ${'function'.padEnd(wName)}  where`);
    for (const r of list) {
      console.log(
        `${(r.selfShare * 100).toFixed(1).padStart(6)}%  ${fmt((r.selfMs * 1e3) / runs).padStart(8)}  ` +
          `${(r.totalShare * 100).toFixed(1).padStart(6)}%  ${r.name.padEnd(wName)}  ${r.where}`,
      );
    }
  };
  table(rows.slice(0, top));
  console.log(`\nby total time (src functions only):\n`);
  table(rows.filter((r) => r.where.startsWith('src/')).sort((a, b) => b.totalMs - a.totalMs).slice(0, top));
}

await main(process.argv.slice(2));
