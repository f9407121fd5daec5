// F: torch.nn.functional — layers and losses as functions, composed from tensor ops.
export * from './linear';
export * from './activation';
export * from './loss';
export * from './sparse';
export * from './dropout';
export * from './normalization';
export { conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, type Size, type ConvPadding, type ConvOptions, type ConvTransposeOptions } from './conv';
export { maxPool1d, maxPool2d, avgPool1d, avgPool2d, adaptiveAvgPool1d, adaptiveAvgPool2d, adaptiveMaxPool2d, type MaxPoolOptions, type MaxPoolResult, type AvgPoolOptions, type AvgPool2dOptions, type AdaptiveSize } from './pooling';
