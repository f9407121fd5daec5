// F.relu, F.sigmoid, …: activations as functions of a tensor.
import type { Tensor } from '../../tensor/tensor';

export const relu = (input: Tensor): Tensor => input.relu();
export const sigmoid = (input: Tensor): Tensor => input.sigmoid();
export const tanh = (input: Tensor): Tensor => input.tanh();
export const softmax = (input: Tensor, dim: number): Tensor => input.softmax(dim);
export const logSoftmax = (input: Tensor, dim: number): Tensor => input.logSoftmax(dim);
