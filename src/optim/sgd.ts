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
    for (const p of params) {
      if (p.grad === null) continue;
      const w = p.data;
      const g = p.grad.data;
      const first = momentum !== 0 && !this.state.has(p);
      const buf = momentum !== 0 ? this.stateFor(p, () => ({ momentum_buffer: zerosLike(p) })).momentum_buffer.data : null;
      for (let i = 0; i < w.length; i++) {
        let d = maximize ? -g[i] : g[i];
        if (wd !== 0) d = f(d + wd * w[i]);
        if (buf !== null) {
          buf[i] = first ? d : f(f(buf[i] * mu) + keep * d);
          d = nesterov ? f(d + mu * buf[i]) : buf[i];
        }
        w[i] = f(w[i] + step * d);
      }
    }
  }
}
