// Loss modules: each holds its options (weights as buffers, as PyTorch's) and calls its F.* loss.
// Options are checked when the module is built; PyTorch prints every loss as `Name()`.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { Module } from './module';

/** PyTorch's _Loss: the `reduction` option. */
class Loss extends Module<[input: Tensor, target: Tensor]> {
  readonly reduction: F.Reduction;

  constructor(reduction: F.Reduction) {
    super();
    F.checkReduction(reduction);
    this.reduction = reduction;
  }
}

/** PyTorch's _WeightedLoss: a `weight` buffer as well (absent from the state dict when null). */
class WeightedLoss extends Loss {
  declare weight: Tensor | null;

  constructor(weight: Tensor | null, reduction: F.Reduction) {
    super(reduction);
    this.registerBuffer('weight', weight);
  }
}

/**
 * Mean absolute error |input − target| (or its sum, or each element, by `reduction`).
 *
 * @example
 * ```ts
 * new nn.L1Loss()(tensor([1, 2]), tensor([1, 4])).item(); // 1
 * ```
 */
export class L1Loss extends Loss {
  constructor({ reduction = 'mean' }: F.LossOptions = {}) {
    super(reduction);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean squared error (input − target)² (or its sum, or each element, by `reduction`): the loss of regression.
 *
 * @example
 * ```ts
 * const lossFn = new nn.MSELoss();
 * lossFn(tensor([1, 2]), tensor([1, 4])).item(); // 2
 * new nn.MSELoss({ reduction: 'sum' })(tensor([1, 2]), tensor([1, 4])).item(); // 4
 * ```
 */
export class MSELoss extends Loss {
  constructor({ reduction = 'mean' }: F.LossOptions = {}) {
    super(reduction);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Squared error below `beta`, absolute error above it (divided by beta below), less sensitive to outliers than MSE.
 *
 * @example
 * ```ts
 * new nn.SmoothL1Loss()(tensor([0, 0]), tensor([0.5, 3])).item(); // 1.3125
 * ```
 */
export class SmoothL1Loss extends Loss {
  readonly beta: number;

  constructor({ reduction = 'mean', beta = 1 }: F.SmoothL1LossOptions = {}) {
    super(reduction);
    F.checkSmoothL1Beta(beta);
    this.beta = beta;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { reduction: this.reduction, beta: this.beta });
  }
}

/**
 * Squared error up to `delta`, linear beyond it: SmoothL1Loss scaled by delta.
 *
 * @example
 * ```ts
 * new nn.HuberLoss({ delta: 2 })(tensor([0, 0]), tensor([0.5, 3])).item(); // 2.0625
 * ```
 */
export class HuberLoss extends Loss {
  readonly delta: number;

  constructor({ reduction = 'mean', delta = 1 }: F.HuberLossOptions = {}) {
    super(reduction);
    F.checkHuberDelta(delta);
    this.delta = delta;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { reduction: this.reduction, delta: this.delta });
  }
}

/**
 * Negative log-likelihood of the target classes, given log-probabilities (N, C) and class
 * indices (N,) (as float32 numbers); pairs with `LogSoftmax`.
 *
 * @example
 * ```ts
 * const logProbs = new nn.LogSoftmax({ dim: 1 })(randn(3, 5));
 * new nn.NLLLoss()(logProbs, tensor([1, 0, 4])).shape; // [] (a scalar)
 * ```
 */
export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;

  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean' }: F.NLLLossOptions = {}) {
    super(weight, reduction);
    F.checkIgnoreIndex('NLLLoss', ignoreIndex);
    this.ignoreIndex = ignoreIndex;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/**
 * The classification loss: log-softmax and NLL in one, from raw scores (N, C) and class indices
 * (N,) or class probabilities (N, C); with `weight`, `ignoreIndex` and `labelSmoothing`.
 *
 * @example
 * ```ts
 * const lossFn = new nn.CrossEntropyLoss();
 * lossFn(zeros(3, 5), tensor([1, 0, 4])).item(); // 1.6094, ln 5: equal scores for 5 classes
 * ```
 */
export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }: F.CrossEntropyLossOptions = {}) {
    super(weight, reduction);
    F.checkIgnoreIndex('CrossEntropyLoss', ignoreIndex);
    F.checkLabelSmoothing(labelSmoothing);
    this.ignoreIndex = ignoreIndex;
    this.labelSmoothing = labelSmoothing;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, {
      weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction, labelSmoothing: this.labelSmoothing,
    });
  }
}

/**
 * Binary cross-entropy of probabilities in [0, 1] (after a Sigmoid) against 0/1 targets.
 *
 * @example
 * ```ts
 * new nn.BCELoss()(tensor([0.5, 0.5]), tensor([1, 0])).item(); // 0.6931, ln 2
 * ```
 */
export class BCELoss extends WeightedLoss {
  constructor({ weight = null, reduction = 'mean' }: F.WeightedLossOptions = {}) {
    super(weight, reduction);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Sigmoid and binary cross-entropy in one, computed stably from raw scores; `posWeight` weighs
 * the positive class.
 *
 * @example
 * ```ts
 * new nn.BCEWithLogitsLoss()(zeros(2), tensor([1, 0])).item(); // 0.6931, ln 2
 * ```
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  declare pos_weight: Tensor | null;

  constructor({ weight = null, reduction = 'mean', posWeight = null }: F.BCEWithLogitsLossOptions = {}) {
    super(weight, reduction);
    this.registerBuffer('pos_weight', posWeight);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, { weight: this.weight, reduction: this.reduction, posWeight: this.pos_weight });
  }
}
