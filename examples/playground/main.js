// The torchlet playground: an nn.Sequential classifier trained live on a 2-D toy data set.
// It imports the package's own build (dist/), so build first: `npm run playground` does both.
// Training runs a few steps per animation frame, so the page keeps responding while it learns.

const $ = (id) => document.getElementById(id);
const controls = {
  dataset: $('dataset'), hidden: $('hidden'), activation: $('activation'), optimizer: $('optimizer'), lr: $('lr'),
};
const status = $('status');
const errorBox = $('error');
const boundaryCanvas = $('boundary');
const lossCanvas = $('loss');

let torchlet;
try {
  torchlet = await import('../../dist/index.js');
} catch (error) {
  errorBox.textContent = `Could not load ../../dist/index.js (${error.message}). ` +
    'Build the package first: "npm run build", or start this page with "npm run playground".';
  throw error;
}
const { nn, optim, tensor, noGrad, manualSeed } = torchlet;

// ---- data: 200 labelled points in about [-1, 1]², the same set on every restart ----

const POINTS = 200;
const VIEW = 1.25; // the canvases show [-VIEW, VIEW]²

/** A small seeded generator (mulberry32), so a data set looks the same every time. */
function seeded(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each maker returns, for point i, its class (0 or 1) and its coordinates. */
const makers = {
  // class 0 inside radius 0.5, class 1 on a ring from 0.7 to 1.0
  circles(i, rand) {
    const label = i % 2;
    const r = label === 0 ? 0.5 * Math.sqrt(rand()) : 0.7 + 0.3 * rand();
    const angle = 2 * Math.PI * rand();
    return [label, r * Math.cos(angle), r * Math.sin(angle)];
  },
  // two interleaved arms, 1.5 turns each
  spirals(i, rand) {
    const label = i % 2;
    const t = Math.floor(i / 2) / (POINTS / 2);
    const r = 0.1 + 0.9 * t;
    const angle = 3 * Math.PI * t + label * Math.PI;
    return [label, r * Math.cos(angle) + 0.04 * (rand() - 0.5), r * Math.sin(angle) + 0.04 * (rand() - 0.5)];
  },
  // class 0 where x and y have the same sign, class 1 where they differ; a small gap on the axes
  xor(_i, rand) {
    const away = (v) => (v < 0 ? v - 0.05 : v + 0.05);
    const x = away(1.9 * rand() - 0.95);
    const y = away(1.9 * rand() - 0.95);
    return [x * y > 0 ? 0 : 1, x, y];
  },
};

function makeData(name) {
  const rand = seeded(42);
  const points = new Float32Array(POINTS * 2);
  const labels = new Float32Array(POINTS);
  for (let i = 0; i < POINTS; i++) {
    const [label, x, y] = makers[name](i, rand);
    labels[i] = label;
    points[2 * i] = x;
    points[2 * i + 1] = y;
  }
  return { points, labels, x: tensor(points, { shape: [POINTS, 2] }), y: tensor(labels) };
}

// ---- the model: Linear → activation → … → Linear(·, 2), one logit per class ----

/** "8, 8" → [8, 8]; "" → [] (no hidden layer: a linear classifier). */
function parseHidden(text) {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const p of parts) {
    if (!/^\d+$/.test(p) || +p < 1 || +p > 256) throw new Error(`hidden layer sizes are whole numbers from 1 to 256, got "${p}"`);
  }
  return parts.map(Number);
}

function buildModel(hidden, activation) {
  const layers = [];
  let width = 2;
  for (const size of hidden) {
    layers.push(new nn.Linear(width, size), new nn[activation]());
    width = size;
  }
  layers.push(new nn.Linear(width, 2));
  return new nn.Sequential(...layers);
}

function buildOptimizer(name, params, lr) {
  return name === 'SGD' ? new optim.SGD(params, { lr, momentum: 0.9 }) : new optim.Adam(params, { lr });
}

function readLr() {
  const lr = Number(controls.lr.value);
  if (!(lr > 0)) throw new Error(`the learning rate must be a positive number, got "${controls.lr.value}"`);
  return lr;
}

// ---- the grid of points whose predictions colour the boundary canvas ----

const GRID = 64;
const gridPoints = new Float32Array(GRID * GRID * 2);
for (let row = 0; row < GRID; row++) {
  for (let col = 0; col < GRID; col++) {
    const i = row * GRID + col;
    gridPoints[2 * i] = -VIEW + (2 * VIEW * (col + 0.5)) / GRID; // x grows to the right
    gridPoints[2 * i + 1] = VIEW - (2 * VIEW * (row + 0.5)) / GRID; // y grows upwards
  }
}
const grid = tensor(gridPoints, { shape: [GRID * GRID, 2] });

const COLORS = [[232, 116, 59], [42, 122, 176]]; // class 0, class 1 (as --class0, --class1)

// ---- state and the training loop ----

let run = null; // { data, model, optimizer, lossFn, losses }
let paused = false;

function restart() {
  errorBox.textContent = '';
  let hidden, lr;
  try {
    hidden = parseHidden(controls.hidden.value);
    lr = readLr();
  } catch (error) {
    errorBox.textContent = error.message;
    return;
  }
  manualSeed(0); // the same settings give the same starting weights
  const model = buildModel(hidden, controls.activation.value);
  run = {
    data: makeData(controls.dataset.value),
    model,
    optimizer: buildOptimizer(controls.optimizer.value, model.parameters(), lr),
    lossFn: new nn.CrossEntropyLoss(),
    losses: [],
  };
  $('model').textContent = String(model);
  draw();
}

