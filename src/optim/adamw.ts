// AdamW: Adam with decoupled weight decay (θ shrinks by γλ each step; the gradient is left alone).
import { Adam, type AdamOptions } from './adam';
import type { Params } from './optimizer';

/**
 * AdamW (`torch.optim.AdamW`): Adam with decoupled weight decay, θ shrinking by lr·weightDecay
 * each step (default weightDecay 0.01).
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.01 });
 * for (let step = 0; step < 10; step++) {
 *   optimizer.zeroGrad();
 *   const loss = F.mseLoss(model(randn(8, 3)), zeros(8, 1));
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class AdamW extends Adam {
  constructor(params: Params<AdamOptions>, options: Partial<AdamOptions> = {}) {
    super(params, { ...options, weightDecay: options.weightDecay ?? 1e-2 });
  }

  protected override get decoupledWeightDecay(): boolean {
    return true;
  }
}
