// torch.optim.lr_scheduler: schedules that set each param group's lr (and OneCycleLR's momentum),
// step for step as PyTorch 1.13's do. Learning rates are float64, as Python's floats are, and each
// scheduler uses PyTorch's own update rule — mostly the recursive (chainable) form, lr ← lr·γ, whose
// rounding differs from the closed form base_lr·γⁿ in the last bits.
import { describe, Tensor } from '../tensor/tensor';
import { Optimizer } from './optimizer';

/** Any optimizer: a scheduler touches only its groups' lr, and OneCycleLR's momentum or betas. */
export type SchedulableOptimizer = Optimizer<{ lr: number }, object>;

/**
 * What a scheduler reads and writes in a param group. The keys it adds are camelCase like the
 * group's options, so the optimizer's stateDict saves them under PyTorch's names (initial_lr,
 * max_lr, min_lr, max_momentum, base_momentum) and its loadStateDict restores them.
 */
export interface ScheduledGroup {
  lr: number;
  initialLr?: number;
  momentum?: number;
  betas?: readonly number[];
  maxLr?: number;
  minLr?: number;
  maxMomentum?: number;
  baseMomentum?: number;
}

/** A scheduler's state_dict: its attributes under PyTorch's names, without the optimizer or functions. */
export type SchedulerStateDict = Record<string, unknown>;

/** lr = initial_lr · lrLambda(epoch), for LambdaLR. */
export type LrLambda = (epoch: number) => number;

/** PyTorch's names of the keys schedulers add to a param group, and the property holding each. */
const GROUP_KEY = {
  initial_lr: 'initialLr', max_lr: 'maxLr', min_lr: 'minLr', max_momentum: 'maxMomentum', base_momentum: 'baseMomentum',
} as const;
type GroupKey = keyof typeof GROUP_KEY;

/** Each state-dict key with the property holding it, in PyTorch's order; null: saved as false, never loaded. */
type StateKeys = readonly (readonly [key: string, property: string | null])[];

function saveState(owner: object, keys: StateKeys): SchedulerStateDict {
  const fields = owner as Record<string, unknown>;
  const out: SchedulerStateDict = {};
  for (const [key, property] of keys) {
    // PyTorch's _get_lr_called_within_step is true only inside step()
    if (property === null) out[key] = false;
    else if (fields[property] !== undefined) out[key] = structuredClone(fields[property]);
  }
  return out;
}

/** Like PyTorch's `__dict__.update(state_dict)`, but a key the scheduler doesn't have is an error. */
function loadState(owner: object, keys: StateKeys, stateDict: SchedulerStateDict): void {
  if (typeof stateDict !== 'object' || stateDict === null) throw new TypeError(`loadStateDict(): expected a scheduler state dict, got ${describe(stateDict)}`);
  const properties = new Map(keys);
  const unexpected = Object.keys(stateDict).filter((key) => !properties.has(key));
  if (unexpected.length > 0) throw new Error(`Unexpected key(s) in state_dict: ${unexpected.map((key) => `"${key}"`).join(', ')}.`);
  for (const [key, value] of Object.entries(stateDict)) {
    const property = properties.get(key);
    if (property) (owner as Record<string, unknown>)[property] = structuredClone(value);
  }
}

/** A number option that must be finite: NaN or ±Infinity (or a string) would reach every lr. */
function checkFinite(name: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`Expected finite number ${name}, but got ${String(value)}`);
}

function checkOptimizer(optimizer: unknown): asserts optimizer is SchedulableOptimizer {
  if (!(optimizer instanceof Optimizer)) {
    throw new TypeError(`${(optimizer as object | null | undefined)?.constructor?.name ?? String(optimizer)} is not an Optimizer`);
  }
}

function requireInGroups(optimizer: SchedulableOptimizer, keys: GroupKey[]): void {
  optimizer.paramGroups.forEach((group: ScheduledGroup, i) => {
    for (const key of keys) {
      if (group[GROUP_KEY[key]] === undefined) throw new Error(`param '${key}' is not specified in param_groups[${i}] when resuming an optimizer`);
    }
  });
}

