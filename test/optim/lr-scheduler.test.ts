// optim.lrScheduler against PyTorch: every group's lr (and momentum) after every step, state dicts
// saved and loaded mid-run, errors and verbose output.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { optim, tensor, zeros } from '../../src/index';
import type { LRScheduler, LrLambda, ReduceLROnPlateau, SchedulableOptimizer, ScheduledGroup } from '../../src/optim/lr-scheduler';
import { loadGolden } from '../helpers';

const { lrScheduler } = optim;

/** A param group as the golden file writes it: PyTorch's keys. */
interface GoldenGroup {
  lr: number;
  momentum?: number;
  betas?: number[];
  initial_lr?: number;
  max_lr?: number;
  min_lr?: number;
  max_momentum?: number;
  base_momentum?: number;
}

interface Case {
  optimizer: 'SGD' | 'Adam';
  groups: GoldenGroup[];
  metrics: number[] | null;
  /** Each group's lr after the constructor (row 0) and after each step. */
  lr: number[][];
  momentum?: number[][];
  initial_lr: (number | null)[];
  last_epoch: number;
  state_dict: Record<string, unknown>;
  mid: { step: number; state_dict: Record<string, unknown>; groups: GoldenGroup[] };
}

const golden = loadGolden<{ cases: Record<string, Case>; errors: Record<string, string>; verbose: string[] }>('lr_scheduler');

type Scheduler = LRScheduler | ReduceLROnPlateau;

// the same functions as scripts/golden/lr_scheduler.py's LAMBDAS
const LAMBDAS: Record<string, LrLambda> = {
  warmup: (e) => Math.min(1.0, (e + 1) / 5),
  exp_decay: (e) => 0.95 ** e,
  inverse_sqrt: (e) => 1 / Math.sqrt(e + 1),
  halve_every_10: (e) => 0.5 ** Math.floor(e / 10),
};

// one line per golden case, the same configuration; both ways of passing the required argument
const SCHEDULERS: Record<string, (opt: SchedulableOptimizer) => Scheduler> = {
  step_lr: (o) => new lrScheduler.StepLR(o, 3),
  step_lr_gamma: (o) => new lrScheduler.StepLR(o, { stepSize: 7, gamma: 0.73 }),
  step_lr_resume: (o) => new lrScheduler.StepLR(o, 4, { gamma: 0.5, lastEpoch: 5 }),
  multi_step_lr: (o) => new lrScheduler.MultiStepLR(o, [5, 12, 20]),
  multi_step_lr_repeated: (o) => new lrScheduler.MultiStepLR(o, { milestones: [25, 3, 10, 3], gamma: 0.6 }),
  exponential_lr: (o) => new lrScheduler.ExponentialLR(o, 0.9),
  exponential_lr_slow: (o) => new lrScheduler.ExponentialLR(o, { gamma: 0.987 }),
  cosine_annealing_lr: (o) => new lrScheduler.CosineAnnealingLR(o, 10),
  cosine_annealing_lr_eta_min: (o) => new lrScheduler.CosineAnnealingLR(o, { TMax: 7, etaMin: 0.001 }),
  cosine_annealing_lr_resume: (o) => new lrScheduler.CosineAnnealingLR(o, 12, { etaMin: 0.01, lastEpoch: 3 }),
  lambda_lr: (o) => new lrScheduler.LambdaLR(o, LAMBDAS.warmup),
  lambda_lr_per_group: (o) => new lrScheduler.LambdaLR(o, { lrLambda: [LAMBDAS.exp_decay, LAMBDAS.inverse_sqrt, LAMBDAS.halve_every_10] }),
  reduce_on_plateau: (o) => new lrScheduler.ReduceLROnPlateau(o, { patience: 2 }),
  reduce_on_plateau_abs_cooldown: (o) => new lrScheduler.ReduceLROnPlateau(o, { threshold: 0.05, thresholdMode: 'abs', patience: 1, cooldown: 2 }),
  reduce_on_plateau_max: (o) => new lrScheduler.ReduceLROnPlateau(o, { mode: 'max', factor: 0.5, patience: 2, cooldown: 1, minLr: [0.01, 0.2] }),
  reduce_on_plateau_max_abs: (o) =>
    new lrScheduler.ReduceLROnPlateau(o, { mode: 'max', factor: 0.3, patience: 0, threshold: 0.1, thresholdMode: 'abs', minLr: 0.02, eps: 1e-3 }),
  one_cycle_lr: (o) => new lrScheduler.OneCycleLR(o, [0.1, 0.5], { totalSteps: 40 }),
  one_cycle_lr_three_phase_linear: (o) =>
    new lrScheduler.OneCycleLR(o, {
      maxLr: 0.8, epochs: 5, stepsPerEpoch: 8, pctStart: 0.25, annealStrategy: 'linear', threePhase: true, divFactor: 10,
      finalDivFactor: 100, baseMomentum: [0.8, 0.7], maxMomentum: 0.99,
    }),
  one_cycle_lr_three_phase_cos: (o) => new lrScheduler.OneCycleLR(o, 1.3, { totalSteps: 33, threePhase: true }),
  one_cycle_lr_no_momentum: (o) => new lrScheduler.OneCycleLR(o, 0.2, { totalSteps: 31, pctStart: 0.5, cycleMomentum: false }),
  one_cycle_lr_betas: (o) => new lrScheduler.OneCycleLR(o, [0.01, 0.003], { totalSteps: 35, maxMomentum: [0.95, 0.9] }),
};

