// torch.optim: the Optimizer base and the optimizers.
export { Optimizer, type OptimizerStateDict, type ParamGroup, type ParamGroupInput, type ParamState, type Params } from './optimizer';
export { SGD, type SGDOptions, type SGDState } from './sgd';
export { Adam, type AdamOptions, type AdamState } from './adam';
export { AdamW } from './adamw';
export { RMSprop, type RMSpropOptions, type RMSpropState } from './rmsprop';
export { Adagrad, type AdagradOptions, type AdagradState } from './adagrad';
export * as lrScheduler from './lr-scheduler';
