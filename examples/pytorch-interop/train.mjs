// torchlet → PyTorch: train the article's Net in torchlet and save its weights as safetensors.
//
//   node train.mjs      # writes net-torchlet.safetensors and prints torchlet's predictions
//   python check.py     # loads them into the same Net in PyTorch and prints its predictions
import { manualSeed, nn, noGrad, optim, randn } from 'torchlet';
import { save } from 'torchlet/node';
import { Net, probe } from './model.mjs';

manualSeed(0);
const x = randn(256, 3);
const [x0, x1, x2] = [0, 1, 2].map((i) => x.narrow(1, i, 1));
const y = x0.mul(2).sub(x1).add(x2.pow(2).mul(0.5));

const model = new Net(3, 1);
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
let loss;
for (let epoch = 0; epoch < 200; epoch++) {
  optimizer.zeroGrad();
  loss = new nn.MSELoss()(model(x), y);
  loss.backward();
  optimizer.step();
}
console.log(`final loss ${loss.item().toFixed(6)}`);

save(model.stateDict(), 'net-torchlet.safetensors');
noGrad(() => {
  for (const value of model(probe).data) console.log(value.toFixed(6));
});
