// RMSprop, plain or centered, with momentum and weight decay: torch.optim.RMSprop's single-tensor
// update, rounded to float32 after each tensor op as PyTorch's kernels round.
import { zerosLike } from '../tensor/creation';
import type { Tensor } from '../tensor/tensor';
import { checkOption, Optimizer, type ParamGroup, type Params } from './optimizer';

/** RMSprop's options (the constructor takes any subset). */
export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

/** RMSprop's per-parameter state under PyTorch's keys. */
export type RMSpropState = { step: number; square_avg: Tensor; momentum_buffer?: Tensor; grad_avg?: Tensor };

const f = Math.fround;

/**
 * RMSprop (`torch.optim.RMSprop`): divides the gradient by a running root mean square of it;
 * centered, with momentum, weight decay and maximize.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.RMSprop(model.parameters(), { lr: 0.01, alpha: 0.99 });
 * for (let step = 0; step < 10; step++) {
 *   optimizer.zeroGrad();
 *   const loss = F.mseLoss(model(randn(8, 3)), zeros(8, 1));
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class RMSprop extends Optimizer<RMSpropOptions, RMSpropState> {
  constructor(params: Params<RMSpropOptions>, { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false }: Partial<RMSpropOptions> = {}) {
    super(params, { lr, alpha, eps, weightDecay, momentum, centered, maximize });
  }

  protected override validateGroup({ lr, eps, momentum, weightDecay, alpha }: ParamGroup<RMSpropOptions>): void {
    checkOption('learning rate', lr);
    checkOption('epsilon value', eps);
    checkOption('momentum value', momentum);
    checkOption('weight_decay value', weightDecay);
    checkOption('alpha value', alpha);
  }

  /**
   * g = ±∇ (+ λθ); s = α·s + (1 - α)·g²; centered: ḡ = α·ḡ + (1 - α)·g and a = √(s - ḡ²) + ε, else
   * a = √s + ε; with momentum b = μ·b + g/a and θ = θ - γ·b, else θ = θ - γ·g/a.
   */
  protected override updateGroup({ params, lr, alpha, eps, weightDecay, momentum, centered, maximize }: ParamGroup<RMSpropOptions>): void {
    const a = f(alpha);
    const keep = f(1 - alpha);
    const e = f(eps);
    const l2 = f(weightDecay);
    const mu = f(momentum);
    const step = f(-lr);
    for (const p of params) {
      if (p.grad === null) continue;
      const state = this.stateFor(p, () => ({
        step: 0,
        square_avg: zerosLike(p),
        ...(momentum > 0 ? { momentum_buffer: zerosLike(p) } : {}),
        ...(centered ? { grad_avg: zerosLike(p) } : {}),
      }));
      state.step += 1;
      const w = p.data;
      const g = p.grad.data;
      const sq = state.square_avg.data;
      const gAvg = centered ? state.grad_avg!.data : null;
      const buf = momentum > 0 ? state.momentum_buffer!.data : null;
      for (let i = 0; i < w.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (l2 !== 0) d = f(d + l2 * w[i]);
        sq[i] = f(f(sq[i] * a) + f(keep * d) * d);
        let avg: number;
        if (gAvg !== null) {
          gAvg[i] = f(f(gAvg[i] * a) + keep * d);
          avg = f(Math.sqrt(f(sq[i] - gAvg[i] * gAvg[i])));
        } else {
          avg = f(Math.sqrt(sq[i]));
        }
        avg = f(avg + e);
        if (buf !== null) {
          buf[i] = f(f(buf[i] * mu) + f(d / avg));
          w[i] = f(w[i] + step * buf[i]);
        } else {
          w[i] = f(w[i] + f(f(step * d) / avg));
        }
      }
    }
  }
}
