// The optimizer golden runs (scripts/golden/optim.py has their twins): the problem, one line per
// case building the same optimizer, and the driver both optimizer test files share.
import { expect } from 'vitest';
import { noGrad, optim, Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

/** A state-dict value as the golden file writes it; PyTorch's `None` arrives as null. */
type GoldenValue = GoldenTensor | number | null;
export type GoldenState = Record<string, Record<string, GoldenValue>>;
export interface GoldenStateDict {
  state: GoldenState;
  param_groups: ({ params: number[] } & Record<string, unknown>)[];
}

interface Golden {
  steps: number;
  save_at: number;
  implementation_switches: string[];
  start: Record<'w' | 'frozen' | 'b', GoldenTensor>;
  target: Record<'w' | 'b', GoldenTensor>;
  scale: Record<'w' | 'b', GoldenTensor>;
  noise: Record<'w' | 'b', GoldenTensor>;
  cases: Record<string, { params: Record<'w' | 'b', GoldenTensor>[]; state_dict_10: GoldenStateDict; final_state: GoldenState }>;
  errors: Record<string, string>;
}

export const golden = loadGolden<Golden>('optim');

export interface Problem {
  w: Tensor;
  frozen: Tensor;
  b: Tensor;
}

export type AnyOptimizer = optim.Optimizer<{ lr: number }, object>;

export const cases: Record<string, (p: Problem) => AnyOptimizer> = {
  adam: ({ w, frozen, b }) => new optim.Adam([w, frozen, b]),
  adam_amsgrad: ({ w, frozen, b }) => new optim.Adam([w, frozen, b], { amsgrad: true }),
  adam_maximize: ({ w, frozen, b }) => new optim.Adam([w, frozen, b], { lr: 0.01, maximize: true }),
  adam_weight_decay: ({ w, frozen, b }) => new optim.Adam([w, frozen, b], { lr: 0.01, weightDecay: 0.1 }),
  adam_betas_eps: ({ w, frozen, b }) => new optim.Adam([w, frozen, b], { lr: 0.05, betas: [0.8, 0.99], eps: 1e-3 }),
  adam_all: ({ w, frozen, b }) => new optim.Adam([w, frozen, b], { lr: 0.02, weightDecay: 0.05, amsgrad: true, maximize: true }),
  adam_groups: ({ w, frozen, b }) => new optim.Adam([{ params: [w], lr: 0.1 }, { params: [frozen, b], amsgrad: true }], { lr: 0.01 }),
  adamw: ({ w, frozen, b }) => new optim.AdamW([w, frozen, b]),
  adamw_no_decay: ({ w, frozen, b }) => new optim.AdamW([w, frozen, b], { lr: 0.01, weightDecay: 0 }),
  adamw_weight_decay_amsgrad: ({ w, frozen, b }) => new optim.AdamW([w, frozen, b], { lr: 0.05, weightDecay: 0.5, amsgrad: true }),
  adamw_maximize: ({ w, frozen, b }) => new optim.AdamW([w, frozen, b], { lr: 0.01, maximize: true }),
  adamw_groups: ({ w, frozen, b }) => new optim.AdamW([{ params: [w], weightDecay: 0.2, lr: 0.1 }, { params: [frozen, b] }]),
  rmsprop: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b]),
  rmsprop_alpha_eps: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b], { lr: 0.001, alpha: 0.9, eps: 1e-4 }),
  rmsprop_momentum: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b], { momentum: 0.9 }),
  rmsprop_centered: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b], { centered: true }),
  rmsprop_weight_decay: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b], { weightDecay: 0.1 }),
  rmsprop_maximize: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b], { maximize: true }),
  rmsprop_all: ({ w, frozen, b }) => new optim.RMSprop([w, frozen, b], { lr: 0.005, momentum: 0.5, centered: true, weightDecay: 0.05, maximize: true }),
  rmsprop_groups: ({ w, frozen, b }) => new optim.RMSprop([{ params: [w], lr: 0.05, momentum: 0.9 }, { params: [frozen, b], centered: true }]),
  adagrad: ({ w, frozen, b }) => new optim.Adagrad([w, frozen, b]),
  adagrad_lr_decay: ({ w, frozen, b }) => new optim.Adagrad([w, frozen, b], { lr: 0.1, lrDecay: 0.1 }),
  adagrad_initial_accumulator: ({ w, frozen, b }) => new optim.Adagrad([w, frozen, b], { lr: 0.1, initialAccumulatorValue: 0.5 }),
  adagrad_weight_decay: ({ w, frozen, b }) => new optim.Adagrad([w, frozen, b], { lr: 0.1, weightDecay: 0.1 }),
  adagrad_eps_maximize: ({ w, frozen, b }) => new optim.Adagrad([w, frozen, b], { eps: 1e-2, maximize: true }),
  adagrad_groups: ({ w, frozen, b }) => new optim.Adagrad([{ params: [w], lr: 0.5, lrDecay: 0.01 }, { params: [frozen, b], initialAccumulatorValue: 0.1 }]),
  sgd: ({ w, frozen, b }) => new optim.SGD([w, frozen, b], { lr: 0.05 }),
  sgd_momentum: ({ w, frozen, b }) => new optim.SGD([w, frozen, b], { lr: 0.05, momentum: 0.9 }),
  sgd_nesterov: ({ w, frozen, b }) => new optim.SGD([w, frozen, b], { lr: 0.05, momentum: 0.9, nesterov: true }),
  sgd_dampening_weight_decay_maximize: ({ w, frozen, b }) =>
    new optim.SGD([w, frozen, b], { lr: 0.01, momentum: 0.5, dampening: 0.3, weightDecay: 0.1, maximize: true }),
  sgd_dampening_maximize: ({ w, frozen, b }) => new optim.SGD([w, frozen, b], { lr: 0.01, momentum: 0.5, dampening: 0.3, maximize: true }),
  sgd_groups: ({ w, frozen, b }) => new optim.SGD([{ params: [w], momentum: 0.9 }, { params: [frozen, b], lr: 0.1 }], { lr: 0.05 }),
};