function checkPositiveInteger(name: string, value: number | undefined): number {
  if (!(Number.isInteger(value) && value! > 0)) throw new Error(`Expected positive integer ${name}, but got ${value}`);
  return value!;
}

/** Python's '{:.4e}'.format(lr), as verbose prints it: 1.0000e-01. */
const formatLr = (lr: number): string => lr.toExponential(4).replace(/e([+-])(\d)$/, (_, sign: string, digit: string) => `e${sign}0${digit}`);

/** The options every epoch-based scheduler takes. */
export interface SchedulerOptions {
  /** The index of the last step when resuming; -1 starts the schedule (and sets each group's initial_lr). */
  lastEpoch?: number;
  /** Prints each lr the scheduler sets. */
  verbose?: boolean;
}

/**
 * PyTorch's _LRScheduler. Each subclass takes PyTorch's required argument positionally
 * (`new StepLR(opt, 30, { gamma })`) or in its options (`new StepLR(opt, { stepSize: 30, gamma })`),
 * sets its fields after `super()`, then calls `step()`, the last act of PyTorch's constructor:
 * the first step, from lastEpoch -1 to 0 (or from a resumed lastEpoch to the next).
 *
 * @example
 * ```ts
 * // every scheduler: build it after the optimizer, call step() once per epoch (or batch)
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const scheduler: optim.lrScheduler.LRScheduler = new optim.lrScheduler.ExponentialLR(optimizer, 0.9);
 * scheduler.step();
 * scheduler.getLastLr(); // ≈ [0.09]: 0.1 · 0.9
 * const saved = scheduler.stateDict(); // PyTorch's keys: base_lrs, last_epoch, …
 * ```
 */
export abstract class LRScheduler {
  readonly optimizer: SchedulableOptimizer;
  /** Each group's initial_lr, the lr the schedule starts from. */
  baseLrs: number[];
  /** The index of the current step (epoch or batch): 0 after the constructor, one more per step(). */
  lastEpoch: number;
  verbose: boolean;
  protected stepCount = 0;
  protected lastLr: number[] = [];

  constructor(optimizer: SchedulableOptimizer, lastEpoch: number, verbose: boolean) {
    checkOptimizer(optimizer);
    const groups: ScheduledGroup[] = optimizer.paramGroups;
    if (lastEpoch === -1) for (const group of groups) group.initialLr ??= group.lr;
    else requireInGroups(optimizer, ['initial_lr']);
    this.optimizer = optimizer;
    this.baseLrs = groups.map((group) => group.initialLr!);
    this.lastEpoch = lastEpoch;
    this.verbose = verbose;
  }

  protected get groups(): ScheduledGroup[] {
    return this.optimizer.paramGroups;
  }

  protected currentLrs(): number[] {
    return this.groups.map((group) => group.lr);
  }

  /** Moves to the next step of the schedule and sets every group's lr to it. */
  step(): void {
    this.stepCount += 1;
    this.lastEpoch += 1;
    const groups = this.groups;
    this.getLr().forEach((lr, i) => {
      groups[i].lr = lr;
      if (this.verbose) console.log(`Adjusting learning rate of group ${i} to ${formatLr(lr)}.`);
    });
    this.lastLr = this.currentLrs();
  }

  /** The lrs the last step set. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The lrs of step lastEpoch (already advanced), from PyTorch's get_lr(). */
  protected abstract getLr(): number[];

  /** The scheduler's state under PyTorch's names, to save with a checkpoint. */
  stateDict(): SchedulerStateDict {
    return saveState(this, this.stateKeys());
  }

  /** Restores what `stateDict()` returned, to resume the schedule. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    loadState(this, this.stateKeys(), stateDict);
  }

  /** The subclass puts its own keys first, as its attributes come first in PyTorch's __dict__. */
  protected stateKeys(): StateKeys {
    return [
      ['base_lrs', 'baseLrs'], ['last_epoch', 'lastEpoch'], ['verbose', 'verbose'], ['_step_count', 'stepCount'],
      ['_get_lr_called_within_step', null], ['_last_lr', 'lastLr'],
    ];
  }
}

