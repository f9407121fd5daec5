// AdamW: Adam with decoupled weight decay (θ shrinks by γλ each step; the gradient is left alone).
import { Adam, type AdamOptions } from './adam';
import type { Params } from './optimizer';

export class AdamW extends Adam {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 1e-2 });
  }

  protected override get decoupledWeightDecay(): boolean {
    return true;
  }
}
