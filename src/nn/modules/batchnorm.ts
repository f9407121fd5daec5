// BatchNorm1d/2d/3d: y = (x − E[x]) / √(Var[x] + ε) · γ + β per channel, with running estimates
// of E[x] and Var[x] kept in buffers for evaluation. PyTorch's _BatchNorm.
import { pythonFloat } from '../../tensor/print';
import { checkNumber, checkTensor, Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import type { Parameter } from '../parameter';
import { Module } from './module';
import { registerAffine, resetAffine } from './normalization';
import { allocFloat32 } from '../../tensor/alloc';

/** BatchNorm1d/2d/3d's options besides numFeatures. */
export interface BatchNormOptions {
  /** Added to the variance for stability. */
  eps?: number;
  /** The weight of each new batch statistic in the running ones; null for a cumulative average. */
  momentum?: number | null;
  /** Learnable per-channel γ (weight) and β (bias). */
  affine?: boolean;
  /** Keep running_mean / running_var for eval mode; without them batch statistics are always used. */
  trackRunningStats?: boolean;
}

abstract class BatchNorm extends Module {
  readonly numFeatures: number;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  /** How many training batches the running stats have seen (an int64 in PyTorch, exact here to 2^24). */
  declare num_batches_tracked: Tensor | null;

  constructor(
    numFeatures: number,
    { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true }: BatchNormOptions = {},
  ) {
    super();
    checkNumber(eps, this.constructor.name, 'eps');
    if (momentum !== null) checkNumber(momentum, this.constructor.name, 'momentum');
    this.numFeatures = numFeatures;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    registerAffine(this, affine ? [numFeatures] : null);
    const stats = trackRunningStats;
    this.registerBuffer('running_mean', stats ? new Tensor(allocFloat32(numFeatures), [numFeatures]) : null);
    this.registerBuffer('running_var', stats ? new Tensor(allocFloat32(numFeatures), [numFeatures]) : null);
    this.registerBuffer('num_batches_tracked', stats ? new Tensor(allocFloat32(1), []) : null);
    this.resetParameters();
  }

  /** running_mean = 0, running_var = 1, num_batches_tracked = 0. */
  resetRunningStats(): void {
    if (this.running_mean === null || this.running_var === null || this.num_batches_tracked === null) return;
    this.running_mean.data.fill(0);
    this.running_var.data.fill(1);
    this.num_batches_tracked.data.fill(0);
  }

  /** The running stats reset, γ = 1 and β = 0. */
  resetParameters(): void {
    this.resetRunningStats();
    resetAffine(this.weight, this.bias);
  }

  /** Throws PyTorch's message when the input's rank does not suit the layer. */
  protected abstract checkInputDim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    checkTensor(input, 'batch_norm');
    this.checkInputDim(input);
    const tracked = this.num_batches_tracked;
    const counting = this.training && tracked !== null;
    // momentum null: the running stats are the plain average of every batch seen, factor 1 / count
    let factor = this.momentum ?? 0;
    if (counting && this.momentum === null) factor = 1 / (tracked.data[0] + 1);
    // Batch statistics in training, and in eval when no running stats are kept; running stats are
    // passed only where they are read or updated.
    const useBatchStats = this.training || (this.running_mean === null && this.running_var === null);
    const out = F.batchNorm(
      input,
      !this.training || this.trackRunningStats ? this.running_mean : null,
      !this.training || this.trackRunningStats ? this.running_var : null,
      { weight: this.weight, bias: this.bias, training: useBatchStats, momentum: factor, eps: this.eps },
    );
    // counted after F.batchNorm's checks passed (PyTorch counts before), so a bad input changes nothing
    if (counting) tracked.data[0] += 1;
    return out;
  }

  override extraRepr(): string {
    const momentum = this.momentum === null ? 'None' : pythonFloat(this.momentum);
    const bool = (b: boolean): string => (b ? 'True' : 'False');
    return `${this.numFeatures}, eps=${pythonFloat(this.eps)}, momentum=${momentum}, affine=${bool(this.affine)}, track_running_stats=${bool(this.trackRunningStats)}`;
  }
}

/**
 * Batch normalisation of (N, C) or (N, C, L) per feature C: batch statistics while training
 * (updating running_mean and running_var), the running ones in eval mode.
 *
 * @example
 * ```ts
 * const bn = new nn.BatchNorm1d(4);
 * bn(randn(8, 4)).shape;           // [8, 4]
 * Object.keys(bn.stateDict());     // ['weight', 'bias', 'running_mean', 'running_var', 'num_batches_tracked']
 * ```
 */
export class BatchNorm1d extends BatchNorm {
  protected override checkInputDim(input: Tensor): void {
    if (input.dim() !== 2 && input.dim() !== 3) throw new Error(`expected 2D or 3D input (got ${input.dim()}D input)`);
  }
}

/**
 * Batch normalisation of (N, C, H, W) per channel C.
 *
 * @example
 * ```ts
 * new nn.BatchNorm2d(3)(randn(2, 3, 5, 5)).shape; // [2, 3, 5, 5]
 * ```
 */
export class BatchNorm2d extends BatchNorm {
  protected override checkInputDim(input: Tensor): void {
    if (input.dim() !== 4) throw new Error(`expected 4D input (got ${input.dim()}D input)`);
  }
}

/**
 * Batch normalisation of (N, C, D, H, W) per channel C.
 *
 * @example
 * ```ts
 * new nn.BatchNorm3d(3)(randn(2, 3, 4, 4, 4)).shape; // [2, 3, 4, 4, 4]
 * ```
 */
export class BatchNorm3d extends BatchNorm {
  protected override checkInputDim(input: Tensor): void {
    if (input.dim() !== 5) throw new Error(`expected 5D input (got ${input.dim()}D input)`);
  }
}
