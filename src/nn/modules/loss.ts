// Loss modules: each holds its options and calls the matching F.* loss.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { Module } from './module';

export class MSELoss extends Module<[input: Tensor, target: Tensor]> {
  readonly reduction: F.Reduction;

  constructor({ reduction = 'mean' }: { reduction?: F.Reduction } = {}) {
    super();
    F.checkReduction(reduction);
    this.reduction = reduction;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}
