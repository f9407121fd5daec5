// Dropout: zeroes elements with probability p while training, scaling the rest by 1/(1 − p).
import { pythonFloat } from '../../tensor/print';
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { Module } from './module';

/**
 * While training, zeroes each element with probability `p` and scales the rest by 1/(1 − p);
 * in eval mode it passes the input through. The masks equal PyTorch's after the same `manualSeed`.
 *
 * @example
 * ```ts
 * const dropout = new nn.Dropout({ p: 0.5 });
 * dropout(ones(4));          // training: each element 0 or 2
 * dropout.eval();
 * dropout(ones(4)).tolist(); // [1, 1, 1, 1]
 * ```
 */
export class Dropout extends Module {
  readonly p: number;
  /** Accepted for PyTorch parity and shown in the repr; the result is the same either way. */
  readonly inplace: boolean;

  constructor({ p = 0.5, inplace = false }: { p?: number; inplace?: boolean } = {}) {
    super();
    F.checkDropoutProbability(p);
    this.p = p;
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return F.dropout(input, { p: this.p, training: this.training });
  }

  override extraRepr(): string {
    return `p=${pythonFloat(this.p)}, inplace=${this.inplace ? 'True' : 'False'}`;
  }
}
