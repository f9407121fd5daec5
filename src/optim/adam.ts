// Adam: torch.optim.Adam's single-tensor update, rounded to float32 after each tensor op as
// PyTorch's kernels round (see optimizer.ts).
import { zerosLike } from '../tensor/creation';
import type { Tensor } from '../tensor/tensor';
import { checkOption, Optimizer, type ParamGroup, type Params } from './optimizer';

/** Adam's and AdamW's options (the constructors take any subset). */
export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

/** Adam's per-parameter state under PyTorch's keys. */
export type AdamState = { step: number; exp_avg: Tensor; exp_avg_sq: Tensor; max_exp_avg_sq?: Tensor };

const f = Math.fround;

/**
 * Adam (`torch.optim.Adam`): per-parameter step sizes from running averages of the gradient and
 * its square, with amsgrad, weight decay and maximize; the same float32 updates as PyTorch's.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * for (let step = 0; step < 10; step++) {
 *   optimizer.zeroGrad();
 *   const loss = F.mseLoss(model(randn(8, 3)), zeros(8, 1));
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class Adam extends Optimizer<AdamOptions, AdamState> {
  constructor(params: Params<AdamOptions>, { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, amsgrad = false, maximize = false }: Partial<AdamOptions> = {}) {
    super(params, { lr, betas, eps, weightDecay, amsgrad, maximize });
  }

  /** Whether weight decay shrinks the parameters directly (AdamW) instead of adding λθ to the gradient. */
  protected get decoupledWeightDecay(): boolean {
    return false;
  }

  protected override validateGroup({ lr, eps, betas, weightDecay }: ParamGroup<AdamOptions>): void {
    checkOption('learning rate', lr);
    checkOption('epsilon value', eps);
    if (!Array.isArray(betas) || betas.length !== 2) throw new TypeError(`Invalid betas: expected [beta1, beta2], got ${JSON.stringify(betas)}`);
    checkOption('beta parameter at index 0', betas[0], 1);
    checkOption('beta parameter at index 1', betas[1], 1);
    checkOption('weight_decay value', weightDecay);
  }

  /**
   * g = ±∇ (+ λθ for Adam; θ = θ(1 - γλ) for AdamW); m = β1·m + (1 - β1)·g; v = β2·v + (1 - β2)·g²;
   * v̂ = max(v̂, v) with amsgrad, else v; θ = θ - γ/(1 - β1ᵗ) · m / (√v̂ / √(1 - β2ᵗ) + ε).
   */
  protected override updateGroup({ params, lr, betas: [beta1, beta2], eps, weightDecay, amsgrad, maximize }: ParamGroup<AdamOptions>): void {
    const decoupled = this.decoupledWeightDecay;
    const b1 = f(beta1);
    const b2 = f(beta2);
    const keep1 = f(1 - beta1);
    const keep2 = f(1 - beta2);
    const e = f(eps);
    const l2 = decoupled ? 0 : f(weightDecay);
    const shrink = f(1 - lr * weightDecay);
    for (const p of params) {
      if (p.grad === null) continue;
      const state = this.stateFor(p, () => ({
        step: 0, exp_avg: zerosLike(p), exp_avg_sq: zerosLike(p), ...(amsgrad ? { max_exp_avg_sq: zerosLike(p) } : {}),
      }));
      state.step += 1;
      // the bias corrections in double precision, as Python computes them, then cast to float32
      const step = f(-(lr / (1 - beta1 ** state.step)));
      const correction2 = f(Math.sqrt(1 - beta2 ** state.step));
      const w = p.data;
      const g = p.grad.data;
      const m = state.exp_avg.data;
      const v = state.exp_avg_sq.data;
      const vMax = amsgrad ? state.max_exp_avg_sq!.data : null;
      if (!maximize && vMax === null && weightDecay === 0) {
        // The usual update in a loop of its own, without the per-element tests below (V8 does
        // not unswitch loops)
        for (let i = 0; i < w.length; i++) {
          const d = g[i];
          const mi = f(f(m[i] * b1) + keep1 * d);
          const vi = f(f(v[i] * b2) + f(keep2 * d) * d);
          m[i] = mi;
          v[i] = vi;
          w[i] = f(w[i] + f(f(step * mi) / f(f(f(Math.sqrt(vi)) / correction2) + e)));
        }
        continue;
      }
      for (let i = 0; i < w.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (decoupled) w[i] = f(w[i] * shrink);
        else if (l2 !== 0) d = f(d + l2 * w[i]);
        m[i] = f(f(m[i] * b1) + keep1 * d);
        v[i] = f(f(v[i] * b2) + f(keep2 * d) * d);
        const second = vMax === null ? v[i] : (vMax[i] = Math.max(vMax[i], v[i]));
        const denom = f(f(f(Math.sqrt(second)) / correction2) + e);
        w[i] = f(w[i] + f(f(step * m[i]) / denom));
      }
    }
  }
}
