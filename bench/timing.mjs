// The shared timing kit of torchlet's benchmarks: a clock, repeat-and-median loops, a fixed
// plain-JS baseline that makes figures comparable across machines, an allocation counter, a
// self-time profiler and the table printer. Plain Node ESM with no dependencies.
import { readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

/** Milliseconds, sub-microsecond resolution. */
export const now = () => performance.now();

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Milliseconds taken by `iters` calls of `fn`. */
export function loop(fn, iters) {
  const t0 = now();
  for (let i = 0; i < iters; i++) fn();
  return now() - t0;
}

/**
 * `warmup` untimed calls of `sample(1)`, then `repeats` timings of `sample(iters)`, each divided
 * by `iters`: milliseconds per iteration, one number per repeat. `sample(n)` runs n iterations
 * and returns the milliseconds they took, so it may keep per-iteration setup out of the clock.
 */
export function repeat(sample, { warmup = 0, repeats, iters }) {
  for (let i = 0; i < warmup; i++) sample(1);
  const out = [];
  for (let r = 0; r < repeats; r++) out.push(sample(iters) / iters);
  return out;
}

/** Iterations of `sample` that take at least `minMs`, found by doubling from one. */
export function itersFor(sample, minMs) {
  for (let n = 1; ; n *= 2) {
    const ms = sample(n);
    if (ms >= minMs / 4) return Math.max(1, Math.ceil((n * minMs) / Math.max(ms, 1e-3)));
  }
}

// ---------------------------------------------------------------------------------------------
// Baseline: a fixed naive triple-loop 128×128 matmul on Float32Arrays, independent of torchlet.
// Every time is also printed divided by its time, and every rate divided by its rate, so runs on
// different machines (or a noisy one) compare by ratio rather than by absolute figure.

const BN = 128;

function naiveMatmul(a, b, c, n) {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
      c[i * n + j] = s;
    }
  }
}

/** The baseline's seconds per 128×128 product and GFLOP/s, each the median of `repeats` ≥ 50 ms timings. */
export function measureBaseline(repeats = 5) {
  const a = new Float32Array(BN * BN);
  const b = new Float32Array(BN * BN);
  const c = new Float32Array(BN * BN);
  let s = 12345; // a fixed LCG, so the baseline never depends on torchlet's generator
  for (let i = 0; i < a.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    a[i] = s / 2 ** 32 - 0.5;
    s = (s * 1103515245 + 12345) >>> 0;
    b[i] = s / 2 ** 32 - 0.5;
  }
  const sample = (n) => loop(() => naiveMatmul(a, b, c, BN), n);
  for (let i = 0; i < 20; i++) sample(1);
  const ms = repeat(sample, { repeats, iters: itersFor(sample, 50) });
  return { seconds: ms.map((t) => t / 1e3), gflops: ms.map((t) => (2 * BN ** 3) / (t * 1e6)) };
}

// ---------------------------------------------------------------------------------------------
// Allocation. A typed array's backing store lives outside the JS heap once it is over 64 bytes
// (V8's on-heap typed-array limit) and is counted in process.memoryUsage().arrayBuffers, which
// Node's allocator updates on every allocation and free; the Tensors, graph Nodes, arrays and
// small typed arrays themselves are on the JS heap (heapUsed). Garbage is only given back by a
// collection, so after a forced gc() the growth of both counters over k steps is what those
// steps allocated — provided no collection ran during them. V8 cannot be told not to collect,
// so a PerformanceObserver records every GC and a window that overlaps one is discarded and
// rerun. The counters' own reading cost is measured by empty windows and subtracted. (Checked
// against a counting Float32Array/Float64Array subclass: the array-buffer figure matched to
// the byte for W1 and W2; heapUsed is exact to within V8's allocation-area bookkeeping.)

/** Bytes per call of `step` on the JS heap and in array buffers: median over `windows` windows of `k` calls. */
export async function allocationPerStep(step, { k = 4, windows = 7 } = {}) {
  if (typeof globalThis.gc !== 'function') throw new Error('allocationPerStep needs node --expose-gc');
  const gcs = [];
  const observer = new PerformanceObserver((list) => gcs.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  const window = (calls) => {
    globalThis.gc();
    globalThis.gc();
    const m0 = process.memoryUsage();
    const t0 = now();
    for (let i = 0; i < calls; i++) step();
    const t1 = now();
    const m1 = process.memoryUsage();
    return { t0, t1, heap: m1.heapUsed - m0.heapUsed, external: m1.arrayBuffers - m0.arrayBuffers };
  };
  const clean = async (calls, count) => {
    const kept = [];
    let dropped = 0;
    for (let tries = 0; kept.length < count && tries < count * 4; tries++) {
      const w = window(calls);
      await new Promise((r) => setTimeout(r, 0)); // let the observer deliver this window's GC entries
      if (gcs.some((e) => e.startTime < w.t1 && e.startTime + e.duration > w.t0)) dropped++;
      else kept.push(w);
    }
    if (kept.length === 0) throw new Error(`allocationPerStep: every window of ${calls} calls was interrupted by a GC; lower k`);
    return { kept, dropped };
  };
  const empty = await clean(0, windows);
  const heap0 = median(empty.kept.map((w) => w.heap));
  const ext0 = median(empty.kept.map((w) => w.external));
  const { kept, dropped } = await clean(k, windows);
  observer.disconnect();
  const heap = kept.map((w) => (w.heap - heap0) / k);
  const external = kept.map((w) => (w.external - ext0) / k);
  return { heap, external, total: kept.map((_, i) => heap[i] + external[i]), dropped };
}

// ---------------------------------------------------------------------------------------------
// Profile: the functions with the most self time while `run` executes, sampled by V8's CPU
// profiler (what `node --cpu-prof` records), located in src/ through dist's source maps.

const maps = new Map();

function originalPosition(url, line, column) {
  if (!url.startsWith('file:')) return null;
  const path = fileURLToPath(url);
  if (!maps.has(path)) {
    let map = null;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      // no map beside it: report the file itself
    }
    maps.set(path, map);
  }
  const entry = maps.get(path)?.findEntry(line, column);
  if (!entry || entry.originalSource === undefined) return null;
  return `${entry.originalSource.replace(/^(\.\.\/)+/, '')}:${entry.originalLine + 1}`;
}

