// Adagrad with learning-rate decay, weight decay and an initial accumulator: torch.optim.Adagrad's
// single-tensor update, rounded to float32 after each tensor op as PyTorch's kernels round.
import { full } from '../tensor/creation';
import type { Tensor } from '../tensor/tensor';
import { checkOption, Optimizer, type ParamGroup, type ParamGroupInput, type Params } from './optimizer';

/** Adagrad's options (the constructor takes any subset). */
export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

/** Adagrad's per-parameter state under PyTorch's keys. */
export type AdagradState = { step: number; sum: Tensor };

const f = Math.fround;

/**
 * Adagrad (`torch.optim.Adagrad`): step sizes shrink with the sum of each parameter's squared
 * gradients; with lr decay, weight decay and an initial accumulator value.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.Adagrad(model.parameters(), { lr: 0.1 });
 * for (let step = 0; step < 10; step++) {
 *   optimizer.zeroGrad();
 *   const loss = F.mseLoss(model(randn(8, 3)), zeros(8, 1));
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class Adagrad extends Optimizer<AdagradOptions, AdagradState> {
  constructor(params: Params<AdagradOptions>, { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false }: Partial<AdagradOptions> = {}) {
    super(params, { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize });
  }

  /**
   * Adds a group; its parameters' state starts at once, as PyTorch's constructor starts it, from
   * the optimizer's initialAccumulatorValue: PyTorch keeps a group's own value but never reads it.
   */
  override addParamGroup(group: ParamGroupInput<AdagradOptions>): void {
    super.addParamGroup(group);
    const { params } = this.paramGroups[this.paramGroups.length - 1];
    for (const p of params) this.state.set(p, { step: 0, sum: full(p.shape, this.defaults.initialAccumulatorValue) });
  }

  protected override validateGroup({ lr, lrDecay, weightDecay, initialAccumulatorValue, eps }: ParamGroup<AdagradOptions>): void {
    checkOption('learning rate', lr);
    checkOption('lr_decay value', lrDecay);
    checkOption('weight_decay value', weightDecay);
    checkOption('initial_accumulator_value value', initialAccumulatorValue);
    checkOption('epsilon value', eps);
  }

  /** g = ±∇ (+ λθ); s = s + g²; θ = θ - γ/(1 + (t - 1)·η) · g / (√s + ε). */
  protected override updateGroup({ params, lr, lrDecay, weightDecay, eps, maximize }: ParamGroup<AdagradOptions>): void {
    const e = f(eps);
    const l2 = f(weightDecay);
    for (const p of params) {
      if (p.grad === null) continue;
      const state = this.state.get(p)!;
      state.step += 1;
      const step = f(-(lr / (1 + (state.step - 1) * lrDecay)));
      const w = p.data;
      const g = p.grad.data;
      const sum = state.sum.data;
      for (let i = 0; i < w.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (l2 !== 0) d = f(d + l2 * w[i]);
        sum[i] = f(sum[i] + d * d);
        w[i] = f(w[i] + f(f(step * d) / f(f(Math.sqrt(sum[i])) + e)));
      }
    }
  }
}
