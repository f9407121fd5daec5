// The article's prediction model in torchlet: class Net extends nn.Module with a hidden
// Linear layer, a ReLU activation and an output Linear layer, trained with MSELoss and SGD.
//
//   npm run example
//
// The data is generated here: 3 input features and a target that depends on them non-linearly,
// standing in for a small tabular prediction problem (say, a price from three measurements).
import { manualSeed, nn, noGrad, optim, randn } from 'torchlet';

class Net extends nn.Module {
  constructor(nInput, nOutput) {
    super();
    this.hidden1 = new nn.Linear(nInput, 10); // input layer → hidden layer
    this.activation = new nn.ReLU(); // activation function
    this.output = new nn.Linear(10, nOutput); // hidden layer → output layer
  }

  forward(x) {
    // forward propagation
    return this.output(this.activation(this.hidden1(x)));
  }
}

manualSeed(0);

// y = 2·x₀ − x₁ + 0.5·x₂² + noise
function makeData(n) {
  const x = randn(n, 3);
  const [x0, x1, x2] = [0, 1, 2].map((i) => x.narrow(1, i, 1));
  const y = x0.mul(2).sub(x1).add(x2.pow(2).mul(0.5)).add(randn(n, 1).mul(0.1));
  return { x, y };
}

const train = makeData(800);
const test = makeData(200);

const model = new Net(3, 1);
console.log(String(model));
console.log();

const lossFn = new nn.MSELoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const batchSize = 32;
const epochs = 30;

for (let epoch = 1; epoch <= epochs; epoch++) {
  let total = 0;
  for (let start = 0; start < 800; start += batchSize) {
    const x = train.x.narrow(0, start, batchSize);
    const y = train.y.narrow(0, start, batchSize);
    optimizer.zeroGrad();
    const loss = lossFn(model(x), y);
    loss.backward();
    optimizer.step();
    total += loss.item() * batchSize;
  }
  if (epoch === 1 || epoch % 5 === 0) {
    const testLoss = noGrad(() => lossFn(model(test.x), test.y).item());
    console.log(`epoch ${String(epoch).padStart(2)}  train loss ${(total / 800).toFixed(4)}  test loss ${testLoss.toFixed(4)}`);
  }
}

// How good is the fit? R² on the test set, and a few predictions next to the truth.
noGrad(() => {
  const prediction = model(test.x);
  const residual = prediction.sub(test.y).pow(2).sum().item();
  const spread = test.y.sub(test.y.mean()).pow(2).sum().item();
  console.log(`\ntest R² = ${(1 - residual / spread).toFixed(4)}`);
  console.log('prediction  target');
  for (let i = 0; i < 5; i++) {
    console.log(`${prediction.data[i].toFixed(3).padStart(10)}  ${test.y.data[i].toFixed(3).padStart(6)}`);
  }
});
