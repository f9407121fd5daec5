// Linear: y = x·Wᵀ + b, PyTorch's layout (W is out×in) and initialisation.
import { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import * as init from '../init';
import { Parameter } from '../parameter';
import { Module } from './module';

/** An uninitialised parameter of `shape`, checked as torch.empty checks sizes. */
export function emptyParameter(...shape: number[]): Parameter {
  let n = 1;
  for (const s of shape) {
    if (!Number.isInteger(s)) throw new TypeError(`sizes must be integers, got [${shape.join(', ')}]`);
    if (s < 0) throw new Error(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`);
    n *= s;
  }
  return new Parameter(new Tensor(new Float32Array(n), shape));
}

export class Linear extends Module {
  readonly inFeatures: number;
  readonly outFeatures: number;
  weight: Parameter;
  declare bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, { bias = true }: { bias?: boolean } = {}) {
    super();
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.weight = emptyParameter(outFeatures, inFeatures);
    if (bias) this.bias = emptyParameter(outFeatures);
    else this.registerParameter('bias', null);
    this.resetParameters();
  }

  /** W ~ U(-1/√in, 1/√in) via kaiming_uniform_(a=√5), and b ~ U(-1/√in, 1/√in), as PyTorch. */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const [fanIn] = init.calculateFanInAndFanOut(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}
