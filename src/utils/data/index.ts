// torch.utils.data: datasets, samplers, and the DataLoader that batches them.
export { Dataset, TensorDataset, Subset, randomSplit } from './dataset';
export { SequentialSampler, RandomSampler, BatchSampler, type Sampler, type RandomSamplerOptions } from './sampler';
export { DataLoader, defaultCollate, type Collated, type DataLoaderOptions } from './dataloader';
