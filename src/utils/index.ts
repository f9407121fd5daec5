// torch.utils: the data-loading toolkit.
export * as data from './data/index';
