// Linear: y = x·Wᵀ + b, PyTorch's layout (W is out×in) and initialisation; beside it Identity and
// Bilinear (also in torch/nn/modules/linear.py) and Flatten.
import { checkTensor, describe, Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import * as init from '../init';
import { Parameter } from '../parameter';
import { Module } from './module';
import { allocFloat32 } from '../../tensor/alloc';

/** An uninitialised parameter of `shape`, checked as torch.empty checks sizes. */
export function emptyParameter(...shape: number[]): Parameter {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const s = shape[i];
    if (!Number.isInteger(s)) {
      const type = typeof s === 'number' ? `number (${s})` : describe(s);
      throw new TypeError(`empty(): argument 'size' must be an array of integers, but found element of type ${type} at pos ${i + 1}`);
    }
    if (s < 0) throw new Error(`Trying to create tensor with negative dimension ${s}: [${shape.join(', ')}]`);
    n *= s;
  }
  return new Parameter(new Tensor(allocFloat32(n), shape));
}

/**
 * y = x·Wᵀ + b (`torch.nn.Linear`): W is (outFeatures, inFeatures), initialised as PyTorch does,
 * so after the same `manualSeed` the weights equal PyTorch's. Input (…, inFeatures) → (…, outFeatures).
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(3, 2);
 * fc(randn(4, 3)).shape; // [4, 2]
 * String(fc);            // 'Linear(in_features=3, out_features=2, bias=True)'
 * new nn.Linear(3, 2, { bias: false }).bias; // null
 * ```
 */
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

/**
 * Passes its input through unchanged; any constructor arguments are accepted and ignored, as PyTorch.
 *
 * @example
 * ```ts
 * const x = randn(2, 3);
 * new nn.Identity()(x) === x; // true
 * ```
 */
export class Identity extends Module {
  constructor(..._args: unknown[]) {
    super();
  }

  override forward(input: Tensor): Tensor {
    return input;
  }
}

/**
 * Merges dims startDim..endDim into one: (N, C, H, W) → (N, C·H·W) by default.
 *
 * @example
 * ```ts
 * new nn.Flatten()(zeros(2, 3, 4, 4)).shape;                     // [2, 48]
 * new nn.Flatten({ startDim: 0, endDim: 1 })(zeros(2, 3, 4)).shape; // [6, 4]
 * ```
 */
export class Flatten extends Module {
  readonly startDim: number;
  readonly endDim: number;

  constructor({ startDim = 1, endDim = -1 }: { startDim?: number; endDim?: number } = {}) {
    super();
    this.startDim = startDim;
    this.endDim = endDim;
  }

  override forward(input: Tensor): Tensor {
    checkTensor(input, 'flatten');
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * y = x1ᵀ·A·x2 + b for each of the out features, A being weight[k] (in1 × in2).
 *
 * @example
 * ```ts
 * const bilinear = new nn.Bilinear(3, 4, 2);
 * bilinear(randn(5, 3), randn(5, 4)).shape; // [5, 2]
 * ```
 */
export class Bilinear extends Module<[input1: Tensor, input2: Tensor]> {
  readonly in1Features: number;
  readonly in2Features: number;
  readonly outFeatures: number;
  weight: Parameter;
  declare bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, { bias = true }: { bias?: boolean } = {}) {
    super();
    this.in1Features = in1Features;
    this.in2Features = in2Features;
    this.outFeatures = outFeatures;
    this.weight = emptyParameter(outFeatures, in1Features, in2Features);
    if (bias) this.bias = emptyParameter(outFeatures);
    else this.registerParameter('bias', null);
    this.resetParameters();
  }

  /** W and b ~ U(-1/√in1, 1/√in1), weight first, as PyTorch. */
  resetParameters(): void {
    const fanIn = this.weight.shape[1];
    if (fanIn === 0) throw new Error('float division by zero'); // PyTorch's 1 / math.sqrt(in1_features)
    const bound = 1 / Math.sqrt(fanIn);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }

  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1_features=${this.in1Features}, in2_features=${this.in2Features}, out_features=${this.outFeatures}, bias=${this.bias !== null ? 'True' : 'False'}`;
  }
}