/** StepLR's and MultiStepLR's options. */
export interface StepLROptions extends SchedulerOptions {
  /** The factor applied at each step boundary or milestone (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies every lr by gamma each stepSize steps.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const scheduler = new optim.lrScheduler.StepLR(optimizer, 30, { gamma: 0.1 }); // 0.1, then 0.01 from epoch 30, …
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // … train one epoch: optimizer.zeroGrad(), backward, optimizer.step() …
 *   scheduler.step();
 * }
 * ```
 */
export class StepLR extends LRScheduler {
  stepSize: number;
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, stepSize: number, options?: StepLROptions);
  constructor(optimizer: SchedulableOptimizer, options: StepLROptions & { stepSize: number });
  constructor(optimizer: SchedulableOptimizer, first: number | (StepLROptions & { stepSize: number }), rest?: StepLROptions) {
    const { stepSize, gamma = 0.1, lastEpoch = -1, verbose = false } = typeof first === 'number' ? { ...rest, stepSize: first } : first;
    // PyTorch would fail with ZeroDivisionError at the first step
    checkPositiveInteger('step_size', stepSize);
    checkFinite('gamma', gamma);
    super(optimizer, lastEpoch, verbose);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.step();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return this.currentLrs();
    return this.groups.map((group) => group.lr * this.gamma);
  }

  protected override stateKeys(): StateKeys {
    return [['step_size', 'stepSize'], ['gamma', 'gamma'], ...super.stateKeys()];
  }
}

/**
 * Multiplies every lr by gamma at each milestone (by gamma^k at a milestone listed k times).
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const scheduler = new optim.lrScheduler.MultiStepLR(optimizer, [30, 80], { gamma: 0.1 }); // 0.1, 0.01 from 30, 0.001 from 80
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // … train one epoch: optimizer.zeroGrad(), backward, optimizer.step() …
 *   scheduler.step();
 * }
 * ```
 */
export class MultiStepLR extends LRScheduler {
  /** PyTorch's Counter: each milestone with how many times it was listed. */
  milestones: Record<number, number> = {};
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, milestones: number[], options?: StepLROptions);
  constructor(optimizer: SchedulableOptimizer, options: StepLROptions & { milestones: number[] });
  constructor(optimizer: SchedulableOptimizer, first: number[] | (StepLROptions & { milestones: number[] }), rest?: StepLROptions) {
    const { milestones, gamma = 0.1, lastEpoch = -1, verbose = false } = Array.isArray(first) ? { ...rest, milestones: first } : first;
    if (!Array.isArray(milestones)) throw new TypeError(`Expected milestones to be an array of integers, but got ${describe(milestones)}`);
    checkFinite('gamma', gamma);
    super(optimizer, lastEpoch, verbose);
    for (const milestone of milestones) this.milestones[milestone] = (this.milestones[milestone] ?? 0) + 1;
    this.gamma = gamma;
    this.step();
  }

  protected override getLr(): number[] {
    const count = this.milestones[this.lastEpoch];
    if (count === undefined) return this.currentLrs();
    return this.groups.map((group) => group.lr * this.gamma ** count);
  }

  protected override stateKeys(): StateKeys {
    return [['milestones', 'milestones'], ['gamma', 'gamma'], ...super.stateKeys()];
  }
}

/**
 * Multiplies every lr by gamma each step.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const scheduler = new optim.lrScheduler.ExponentialLR(optimizer, 0.95); // lr · 0.95 each epoch
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // … train one epoch: optimizer.zeroGrad(), backward, optimizer.step() …
 *   scheduler.step();
 * }
 * ```
 */
export class ExponentialLR extends LRScheduler {
  gamma: number;

