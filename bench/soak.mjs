// The soak benchmark: long training runs that must neither leak nor slow down. `npm run bench:soak`
// trains each workload for its full length and prints, for 10 equal windows of steps, the speed
// and the memory left after a forced GC, then start and end side by side. Flat is the goal: no
// growth of the JS heap or of the typed arrays' stores beyond GC noise, no drift in steps/s.
//
//   node bench/soak.mjs             both workloads
//   node bench/soak.mjs w1          only one (ids below)
//   node bench/soak.mjs --steps 0.1 every workload at a tenth of its length (a quick look)
//
// Exits with 1 when a workload's memory grows by more than GROWTH_LIMIT bytes from the first
// window's end to the last's.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { F, manualSeed, nn, optim, randn, tensor, utils } from '../dist/index.js';
import { Net } from './models.mjs';

// Measuring memory needs gc(): rerun under --expose-gc when it is missing, as bench/run.mjs does.
if (typeof globalThis.gc !== 'function') {
  const args = ['--expose-gc', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const { status, signal } = spawnSync(process.execPath, args, { stdio: 'inherit' });
  process.exit(status ?? (signal ? 1 : 0));
}

const WINDOWS = 10;
/** Growth of heapUsed or arrayBuffers (bytes) beyond which a run counts as leaking. */
const GROWTH_LIMIT = 1 << 20;


/** bench/run.mjs's W1: one SGD (lr 0.01, momentum 0.9) step of MSE regression on a fixed batch of 64. */
function w1() {
  const model = new Net(10, 10, 1);
  const x = randn(64, 10);
  const y = randn(64, 1);
  const lossFn = new nn.MSELoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  return () => {
    optimizer.zeroGrad();
    const loss = lossFn(model(x), y);
    loss.backward();
    optimizer.step();
    return loss;
  };
}

/**
 * An MLP 64→128→10 classifying 1,024 fixed random samples into 10 classes: cross-entropy and
 * Adam, batches of 32 from a shuffling DataLoader, a new pass whenever one ends.
 */
function mlp() {
  const model = new Net(64, 128, 10);
  const xs = randn(1024, 64);
  const ys = tensor(Array.from({ length: 1024 }, (_, i) => (i * 7) % 10));
  const loader = new utils.data.DataLoader(new utils.data.TensorDataset(xs, ys), { batchSize: 32, shuffle: true });
  const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
  let batches = loader[Symbol.iterator]();
  return () => {
    let next = batches.next();
    if (next.done) {
      batches = loader[Symbol.iterator]();
      next = batches.next();
    }
    const [x, y] = next.value;
    optimizer.zeroGrad();
    const loss = F.crossEntropy(model(x), y);
    loss.backward();
    optimizer.step();
    return loss;
  };
}

const WORKLOADS = [
  { id: 'w1', about: "W1: the article's Net 10→10→1, batch 64, MSE + SGD(momentum 0.9)", steps: 200_000, build: w1 },
  { id: 'mlp', about: 'MLP 64→128→10, batch 32 from a shuffling DataLoader, cross-entropy + Adam', steps: 20_000, build: mlp },
];

/** heapUsed and arrayBuffers after a full collection, in bytes. */
function memory() {
  globalThis.gc();
  globalThis.gc(); // a second pass frees what the first one's finalizers released
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return { heapUsed, arrayBuffers };
}

const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const signedKb = (bytes) => `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1024).toFixed(0)} KB`;

/** Runs one workload for `steps` steps in WINDOWS windows; prints each and returns whether memory stayed flat. */
function soak({ id, about, steps, build }) {
  manualSeed(0);
  const step = build();
  const perWindow = Math.max(1, Math.floor(steps / WINDOWS));
  console.log(`\n${id}: ${about}; ${(perWindow * WINDOWS).toLocaleString('en')} steps`);
  console.log('  window        steps    steps/s      heapUsed   arrayBuffers    loss');
  const start = memory();
  console.log(`  start                             ${mb(start.heapUsed).padStart(10)}   ${mb(start.arrayBuffers).padStart(10)}`);
  const ends = [];
  for (let w = 0; w < WINDOWS; w++) {
    const t0 = performance.now();
    let loss = null;
    for (let i = 0; i < perWindow; i++) loss = step();
    const seconds = (performance.now() - t0) / 1000;
    const end = memory();
    ends.push(end);
    const rate = Math.round(perWindow / seconds).toLocaleString('en');
    const done = ((w + 1) * perWindow).toLocaleString('en');
    console.log(`  ${String(w + 1).padStart(6)} ${done.padStart(12)} ${rate.padStart(10)}    ${mb(end.heapUsed).padStart(10)}   ${mb(end.arrayBuffers).padStart(10)}    ${loss.item().toFixed(4)}`);
  }
  // the first window warms up the JIT and creates the optimizer's state: growth counts from its end
  const first = ends[0];
  const last = ends[WINDOWS - 1];
  const heapGrowth = last.heapUsed - first.heapUsed;
  const bufferGrowth = last.arrayBuffers - first.arrayBuffers;
  const flat = heapGrowth <= GROWTH_LIMIT && bufferGrowth <= GROWTH_LIMIT;
  console.log(
    `  start → end: heapUsed ${mb(start.heapUsed)} → ${mb(last.heapUsed)}, arrayBuffers ${mb(start.arrayBuffers)} → ${mb(last.arrayBuffers)}; ` +
      `after window 1: heapUsed ${signedKb(heapGrowth)}, arrayBuffers ${signedKb(bufferGrowth)} → ${flat ? 'flat' : 'GROWING'}`,
  );
  return flat;
}

function main(argv) {
  const scaleAt = argv.indexOf('--steps');
  const scale = scaleAt >= 0 ? Number(argv[scaleAt + 1]) : 1;
  if (!(scale > 0)) throw new Error(`--steps expects a positive fraction of each workload's length, got ${argv[scaleAt + 1]}`);
  const ids = argv.filter((a, i) => !a.startsWith('--') && i !== scaleAt + 1);
  const unknown = ids.filter((wanted) => !WORKLOADS.some((w) => w.id === wanted));
  if (unknown.length > 0) throw new Error(`unknown workload(s) ${unknown.join(', ')}; known: ${WORKLOADS.map((w) => w.id).join(', ')}`);
  const chosen = ids.length === 0 ? WORKLOADS : WORKLOADS.filter((w) => ids.includes(w.id));
  console.log(`torchlet soak, node ${process.version}`);
  let flat = true;
  for (const w of chosen) flat = soak({ ...w, steps: Math.round(w.steps * scale) }) && flat;
  process.exit(flat ? 0 : 1);
}

main(process.argv.slice(2));
