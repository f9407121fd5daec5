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
export { Conv1d, Conv2d, Conv3d, ConvTranspose1d, ConvTranspose2d, type ConvOptions, type ConvTransposeOptions, type PaddingMode } from './modules/conv';
export { MaxPool1d, MaxPool2d, AvgPool1d, AvgPool2d, AdaptiveAvgPool1d, AdaptiveAvgPool2d, AdaptiveMaxPool2d, type MaxPoolOptions, type MaxPoolOutput } from './modules/pooling';
