// torchlet next to its peers: `npm run bench:peers` runs bench/run.mjs's workloads, with its
// protocol, on torchlet and on each JavaScript library of the kind (and PyTorch on one thread when
// /usr/bin/python3 has torch), and prints one table of medians and time ratios torchlet ÷ peer.
//
//   node bench/peers.mjs                          every workload on every peer
//   node bench/peers.mjs w1 w3                    only those workloads (ids from WORKLOADS below)
//   node bench/peers.mjs --peers tfjs-wasm,PyTorch  only those peers (torchlet always runs)
//
// The peers are installed on first use into bench/peers/<group>/ (git-ignored; never a dependency
// of the package) at the versions pinned in GROUPS, with --ignore-scripts: nothing is built or
// downloaded beyond the registry's tarballs. torchlet runs in this process and every peer in a
// worker process of its own that waits while the others run (`node bench/peers.mjs --worker NAME`
// for a JavaScript peer, bench/peers-torch.py for PyTorch): libraries sharing one V8 would slow
// each other through their garbage and through V8's process-wide states (one detached
// ArrayBuffer makes every typed-array access check for it). Every peer's repeats are interleaved
// with torchlet's, so that a noisy machine slows them all alike.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { manualSeed, nn, optim, randn } from '../dist/index.js';
import { fmt, itersFor, loop, measureBaseline, median, now } from './timing.mjs';

const PEERS_DIR = fileURLToPath(new URL('./peers/', import.meta.url));
const TORCH_SCRIPT = fileURLToPath(new URL('./peers-torch.py', import.meta.url));
const PYTHON = '/usr/bin/python3';

/** A (peer, workload) pair whose protocol would take longer than this gets fewer steps or repeats (marked †). */
const CELL_BUDGET_MS = 15_000;
/**
 * A matmul size is skipped for a peer whose N=256 rate puts its warm-up and repeats past this, and
 * cut short to its warm-up product when that product does.
 */
const MATMUL_BUDGET_MS = 60_000;
const MATMUL_MIN_MS = 50; // as run.mjs: each timing at least this long
/**
 * Untimed iterations, for at least this long, before each timing: a process that has just waited
 * while another ran starts slow (caches, clocks), by ~15% over a 20 ms W1 repeat here; 30 ms of
 * its own work brings it back. Every column does the same (peers-torch.py too).
 */
const REWARM_MS = 30;

// ---------------------------------------------------------------------------------------------
// The workloads: run.mjs's definitions and protocol. `kind` says which method of a column builds
// one iteration; the same object is what PyTorch's script receives.

const WORKLOADS = [
  {
    id: 'w1',
    label: 'W1 Net 10→10→1 b64 step',
    about: "the article's Net 10→10→1, batch 64, MSE + SGD(lr 0.01, momentum 0.9); 200 warm-up + 5 × 2,000 steps",
    kind: 'mlp',
    sizes: [10, 10, 1],
    batch: 64,
    unit: 'µs',
    warmup: 200,
    repeats: 5,
    steps: 2000,
  },
  {
    id: 'w2',
    label: 'W2 MLP 784→256→10 b128 step',
    about: 'MLP 784→256→ReLU→10, batch 128, MSE + SGD(lr 0.01, momentum 0.9); 10 warm-up + 5 × 50 steps',
    kind: 'mlp',
    sizes: [784, 256, 10],
    batch: 128,
    unit: 'ms',
    warmup: 10,
    repeats: 5,
    steps: 50,
  },
  ...[256, 1024].map((n) => ({
    id: 'w3',
    label: `W3 matmul N=${n}`,
    about: `square matmul N×N·N×N, no grad, 2N³ flops; a warm-up product, then ${n <= 256 ? 7 : 3} timings of ≥ ${MATMUL_MIN_MS} ms`,
    kind: 'matmul',
    n,
    unit: 'GFLOP/s',
    repeats: n <= 256 ? 7 : 3, // run.mjs's samplesFor
    minMs: MATMUL_MIN_MS,
  })),
  {
    id: 'w4',
    label: 'W4 conv b32 fwd+bwd',
    about:
      'Conv2d(1→16, 3×3, pad 1) → ReLU → MaxPool2d(2) on 32×1×28×28, forward and backward of a random upstream ' +
      'gradient into the layer parameters; 20 warm-up + 5 × 20 iterations',
    kind: 'conv',
    batch: 32,
    unit: 'ms',
    warmup: 20,
    repeats: 5,
    steps: 20,
  },
  {
    id: 'w5',
    label: 'W5 LSTM 16→64 L50 b32 step',
    about:
      'LSTM(16→64) over seq 50, batch 32, Linear(64→1) on the last step, MSE + SGD(lr 0.01, momentum 0.9); ' +
      '20 warm-up + 7 × 5 steps',
    kind: 'lstm',
    sizes: [16, 64, 1],
    seq: 50,
    batch: 32,
    unit: 'ms',
    warmup: 20,
    repeats: 7,
    steps: 5,
  },
];