/** One full-batch step: forward, loss, backward, update. */
function trainStep() {
  const { data, model, optimizer, lossFn, losses } = run;
  optimizer.zeroGrad();
  const loss = lossFn(model(data.x), data.y);
  loss.backward();
  optimizer.step();
  losses.push(loss.item());
}

const FRAME_BUDGET_MS = 10;
const MAX_STEPS_PER_FRAME = 8;

function frame() {
  if (run !== null && !paused) {
    const start = performance.now();
    for (let i = 0; i < MAX_STEPS_PER_FRAME && performance.now() - start < FRAME_BUDGET_MS; i++) trainStep();
    draw();
  }
  requestAnimationFrame(frame);
}

// ---- drawing ----

function draw() {
  drawBoundary();
  drawLoss();
  const { losses } = run;
  const epoch = losses.length;
  const accuracy = trainingAccuracy();
  status.dataset.epoch = String(epoch);
  if (epoch > 0) {
    status.dataset.loss = String(losses[epoch - 1]);
    status.dataset.firstLoss = String(losses[0]);
  }
  status.textContent = epoch === 0
    ? 'ready'
    : `epoch ${epoch} · loss ${losses[epoch - 1].toFixed(4)} · accuracy ${(100 * accuracy).toFixed(1)}%${paused ? ' · paused' : ''}`;
}

function trainingAccuracy() {
  const { data, model } = run;
  const predicted = noGrad(() => model(data.x).argmax(1)).data;
  let correct = 0;
  for (let i = 0; i < POINTS; i++) if (predicted[i] === data.labels[i]) correct++;
  return correct / POINTS;
}

const gridCanvas = document.createElement('canvas');
gridCanvas.width = GRID;
gridCanvas.height = GRID;

/** Each grid cell coloured by P(class 1): orange → white (unsure) → blue; then the data points. */
function drawBoundary() {
  const { model, data } = run;
  const probs = noGrad(() => model(grid).softmax(1)).data; // (GRID², 2)
  const gctx = gridCanvas.getContext('2d');
  const image = gctx.createImageData(GRID, GRID);
  for (let i = 0; i < GRID * GRID; i++) {
    const p = probs[2 * i + 1];
    const color = COLORS[p > 0.5 ? 1 : 0];
    const strength = 0.65 * Math.abs(2 * p - 1);
    for (let c = 0; c < 3; c++) image.data[4 * i + c] = Math.round(255 + (color[c] - 255) * strength);
    image.data[4 * i + 3] = 255;
  }
  gctx.putImageData(image, 0, 0);

  const ctx = boundaryCanvas.getContext('2d');
  const { width, height } = boundaryCanvas;
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(gridCanvas, 0, 0, width, height);
  ctx.lineWidth = 1;
  ctx.strokeStyle = 'white';
  for (let i = 0; i < POINTS; i++) {
    const px = ((data.points[2 * i] + VIEW) / (2 * VIEW)) * width;
    const py = ((VIEW - data.points[2 * i + 1]) / (2 * VIEW)) * height;
    ctx.beginPath();
    ctx.arc(px, py, 3.5, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${COLORS[data.labels[i]].join(',')})`;
    ctx.fill();
    ctx.stroke();
  }
}

/** The loss of every epoch so far, scaled to fit: x from epoch 1 to now, y from 0 to the largest loss. */
function drawLoss() {
  const { losses } = run;
  const ctx = lossCanvas.getContext('2d');
  const { width, height } = lossCanvas;
  const pad = 6;
  ctx.clearRect(0, 0, width, height);
  ctx.strokeStyle = '#ddd';
  ctx.beginPath();
  ctx.moveTo(pad, height - pad);
  ctx.lineTo(width - pad, height - pad);
  ctx.stroke();
  if (losses.length < 2) return;
  let top = 0;
  for (const l of losses) if (l > top) top = l;
  ctx.strokeStyle = '#2a7ab0';
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  const plotWidth = width - 2 * pad;
  for (let px = 0; px <= plotWidth; px++) {
    const l = losses[Math.round((px / plotWidth) * (losses.length - 1))];
    const py = height - pad - (l / top) * (height - 2 * pad);
    if (px === 0) ctx.moveTo(pad + px, py);
    else ctx.lineTo(pad + px, py);
  }
  ctx.stroke();
  ctx.fillStyle = '#555';
  ctx.font = '11px system-ui, sans-serif';
  ctx.fillText(top.toFixed(3), pad + 2, pad + 10);
}

// ---- controls: a new data set or architecture restarts; the learning rate changes in place ----

$('controls').addEventListener('submit', (event) => {
  event.preventDefault();
  restart();
});
for (const name of ['dataset', 'activation', 'optimizer']) controls[name].addEventListener('change', restart);
controls.hidden.addEventListener('change', restart);
controls.lr.addEventListener('change', () => {
  if (run === null) return restart();
  try {
    const lr = readLr();
    for (const group of run.optimizer.paramGroups) group.lr = lr;
    errorBox.textContent = '';
  } catch (error) {
    errorBox.textContent = error.message;
  }
});
$('toggle').addEventListener('click', () => {
  paused = !paused;
  $('toggle').textContent = paused ? 'Resume' : 'Pause';
  if (run !== null) draw();
});

restart();
requestAnimationFrame(frame);