const CAMEL: Record<string, keyof ScheduledGroup> = {
  lr: 'lr', momentum: 'momentum', betas: 'betas', initial_lr: 'initialLr', max_lr: 'maxLr', min_lr: 'minLr',
  max_momentum: 'maxMomentum', base_momentum: 'baseMomentum',
};

/** Sets a group's keys from PyTorch's param group, as optimizer.loadStateDict would. */
function setGroup(group: ScheduledGroup, values: GoldenGroup): void {
  for (const [key, value] of Object.entries(values)) Object.assign(group, { [CAMEL[key]]: Array.isArray(value) ? [...value] : value });
}

function optimizerFor({ optimizer, groups }: Case): SchedulableOptimizer {
  const options = groups.map(({ lr, momentum, betas }) => ({
    params: [zeros(1).requiresGrad_()], lr, ...(momentum === undefined ? {} : { momentum }), ...(betas === undefined ? {} : { betas: betas as [number, number] }),
  }));
  const opt = optimizer === 'Adam' ? new optim.Adam(options) : new optim.SGD(options, { lr: 0.1 });
  groups.forEach((group, i) => setGroup(opt.paramGroups[i], group)); // and initial_lr, when resuming
  return opt;
}

const momentumOf = (group: ScheduledGroup): number => (group.betas !== undefined ? group.betas[0] : group.momentum!);

/** JSON has no Infinity: the golden file writes it as a string (ReduceLROnPlateau's best and mode_worse). */
const revive = (sd: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(sd).map(([k, v]) => [k, v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v]));

/**
 * float64 schedules: the same operations in the same order as Python give the same doubles (StepLR,
 * MultiStepLR, ExponentialLR, ReduceLROnPlateau and linear OneCycleLR match bit for bit), except
 * where libm differs: V8's Math.cos / Math.pow and glibc's cos / pow can differ in the last bit, and
 * the schedules' differences (end + (start - end)·(cos + 1)/2, 1 + cos near -1) turn an ulp of the
 * largest lr into more ulps of a small one. So: within 4 ulps of the largest value the group takes.
 */
function expectSchedule(actual: number[], rows: number[][], row: number, label: string): void {
  const expected = rows[row];
  expect(actual.length, `${label}: groups`).toBe(expected.length);
  actual.forEach((a, i) => {
    const scale = Math.max(...rows.map((r) => Math.abs(r[i])));
    if (!(Math.abs(a - expected[i]) <= 4 * Number.EPSILON * scale)) expect.fail(`${label}, group ${i}: ${a}, PyTorch has ${expected[i]}`);
  });
}

const lrsOf = (opt: SchedulableOptimizer): number[] => opt.paramGroups.map((g) => g.lr);

