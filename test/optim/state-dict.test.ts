// Optimizer state dicts: PyTorch's structure and values at step 10, bit-for-bit resumption from a
// saved dict (torchlet's and PyTorch's), copies rather than aliases, and validation before change.
import { describe, expect, it } from 'vitest';
import { optim, tensor, type Tensor } from '../../src/index';
import { decode, type GoldenTensor } from '../helpers';
import { cases, expectParams, expectState, golden, problem, step, withoutNone, type GoldenStateDict } from './cases';

const names = Object.keys(golden.cases);
const saveAt = golden.save_at;

/** PyTorch's param_groups without the switches that choose an implementation, which torchlet has not. */
const withoutSwitches = (groups: GoldenStateDict['param_groups']) =>
  groups.map((g) => Object.fromEntries(Object.entries(g).filter(([k]) => !golden.implementation_switches.includes(k))));

/** PyTorch's state dict with its tensors decoded (`step` stays PyTorch 1.13's one-element tensor). */
function decodeStateDict(sd: GoldenStateDict): optim.OptimizerStateDict {
  const state = Object.fromEntries(Object.entries(withoutNone(sd.state)).map(([id, values]) => [
    id, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, typeof v === 'number' ? v : decode(v as GoldenTensor)])),
  ]));
  return { state, param_groups: sd.param_groups };
}

describe('stateDict() at step 10 is PyTorch\'s', () => {
  it.each(names)('%s', (name) => {
    const p = problem();
    const optimizer = cases[name](p);
    for (let t = 0; t < saveAt; t++) step(optimizer, p, t);
    const sd = optimizer.stateDict();
    const pytorch = golden.cases[name].state_dict_10;
    expectState(sd.state, pytorch.state, name);
    expect(sd.param_groups).toEqual(withoutSwitches(pytorch.param_groups));
  });
});

describe('loadStateDict() resumes training bit for bit', () => {
  it.each(names)('%s: from the dict torchlet saved at step 10', (name) => {
    const p = problem();
    const optimizer = cases[name](p);
    let saved: optim.OptimizerStateDict | undefined;
    for (let t = 0; t < golden.steps; t++) {
      step(optimizer, p, t);
      if (t + 1 === saveAt) saved = optimizer.stateDict(); // the run goes on mutating its own state
    }
    const resumed = problem(name, saveAt);
    const fresh = cases[name](resumed);
    for (const group of fresh.paramGroups) group.lr = 0; // the dict must restore it
    fresh.loadStateDict(saved!);
    for (let t = saveAt; t < golden.steps; t++) {
      step(fresh, resumed, t);
      expectParams(name, resumed, t);
    }
    expect(fresh.stateDict()).toEqual(optimizer.stateDict());
  });

  it.each(names)('%s: from the dict PyTorch saved at step 10', (name) => {
    const resumed = problem(name, saveAt);
    const fresh = cases[name](resumed);
    const pytorch = golden.cases[name].state_dict_10;
    fresh.loadStateDict(decodeStateDict(pytorch));
    expect(fresh.stateDict().param_groups).toEqual(pytorch.param_groups); // PyTorch's own keys survive
    for (let t = saveAt; t < golden.steps; t++) {
      step(fresh, resumed, t);
      expectParams(name, resumed, t);
    }
    expectState(fresh.stateDict().state, golden.cases[name].final_state, name);
  });
});

describe('state dicts hold copies', () => {
  it('mutating a saved dict, or the optimizer after saving or loading, touches nothing else', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const optimizer = new optim.Adam([a], { amsgrad: true });
    a.grad = tensor([0.5, -1]);
    optimizer.step();
    const sd = optimizer.stateDict();
    const before = Array.from(optimizer.state.get(a)!.exp_avg.data);
    (sd.state[0].exp_avg as Tensor).data[0] = 99;
    (sd.param_groups[0].betas as number[])[0] = 0.5;
    expect(Array.from(optimizer.state.get(a)!.exp_avg.data)).toEqual(before);
    expect(optimizer.paramGroups[0].betas).toEqual([0.9, 0.999]);

    const b = tensor([1, 2], { requiresGrad: true });
    const other = new optim.Adam([b]);
    other.loadStateDict(sd);
    (sd.state[0].exp_avg as Tensor).data[0] = -7;
    (sd.param_groups[0].betas as number[])[1] = 0.5;
    expect(other.state.get(b)!.exp_avg.data[0]).toBe(99);
    expect(other.paramGroups[0]).toMatchObject({ betas: [0.5, 0.999], amsgrad: true });
  });

  it('numbers parameters across groups in order, as PyTorch does', () => {
    const [a, b, c] = [tensor([1], { requiresGrad: true }), tensor([2], { requiresGrad: true }), tensor([3], { requiresGrad: true })];
    const optimizer = new optim.RMSprop([{ params: [a, b] }, { params: [c], lr: 0.1 }], { momentum: 0.9 });
    c.grad = tensor([1]);
    optimizer.step();
    const sd = optimizer.stateDict();
    expect(sd.param_groups.map((g) => g.params)).toEqual([[0, 1], [2]]);
    expect(Object.keys(sd.state)).toEqual(['2']);
    expect(Object.keys(sd.param_groups[1])).toEqual(['lr', 'alpha', 'eps', 'weight_decay', 'momentum', 'centered', 'maximize', 'params']);
  });
});

describe('loadStateDict() validates before changing anything', () => {
  const setup = () => {
    const [a, b] = [tensor([1, 2], { requiresGrad: true }), tensor([3], { requiresGrad: true })];
    const optimizer = new optim.Adam([{ params: [a] }, { params: [b], lr: 0.1 }]);
    a.grad = tensor([1, 1]);
    b.grad = tensor([1]);
    optimizer.step();
    return optimizer;
  };

  const corrupt: Record<string, (sd: optim.OptimizerStateDict) => optim.OptimizerStateDict> = {
    load_group_count: (sd) => ({ ...sd, param_groups: sd.param_groups.slice(0, 1) }),
    load_group_size: (sd) => ({ ...sd, param_groups: [sd.param_groups[0], { ...sd.param_groups[1], params: [1, 2] }] }),
  };

  it.each(Object.keys(corrupt))('%s: PyTorch\'s message', (name) => {
    const optimizer = setup();
    const before = optimizer.stateDict();
    expect(() => optimizer.loadStateDict(corrupt[name](optimizer.stateDict()))).toThrow(golden.errors[name]);
    expect(optimizer.stateDict()).toEqual(before);
  });

  it.each([
    ['an invalid option', (sd: optim.OptimizerStateDict) => { sd.param_groups[1].lr = -1; }, 'Invalid learning rate: -1.0'],
    ['state for a parameter no group lists', (sd: optim.OptimizerStateDict) => { sd.state[5] = sd.state[0]; }, 'loaded state dict has state for parameter 5, which none of its groups lists'],
    ['a state tensor of the wrong shape', (sd: optim.OptimizerStateDict) => { sd.state[1].exp_avg_sq = tensor([1, 2]); }, "loaded state dict's exp_avg_sq for parameter 1 has shape [2], the parameter has shape [1]"],
  ])('%s', (_, change, message) => {
    const optimizer = setup();
    const before = optimizer.stateDict();
    const sd = optimizer.stateDict();
    change(sd);
    expect(() => optimizer.loadStateDict(sd)).toThrow(message);
    expect(optimizer.stateDict()).toEqual(before);
  });
});
