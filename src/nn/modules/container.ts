// Containers: Sequential, ModuleList and ModuleDict hold child modules under index or string
// keys, registered like any assigned child, so state-dict keys read `0.weight`, `blocks.a.bias`.
import { describe, type Tensor } from '../../tensor/tensor';
import { Module, type AnyModule } from './module';

/** A `{ key: module }` literal (not a Module, an Array or another class's instance). */
const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

/**
 * Modules under the keys '0', '1', …: list access shared by Sequential and ModuleList.
 * `seq[0]` reads a child directly; `at(-1)` counts from the end as Python's indexing does.
 */
abstract class ModuleSequence<In extends unknown[], Out> extends Module<In, Out> {
  readonly [index: number]: AnyModule;

  /** The number of modules. */
  override get length(): number {
    return this._modules.size;
  }

  /** The key of position `index` (negative counts from the end). */
  private keyAt(index: number): string {
    const n = this._modules.size;
    if (!Number.isInteger(index) || index < -n || index >= n) throw new RangeError(`index ${index} is out of range`);
    return [...this._modules.keys()][index < 0 ? index + n : index];
  }

  /** The module at `index`; negative counts from the end. */
  at(index: number): AnyModule {
    return this._modules.get(this.keyAt(index))!;
  }

  /** Adds `module` at the end; returns this. */
  append(module: AnyModule): this {
    this.registerModule(String(this._modules.size), module);
    return this;
  }

  /** Appends each module of `modules`; returns this. */
  extend(modules: Iterable<AnyModule>): this {
    if (modules === null || typeof (modules as Iterable<AnyModule>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`${this.constructor.name}.extend should be called with an iterable, but got ${typeof modules}`);
    }
    for (const m of [...modules]) this.append(m);
    return this;
  }

  /** Puts `module` before position `index`, shifting the later ones up by one. */
  insert(index: number, module: AnyModule): this {
    if (!(module instanceof Module)) throw new TypeError(`module should be of type: Module, got ${typeof module}`);
    const n = this._modules.size;
    if (!Number.isInteger(index) || index < -n || index > n) throw new RangeError(`Index out of range: ${index}`);
    const at = index < 0 ? index + n : index;
    const self = this as unknown as Record<string, AnyModule>;
    for (let i = n; i > at; i--) self[String(i)] = this._modules.get(String(i - 1))!;
    self[String(at)] = module;
    return this;
  }

  /** Removes and returns the module at `index`; the ones after it are renumbered. */
  pop(index = -1): AnyModule {
    const key = this.keyAt(index);
    const module = this._modules.get(key)!;
    const rest = [...this._modules].filter(([k]) => k !== key).map(([, m]) => m);
    const self = this as unknown as Record<string, AnyModule | undefined>;
    for (const k of [...this._modules.keys()]) delete self[k];
    rest.forEach((m, i) => this.registerModule(String(i), m));
    return module;
  }

  /** The modules in order: `for (const layer of seq)`. */
  *[Symbol.iterator](): Iterator<AnyModule> {
    for (const m of this._modules.values()) if (m !== null) yield m;
  }
}

/**
 * Calls its modules in order, each on the previous one's output (`torch.nn.Sequential`).
 * `seq[0]` and `seq.at(-1)` read a module; state-dict keys read `0.weight`, `2.bias`, …
 *
 * @example
 * ```ts
 * const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 2));
 * model(randn(4, 2)).shape;       // [4, 2]
 * String(model.at(-1));           // 'Linear(in_features=8, out_features=2, bias=True)'
 * Object.keys(model.stateDict()); // ['0.weight', '0.bias', '2.weight', '2.bias']
 * ```
 */
export class Sequential extends ModuleSequence<[Tensor], Tensor> {
  /** `new Sequential(a, b, c)` keys them '0', '1', '2'; a Map or object keeps its own names. */
  constructor(...modules: AnyModule[] | [Map<string, AnyModule> | Record<string, AnyModule>]) {
    super();
    const first = modules[0];
    if (modules.length === 1 && (first instanceof Map || isPlainObject(first))) {
      const entries = first instanceof Map ? [...first] : Object.entries(first as Record<string, AnyModule>);
      for (const [key, m] of entries) this.registerModule(key, m);
    } else {
      (modules as AnyModule[]).forEach((m, i) => this.registerModule(String(i), m));
    }
  }