/** Steps i = from … to - 1 of a case (optimizer.step() first, as PyTorch asks), checking each row. */
function run(c: Case, opt: SchedulableOptimizer, scheduler: Scheduler, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    opt.step();
    if (scheduler instanceof lrScheduler.ReduceLROnPlateau) scheduler.step(c.metrics![i]);
    else scheduler.step();
    expectSchedule(lrsOf(opt), c.lr, i + 1, `step ${i + 1} lr`);
    expect(scheduler.getLastLr(), `step ${i + 1} getLastLr()`).toEqual(lrsOf(opt));
    if (c.momentum) expectSchedule(opt.paramGroups.map(momentumOf), c.momentum, i + 1, `step ${i + 1} momentum`);
  }
}

const steps = (c: Case): number => c.lr.length - 1;

describe('optim.lrScheduler follows PyTorch step for step', () => {
  it('has a TypeScript line for every golden case', () => {
    expect(Object.keys(SCHEDULERS).sort()).toEqual(Object.keys(golden.cases).sort());
  });

  it.each(Object.entries(golden.cases))('%s', (name, c) => {
    const opt = optimizerFor(c);
    const scheduler = SCHEDULERS[name](opt);
    expectSchedule(lrsOf(opt), c.lr, 0, 'after the constructor');
    expect(opt.paramGroups.map((g: ScheduledGroup) => g.initialLr ?? null)).toEqual(c.initial_lr);
    if (c.momentum) expectSchedule(opt.paramGroups.map(momentumOf), c.momentum, 0, 'momentum after the constructor');
    run(c, opt, scheduler, 0, steps(c));
    expect(scheduler.lastEpoch).toBe(c.last_epoch);
    // _last_lr is the lrs, checked above to a few ulps; everything else is exact
    const { _last_lr: lastLr, ...state } = scheduler.stateDict();
    const { _last_lr: _, ...expected } = revive(c.state_dict);
    expect(lastLr).toEqual(lrsOf(opt));
    expect(state).toEqual(expected);
  });

  it.each(Object.entries(golden.cases))('%s continues from PyTorch\'s state dict saved mid-run', (name, c) => {
    const opt = optimizerFor(c);
    const scheduler = SCHEDULERS[name](opt);
    c.mid.groups.forEach((values, i) => setGroup(opt.paramGroups[i], values));
    scheduler.loadStateDict(revive(c.mid.state_dict));
    expect(scheduler.stateDict()).toEqual(revive(c.mid.state_dict));
    run(c, opt, scheduler, c.mid.step, steps(c));
  });
});