/** The starting parameters, or (step > 0) PyTorch's parameters after `step` steps of `name`. */
export function problem(name?: string, step = 0): Problem {
  const at = step === 0 ? golden.start : { ...golden.start, ...golden.cases[name!].params[step - 1] };
  return { w: decode(at.w, { requiresGrad: true }), frozen: decode(at.frozen, { requiresGrad: true }), b: decode(at.b, { requiresGrad: true }) };
}

const trained = ['w', 'b'] as const;
const targets = { w: decode(golden.target.w), b: decode(golden.target.b) };
const scales = { w: decode(golden.scale.w), b: decode(golden.scale.b) };
const noise = { w: decode(golden.noise.w), b: decode(golden.noise.b) };

/** Step `t` (0-based) of the golden run: grad = (p - target) * scale + noise[t], then one update. */
export function step(optimizer: AnyOptimizer, p: Problem, t: number): void {
  noGrad(() => {
    for (const k of trained) {
      const n = p[k].numel();
      const noiseT = new Tensor(noise[k].data.subarray(t * n, (t + 1) * n), p[k].shape);
      p[k].grad = p[k].sub(targets[k]).mul(scales[k]).add(noiseT);
    }
  });
  optimizer.step();
}

/** Bit-for-bit equality with PyTorch's parameters after step `t` (0-based). */
export function expectParams(name: string, p: Problem, t: number): void {
  for (const k of trained) expectClose(p[k], golden.cases[name].params[t][k], { rtol: 0, atol: 0 }, `${name} step ${t + 1} ${k}`);
  expectClose(p.frozen, golden.start.frozen, { rtol: 0, atol: 0 }, `${name} frozen`);
}

/**
 * PyTorch's state without its `None` values: momentum-free SGD keeps {momentum_buffer: None} per
 * parameter, where torchlet keeps no state.
 */
export function withoutNone(state: GoldenState): Record<string, Record<string, GoldenTensor | number>> {
  const out: Record<string, Record<string, GoldenTensor | number>> = {};
  for (const [id, values] of Object.entries(state)) {
    const kept = Object.entries(values).filter((e): e is [string, GoldenTensor | number] => e[1] !== null);
    if (kept.length > 0) out[id] = Object.fromEntries(kept);
  }
  return out;
}

/** Bit-for-bit equality of a state dict's `state` with PyTorch's (whose `step` may be a tensor). */
export function expectState(actual: optim.OptimizerStateDict['state'], expected: GoldenState, label: string): void {
  const want = withoutNone(expected);
  expect(Object.keys(actual), `${label}: parameters with state`).toEqual(Object.keys(want));
  for (const [id, values] of Object.entries(want)) {
    const got = actual[Number(id)];
    expect(Object.keys(got), `${label}: state keys of ${id}`).toEqual(Object.keys(values));
    for (const [key, value] of Object.entries(values)) {
      const where = `${label}: state ${id}.${key}`;
      if (typeof value === 'number') expect(got[key], where).toBe(value);
      else if (key === 'step') expect(got[key], where).toBe(Number(value.data[0]));
      else expectClose(got[key] as Tensor, value, { rtol: 0, atol: 0 }, where);
    }
  }
}
