// The models the nn golden tests build in both languages (scripts/golden/nn.py has their twins).
import { nn, type Tensor } from '../../src/index';

/** The article's model: input → Linear(nInput, 10) → ReLU → Linear(10, nOutput). */
export class Net extends nn.Module {
  hidden1: nn.Linear;
  activation: nn.ReLU;
  output: nn.Linear;

  constructor(nInput: number, nOutput: number) {
    super();
    this.hidden1 = new nn.Linear(nInput, 10);
    this.activation = new nn.ReLU();
    this.output = new nn.Linear(10, nOutput);
  }

  override forward(x: Tensor): Tensor {
    return this.output(this.activation(this.hidden1(x)));
  }
}

export class Block extends nn.Module {
  fc = new nn.Linear(4, 4);
  act = new nn.ReLU();
}

/** Nesting and a null child, for repr and state-dict order. */
export class Deep extends nn.Module {
  block = new Block();
  empty = null;
  declare skip: nn.Module | null;
  head: nn.Linear;

  constructor() {
    super();
    this.registerModule('skip', null);
    this.head = new nn.Linear(4, 2, { bias: false });
  }
}