describe('optim.lrScheduler errors', () => {
  const sgd = (groups = 2, momentum = 0): SchedulableOptimizer =>
    new optim.SGD(Array.from({ length: groups }, () => ({ params: [zeros(1).requiresGrad_()] })), { lr: 0.1, momentum });
  const { StepLR, LambdaLR, ReduceLROnPlateau, OneCycleLR, CosineAnnealingLR } = lrScheduler;

  const ERRORS: Record<string, () => unknown> = {
    resume_without_initial_lr: () => new StepLR(sgd(), 2, { lastEpoch: 3 }),
    lambda_count: () => new LambdaLR(sgd(), [LAMBDAS.warmup]),
    plateau_factor: () => new ReduceLROnPlateau(sgd(), { factor: 1.0 }),
    plateau_min_lrs: () => new ReduceLROnPlateau(sgd(), { minLr: [0.1, 0.2, 0.3] }),
    plateau_mode: () => new ReduceLROnPlateau(sgd(), { mode: 'maximum' as 'max' }),
    plateau_threshold_mode: () => new ReduceLROnPlateau(sgd(), { thresholdMode: 'relative' as 'rel' }),
    one_cycle_no_length: () => new OneCycleLR(sgd(), 0.1),
    one_cycle_total_steps: () => new OneCycleLR(sgd(), 0.1, { totalSteps: -1 }),
    one_cycle_fractional_total_steps: () => new OneCycleLR(sgd(), 0.1, { totalSteps: 2.5 }),
    one_cycle_epochs: () => new OneCycleLR(sgd(), 0.1, { epochs: 0, stepsPerEpoch: 5 }),
    one_cycle_steps_per_epoch: () => new OneCycleLR(sgd(), 0.1, { epochs: 3, stepsPerEpoch: -2 }),
    one_cycle_pct_start: () => new OneCycleLR(sgd(), 0.1, { totalSteps: 10, pctStart: 1.5 }),
    one_cycle_anneal_strategy: () => new OneCycleLR(sgd(), 0.1, { totalSteps: 10, annealStrategy: 'cosine' as 'cos' }),
    one_cycle_max_lr_count: () => new OneCycleLR(sgd(), [0.1, 0.2, 0.3], { totalSteps: 10 }),
    one_cycle_momentum_count: () => new OneCycleLR(sgd(), 0.1, { totalSteps: 10, baseMomentum: [0.8] }),
    one_cycle_no_momentum: () => new OneCycleLR(new optim.Adagrad([zeros(1).requiresGrad_()]), 0.1, { totalSteps: 10 }),
    one_cycle_past_end: () => {
      const scheduler = new OneCycleLR(sgd(), 0.1, { totalSteps: 10 });
      for (let i = 0; i < 11; i++) scheduler.step();
    },
  };

  it('has a TypeScript line for every golden error', () => {
    expect(Object.keys(ERRORS).sort()).toEqual(Object.keys(golden.errors).sort());
  });

  it.each(Object.entries(golden.errors))('%s throws PyTorch\'s message', (name, message) => {
    expect(ERRORS[name]).toThrow(new Error(message));
  });

  it('rejects a non-positive or fractional step_size and T_max at once (PyTorch divides by zero at the first step)', () => {
    expect(() => new StepLR(sgd(), 0)).toThrow('Expected positive integer step_size, but got 0');
    expect(() => new CosineAnnealingLR(sgd(), { TMax: 0 })).toThrow('Expected positive integer T_max, but got 0');
    expect(() => new CosineAnnealingLR(sgd(), 2.5)).toThrow('Expected positive integer T_max, but got 2.5');
  });

  it('OneCycleLR resuming needs the keys a first OneCycleLR put in each group', () => {
    const opt = sgd();
    new StepLR(opt, 3); // sets initial_lr only
    expect(() => new OneCycleLR(opt, 0.1, { totalSteps: 10, lastEpoch: 4 })).toThrow("param 'max_lr' is not specified in param_groups[0] when resuming an optimizer");
  });

  it('rejects something that is not an optimizer', () => {
    expect(() => new StepLR({} as SchedulableOptimizer, 3)).toThrow(new TypeError('Object is not an Optimizer'));
    expect(() => new ReduceLROnPlateau(null as unknown as SchedulableOptimizer)).toThrow(new TypeError('null is not an Optimizer'));
  });

  it('changes nothing when it throws', () => {
    const opt = sgd(2, 0.9);
    const options = () => structuredClone(opt.paramGroups.map(({ params: _, ...o }) => o));
    const before = options();
    // PyTorch has already set initial_lr, max_lr and min_lr in every group when base_momentum fails
    expect(() => new OneCycleLR(opt, 0.1, { totalSteps: 10, baseMomentum: [0.8] })).toThrow('expected 2 values for base_momentum, got 1');
    expect(() => new LambdaLR(opt, [LAMBDAS.warmup])).toThrow('Expected 2 lr_lambdas, but got 1');
    expect(options()).toEqual(before);

    const cycle = new OneCycleLR(opt, 0.1, { totalSteps: 3 });
    for (let i = 0; i < 3; i++) cycle.step();
    const saved = cycle.stateDict();
    const lrs = cycle.getLastLr();
    // PyTorch counts the failed step (its next message says 6 times); here it leaves no trace
    expect(() => cycle.step()).toThrow('Tried to step 5 times. The specified number of total steps is 3');
    expect(() => cycle.step()).toThrow('Tried to step 5 times. The specified number of total steps is 3');
    expect(cycle.stateDict()).toEqual(saved);
    expect(opt.paramGroups.map((g) => g.lr)).toEqual(lrs);
  });

  it('loadStateDict rejects keys the scheduler lacks, and bad modes, before changing anything', () => {
    const scheduler = new StepLR(sgd(), 3);
    const saved = scheduler.stateDict();
    expect(() => scheduler.loadStateDict({ ...saved, last_epoch: 7, T_max: 10 })).toThrow('Unexpected key(s) in state_dict: "T_max".');
    expect(scheduler.stateDict()).toEqual(saved);
    const plateau = new ReduceLROnPlateau(sgd());
    expect(() => plateau.loadStateDict({ ...plateau.stateDict(), mode: 'median', patience: 3 })).toThrow('mode median is unknown!');
    expect(plateau.patience).toBe(10);
  });

  it('ReduceLROnPlateau reads a one-element tensor, and rejects a larger one before counting it', () => {
    const plateau = new ReduceLROnPlateau(sgd(), { patience: 0 });
    plateau.step(tensor([0.5]));
    expect(plateau.best).toBe(0.5);
    expect(() => plateau.step(tensor([1, 2]))).toThrow('only one element tensors can be converted to Python scalars');
    expect(plateau.lastEpoch).toBe(1);
  });
});

