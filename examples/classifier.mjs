// A multi-class classifier: nn.Sequential with BatchNorm1d, Dropout and CrossEntropyLoss.
//
//   npm run build && node examples/classifier.mjs
//
// The data is generated here: 5 classes of points in 8 dimensions, each class a noisy cloud
// around its own centre, the clouds overlapping enough that 100% is out of reach.
import { F, manualSeed, nn, noGrad, optim, randn, tensor } from 'torchlet';

manualSeed(0);
const classes = 5;
const features = 8;
const samples = 1500;

const centres = randn(classes, features).mul(1.2); // (5, 8)
const labels = tensor(Array.from({ length: samples }, (_, i) => i % classes)); // class indices, interleaved
const points = F.embedding(labels, centres).add(randn(samples, features)); // each row: its centre + noise

const trainCount = 1200;
const train = { x: points.narrow(0, 0, trainCount), y: labels.narrow(0, 0, trainCount) };
const test = { x: points.narrow(0, trainCount, samples - trainCount), y: labels.narrow(0, trainCount, samples - trainCount) };

const model = new nn.Sequential(
  new nn.Linear(features, 64),
  new nn.BatchNorm1d(64),
  new nn.ReLU(),
  new nn.Dropout({ p: 0.2 }),
  new nn.Linear(64, 64),
  new nn.BatchNorm1d(64),
  new nn.ReLU(),
  new nn.Dropout({ p: 0.2 }),
  new nn.Linear(64, classes),
);
console.log(String(model));
console.log();

const lossFn = new nn.CrossEntropyLoss();
const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });

/** The fraction of rows whose highest logit is the true class, in eval mode (running stats, no dropout). */
function accuracy({ x, y }) {
  model.eval();
  const correct = noGrad(() => model(x).argmax(1).eq(y).mean().item());
  model.train();
  return correct;
}

const batchSize = 64;
for (let epoch = 1; epoch <= 15; epoch++) {
  let total = 0;
  let batches = 0;
  for (let start = 0; start + batchSize <= trainCount; start += batchSize) {
    optimizer.zeroGrad();
    const loss = lossFn(model(train.x.narrow(0, start, batchSize)), train.y.narrow(0, start, batchSize));
    loss.backward();
    optimizer.step();
    total += loss.item();
    batches++;
  }
  const line = `epoch ${String(epoch).padStart(2)}  loss ${(total / batches).toFixed(4)}`;
  console.log(`${line}  train accuracy ${(100 * accuracy(train)).toFixed(1)}%  test accuracy ${(100 * accuracy(test)).toFixed(1)}%`);
}
