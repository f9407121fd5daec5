// Activation layers: stateless modules around the F.* functions. An `inplace` option is
// accepted where PyTorch has one and shown in the repr; the result is computed out of place
// either way, which gives the same values and gradients.
import { pythonFloat } from '../../tensor/print';
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { Module } from './module';

/** A parameter PyTorch declares as int (Softplus's beta, threshold): integers print without '.0'. */
const pyNumber = (value: number): string => (Number.isInteger(value) ? String(value) : pythonFloat(value));

const inplaceRepr = (inplace: boolean, separator = ''): string => (inplace ? `${separator}inplace=True` : '');

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

export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

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

export class Softmax extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
}

export class LogSoftmax extends SoftmaxLike {
  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }
}

export class LeakyReLU extends Module {
  readonly negativeSlope: number;
  readonly inplace: boolean;

  constructor({ negativeSlope = 0.01, inplace = false }: { negativeSlope?: number; inplace?: boolean } = {}) {
    super();
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

export class ELU extends Module {
  readonly alpha: number;
  readonly inplace: boolean;

  constructor({ alpha = 1, inplace = false }: { alpha?: number; inplace?: boolean } = {}) {
    super();
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

export class Softplus extends Module {
  readonly beta: number;
  readonly threshold: number;

  constructor({ beta = 1, threshold = 20 }: { beta?: number; threshold?: number } = {}) {
    super();
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