  /** The modules from `start` to `end` (exclusive) as a new Sequential with the same keys. */
  slice(start?: number, end?: number): Sequential {
    return new Sequential(new Map([...this._modules].slice(start, end) as [string, AnyModule][]));
  }

  override forward(input: Tensor): Tensor {
    for (const m of this._modules.values()) if (m !== null) input = m(input);
    return input;
  }
}

/**
 * Holds modules in a list so that they are registered (their parameters found, saved and
 * printed); it has no forward of its own (`torch.nn.ModuleList`).
 *
 * @example
 * ```ts
 * class Deep extends nn.Module {
 *   layers = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 *
 *   forward(x: Tensor): Tensor {
 *     for (const layer of this.layers) x = layer(x).relu();
 *     return x;
 *   }
 * }
 * new Deep().parameters().length; // 4
 * ```
 */
export class ModuleList extends ModuleSequence<never, never> {
  constructor(modules: Iterable<AnyModule> = []) {
    super();
    this.extend(modules);
  }

  /** The modules from `start` to `end` (exclusive) as a new ModuleList, renumbered from 0. */
  slice(start?: number, end?: number): ModuleList {
    return new ModuleList([...this].slice(start, end));
  }
}

/**
 * Holds modules under string keys, with a Map's methods; iterating yields the keys, as PyTorch
 * (`torch.nn.ModuleDict`).
 *
 * @example
 * ```ts
 * const heads = new nn.ModuleDict({ classes: new nn.Linear(8, 3), box: new nn.Linear(8, 4) });
 * heads.get('box')!(randn(2, 8)).shape; // [2, 4]
 * heads.keys();                         // ['classes', 'box']
 * ```
 */
export class ModuleDict extends Module<never, never> {
  constructor(modules: Map<string, AnyModule> | Record<string, AnyModule> = {}) {
    super();
    this.update(modules);
  }

  /** The number of entries. */
  get size(): number {
    return this._modules.size;
  }

  /** The module under `key`, or undefined. */
  get(key: string): AnyModule | undefined {
    return this._modules.get(key) ?? undefined;
  }

  /** Registers `module` under `key` (replacing any module there); returns this. */
  set(key: string, module: AnyModule): this {
    this.registerModule(key, module);
    return this;
  }

  /** Whether `key` is present. */
  has(key: string): boolean {
    return this._modules.has(key);
  }

  /** Removes `key` and returns its module. */
  pop(key: string): AnyModule {
    const module = this._modules.get(key);
    if (module === undefined) throw new Error(`KeyError: '${key}'`);
    delete (this as unknown as Record<string, unknown>)[key];
    return module!;
  }

  /** Removes every entry. */
  clear(): void {
    for (const key of [...this._modules.keys()]) delete (this as unknown as Record<string, unknown>)[key];
  }

  /** Sets every entry of `modules`, in its order. */
  update(modules: Map<string, AnyModule> | Record<string, AnyModule>): void {
    if (!(modules instanceof Map) && !isPlainObject(modules)) {
      throw new TypeError(`ModuleDict.update should be called with an iterable of key/value pairs, but got ${describe(modules)}`);
    }
    for (const [key, m] of modules instanceof Map ? modules : Object.entries(modules)) this.set(key, m);
  }

  /** The keys, in insertion order. */
  keys(): string[] {
    return [...this._modules.keys()];
  }

  /** The modules, in insertion order. */
  values(): AnyModule[] {
    return [...this._modules.values()] as AnyModule[];
  }

  /** [key, module] pairs, in insertion order. */
  entries(): [string, AnyModule][] {
    return [...this._modules] as [string, AnyModule][];
  }

  /** The keys, as iterating a PyTorch ModuleDict yields. */
  [Symbol.iterator](): Iterator<string> {
    return this._modules.keys();
  }
}