// ---------------------------------------------------------------------------------------------
// Data for the peers: a fixed LCG through Box–Muller, so every library trains on the same kind of
// batch without depending on another library's generator.

let lcg = 1;
function normals(n) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    lcg = (lcg * 1103515245 + 12345) >>> 0;
    const u = (lcg + 1) / (2 ** 32 + 1);
    lcg = (lcg * 1103515245 + 12345) >>> 0;
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos((2 * Math.PI * lcg) / 2 ** 32);
  }
  return out;
}

const rows = (count, width) => Array.from({ length: count }, () => Array.from(normals(width)));

// ---------------------------------------------------------------------------------------------
// The libraries. A group is what one `npm install` brings; a column is one library (or backend)
// in the table. A column builds one iteration of a workload as a function, or returns a string
// saying why it cannot (shown as n/a); `enter()` runs before each of its timings, outside them.
// In the table, each peer is instead a remote column: its worker builds and times the cells.

const GROUPS = {
  tfjs: { deps: { '@tensorflow/tfjs': '4.22.0', '@tensorflow/tfjs-backend-wasm': '4.22.0' } },
  'brain.js': { deps: { 'brain.js': '1.6.1' } },
  convnetjs: { deps: { convnetjs: '0.3.0' } },
  'js-pytorch': { deps: { 'js-pytorch': '0.7.2' } },
};

const torchlet = {
  name: 'torchlet',
  mlp([nIn, nHidden, nOut], batch) {
    manualSeed(0);
    const model = new nn.Sequential(new nn.Linear(nIn, nHidden), new nn.ReLU(), new nn.Linear(nHidden, nOut));
    const x = randn([batch, nIn]);
    const y = randn([batch, nOut]);
    const lossFn = new nn.MSELoss();
    const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    return () => {
      optimizer.zeroGrad();
      lossFn(model(x), y).backward();
      optimizer.step();
    };
  },
  matmul(n) {
    manualSeed(0);
    const a = randn(n, n);
    const b = randn(n, n);
    return () => a.matmul(b);
  },
  conv(batch) {
    if (typeof nn.Conv2d !== 'function' || typeof nn.MaxPool2d !== 'function') return 'nn.Conv2d not in dist yet';
    manualSeed(0);
    const model = new nn.Sequential(new nn.Conv2d(1, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2));
    const x = randn([batch, 1, 28, 28]);
    const g = randn([batch, 16, 14, 14]);
    return () => {
      model.zeroGrad();
      model(x).backward(g);
    };
  },
  lstm([nIn, nHidden, nOut], seq, batch) {
    manualSeed(0);
    const lstm = new nn.LSTM(nIn, nHidden);
    const head = new nn.Linear(nHidden, nOut);
    const x = randn([seq, batch, nIn]);
    const y = randn([batch, nOut]);
    const lossFn = new nn.MSELoss();
    const optimizer = new optim.SGD([...lstm.parameters(), ...head.parameters()], { lr: 0.01, momentum: 0.9 });
    return () => {
      optimizer.zeroGrad();
      const [output] = lstm(x); // (L, N, H)
      lossFn(head(output.narrow(0, seq - 1, 1).squeeze(0)), y).backward();
      optimizer.step();
    };
  },
};

