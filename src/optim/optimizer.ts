// The Optimizer base: parameter groups with per-group options, per-parameter state, zeroGrad,
// and state dicts shaped like PyTorch's.
//
// The optimizers mirror PyTorch's single-tensor code op by op, rounding with Math.fround (f) where
// a CPU kernel writes float32: x.mul_(c) → f(x·f(c)); x.add_(y, alpha=c) → f(x + f(c)·y), one fused
// multiply-add; x.addcmul_(y, z, value=c) → f(x + f(f(c)·y)·z), the last multiply fused;
// x.addcdiv_(y, z, value=c) → f(x + f(f(f(c)·y) / z)). Python-side scalars (bias corrections, step
// sizes) stay double until a kernel casts them. A fused x + y·z is taken in double, where y·z is
// exact, then rounded to float32: the same result unless the double lands exactly on a float32
// midpoint.
import { enableGrad, noGrad } from '../autograd/grad-mode';
import { pythonFloat } from '../tensor/print';
import { formatShape, sameShape } from '../tensor/shape';
import { describe, Tensor } from '../tensor/tensor';

/** A group as the user gives it: its parameters and any options that override the defaults. */
export type ParamGroupInput<Options> = { params: Iterable<Tensor> } & Partial<Options>;

/** A group as the optimizer keeps it: every option filled in. */
export type ParamGroup<Options> = { params: Tensor[] } & Options;

/** What an optimizer's constructor takes: tensors (`model.parameters()`), or groups of them with their own options. */
export type Params<Options> = Iterable<Tensor> | Iterable<ParamGroupInput<Options>>;

/** One parameter's state: PyTorch's keys (`step`, `exp_avg`, `momentum_buffer`, …). */
export type ParamState = Record<string, Tensor | number>;

/**
 * `optimizer.state_dict()`'s structure. `state` is keyed by each parameter's index, counted
 * across the groups in order; each group lists its parameters by those indices and its options
 * under PyTorch's snake_case names (`weight_decay`, `lr_decay`, …), so the dict is shaped, key for
 * key, like one PyTorch writes. `step` is a number (PyTorch 1.13 keeps a one-element tensor, which
 * `loadStateDict` also accepts).
 */
export interface OptimizerStateDict {
  state: Record<number, ParamState>;
  param_groups: ({ params: number[] } & Record<string, unknown>)[];
}

/** Throws PyTorch's `Invalid <what>: <value>` unless 0 <= value (< below, when given); NaN fails. */
export function checkOption(what: string, value: number, below?: number): void {
  if (typeof value !== 'number') throw new TypeError(`Invalid ${what}: expected a number, got ${describe(value)}`);
  // JS has one number type: values print as the Python floats PyTorch is usually given (1.0, -0.1)
  if (!(value >= 0 && (below === undefined || value < below))) throw new Error(`Invalid ${what}: ${pythonFloat(value)}`);
}

const toSnake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const toCamel = (key: string): string => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const copyOption = (value: unknown): unknown => (Array.isArray(value) ? [...value] : value);
const copyState = (state: object): ParamState => {
  const out: ParamState = {};
  for (const [key, value] of Object.entries(state) as [string, Tensor | number][]) {
    out[key] = value instanceof Tensor ? value.detach().clone() : value;
  }
  return out;
};

/**
 * The base of every optimizer, as `torch.optim.Optimizer`: parameter groups with per-group
 * options (`paramGroups`, whose `lr` a scheduler or the user may change), per-parameter state,
 * `zeroGrad()`, `step()`, and `stateDict()`/`loadStateDict()` shaped like PyTorch's.
 *
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
 * // a smaller lr for the first layer: one group per set of options
 * const optimizer: optim.Optimizer<optim.SGDOptions> = new optim.SGD([
 *   { params: model.at(0).parameters(), lr: 0.001 },
 *   { params: model.at(2).parameters() },
 * ], { lr: 0.01, momentum: 0.9 });
 * optimizer.paramGroups[1].lr = 0.005; // change a learning rate by hand
 * const saved = optimizer.stateDict(); // { state, param_groups }, as PyTorch's
 * ```
 */
