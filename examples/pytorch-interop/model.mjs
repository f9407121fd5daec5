// The article's Net in torchlet, and the inputs both sides predict on (PROBE in net.py).
import { nn, tensor } from 'torchlet';

export class Net extends nn.Module {
  constructor(nInput, nOutput) {
    super();
    this.hidden1 = new nn.Linear(nInput, 10);
    this.activation = new nn.ReLU();
    this.output = new nn.Linear(10, nOutput);
  }

  forward(x) {
    return this.output(this.activation(this.hidden1(x)));
  }
}

export const probe = tensor([[0.5, -1.0, 2.0], [1.5, 0.0, -0.5], [-2.0, 1.0, 1.0], [0.0, 0.0, 0.0], [3.0, -2.0, 0.5]]);