/** tfjs on one backend: layers models, optimizer.minimize with tf.train.momentum, production mode. */
function tfjsColumn(backend) {
  let tf = null;
  return {
    name: `tfjs-${backend}`,
    group: 'tfjs',
    notes: [],
    async load(require) {
      tf = require('@tensorflow/tfjs');
      tf.enableProdMode(); // tfjs's advice for speed: no per-op correctness checks (and no Node banner)
      if (backend === 'wasm') {
        const wasm = require('@tensorflow/tfjs-backend-wasm');
        wasm.setThreadsCount(1);
      }
      if (!(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
      if (backend === 'wasm') {
        if (!tf.env().getBool('WASM_HAS_SIMD_SUPPORT')) throw new Error('the wasm backend found no SIMD support');
        this.notes.push(`SIMD ${tf.env().getBool('WASM_HAS_SIMD_SUPPORT') ? 'on' : 'off'}, threads ${tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT') ? 'available' : 'none (Node)'}`);
      }
    },
    enter: () => tf.setBackend(backend),
    mlp([nIn, nHidden, nOut], batch) {
      const model = tf.sequential({
        layers: [tf.layers.dense({ inputShape: [nIn], units: nHidden, activation: 'relu' }), tf.layers.dense({ units: nOut })],
      });
      const x = tf.tensor2d(normals(batch * nIn), [batch, nIn]);
      const y = tf.tensor2d(normals(batch * nOut), [batch, nOut]);
      const optimizer = tf.train.momentum(0.01, 0.9);
      const vars = model.trainableWeights.map((w) => w.read());
      return () => optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x)), false, vars);
    },
    matmul(n) {
      const a = tf.tensor2d(normals(n * n), [n, n]);
      const b = tf.tensor2d(normals(n * n), [n, n]);
      return () => tf.matMul(a, b).dispose(); // the cpu and wasm kernels run eagerly: no dataSync needed
    },
    conv(batch) {
      const model = tf.sequential({
        layers: [
          tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }),
          tf.layers.maxPooling2d({ poolSize: 2 }),
        ],
      });
      const x = tf.tensor4d(normals(batch * 28 * 28), [batch, 28, 28, 1]); // NHWC, tfjs's layout
      const g = tf.tensor4d(normals(batch * 14 * 14 * 16), [batch, 14, 14, 16]);
      const vars = model.trainableWeights.map((w) => w.read());
      return () => {
        // variableGrads needs a scalar: Σ out·g has upstream gradient g
        const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x), g)), vars);
        value.dispose();
        tf.dispose(grads);
      };
    },
    lstm([nIn, nHidden, nOut], seq, batch) {
      const model = tf.sequential({
        layers: [tf.layers.lstm({ inputShape: [seq, nIn], units: nHidden }), tf.layers.dense({ units: nOut })],
      });
      const x = tf.tensor3d(normals(batch * seq * nIn), [batch, seq, nIn]); // batch-major, tfjs's layout
      const y = tf.tensor2d(normals(batch * nOut), [batch, nOut]);
      const optimizer = tf.train.momentum(0.01, 0.9);
      const vars = model.trainableWeights.map((w) => w.read());
      return () => optimizer.minimize(() => tf.losses.meanSquaredError(y, model.apply(x)), false, vars);
    },
  };
}

const brainColumn = {
  name: 'brain.js',
  group: 'brain.js',
  notes: ['no mini-batches: a step is trainPatterns over the batch, one SGD + momentum update per sample; ReLU also on the output layer'],
  async load(require) {
    this.brain = require('brain.js');
  },
  mlp([nIn, nHidden, nOut], batch) {
    const net = new this.brain.NeuralNetwork({ hiddenLayers: [nHidden], activation: 'relu' });
    const data = rows(batch, nIn).map((input) => ({ input, output: Array.from(normals(nOut)) }));
    net.train(data, { iterations: 1, learningRate: 0.01, momentum: 0.9 }); // sizes the net and sets the options
    return () => net.trainPatterns(data);
  },
  matmul: () => 'no tensor ops',
  conv: () => 'no convolution layer',
  lstm: () => 'its LSTM (brain.recurrent) trains on sequences one sample at a time, not batches',
};