  constructor(optimizer: SchedulableOptimizer, gamma: number, options?: SchedulerOptions);
  constructor(optimizer: SchedulableOptimizer, options: SchedulerOptions & { gamma: number });
  constructor(optimizer: SchedulableOptimizer, first: number | (SchedulerOptions & { gamma: number }), rest?: SchedulerOptions) {
    const { gamma, lastEpoch = -1, verbose = false } = typeof first === 'number' ? { ...rest, gamma: first } : first;
    checkFinite('gamma', gamma);
    super(optimizer, lastEpoch, verbose);
    this.gamma = gamma;
    this.step();
  }

  protected override getLr(): number[] {
    if (this.lastEpoch === 0) return this.currentLrs();
    return this.groups.map((group) => group.lr * this.gamma);
  }

  protected override stateKeys(): StateKeys {
    return [['gamma', 'gamma'], ...super.stateKeys()];
  }
}

/** CosineAnnealingLR's options. */
export interface CosineAnnealingLROptions extends SchedulerOptions {
  /** The lowest lr, reached after TMax steps (default 0). */
  etaMin?: number;
}

/**
 * η_t = η_min + (η_max - η_min)(1 + cos(π t / T_max)) / 2, computed recursively from the current lr
 * as PyTorch does (so outside changes to the lr carry on), rising again after T_max.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const scheduler = new optim.lrScheduler.CosineAnnealingLR(optimizer, 100, { etaMin: 0.001 }); // 0.1 → 0.001 along a half cosine
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // … train one epoch: optimizer.zeroGrad(), backward, optimizer.step() …
 *   scheduler.step();
 * }
 * ```
 */
export class CosineAnnealingLR extends LRScheduler {
  TMax: number;
  etaMin: number;

  constructor(optimizer: SchedulableOptimizer, TMax: number, options?: CosineAnnealingLROptions);
  constructor(optimizer: SchedulableOptimizer, options: CosineAnnealingLROptions & { TMax: number });
  constructor(optimizer: SchedulableOptimizer, first: number | (CosineAnnealingLROptions & { TMax: number }), rest?: CosineAnnealingLROptions) {
    const { TMax, etaMin = 0, lastEpoch = -1, verbose = false } = typeof first === 'number' ? { ...rest, TMax: first } : first;
    // PyTorch would fail with ZeroDivisionError at the first step
    checkPositiveInteger('T_max', TMax);
    checkFinite('eta_min', etaMin);
    super(optimizer, lastEpoch, verbose);
    this.TMax = TMax;
    this.etaMin = etaMin;
    this.step();
  }

  protected override getLr(): number[] {
    const { lastEpoch: t, TMax, etaMin, baseLrs } = this;
    if (t === 0) return this.currentLrs();
    // resuming (lastEpoch given): the first step starts from the closed form
    if (this.stepCount === 1 && t > 0) return baseLrs.map((base) => etaMin + (base - etaMin) * (1 + Math.cos(t * Math.PI / TMax)) / 2);
    // the step just past each minimum (t - 1 = T_max, 3 T_max, …), where the ratio below is 0/0
    if ((t - 1 - TMax) % (2 * TMax) === 0) return this.groups.map((group, i) => group.lr + (baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / TMax)) / 2);
    return this.groups.map((group) => (1 + Math.cos(Math.PI * t / TMax)) / (1 + Math.cos(Math.PI * (t - 1) / TMax)) * (group.lr - etaMin) + etaMin);
  }

  protected override stateKeys(): StateKeys {
    return [['T_max', 'TMax'], ['eta_min', 'etaMin'], ...super.stateKeys()];
  }
}

/**
 * lr = initial_lr · lrLambda(lastEpoch): one function for every group, or one per group.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const scheduler = new optim.lrScheduler.LambdaLR(optimizer, (epoch) => 1 / (1 + epoch)); // lr = 0.1 / (1 + epoch)
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   // … train one epoch: optimizer.zeroGrad(), backward, optimizer.step() …
 *   scheduler.step();
 * }
 * ```
 */
export class LambdaLR extends LRScheduler {
  lrLambdas: LrLambda[];

