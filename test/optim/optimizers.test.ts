// Adam, AdamW, RMSprop, Adagrad and SGD against PyTorch 1.13: 25 steps under every option, bit for
// bit, their final state, their defaults and PyTorch's messages for bad options.
import { describe, expect, it } from 'vitest';
import { optim, tensor } from '../../src/index';
import { cases, expectParams, expectState, golden, problem, step } from './cases';

const messageOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('optimizers follow PyTorch bit for bit', () => {
  it('every golden case has a TypeScript line', () => {
    expect(Object.keys(cases).sort()).toEqual(Object.keys(golden.cases).sort());
  });

  it.each(Object.keys(golden.cases))('%s: parameters after every step, then the state', (name) => {
    const p = problem();
    const optimizer = cases[name](p);
    for (let t = 0; t < golden.steps; t++) {
      step(optimizer, p, t);
      expectParams(name, p, t);
    }
    expectState(optimizer.stateDict().state, golden.cases[name].final_state, name);
  });
});

describe('options', () => {
  const p = () => [tensor([1, 2], { requiresGrad: true })];

  it('defaults are PyTorch\'s', () => {
    expect(new optim.Adam(p()).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
    expect(new optim.AdamW(p()).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false });
    expect(new optim.RMSprop(p()).defaults).toEqual({ lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
    expect(new optim.Adagrad(p()).defaults).toEqual({ lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });
  });

  const errorCases: Record<string, () => unknown> = {
    adam_lr: () => new optim.Adam(p(), { lr: -1 }),
    adam_lr_nan: () => new optim.Adam(p(), { lr: NaN }),
    adam_eps: () => new optim.Adam(p(), { eps: -1e-8 }),
    adam_beta0: () => new optim.Adam(p(), { betas: [1, 0.999] }),
    adam_beta1: () => new optim.Adam(p(), { betas: [0.9, -0.5] }),
    adam_weight_decay: () => new optim.Adam(p(), { weightDecay: -0.1 }),
    adamw_lr: () => new optim.AdamW(p(), { lr: -0.001 }),
    adamw_beta1: () => new optim.AdamW(p(), { betas: [0.9, 1.5] }),
    adamw_weight_decay: () => new optim.AdamW(p(), { weightDecay: -0.01 }),
    rmsprop_lr: () => new optim.RMSprop(p(), { lr: -0.01 }),
    rmsprop_eps: () => new optim.RMSprop(p(), { eps: -1 }),
    rmsprop_momentum: () => new optim.RMSprop(p(), { momentum: -0.9 }),
    rmsprop_weight_decay: () => new optim.RMSprop(p(), { weightDecay: -2 }),
    rmsprop_alpha: () => new optim.RMSprop(p(), { alpha: -0.99 }),
    adagrad_lr: () => new optim.Adagrad(p(), { lr: -0.1 }),
    adagrad_lr_decay: () => new optim.Adagrad(p(), { lrDecay: -0.5 }),
    adagrad_weight_decay: () => new optim.Adagrad(p(), { weightDecay: -1e-5 }),
    adagrad_initial_accumulator_value: () => new optim.Adagrad(p(), { initialAccumulatorValue: -1 }),
    adagrad_eps: () => new optim.Adagrad(p(), { eps: -1e-10 }),
    sgd_lr: () => new optim.SGD(p(), { lr: -1 }),
    sgd_momentum: () => new optim.SGD(p(), { lr: 0.1, momentum: -0.5 }),
    sgd_weight_decay: () => new optim.SGD(p(), { lr: 0.1, weightDecay: -0.5 }),
    sgd_nesterov: () => new optim.SGD(p(), { lr: 0.1, nesterov: true }),
    empty: () => new optim.Adam([]),
    duplicate: () => {
      const params = p();
      return new optim.Adam([{ params }, { params }]);
    },
  };

  it('every golden error has a TypeScript line', () => {
    const loadErrors = ['load_group_count', 'load_group_size']; // test/optim/state-dict.test.ts
    expect([...Object.keys(errorCases), ...loadErrors].sort()).toEqual(Object.keys(golden.errors).sort());
  });

  it.each(Object.keys(errorCases))('%s throws PyTorch\'s message', (name) => {
    expect(messageOf(errorCases[name])).toBe(golden.errors[name]);
  });

  it('checks every group\'s options, not only the defaults', () => {
    const [a, b] = [p()[0], p()[0]];
    expect(messageOf(() => new optim.Adam([{ params: [a] }, { params: [b], betas: [0.9, 1] }]))).toBe('Invalid beta parameter at index 1: 1.0');
    const optimizer = new optim.RMSprop([a]);
    expect(messageOf(() => optimizer.addParamGroup({ params: [b], alpha: -1 }))).toBe('Invalid alpha value: -1.0');
    expect(optimizer.paramGroups).toHaveLength(1);
  });
});

describe('state', () => {
  it('starts on a parameter\'s first update; Adagrad\'s at construction, from the constructor\'s accumulator value', () => {
    const [a, b] = [tensor([1, 2], { requiresGrad: true }), tensor([3], { requiresGrad: true })];
    const adam = new optim.Adam([a, b], { amsgrad: true });
    a.grad = tensor([0.5, -0.5]);
    adam.step();
    expect([...adam.state.keys()]).toEqual([a]);
    expect(Object.keys(adam.state.get(a)!)).toEqual(['step', 'exp_avg', 'exp_avg_sq', 'max_exp_avg_sq']);
    const adagrad = new optim.Adagrad([a], { initialAccumulatorValue: 0.25 });
    adagrad.addParamGroup({ params: [b], initialAccumulatorValue: 2 });
    expect([...adagrad.state.values()].map((s) => [s.step, Array.from(s.sum.data)])).toEqual([[0, [0.25, 0.25]], [0, [0.25]]]);
  });

  it('AdamW decays parameters that Adam would leave alone when the gradient is zero', () => {
    const [a, b] = [tensor([1, -2], { requiresGrad: true }), tensor([1, -2], { requiresGrad: true })];
    const adamw = new optim.AdamW([a], { lr: 0.1, weightDecay: 0.5 });
    const adam = new optim.Adam([b], { lr: 0.1, weightDecay: 0.5 });
    a.grad = tensor([0, 0]);
    b.grad = tensor([0, 0]);
    adamw.step();
    adam.step();
    expect(Array.from(a.data)).toEqual([Math.fround(0.95), Math.fround(-1.9)]); // θ(1 - γλ), m = 0
    expect(b.data[0]).toBeCloseTo(1 - 0.1, 6); // g = λθ: the first Adam step moves by γ·sign(g)
  });
});