const convnetjsColumn = {
  name: 'convnetjs',
  group: 'convnetjs',
  notes: [
    'Trainer(sgd, momentum, batch_size = batch): one train() per sample accumulates, one update per batch; loss ½Σ(x−y)²; Float64',
    'W4 also computes the input gradient (no opt-out)',
  ],
  async load(require) {
    this.cn = require('convnetjs');
  },
  volume(sx, sy, depth) {
    const v = new this.cn.Vol(sx, sy, depth, 0);
    v.w.set(normals(sx * sy * depth));
    return v;
  },
  mlp([nIn, nHidden, nOut], batch) {
    const net = new this.cn.Net();
    net.makeLayers([
      { type: 'input', out_sx: 1, out_sy: 1, out_depth: nIn },
      { type: 'fc', num_neurons: nHidden, activation: 'relu' },
      { type: 'regression', num_neurons: nOut },
    ]);
    const trainer = new this.cn.Trainer(net, { method: 'sgd', learning_rate: 0.01, momentum: 0.9, batch_size: batch, l2_decay: 0 });
    const xs = Array.from({ length: batch }, () => this.volume(1, 1, nIn));
    const ys = rows(batch, nOut);
    return () => {
      for (let i = 0; i < batch; i++) trainer.train(xs[i], ys[i]);
    };
  },
  matmul: () => 'no matrix product op',
  lstm: () => 'no recurrent layer',
  conv(batch) {
    const net = new this.cn.Net();
    net.makeLayers([
      { type: 'input', out_sx: 28, out_sy: 28, out_depth: 1 },
      { type: 'conv', sx: 3, filters: 16, stride: 1, pad: 1, activation: 'relu' },
      { type: 'pool', sx: 2, stride: 2 },
    ]);
    const xs = Array.from({ length: batch }, () => this.volume(28, 28, 1));
    const gs = Array.from({ length: batch }, () => normals(14 * 14 * 16));
    const grads = net.getParamsAndGrads().map((p) => p.grads);
    const pool = net.layers.at(-1);
    return () => {
      for (const g of grads) g.fill(0);
      for (let i = 0; i < batch; i++) {
        net.forward(xs[i], true);
        pool.out_act.dw.set(gs[i]); // the upstream gradient; backward() of a non-loss last layer reads it
        net.backward();
      }
    };
  },
};

const jsPytorchColumn = {
  name: 'js-pytorch',
  group: 'js-pytorch',
  notes: [
    'tensors are nested JS arrays; its ReLU passes 1e-3 of negatives; its MSELoss is Σ/B² (same work as the mean)',
    'it ships only Adam: SGD + momentum is written with its tensor ops, the way its Adam is',
  ],
  async load(require) {
    this.torch = require('js-pytorch').torch;
  },
  mlp([nIn, nHidden, nOut], batch) {
    const { torch } = this;
    const { nn: jnn } = torch;
    class Net extends jnn.Module {
      constructor() {
        super();
        this.hidden1 = new jnn.Linear(nIn, nHidden);
        this.activation = new jnn.ReLU();
        this.output = new jnn.Linear(nHidden, nOut);
      }
      forward(x) {
        return this.output.forward(this.activation.forward(this.hidden1.forward(x)));
      }
    }
    class SGD {
      constructor(params, lr, momentum) {
        this.params = params;
        this.lr = lr;
        this.momentum = momentum;
        this.buffers = params.map((p) => torch.zeros(p.shape));
      }
      step() {
        for (let i = 0; i < this.params.length; i++) {
          const p = this.params[i];
          this.buffers[i] = this.buffers[i].mul(this.momentum).add(p._grad);
          p._data = p.add(this.buffers[i].mul(-this.lr))._data;
        }
      }
      zero_grad() {
        for (const p of this.params) p.zero_grad();
      }
    }
    const model = new Net();
    const x = torch.tensor(rows(batch, nIn));
    const y = torch.tensor(rows(batch, nOut));
    const lossFn = new jnn.MSELoss();
    const optimizer = new SGD(model.parameters(), 0.01, 0.9);
    return () => {
      optimizer.zero_grad();
      lossFn.forward(model.forward(x), y).backward();
      optimizer.step();
    };
  },
  matmul(n) {
    const a = this.torch.tensor(rows(n, n));
    const b = this.torch.tensor(rows(n, n));
    return () => this.torch.matmul(a, b);
  },
  conv: () => 'no convolution layer',
  lstm: () => 'no recurrent layer',
};

const PEERS = [tfjsColumn('cpu'), tfjsColumn('wasm'), brainColumn, convnetjsColumn, jsPytorchColumn];

// ---------------------------------------------------------------------------------------------
// Installing.

function dirBytes(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true })) total += lstatSync(join(dir, entry)).size;
  return total;
}