function location({ url, lineNumber, columnNumber }) {
  if (url === '') return '(native)';
  return originalPosition(url, lineNumber, columnNumber) ?? `${url.replace(/^.*\//, '')}:${lineNumber + 1}`;
}

/**
 * Runs `run` under the CPU profiler; returns `{ totalMs, rows }` with one row per function
 * (name and source position): its self time and its total time (itself and all it calls,
 * counted once per sample however often it recurs on the stack), sorted by self time.
 */
export async function profile(run, { intervalUs = 100 } = {}) {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: intervalUs });
  await session.post('Profiler.start');
  run();
  const { profile: p } = await session.post('Profiler.stop');
  session.disconnect();
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = new Map(p.nodes.map((n) => [n.id, `${n.callFrame.functionName || '(anonymous)'}\t${location(n.callFrame)}`]));
  const self = new Map();
  const total = new Map();
  let sampled = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i + 1] ?? 0; // the time until the next sample belongs to this one
    const key = keyOf.get(p.samples[i]);
    self.set(key, (self.get(key) ?? 0) + dt);
    const seen = new Set();
    for (let id = p.samples[i]; id !== undefined; id = parent.get(id)) seen.add(keyOf.get(id));
    for (const k of seen) total.set(k, (total.get(k) ?? 0) + dt);
    sampled += dt;
  }
  const rows = [...total]
    .map(([key, us]) => {
      const [name, where] = key.split('\t');
      const own = self.get(key) ?? 0;
      return { name, where, selfMs: own / 1e3, selfShare: own / sampled, totalMs: us / 1e3, totalShare: us / sampled };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
  return { totalMs: sampled / 1e3, rows };
}

// ---------------------------------------------------------------------------------------------
// Printing.

const SECONDS = { s: 1, ms: 1e-3, 'µs': 1e-6, ns: 1e-9 };

/** Three significant figures, without exponent notation for the sizes benchmarks produce. */
export function fmt(x) {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 10) return x.toFixed(1);
  if (a >= 1) return x.toFixed(2);
  if (a >= 0.01) return x.toFixed(3);
  return x.toPrecision(2);
}

function fmtBytes(b) {
  const a = Math.abs(b);
  if (a >= 2 ** 20) return `${fmt(b / 2 ** 20)} MiB`;
  if (a >= 2 ** 10) return `${fmt(b / 2 ** 10)} KiB`;
  return `${Math.round(b)} B`;
}

/**
 * One printed line per row. A row is `{ name, unit, samples, baseline }` where unit is a time
 * unit (s, ms, µs, ns: lower is better), 'GFLOP/s' (higher is better) or 'bytes', and baseline
 * is a `measureBaseline()` result taken next to it: times are divided by the baseline's seconds,
 * rates by its GFLOP/s; bytes get no ratio.
 */
export function formatTable(rows) {
  const lines = rows.map(({ name, unit, samples, baseline }) => {
    const med = median(samples);
    const lo = Math.min(...samples);
    const hi = Math.max(...samples);
    const pct = med === 0 ? 0 : ((hi - lo) / Math.abs(med)) * 100;
    const show = unit === 'bytes' ? fmtBytes : (x) => `${fmt(x)} ${unit}`;
    let ratio = '—';
    if (unit in SECONDS) ratio = `${fmt((med * SECONDS[unit]) / median(baseline.seconds))} ×t`;
    else if (unit === 'GFLOP/s') ratio = `${fmt(med / median(baseline.gflops))} ×r`;
    return [name, show(med), `${unit === 'bytes' ? fmtBytes(lo) : fmt(lo)} – ${show(hi)}`, `±${fmt(pct / 2)}%`, `${samples.length}`, ratio];
  });
  const head = ['workload', 'median', 'spread (min – max)', 'half-range', 'n', 'vs baseline'];
  const widths = head.map((h, c) => Math.max(h.length, ...lines.map((l) => l[c].length)));
  const pad = (cells) => cells.map((s, c) => (c === 0 ? s.padEnd(widths[c]) : s.padStart(widths[c]))).join('  ');
  return [pad(head), widths.map((w) => '─'.repeat(w)).join('  '), ...lines.map(pad)].join('\n');
}
