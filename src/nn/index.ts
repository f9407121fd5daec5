// torch.nn: Module and Parameter, the layers and losses, nn.init and nn.utils.
export { Module, RemovableHandle, type AnyModule, type StateDict, type ForwardHook, type ForwardPreHook } from './modules/module';
export { Parameter } from './parameter';
export { Linear, Identity, Flatten, Bilinear } from './modules/linear';
export { ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, LeakyReLU, GELU, SiLU, ELU, Softplus } from './modules/activation';
export { MSELoss, L1Loss, SmoothL1Loss, HuberLoss, NLLLoss, CrossEntropyLoss, BCELoss, BCEWithLogitsLoss } from './modules/loss';
export { Sequential, ModuleList, ModuleDict } from './modules/container';
export { Embedding, type EmbeddingOptions } from './modules/sparse';
export { Dropout } from './modules/dropout';
export { BatchNorm1d, BatchNorm2d, BatchNorm3d, type BatchNormOptions } from './modules/batchnorm';
export { LayerNorm, GroupNorm } from './modules/normalization';
export { RNN, LSTM, GRU, RNNCell, LSTMCell, GRUCell, type RNNOptions } from './modules/rnn';
export * as init from './init';
export * as utils from './utils';
