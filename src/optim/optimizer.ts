// The Optimizer base: parameter groups with per-group options, per-parameter state, zeroGrad.
import { enableGrad, noGrad } from '../autograd/grad-mode';
import { Tensor } from '../tensor/tensor';

/** A group as the user gives it: its parameters and any options that override the defaults. */
export type ParamGroupInput<Options> = { params: Iterable<Tensor> } & Partial<Options>;

/** A group as the optimizer keeps it: every option filled in. */
export type ParamGroup<Options> = { params: Tensor[] } & Options;

export type Params<Options> = Iterable<Tensor> | Iterable<ParamGroupInput<Options>>;

export abstract class Optimizer<Options extends object> {
  readonly defaults: Options;
  readonly paramGroups: ParamGroup<Options>[] = [];
  /** Per-parameter state (momentum buffers, moment estimates…), keyed by the parameter. */
  readonly state = new Map<Tensor, Record<string, Tensor | number>>();

  constructor(params: Params<Options>, defaults: Options) {
    if (params instanceof Tensor) {
      throw new TypeError('params argument given to the optimizer should be an iterable of Tensors or dicts, but got Tensor');
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
}