  constructor(optimizer: SchedulableOptimizer, lrLambda: LrLambda | LrLambda[], options?: SchedulerOptions);
  constructor(optimizer: SchedulableOptimizer, options: SchedulerOptions & { lrLambda: LrLambda | LrLambda[] });
  constructor(optimizer: SchedulableOptimizer, first: LrLambda | LrLambda[] | (SchedulerOptions & { lrLambda: LrLambda | LrLambda[] }), rest?: SchedulerOptions) {
    const { lrLambda, lastEpoch = -1, verbose = false } = typeof first === 'function' || Array.isArray(first) ? { ...rest, lrLambda: first } : first;
    checkOptimizer(optimizer);
    const count = optimizer.paramGroups.length;
    if (Array.isArray(lrLambda) && lrLambda.length !== count) throw new Error(`Expected ${count} lr_lambdas, but got ${lrLambda.length}`);
    if ((Array.isArray(lrLambda) ? lrLambda : [lrLambda]).some((fn) => typeof fn !== 'function')) {
      throw new TypeError(`lr_lambda must be a function or an array of functions, one per group, but got ${describe(lrLambda)}`);
    }
    super(optimizer, lastEpoch, verbose);
    this.lrLambdas = Array.isArray(lrLambda) ? [...lrLambda] : Array<LrLambda>(count).fill(lrLambda);
    this.step();
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((base, i) => base * this.lrLambdas[i](this.lastEpoch));
  }

  /** PyTorch's keys with lr_lambdas all null: PyTorch saves only a callable object's attributes, never a function. */
  override stateDict(): SchedulerStateDict {
    return { ...super.stateDict(), lr_lambdas: this.lrLambdas.map(() => null) };
  }

  override loadStateDict(stateDict: SchedulerStateDict): void {
    super.loadStateDict(Object.fromEntries(Object.entries(stateDict).filter(([key]) => key !== 'lr_lambdas')));
  }
}

/** OneCycleLR's options. */
export interface OneCycleLROptions extends SchedulerOptions {
  /** The schedule's length; or give epochs and stepsPerEpoch. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** The fraction of the steps spent raising the lr. */
  pctStart?: number;
  annealStrategy?: 'cos' | 'linear';
  /** Cycles momentum (SGD) or betas[0] (Adam) inversely to the lr. */
  cycleMomentum?: boolean;
  baseMomentum?: number | number[];
  maxMomentum?: number | number[];
  /** initial_lr = max_lr / divFactor. */
  divFactor?: number;
  /** min_lr = initial_lr / finalDivFactor. */
  finalDivFactor?: number;
  /** Falls back to initial_lr symmetrically, then anneals to min_lr, as the 1cycle paper does. */
  threePhase?: boolean;
}

/** One phase of the 1cycle schedule as PyTorch saves it: its last step and the group keys it anneals between. */
export interface OneCyclePhase {
  end_step: number;
  start_lr: 'initial_lr' | 'max_lr';
  end_lr: 'initial_lr' | 'max_lr' | 'min_lr';
  start_momentum: 'max_momentum' | 'base_momentum';
  end_momentum: 'max_momentum' | 'base_momentum';
}

/** `start` → `end` along half a cosine as pct goes 0 → 1. */
const annealCos = (start: number, end: number, pct: number): number => end + (start - end) / 2.0 * (Math.cos(Math.PI * pct) + 1);
const annealLinear = (start: number, end: number, pct: number): number => (end - start) * pct + start;

function perGroup(name: string, value: number | number[], count: number): number[] {
  const values = Array.isArray(value) ? value : Array<number>(count).fill(value);
  if (values.length !== count) throw new Error(`expected ${count} values for ${name}, got ${values.length}`);
  for (const v of values) checkFinite(name, v);
  return values;
}

function oneCycleLength(totalSteps: number | undefined, epochs: number | undefined, stepsPerEpoch: number | undefined): number {
  if (totalSteps === undefined && epochs === undefined && stepsPerEpoch === undefined) {
    throw new Error('You must define either total_steps OR (epochs AND steps_per_epoch)');
  }
  if (totalSteps !== undefined) return checkPositiveInteger('total_steps', totalSteps);
  return checkPositiveInteger('epochs', epochs) * checkPositiveInteger('steps_per_epoch', stepsPerEpoch);
}

