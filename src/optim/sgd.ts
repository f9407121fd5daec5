// SGD with momentum, dampening, Nesterov, weight decay and maximize: torch.optim.SGD's update,
// rounded to float32 after each tensor op as PyTorch's kernels are.
import { zerosLike } from '../tensor/creation';
import type { Tensor } from '../tensor/tensor';
import { checkOption, Optimizer, type ParamGroup, type Params } from './optimizer';

/** SGD's options (the constructor takes any subset; lr has no default). */
export interface SGDOptions {
  /** The learning rate. */
  lr: number;
  /** v = momentum·v + (1 − dampening)·g; 0 turns momentum off. */
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

/** SGD's per-parameter state under PyTorch's key. */
export type SGDState = { momentum_buffer: Tensor };

const f = Math.fround;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight
 * decay and maximize (`torch.optim.SGD`), the same float32 updates as PyTorch's.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
 * for (let step = 0; step < 10; step++) {
 *   optimizer.zeroGrad();
 *   const loss = F.mseLoss(model(randn(8, 3)), zeros(8, 1));
 *   loss.backward();
 *   optimizer.step();
 * }
 * ```
 */
export class SGD extends Optimizer<SGDOptions, SGDState> {
  constructor(params: Params<SGDOptions>, { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false }: Partial<SGDOptions> = {}) {
    super(params, { lr: lr as number, momentum, dampening, weightDecay, nesterov, maximize });
  }

  protected override validateGroup({ lr, momentum, weightDecay, nesterov, dampening }: ParamGroup<SGDOptions>): void {
    checkOption('learning rate', lr);
    checkOption('momentum value', momentum);
    checkOption('dampening value', dampening); // PyTorch does not check it; NaN would reach every parameter
    checkOption('weight_decay value', weightDecay);
    if (nesterov && (momentum <= 0 || dampening !== 0)) throw new Error('Nesterov momentum requires a momentum and zero dampening');
  }

  /**
   * d = ±g (+ wd·p); with momentum, buf = d on the first step, else buf = μ·buf + (1 - τ)·d, and
   * d = d + μ·buf (Nesterov) or buf; then p = p - lr·d.
   */
  protected override updateGroup({ params, lr, momentum, dampening, weightDecay, nesterov, maximize }: ParamGroup<SGDOptions>): void {
    const mu = f(momentum);
    const keep = f(1 - dampening);
    const wd = f(weightDecay);
    const step = f(-lr);
    const sign = maximize ? -1 : 1;
    for (const p of params) {
      if (p.grad === null) continue;
      const w = p.data;
      const g = p.grad.data;
      if (momentum === 0) {
        for (let i = 0; i < w.length; i++) {
          const d = wd !== 0 ? f(sign * g[i] + wd * w[i]) : sign * g[i];
          w[i] = f(w[i] + step * d);
        }
        continue;
      }
      const first = !this.state.has(p);
      const buf = this.stateFor(p, () => ({ momentum_buffer: zerosLike(p) })).momentum_buffer.data;
      if (!first && wd === 0 && !nesterov) {
        // The usual step in a loop of its own, without the per-element tests below: V8 does not
        // unswitch loops, and they double the time of this memory-bound update.
        const signedKeep = sign * keep; // (1 - τ)·(±g) = (±(1 - τ))·g exactly
        for (let i = 0; i < w.length; i++) {
          const b = f(f(buf[i] * mu) + signedKeep * g[i]);
          buf[i] = b;
          w[i] = f(w[i] + step * b);
        }
        continue;
      }
      for (let i = 0; i < w.length; i++) {
        const d = wd !== 0 ? f(sign * g[i] + wd * w[i]) : sign * g[i];
        const b = first ? d : f(f(buf[i] * mu) + keep * d);
        buf[i] = b;
        w[i] = f(w[i] + step * (nesterov ? f(d + mu * b) : b));
      }
    }
  }
}
