// F: torch.nn.functional — layers and losses as functions, composed from tensor ops.
export * from './linear';
export * from './activation';
export * from './loss';
export * from './sparse';
export * from './dropout';
export * from './normalization';