function setMomentum(group: ScheduledGroup, momentum: number, useBeta1: boolean): void {
  if (useBeta1) group.betas = [momentum, ...group.betas!.slice(1)];
  else group.momentum = momentum;
}

/**
 * The 1cycle policy, one step per batch: the lr rises from max_lr/divFactor to max_lr over
 * pctStart of totalSteps, then anneals to initial_lr/finalDivFactor, while momentum moves the
 * other way between maxMomentum and baseMomentum. Sets initial_lr, max_lr, min_lr (and
 * max_momentum, base_momentum) in each group.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const scheduler = new optim.lrScheduler.OneCycleLR(optimizer, 1, { epochs: 10, stepsPerEpoch: 50 });
 * for (let batch = 0; batch < 500; batch++) {
 *   // … one batch: optimizer.zeroGrad(), backward, optimizer.step() …
 *   scheduler.step(); // once per batch
 * }
 * ```
 */
export class OneCycleLR extends LRScheduler {
  totalSteps: number;
  schedulePhases: OneCyclePhase[];
  readonly annealStrategy: 'cos' | 'linear';
  cycleMomentum: boolean;
  /** Whether momentum is betas[0] (Adam) rather than momentum (SGD); set only when cycling momentum. */
  useBeta1?: boolean;

  constructor(optimizer: SchedulableOptimizer, maxLr: number | number[], options?: OneCycleLROptions);
  constructor(optimizer: SchedulableOptimizer, options: OneCycleLROptions & { maxLr: number | number[] });
  constructor(optimizer: SchedulableOptimizer, first: number | number[] | (OneCycleLROptions & { maxLr: number | number[] }), rest?: OneCycleLROptions) {
    const {
      maxLr, totalSteps, epochs, stepsPerEpoch, pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true,
      baseMomentum = 0.85, maxMomentum = 0.95, divFactor = 25, finalDivFactor = 1e4, threePhase = false, lastEpoch = -1, verbose = false,
    } = typeof first === 'number' || Array.isArray(first) ? { ...rest, maxLr: first } : first;
    // every check comes before any group changes (PyTorch sets the lrs before checking momentum)
    checkOptimizer(optimizer);
    const total = oneCycleLength(totalSteps, epochs, stepsPerEpoch);
    if (!(pctStart >= 0 && pctStart <= 1)) throw new Error(`Expected float between 0 and 1 pct_start, but got ${pctStart}`);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new Error(`anneal_strategy must by one of 'cos' or 'linear', instead got ${annealStrategy}`);
    }
    // Python's max_lr / div_factor and initial_lr / final_div_factor fail on 0
    if (divFactor === 0 || finalDivFactor === 0) throw new Error('float division by zero');
    checkFinite('div_factor', divFactor);
    checkFinite('final_div_factor', finalDivFactor);
    const groups: ScheduledGroup[] = optimizer.paramGroups;
    const maxLrs = perGroup('max_lr', maxLr, groups.length);
    if (cycleMomentum && !('momentum' in optimizer.defaults) && !('betas' in optimizer.defaults)) {
      throw new Error('optimizer must support momentum with `cycle_momentum` option enabled');
    }
    const useBeta1 = 'betas' in optimizer.defaults;
    const maxMomenta = cycleMomentum ? perGroup('max_momentum', maxMomentum, groups.length) : [];
    const baseMomenta = cycleMomentum ? perGroup('base_momentum', baseMomentum, groups.length) : [];
    if (lastEpoch === -1) {
      groups.forEach((group, i) => {
        group.initialLr = maxLrs[i] / divFactor;
        group.maxLr = maxLrs[i];
        group.minLr = group.initialLr / finalDivFactor;
        if (!cycleMomentum) return;
        setMomentum(group, maxMomenta[i], useBeta1);
        group.maxMomentum = maxMomenta[i];
        group.baseMomentum = baseMomenta[i];
      });
    } else {
      requireInGroups(optimizer, ['initial_lr', 'max_lr', 'min_lr', ...(cycleMomentum ? (['max_momentum', 'base_momentum'] as const) : [])]);
    }
    super(optimizer, lastEpoch, verbose);
    this.totalSteps = total;
    this.schedulePhases = threePhase
      ? [
          { end_step: pctStart * total - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
          { end_step: 2 * pctStart * total - 2, start_lr: 'max_lr', end_lr: 'initial_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
          { end_step: total - 1, start_lr: 'initial_lr', end_lr: 'min_lr', start_momentum: 'max_momentum', end_momentum: 'max_momentum' },
        ]
      : [
          { end_step: pctStart * total - 1, start_lr: 'initial_lr', end_lr: 'max_lr', start_momentum: 'max_momentum', end_momentum: 'base_momentum' },
          { end_step: total - 1, start_lr: 'max_lr', end_lr: 'min_lr', start_momentum: 'base_momentum', end_momentum: 'max_momentum' },
        ];
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    if (cycleMomentum) this.useBeta1 = useBeta1;
    this.step();
  }

  /** Throws once the schedule is over: it allows totalSteps steps after the constructor's. */
  override step(): void {
    if (this.lastEpoch + 1 > this.totalSteps) {
      throw new Error(`Tried to step ${this.lastEpoch + 2} times. The specified number of total steps is ${this.totalSteps}`);
    }
    super.step();
  }

  protected override getLr(): number[] {
    const { lastEpoch: step, schedulePhases: phases } = this;
    const anneal = this.annealStrategy === 'cos' ? annealCos : annealLinear;
    return this.groups.map((group) => {
      const value = (key: GroupKey): number => group[GROUP_KEY[key]]!;
      let i = 0;
      let start = 0;
      while (i < phases.length - 1 && step > phases[i].end_step) start = phases[i++].end_step;
      const phase = phases[i];
      const pct = (step - start) / (phase.end_step - start);
      if (this.cycleMomentum) setMomentum(group, anneal(value(phase.start_momentum), value(phase.end_momentum), pct), this.useBeta1!);
      return anneal(value(phase.start_lr), value(phase.end_lr), pct);
    });
  }

  /** PyTorch 1.13 also saves anneal_func, a bound method: code, not state, like LambdaLR's lambdas. */
  protected override stateKeys(): StateKeys {
    return [
      ['total_steps', 'totalSteps'], ['_schedule_phases', 'schedulePhases'], ['cycle_momentum', 'cycleMomentum'],
      ['use_beta1', 'useBeta1'], ...super.stateKeys(),
    ];
  }
}

/** ReduceLROnPlateau's options. */
export interface ReduceLROnPlateauOptions {
  /** 'min': the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** new lr = lr · factor. */
  factor?: number;
  /** How many steps without improvement to allow before reducing. */
  patience?: number;
  /** How much better than the best a metric must be to count: relative or absolute, per thresholdMode. */
  threshold?: number;
  thresholdMode?: 'rel' | 'abs';
  /** How many steps after a reduction before bad steps count again. */
  cooldown?: number;
  /** The lowest lr, for every group or per group. */
  minLr?: number | number[];
  /** A reduction smaller than eps is skipped. */
  eps?: number;
  verbose?: boolean;
}

function checkModes(mode: unknown, thresholdMode: unknown): void {
  if (mode !== 'min' && mode !== 'max') throw new Error(`mode ${mode} is unknown!`);
  if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new Error(`threshold mode ${thresholdMode} is unknown!`);
}

/**
 * Reduces every lr by factor once the metric given to step(metric) stops improving for patience steps.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
 * const scheduler = new optim.lrScheduler.ReduceLROnPlateau(optimizer, { factor: 0.5, patience: 5 });
 * for (let epoch = 0; epoch < 50; epoch++) {
 *   // … train one epoch …
 *   const validationLoss = 1; // a loss that stops improving
 *   scheduler.step(validationLoss); // halves the lr after 5 epochs without improvement
 * }
 * ```
 */
export class ReduceLROnPlateau {
  readonly optimizer: SchedulableOptimizer;
  factor: number;
  minLrs: number[];
  patience: number;
  verbose: boolean;
  cooldown: number;
  cooldownCounter = 0;
  mode: 'min' | 'max';
  threshold: number;
  thresholdMode: 'rel' | 'abs';
  best: number;
  numBadEpochs = 0;
  /** The worst value for the mode: the best before the first metric. */
  modeWorse: number;
  eps: number;
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: SchedulableOptimizer, {
    mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8, verbose = false,
  }: ReduceLROnPlateauOptions = {}) {
    if (!(factor < 1.0)) throw new Error('Factor should be < 1.0.'); // NaN too
    checkOptimizer(optimizer);
    const count = optimizer.paramGroups.length;
    if (Array.isArray(minLr) && minLr.length !== count) throw new Error(`expected ${count} min_lrs, got ${minLr.length}`);
    checkModes(mode, thresholdMode);
    this.optimizer = optimizer;
    this.factor = factor;
    this.minLrs = Array.isArray(minLr) ? [...minLr] : Array<number>(count).fill(minLr);
    this.patience = patience;
    this.verbose = verbose;
    this.cooldown = cooldown;
    this.mode = mode;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.modeWorse = mode === 'min' ? Infinity : -Infinity;
    this.best = this.modeWorse;
    this.eps = eps;
    this.lastLr = this.currentLrs();
  }

