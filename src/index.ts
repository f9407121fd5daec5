/**
 * torchlet: PyTorch's torch, torch.nn and torch.optim for TypeScript.
 *
 * @module torchlet
 */
export { Tensor, type TensorLike, type NestedArray, type ValuesIndices } from './tensor/tensor';
export {
  tensor, zeros, ones, full, rand, randn, arange, linspace, eye,
  zerosLike, onesLike, randLike, randnLike,
  type TensorOptions, type FromValuesOptions, type NestedValues,
} from './tensor/creation';
export { manualSeed, initialSeed, Generator } from './tensor/random';
export { cat, stack } from './ops/movement';
export { where } from './ops/elementwise';
export { noGrad, enableGrad, isGradEnabled, setGradEnabled } from './autograd/grad-mode';
export * as autograd from './autograd/index';
export * as nn from './nn/index';
export * as F from './nn/functional/index';
export * as optim from './optim/index';
export { serialize, deserialize, readMetadata, type Metadata } from './serialization/safetensors';
export * as utils from './utils/index';
export { serializeCheckpoint, deserializeCheckpoint, type CheckpointExtra, type CheckpointOptimizer } from './serialization/checkpoint';
