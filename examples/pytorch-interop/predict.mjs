// PyTorch → torchlet: load the weights train.py saved into the same Net and predict.
import { noGrad } from 'torchlet';
import { load } from 'torchlet/node';
import { Net, probe } from './model.mjs';

const model = new Net(3, 1);
model.loadStateDict(load('net-pytorch.safetensors'));
noGrad(() => {
  for (const value of model(probe).data) console.log(value.toFixed(6));
});