  private currentLrs(): number[] {
    return this.optimizer.paramGroups.map((group) => group.lr);
  }

  /** Whether a reduction happened less than `cooldown` steps ago. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /** Whether metric a beats best by more than the threshold. */
  isBetter(a: number, best: number): boolean {
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - this.threshold) : a < best - this.threshold;
    return this.thresholdMode === 'rel' ? a > best * (this.threshold + 1) : a > best + this.threshold;
  }

  /** Records one step's metric (a number or a one-element tensor) and reduces the lrs when it is time. */
  step(metrics: number | Tensor): void {
    if (typeof metrics !== 'number' && !(metrics instanceof Tensor)) {
      throw new TypeError(`ReduceLROnPlateau.step(): metrics must be a number or a one-element Tensor, got ${describe(metrics)}`);
    }
    const current = metrics instanceof Tensor ? metrics.item() : metrics;
    const epoch = this.lastEpoch + 1;
    this.lastEpoch = epoch;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.inCooldown) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad steps in cooldown don't count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr(epoch);
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.currentLrs();
  }

  private reduceLr(epoch: number): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr <= this.eps) return;
      group.lr = newLr;
      if (this.verbose) console.log(`Epoch ${String(epoch).padStart(5, '0')}: reducing learning rate of group ${i} to ${formatLr(newLr)}.`);
    });
  }

  /** The lrs after the last step (before any, the optimizer's lrs). */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** The scheduler's state under PyTorch's names, to save with a checkpoint. */
  stateDict(): SchedulerStateDict {
    return saveState(this, this.stateKeys());
  }

  /** Restores what `stateDict()` returned, to resume. */
  loadStateDict(stateDict: SchedulerStateDict): void {
    checkModes(stateDict.mode ?? this.mode, stateDict.threshold_mode ?? this.thresholdMode);
    loadState(this, this.stateKeys(), stateDict);
    this.modeWorse = this.mode === 'min' ? Infinity : -Infinity;
  }

  private stateKeys(): StateKeys {
    return [
      ['factor', 'factor'], ['min_lrs', 'minLrs'], ['patience', 'patience'], ['verbose', 'verbose'], ['cooldown', 'cooldown'],
      ['cooldown_counter', 'cooldownCounter'], ['mode', 'mode'], ['threshold', 'threshold'], ['threshold_mode', 'thresholdMode'],
      ['best', 'best'], ['num_bad_epochs', 'numBadEpochs'], ['mode_worse', 'modeWorse'], ['eps', 'eps'], ['last_epoch', 'lastEpoch'],
      ['_last_lr', 'lastLr'],
    ];
  }
}
