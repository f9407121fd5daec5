// torch.optim: the Optimizer base and the optimizers.
export { Optimizer, type ParamGroup, type ParamGroupInput, type Params } from './optimizer';
export { SGD, type SGDOptions } from './sgd';
