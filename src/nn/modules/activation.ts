// Activation layers: stateless modules around the F.* functions. An `inplace` option is
// accepted where PyTorch has one and shown in the repr; the result is computed out of place
// either way, which gives the same values and gradients.
import { pythonFloat } from '../../tensor/print';
import { checkNumber, type Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { Module } from './module';

/** A parameter PyTorch declares as int (Softplus's beta, threshold): integers print without '.0'. */
const pyNumber = (value: number): string => (Number.isInteger(value) ? String(value) : pythonFloat(value));

const inplaceRepr = (inplace: boolean, separator = ''): string => (inplace ? `${separator}inplace=True` : '');

/**
 * max(x, 0) element by element (`torch.nn.ReLU`), the usual activation of hidden layers.
 *
 * @example
 * ```ts
 * new nn.ReLU()(tensor([-1, 0, 2])).tolist(); // [0, 0, 2]
 * ```
 */
export class ReLU extends Module {
  readonly inplace: boolean;

  constructor({ inplace = false }: { inplace?: boolean } = {}) {
    super();
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return F.relu(input);
  }

  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/**
 * 1 / (1 + e⁻ˣ) element by element: squashes into (0, 1), e.g. a probability.
 *
 * @example
 * ```ts
 * new nn.Sigmoid()(tensor([0])).tolist(); // [0.5]
 * ```
 */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/**
 * The hyperbolic tangent element by element: squashes into (-1, 1).
 *
 * @example
 * ```ts
 * new nn.Tanh()(tensor([0, 100])).tolist(); // [0, 1]
 * ```
 */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

/** Softmax and LogSoftmax: a `dim`, or null for PyTorch's deprecated implicit choice. */
abstract class SoftmaxLike extends Module {
  readonly dim: number | null;

  constructor({ dim = null }: { dim?: number | null } = {}) {
    super();
    this.dim = dim;
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? 'None'}`;
  }
}

/**
 * exp(x) / Σ exp(x) along `dim`: turns scores into probabilities that sum to 1.
 *
 * @example
 * ```ts
 * new nn.Softmax({ dim: 1 })(tensor([[1, 1]])).tolist(); // [[0.5, 0.5]]
 * ```
 */
export class Softmax extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

/**
 * log(softmax(x)) along `dim`, computed stably; pairs with `NLLLoss`.
 *
 * @example
 * ```ts
 * new nn.LogSoftmax({ dim: 1 })(randn(2, 5)).exp().sum(1); // ≈ tensor([1., 1.])
 * ```
 */
export class LogSoftmax extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
}

/**
 * x for x ≥ 0, negativeSlope·x below (default slope 0.01).
 *
 * @example
 * ```ts
 * new nn.LeakyReLU({ negativeSlope: 0.1 })(tensor([-10, 5])).tolist(); // [-1, 5]
 * ```
 */
export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;

  constructor({ negativeSlope = 0.01, inplace = false }: { negativeSlope?: number; inplace?: boolean } = {}) {
    super();
    checkNumber(negativeSlope, 'LeakyReLU', 'negative_slope');
    this.negativeSlope = negativeSlope;
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return F.leakyRelu(input, { negativeSlope: this.negativeSlope });
  }

  override extraRepr(): string {
    return `negative_slope=${pythonFloat(this.negativeSlope)}${inplaceRepr(this.inplace, ', ')}`;
  }
}

/**
 * x·Φ(x), Φ the standard normal CDF; `approximate: 'tanh'` uses PyTorch's tanh approximation.
 *
 * @example
 * ```ts
 * String(new nn.GELU({ approximate: 'tanh' })); // "GELU(approximate='tanh')"
 * new nn.GELU()(tensor([0])).tolist();          // [0]
 * ```
 */
export class GELU extends Module {
  readonly approximate: F.GeluApproximate;

  constructor({ approximate = 'none' }: { approximate?: F.GeluApproximate } = {}) {
    super();
    F.checkGeluApproximate(approximate);
    this.approximate = approximate;
  }

  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * x·σ(x) (also called swish).
 *
 * @example
 * ```ts
 * new nn.SiLU()(tensor([0])).tolist(); // [0]
 * ```
 */
export class SiLU extends Module {
  readonly inplace: boolean;

  constructor({ inplace = false }: { inplace?: boolean } = {}) {
    super();
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return F.silu(input);
  }

  override extraRepr(): string {
    return inplaceRepr(this.inplace);
  }
}

/**
 * x for x > 0, alpha·(eˣ − 1) below.
 *
 * @example
 * ```ts
 * new nn.ELU()(tensor([-1, 1])); // tensor([-0.6321,  1.0000])
 * ```
 */
export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;

  constructor({ alpha = 1, inplace = false }: { alpha?: number; inplace?: boolean } = {}) {
    super();
    checkNumber(alpha, 'ELU', 'alpha');
    this.alpha = alpha;
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return F.elu(input, { alpha: this.alpha });
  }

  override extraRepr(): string {
    return `alpha=${pythonFloat(this.alpha)}${inplaceRepr(this.inplace, ', ')}`;
  }
}

/**
 * log(1 + e^(beta·x)) / beta, a smooth ReLU; linear above `threshold` for stability.
 *
 * @example
 * ```ts
 * new nn.Softplus({ beta: 2 })(tensor([0])); // tensor([0.3466]), ln 2 / 2
 * ```
 */
export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor({ beta = 1, threshold = 20 }: { beta?: number; threshold?: number } = {}) {
    super();
    checkNumber(beta, 'Softplus', 'beta');
    checkNumber(threshold, 'Softplus', 'threshold');
    this.beta = beta;
    this.threshold = threshold;
  }

  override forward(input: Tensor): Tensor {
    return F.softplus(input, { beta: this.beta, threshold: this.threshold });
  }

  override extraRepr(): string {
    return `beta=${pyNumber(this.beta)}, threshold=${pyNumber(this.threshold)}`;
  }
}
