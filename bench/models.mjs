// The models the benchmarks share, built from the package as a user would.
import { nn } from '../dist/index.js';

/** The article's Net: Linear(nIn, nHidden) → ReLU → Linear(nHidden, nOut). */
export class Net extends nn.Module {
  constructor(nIn, nHidden, nOut) {
    super();
    this.hidden1 = new nn.Linear(nIn, nHidden);
    this.activation = new nn.ReLU();
    this.output = new nn.Linear(nHidden, nOut);
  }

  forward(x) {
    return this.output(this.activation(this.hidden1(x)));
  }
}
