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

export class L1Loss extends Loss {
  constructor({ reduction = 'mean' }: F.LossOptions = {}) {
    super(reduction);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

export class MSELoss extends Loss {
  constructor({ reduction = 'mean' }: F.LossOptions = {}) {
    super(reduction);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

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

export class NLLLoss extends WeightedLoss {
  readonly ignoreIndex: number;

  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean' }: F.NLLLossOptions = {}) {
    super(weight, reduction);
    this.ignoreIndex = ignoreIndex;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

export class CrossEntropyLoss extends WeightedLoss {
  readonly ignoreIndex: number;
  readonly labelSmoothing: number;

  constructor({ weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }: F.CrossEntropyLossOptions = {}) {
    super(weight, reduction);
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

export class BCELoss extends WeightedLoss {
  constructor({ weight = null, reduction = 'mean' }: F.WeightedLossOptions = {}) {
    super(weight, reduction);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

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
