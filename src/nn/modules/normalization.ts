// LayerNorm and GroupNorm: normalisation by each sample's own statistics, the same in training
// and evaluation, with learnable elementwise (LayerNorm) or per-channel (GroupNorm) γ and β.
import { pythonFloat } from '../../tensor/print';
import { checkNumber, type Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import * as init from '../init';
import type { Parameter } from '../parameter';
import { emptyParameter } from './linear';
import { Module } from './module';

/** Registers the affine γ (weight) and β (bias) of `shape`, or null placeholders when there are none. */
export function registerAffine(module: Module, shape: readonly number[] | null): void {
  module.registerParameter('weight', shape === null ? null : emptyParameter(...shape));
  module.registerParameter('bias', shape === null ? null : emptyParameter(...shape));
}

/** γ = 1 and β = 0, when the layer has them (BatchNorm's too). */
export function resetAffine(weight: Parameter | null, bias: Parameter | null): void {
  if (weight !== null) init.ones_(weight);
  if (bias !== null) init.zeros_(bias);
}

/**
 * y = (x − E[x]) / √(Var[x] + ε) · γ + β over the trailing dims given by normalizedShape.
 *
 * @example
 * ```ts
 * new nn.LayerNorm(8)(randn(2, 5, 8)).shape; // [2, 5, 8]
 * ```
 */
export class LayerNorm extends Module {
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(
    normalizedShape: number | readonly number[],
    { eps = 1e-5, elementwiseAffine = true }: { eps?: number; elementwiseAffine?: boolean } = {},
  ) {
    super();
    checkNumber(eps, 'LayerNorm', 'eps');
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
    this.eps = eps;
    this.elementwiseAffine = elementwiseAffine;
    registerAffine(this, elementwiseAffine ? this.normalizedShape : null);
    this.resetParameters();
  }

  /** γ = 1 and β = 0. */
  resetParameters(): void {
    resetAffine(this.weight, this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    const shape = this.normalizedShape;
    const tuple = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`; // Python's tuple repr
    return `${tuple}, eps=${pythonFloat(this.eps)}, elementwise_affine=${this.elementwiseAffine ? 'True' : 'False'}`;
  }
}

/**
 * y = (x − E[x]) / √(Var[x] + ε) · γ + β with the statistics of each sample's group of channels.
 *
 * @example
 * ```ts
 * new nn.GroupNorm(2, 4)(randn(3, 4, 5)).shape; // [3, 4, 5]: 2 groups of 2 channels
 * ```
 */
export class GroupNorm extends Module {
  readonly numGroups: number;
  readonly numChannels: number;
  readonly eps: number;
  readonly affine: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, { eps = 1e-5, affine = true }: { eps?: number; affine?: boolean } = {}) {
    super();
    if (numGroups === 0) throw new Error('integer modulo by zero'); // Python's error for num_channels % 0
    if (!Number.isInteger(numGroups) || numGroups < 0) throw new Error(`num_groups must be a positive integer, got ${String(numGroups)}`);
    if (numChannels % numGroups !== 0) throw new Error('num_channels must be divisible by num_groups');
    checkNumber(eps, 'GroupNorm', 'eps');
    this.numGroups = numGroups;
    this.numChannels = numChannels;
    this.eps = eps;
    this.affine = affine;
    registerAffine(this, affine ? [numChannels] : null);
    this.resetParameters();
  }

  /** γ = 1 and β = 0. */
  resetParameters(): void {
    resetAffine(this.weight, this.bias);
  }

  override forward(input: Tensor): Tensor {
    return F.groupNorm(input, this.numGroups, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${pythonFloat(this.eps)}, affine=${this.affine ? 'True' : 'False'}`;
  }
}