describe('optim.lrScheduler state', () => {
  it('saves copies: changing a state dict or getLastLr() leaves the scheduler alone', () => {
    const opt = new optim.SGD([zeros(1).requiresGrad_()], { lr: 0.1 });
    const scheduler = new lrScheduler.MultiStepLR(opt, [2, 2, 4]);
    const sd = scheduler.stateDict();
    (sd.base_lrs as number[])[0] = 5;
    (sd.milestones as Record<number, number>)[2] = 7;
    scheduler.getLastLr()[0] = 5;
    expect(scheduler.stateDict()).toEqual({
      milestones: { 2: 2, 4: 1 }, gamma: 0.1, base_lrs: [0.1], last_epoch: 0, verbose: false, _step_count: 1,
      _get_lr_called_within_step: false, _last_lr: [0.1],
    });
    expect(scheduler.getLastLr()).toEqual([0.1]);
  });

  it('sets initial_lr only where missing, so a second scheduler starts from the first one\'s base', () => {
    const opt = new optim.SGD([zeros(1).requiresGrad_()], { lr: 1 });
    const first = new lrScheduler.ExponentialLR(opt, 0.5);
    first.step();
    const second = new lrScheduler.StepLR(opt, 2);
    expect(second.baseLrs).toEqual([1]);
    expect(opt.paramGroups[0].lr).toBe(0.5);
  });

  it('the optimizer\'s state dict carries the keys schedulers add under PyTorch\'s names', () => {
    const opt = new optim.Adam([zeros(1).requiresGrad_()]);
    new lrScheduler.OneCycleLR(opt, 0.01, { totalSteps: 10 });
    const group = opt.stateDict().param_groups[0];
    expect(group).toMatchObject({ initial_lr: 0.01 / 25, max_lr: 0.01, min_lr: 0.01 / 25 / 1e4, max_momentum: 0.95, base_momentum: 0.85, betas: [0.95, 0.999] });
    // resuming on the restored optimizer continues the schedule
    const restored = new optim.Adam([zeros(1).requiresGrad_()]);
    restored.loadStateDict(opt.stateDict());
    const resumed = new lrScheduler.OneCycleLR(restored, 0.01, { totalSteps: 10, lastEpoch: 0 });
    const reference = new optim.Adam([zeros(1).requiresGrad_()]);
    new lrScheduler.OneCycleLR(reference, 0.01, { totalSteps: 10 }).step();
    expect(resumed.getLastLr()).toEqual([reference.paramGroups[0].lr]);
    expect(restored.paramGroups[0].betas).toEqual(reference.paramGroups[0].betas);
  });
});

describe('optim.lrScheduler verbose', () => {
  afterEach(() => vi.restoreAllMocks());

  it('prints what PyTorch prints', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const two = () => new optim.SGD([{ params: [zeros(1).requiresGrad_()], lr: 0.1 }, { params: [zeros(1).requiresGrad_()], lr: 0.5 }]);
    const scheduler = new lrScheduler.StepLR(two(), 2, { gamma: 0.5, verbose: true });
    for (let i = 0; i < 3; i++) scheduler.step();
    const plateau = new lrScheduler.ReduceLROnPlateau(two(), { patience: 0, verbose: true });
    for (const metric of [1.0, 1.0, 1.0]) plateau.step(metric);
    expect(log.mock.calls.map((args) => args.join(' '))).toEqual(golden.verbose);
  });
});