export abstract class Optimizer<Options extends object, State extends object = ParamState> {
  readonly defaults: Options;
  readonly paramGroups: ParamGroup<Options>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates…), keyed by the parameter. */
  readonly state = new Map<Tensor, State>();

  constructor(params: Params<Options>, defaults: Options) {
    if (params instanceof Tensor || typeof (params as Partial<Iterable<unknown>> | null)?.[Symbol.iterator] !== 'function') {
      throw new TypeError(`params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${describe(params)}`);
    }
    this.defaults = defaults;
    const items = [...params];
    if (items.length === 0) throw new Error('optimizer got an empty parameter list');
    const groups = items[0] instanceof Tensor ? [{ params: items as Tensor[] } as unknown as ParamGroupInput<Options>] : (items as ParamGroupInput<Options>[]);
    for (const group of groups) this.addParamGroup(group);
  }

  /** Adds a group (e.g. layers unfrozen during fine-tuning); missing options take the defaults. */
  addParamGroup(group: ParamGroupInput<Options>): void {
    if (typeof group !== 'object' || group === null || !('params' in group)) {
      throw new TypeError('param group must be a dict with a "params" entry');
    }
    const params = group.params instanceof Tensor ? [group.params] : [...group.params];
    for (const p of params) {
      if (!(p instanceof Tensor)) throw new TypeError(`optimizer can only optimize Tensors, but one of the params is ${typeof p}`);
      if (!p.isLeaf) throw new Error("can't optimize a non-leaf Tensor");
    }
    if (new Set(params).size !== params.length) {
      console.warn('UserWarning: optimizer contains a parameter group with duplicate parameters; in future, this will cause an error');
    }
    const filled = { ...this.defaults, ...group, params } as ParamGroup<Options>;
    for (const [name, value] of Object.entries(filled)) {
      if (value === undefined) throw new Error(`parameter group didn't specify a value of required optimization parameter ${name}`);
    }
    this.validateGroup(filled);
    for (const existing of this.paramGroups) {
      for (const p of existing.params) {
        if (params.includes(p)) throw new Error('some parameters appear in more than one parameter group');
      }
    }
    this.paramGroups.push(filled);
  }

  /** Throws PyTorch's message for an invalid option value; subclasses check their own options. */
  protected validateGroup(group: ParamGroup<Options>): void {
    void group;
  }

  /** `p`'s state, created by `init` on its first update. */
  protected stateFor(p: Tensor, init: () => State): State {
    let state = this.state.get(p);
    if (state === undefined) {
      state = init();
      this.state.set(p, state);
    }
    return state;
  }

  /** Clears every parameter's gradient: to null (the default) or to zeros. */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) {
        if (p.grad === null) continue;
        if (setToNone) p.grad = null;
        else p.grad.data.fill(0);
      }
    }
  }

  /**
   * One update of every parameter that has a gradient. `closure`, when given, re-evaluates the
   * model and returns the loss (with grad enabled), which step returns.
   */
  step(closure?: () => Tensor | number): number | undefined {
    if (closure !== undefined && typeof closure !== 'function') throw new TypeError(`step(): closure must be a function, got ${describe(closure)}`);
    let loss: number | undefined;
    if (closure !== undefined) {
      const value = enableGrad(closure);
      loss = value instanceof Tensor ? value.item() : value;
    }
    noGrad(() => {
      for (const group of this.paramGroups) this.updateGroup(group);
    });
    return loss;
  }

  /** Updates the parameters of one group in place. */
  protected abstract updateGroup(group: ParamGroup<Options>): void;

  /** The options of every group and the state of every parameter, as copies (see OptimizerStateDict). */
  stateDict(): OptimizerStateDict {
    const index = this.paramIndices();
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) if (key !== 'params') packed[toSnake(key)] = copyOption(value);
      return { ...packed, params: group.params.map((p) => index.get(p)!) };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) state[index.get(p)!] = copyState(s);
    return { state, param_groups: paramGroups };
  }

  /**
   * Restores the options and state `stateDict()` saved, matching parameters by position. Every
   * group and state tensor is checked first; on any error nothing changes. Saved options torchlet
   * does not read (PyTorch's `foreach`, `fused`, …) stay in the group and are saved again, as in
   * PyTorch; options missing from the dict take the defaults.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const { state: savedState, param_groups: saved } = (stateDict ?? {}) as Partial<OptimizerStateDict>;
    if (typeof savedState !== 'object' || savedState === null || !Array.isArray(saved) || !saved.every((g) => Array.isArray(g?.params))) {
      throw new TypeError(`loadStateDict(): expected an optimizer state dict ({ state, param_groups } as stateDict() returns), got ${describe(stateDict)}`);
    }
    if (saved.length !== this.paramGroups.length) throw new Error('loaded state dict has a different number of parameter groups');
    if (saved.some((g, i) => g.params.length !== this.paramGroups[i].params.length)) {
      throw new Error("loaded state dict contains a parameter group that doesn't match the size of optimizer's group");
    }
    const byId = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => byId.set(id, this.paramGroups[i].params[j])));
    const groups = saved.map((g, i) => {
      const options = { ...this.defaults } as Record<string, unknown>;
      for (const [key, value] of Object.entries(g)) if (key !== 'params') options[toCamel(key)] = copyOption(value);
      const group = { ...options, params: this.paramGroups[i].params } as ParamGroup<Options>;
      this.validateGroup(group);
      return group;
    });
    const state = new Map<Tensor, State>();
    for (const [id, values] of Object.entries(savedState)) {
      const p = byId.get(Number(id));
      if (p === undefined) throw new Error(`loaded state dict has state for parameter ${id}, which none of its groups lists`);
      for (const [key, value] of Object.entries(values)) {
        if (!(value instanceof Tensor) && typeof value !== 'number') {
          throw new TypeError(`loaded state dict's ${key} for parameter ${id} must be a Tensor or a number, got ${describe(value)}`);
        }
        if (value instanceof Tensor && key !== 'step' && !sameShape(value.shape, p.shape)) {
          throw new Error(`loaded state dict's ${key} for parameter ${id} has shape ${formatShape(value.shape)}, the parameter has shape ${formatShape(p.shape)}`);
        }
      }
      const copy = copyState(values);
      if (copy.step instanceof Tensor) copy.step = copy.step.item(); // PyTorch 1.13's tensor(10.)
      state.set(p, copy as State);
    }
    groups.forEach((group, i) => (this.paramGroups[i] = group));
    this.state.clear();
    for (const [p, s] of state) this.state.set(p, s);
  }

  /** Each parameter's index across the groups in order, as PyTorch's state_dict numbers them. */
  private paramIndices(): Map<Tensor, number> {
    const index = new Map<Tensor, number>();
    let start = 0;
    for (const { params } of this.paramGroups) {
      params.forEach((p, i) => index.has(p) || index.set(p, start + i));
      start += params.length;
    }
    return index;
  }
}