/** The group's folder, installing its pinned packages there when any is missing or at another version. */
function ensureGroup(name) {
  const { deps } = GROUPS[name];
  const dir = join(PEERS_DIR, name);
  const installed = (dep) => {
    const pkg = join(dir, 'node_modules', dep, 'package.json');
    return existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).version === deps[dep];
  };
  const record = join(dir, 'install.json');
  if (!Object.keys(deps).every(installed)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ private: true, dependencies: deps }, null, 2)}\n`);
    process.stderr.write(`  installing ${name}: ${Object.entries(deps).map(([d, v]) => `${d}@${v}`).join(' ')} …\n`);
    const t0 = now();
    const r = spawnSync('npm', ['install', '--prefix', dir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) {
      const why = `${r.error?.message ?? ''}${r.stderr ?? ''}`.trim().split('\n').filter((l) => l && !l.includes('complete log')).slice(-2).join(' | ');
      throw new Error(`npm install failed (exit ${r.status}): ${why}`);
    }
    writeFileSync(record, `${JSON.stringify({ seconds: (now() - t0) / 1e3 })}\n`);
  }
  const { seconds } = existsSync(record) ? JSON.parse(readFileSync(record, 'utf8')) : { seconds: NaN };
  return { dir, seconds, bytes: dirBytes(join(dir, 'node_modules')) };
}

/** Installs each peer's group and starts its worker; returns the usable columns and, for the others, why not. */
async function installPeers(chosen) {
  const groups = new Map();
  const ready = [];
  const missing = [];
  for (const peer of chosen) {
    if (!groups.has(peer.group)) {
      try {
        groups.set(peer.group, ensureGroup(peer.group));
      } catch (e) {
        groups.set(peer.group, { error: e.message });
      }
    }
    const { error } = groups.get(peer.group);
    const column = error === undefined ? await jsColumn(peer) : { name: peer.name, reason: error };
    (column.reason === undefined ? ready : missing).push(column);
  }
  return { ready, missing, groups };
}

/** PyTorch through its worker process (bench/peers-torch.py), when /usr/bin/python3 has torch. */
function torchColumn() {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.status !== 0) {
    return { name: 'PyTorch', reason: `${PYTHON} -c 'import torch' failed: ${(r.error?.message ?? r.stderr).trim().split('\n').at(-1)}` };
  }
  const notes = [`torch ${r.stdout.trim()}, torch.set_num_threads(1)`];
  return remoteColumn('PyTorch', () => startWorker(PYTHON, [TORCH_SCRIPT]), notes);
}

/** A JavaScript peer through its worker process, once the worker has loaded it. */
async function jsColumn(peer) {
  const worker = startWorker(process.execPath, [fileURLToPath(import.meta.url), '--worker', peer.name]);
  try {
    const notes = await worker.call({ op: 'load' });
    return { ...remoteColumn(peer.name, () => worker, notes), group: peer.group };
  } catch (e) {
    worker.close();
    return { name: peer.name, reason: e.message };
  }
}

/**
 * A column whose cells a worker prepares and times: `remote(cell, workload, matmulMs)` gives the
 * cell its `prepare` (the worker's warm-up, answered `{ na?, cut?, samples?, live? }`: n/a, the
 * protocol cut, samples already taken, whether to sample it further) and `sample` (one timing).
 */
function remoteColumn(name, connect, notes) {
  let worker = null;
  return {
    name,
    notes,
    remote(cell, workload, matmulMs) {
      worker ??= connect();
      cell.prepare = async () => {
        const { na, cut, samples, live = true } = await worker.call({ op: 'prepare', workload, matmulMs: matmulMs.get(name) });
        if (na !== undefined) {
          Object.assign(cell, { na, samples: null });
          return false;
        }
        Object.assign(cell, { cut, samples: samples ?? [] });
        return live;
      };
      cell.sample = () => worker.call({ op: 'sample' });
    },
    close: () => worker?.close(),
  };
}

/** A worker: one JSON request a line on its stdin, one JSON answer a line on its stdout. */
function startWorker(command, args) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  let exited = null;
  const pending = [];
  const failed = () => new Error(`${args.at(-1)} worker exited (${exited}): ${stderr.trim().split('\n').at(-1)}`);
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.on('error', () => {}); // a dead worker is reported by 'exit'
  createInterface({ input: child.stdout }).on('line', (line) => pending.shift().resolve(JSON.parse(line)));
  child.on('exit', (code, signal) => {
    exited = code ?? signal;
    for (const p of pending.splice(0)) p.reject(failed());
  });
  return {
    async call(request) {
      if (exited !== null) throw failed();
      const answer = await new Promise((resolve, reject) => {
        pending.push({ resolve, reject });
        child.stdin.write(`${JSON.stringify(request)}\n`);
      });
      if ('error' in answer) throw new Error(answer.error);
      return answer.ok;
    },
    close: () => child.stdin.end(),
  };
}

/**
 * A JavaScript peer's side of the worker protocol (peers-torch.py's, plus `load`): loads the
 * peer, then for each workload builds and warms up the cell as torchlet's are built, answering
 * `prepare` with what the table needs of it, and `sample` with one timing.
 */
async function serve(name) {
  const peer = PEERS.find((p) => p.name === name);
  let cell = null;
  for await (const line of createInterface({ input: process.stdin })) {
    const { op, workload, matmulMs } = JSON.parse(line);
    let answer;
    try {
      if (op === 'load') {
        await peer.load(createRequire(join(PEERS_DIR, peer.group, 'package.json')));
        answer = peer.notes ?? [];
      } else if (op === 'prepare') {
        cell = localCell(peer, workload, new Map(matmulMs === undefined ? [] : [[name, matmulMs]]));
        let live = false;
        if (cell.na === undefined) {
          await peer.enter?.();
          live = (await cell.prepare()) !== false;
        }
        answer = { na: cell.na, cut: cell.cut, samples: cell.samples, live };
      } else {
        await peer.enter?.();
        answer = await cell.sample();
      }
      answer = { ok: answer };
    } catch (e) {
      answer = { error: e.message };
    }
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

// ---------------------------------------------------------------------------------------------
// Timing. A cell has `prepare()` (its warm-up) and `sample()` (REWARM_MS untimed, then one timing).
// Each cell is warmed up on its own, then the repeats go round the cells, so that a noisy machine
// slows all of them alike.

/** Readies each cell (one whose warm-up throws becomes n/a; one whose `prepare` returns false is done), then samples the others in turn. */
async function interleaved(cells, repeats) {
  const live = [];
  for (const c of cells) {
    await c.column.enter?.();
    try {
      if ((await c.prepare()) !== false) live.push(c);
    } catch (e) {
      c.na = `fails: ${e.message}`;
      c.samples = null;
    }
  }
  for (let r = 0; r < repeats; r++) {
    for (const c of live) {
      await c.column.enter?.();
      c.samples.push(await c.sample());
    }
  }
}

/** Runs `fn` untimed for REWARM_MS, at least once. */
function rewarm(fn) {
  const t0 = now();
  do fn();
  while (now() - t0 < REWARM_MS);
}

/** A cell's time budget: torchlet, the reference, always runs the whole protocol. */
const budgetOf = (c, ms) => (c.column === torchlet ? Infinity : ms);

/**
 * An in-process cell timed in milliseconds per step under a training protocol. A cell whose
 * warm-up says the protocol would outlast CELL_BUDGET_MS stops warming up at a quarter of it and
 * gets fewer steps per repeat, sized by the mean of its later warm-up steps; `cut` says what it ran.
 */
function stepTimer(c, { warmup, repeats, steps }) {
  c.prepare = () => {
    const budget = budgetOf(c, CELL_BUDGET_MS);
    const times = [];
    let spent = 0;
    while (times.length < warmup && spent < budget / 4) {
      times.push(loop(c.fn, 1));
      spent += times.at(-1);
    }
    const later = times.slice(times.length >> 1);
    const perStep = later.reduce((a, b) => a + b, 0) / later.length;
    c.steps = Math.min(steps, Math.max(1, Math.floor(budget / (repeats * perStep))));
    if (c.steps < steps || times.length < warmup) c.cut = `${times.length} warm-up + ${repeats} × ${c.steps} steps`;
  };
  c.sample = () => {
    rewarm(c.fn);
    return loop(c.fn, c.steps) / c.steps;
  };
}

/**
 * An in-process cell timed in GFLOP/s of N×N products, as run.mjs's `timed`: a warm-up product,
 * then timings of ≥ minMs each. A cell whose warm-up product says its repeats would outlast
 * MATMUL_BUDGET_MS reports that one product alone.
 */
function matmulTimer(c, { n, repeats, minMs }) {
  const rate = (ms) => (2 * n ** 3) / (ms * 1e6);
  c.prepare = () => {
    const first = loop(c.fn, 1);
    if (first * (repeats + 1) > budgetOf(c, MATMUL_BUDGET_MS)) {
      c.samples.push(rate(first));
      c.cut = `its warm-up product alone (${fmt(first / 1e3)} s)`;
      return false;
    }
    c.iters = first >= minMs ? 1 : itersFor((k) => loop(c.fn, k), minMs);
    return true;
  };
  c.sample = () => {
    rewarm(c.fn);
    return rate(loop(c.fn, c.iters) / c.iters);
  };
}

/** A cell of workload `w` for an in-process column: `{ column, na }` or one with its timer. */
function localCell(column, w, matmulMs) {
  let fn;
  if (w.kind === 'matmul') {
    const perProduct = (matmulMs.get(column.name) ?? 0) * (w.n / 256) ** 3;
    fn = perProduct * (w.repeats + 1) > MATMUL_BUDGET_MS
      ? `skipped: ~${fmt(perProduct / 1e3)} s a product at its N=256 rate, over the ${MATMUL_BUDGET_MS / 1e3} s budget`
      : column.matmul(w.n);
  } else if (w.kind === 'lstm') {
    fn = column.lstm(w.sizes, w.seq, w.batch);
  } else {
    fn = w.kind === 'mlp' ? column.mlp(w.sizes, w.batch) : column.conv(w.batch);
  }
  if (typeof fn === 'string') return { column, na: fn };
  const cell = { column, fn, samples: [] };
  (w.kind === 'matmul' ? matmulTimer : stepTimer)(cell, w);
  return cell;
}

/** One workload on every column: cells `{ column, samples }` or `{ column, na }`. */
async function runWorkload(w, columns, matmulMs) {
  const cells = columns.map((column) => {
    if (!column.remote) return localCell(column, w, matmulMs);
    const cell = { column, samples: [] };
    column.remote(cell, w, matmulMs);
    return cell;
  });
  await interleaved(cells.filter((c) => c.prepare), w.repeats);
  if (w.kind === 'matmul' && w.n === 256) {
    for (const c of cells.filter((x) => x.samples)) matmulMs.set(c.column.name, (2 * 256 ** 3) / (median(c.samples) * 1e6));
  }
  if (w.unit !== 'GFLOP/s') {
    const scale = { 'µs': 1e3, ms: 1 }[w.unit]; // from ms per step
    for (const c of cells) if (c.samples) c.samples = c.samples.map((t) => t * scale);
  }
  return cells;
}

// ---------------------------------------------------------------------------------------------
// Printing.

const MIB = 2 ** 20;

/** A time ratio torchlet ÷ peer from two medians: for rates the peer's over torchlet's. */
const timeRatio = (unit, mine, theirs) => (unit === 'GFLOP/s' ? theirs / mine : mine / theirs);

function table(results, columns) {
  const head = ['workload', 'torchlet', 'vs baseline', ...columns.map((c) => c.name)];
  const body = [];
  const spreads = [];
  for (const { w, cells, baseline } of results) {
    const mine = cells[0];
    const med = median(mine.samples ?? [NaN]);
    const own =
      mine.na !== undefined
        ? [`n/a: ${mine.na}`, '—']
        : [
            `${fmt(med)} ${w.unit}`,
            w.unit === 'GFLOP/s' ? `${fmt(med / median(baseline.gflops))} ×r` : `${fmt((med * (w.unit === 'µs' ? 1e-6 : 1e-3)) / median(baseline.seconds))} ×t`,
          ];
    const peerCells = cells.slice(1).map((c) => {
      if (c.na !== undefined) return c.na.startsWith('skipped') ? 'skipped‡' : 'n/a';
      const m = median(c.samples);
      const ratio = mine.samples ? `  ×${fmt(timeRatio(w.unit, med, m))}` : '';
      return `${fmt(m)} ${w.unit}${c.cut ? '†' : ''}${ratio}`;
    });
    body.push([w.label, ...own, ...peerCells]);
    const halfRange = (c) => {
      if (!c.samples) return '—';
      const m = median(c.samples);
      return `±${fmt(((Math.max(...c.samples) - Math.min(...c.samples)) / m / 2) * 100)}% n=${c.samples.length}`;
    };
    spreads.push([w.label, halfRange(mine), '', ...cells.slice(1).map(halfRange)]);
  }
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length), ...spreads.map((r) => r[i].length)));
  const line = (cells) => cells.map((s, i) => (i === 0 ? s.padEnd(widths[i]) : s.padStart(widths[i]))).join('  ');
  const rule = widths.map((n) => '─'.repeat(n)).join('  ');
  return [line(head), rule, ...body.map(line), '', 'spread of the repeats (half-range % of the median, repeats):', line(head), rule, ...spreads.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Main.

async function main(argv) {
  const peersAt = argv.indexOf('--peers');
  const peerNames = peersAt >= 0 ? (argv[peersAt + 1] ?? '').split(',') : null;
  const ids = argv.filter((a, i) => !a.startsWith('--') && (peersAt < 0 || i !== peersAt + 1));
  const known = [...new Set(WORKLOADS.map((w) => w.id))];
  const unknown = ids.filter((a) => !known.includes(a));
  if (unknown.length > 0) throw new Error(`unknown workload(s) ${unknown.join(', ')}; expected some of ${known.join(', ')}`);
  const allPeers = [...PEERS.map((p) => p.name), 'PyTorch'];
  const badPeers = (peerNames ?? []).filter((p) => !allPeers.includes(p));
  if (badPeers.length > 0) throw new Error(`unknown peer(s) ${badPeers.join(', ')}; expected some of ${allPeers.join(', ')}`);
  const wanted = (name) => peerNames === null || peerNames.includes(name);
  const chosen = ids.length === 0 ? WORKLOADS : WORKLOADS.filter((w) => ids.includes(w.id));

  const started = now();
  const { ready, missing, groups } = await installPeers(PEERS.filter((p) => wanted(p.name)));
  if (wanted('PyTorch')) {
    const torch = torchColumn();
    if (torch.reason) missing.push(torch);
    else ready.push(torch);
  }
  const columns = [torchlet, ...ready];

  const baselines = [measureBaseline()];
  const results = [];
  const matmulMs = new Map(); // each column's ms per N=256 product, which sizes its N=1024 run
  for (const w of chosen) {
    const t0 = now();
    const cells = await runWorkload(w, columns, matmulMs);
    baselines.push(measureBaseline());
    const around = baselines.slice(-2);
    results.push({ w, cells, baseline: { seconds: around.flatMap((b) => b.seconds), gflops: around.flatMap((b) => b.gflops) } });
    process.stderr.write(`  ${w.label} done in ${fmt((now() - t0) / 1e3)} s\n`);
  }
  const all = { seconds: baselines.flatMap((b) => b.seconds), gflops: baselines.flatMap((b) => b.gflops) };
  for (const c of columns) c.close?.();

  console.log(`torchlet vs peers — node ${process.version}, ${process.platform}/${process.arch}, one thread everywhere, each library in a process of its own`);
  for (const w of chosen) console.log(`  ${w.label}: ${w.about}`);
  console.log();
  console.log(
    'Each peer cell: its median, then ×(torchlet ÷ peer) in time — for GFLOP/s rows the peer\'s rate ÷ torchlet\'s —\n' +
      'so ×<1 means torchlet is faster, ×>1 that the peer is. "vs baseline" is torchlet against the naive JS matmul\n' +
      'measured in this process around each workload, as in `npm run bench` (×t: time ÷ its time, ×r: rate ÷ its rate).',
  );
  console.log();
  console.log(table(results, columns.slice(1)));
  console.log();
  const cuts = results.flatMap(({ w, cells }) => cells.filter((c) => c.cut).map((c) => `${c.column.name} ${w.label}: ${c.cut}`));
  if (cuts.length > 0) {
    console.log(`† protocol cut to fit ${CELL_BUDGET_MS / 1e3} s a training cell, ${MATMUL_BUDGET_MS / 1e3} s a matmul cell:`);
    console.log(cuts.map((s) => `  ${s}`).join('\n'));
  }
  const nas = results.flatMap(({ w, cells }) => cells.filter((c) => c.na !== undefined).map((c) => `${c.column.name} ${w.label}: ${c.na}`));
  if (nas.length > 0) console.log(`n/a and skipped‡:\n${nas.map((s) => `  ${s}`).join('\n')}`);
  console.log('peers:');
  for (const c of ready) {
    const g = groups.get(c.group);
    const pinned = c.group ? Object.entries(GROUPS[c.group].deps).map(([d, v]) => `${d}@${v}`).join(' ') : '';
    const size = g ? ` (bench/peers/${c.group}: ${fmt(g.bytes / MIB)} MiB, installed in ${fmt(g.seconds)} s)` : '';
    console.log(`  ${c.name}: ${[pinned + size, ...(c.notes ?? [])].filter(Boolean).join('; ')}`);
  }
  for (const m of missing) console.log(`  ${m.name}: not available: ${m.reason}`);
  console.log(
    `baseline drift (GFLOP/s, medians at each measurement): ${baselines.map((b) => fmt(median(b.gflops))).join(' → ')} ` +
      `(${fmt(median(all.seconds) * 1e3)} ms a product overall); total ${fmt((now() - started) / 1e3)} s.`,
  );
}

if (process.argv[2] === '--worker') await serve(process.argv[3]);
else await main(process.argv.slice(2));
