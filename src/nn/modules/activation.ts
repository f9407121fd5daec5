// Activation layers: stateless modules around the F.* functions.
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional';
import { Module } from './module';

export class ReLU extends Module {
  /** Accepted for PyTorch parity and shown in the repr; the result is the same either way. */
  readonly inplace: boolean;

  constructor({ inplace = false }: { inplace?: boolean } = {}) {
    super();
    this.inplace = inplace;
  }

  override forward(input: Tensor): Tensor {
    return F.relu(input);
  }

  override extraRepr(): string {
    return this.inplace ? 'inplace=True' : '';
  }
}
