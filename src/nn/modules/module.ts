// nn.Module: the base of every layer and model. A module is callable (`model(x)` runs the
// pre-hooks, `forward` and the hooks) and registers the Parameters, Modules and buffers
// assigned to its properties, in assignment order, as PyTorch's __setattr__ does.
import { noGrad } from '../../autograd/grad-mode';
import { Tensor } from '../../tensor/tensor';
import { formatShape, sameShape } from '../../tensor/shape';
import { Parameter } from '../parameter';

/** A model's state by dotted name (`'hidden1.weight'`), as `stateDict()` returns and `loadStateDict()` takes. */
export type StateDict = Record<string, Tensor>;
/**
 * Any module, whatever its forward takes and returns. `any` here is TypeScript's only way to say
 * "some In and Out": forward's arguments and the hooks' types make no narrower instance fit all.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyModule = Module<any, any>;
/** `hook(module, args)`: runs before forward; a non-undefined result replaces the arguments. */
export type ForwardPreHook<In extends unknown[]> = (module: AnyModule, args: In) => In | In[0] | void;
/** `hook(module, args, output)`: runs after forward; a non-undefined result replaces the output. */
export type ForwardHook<In extends unknown[], Out> = (module: AnyModule, args: In, output: Out) => Out | void;

/**
 * What `registerForwardHook` and friends return: `remove()` unregisters the hook.
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(2, 2);
 * const handle = fc.registerForwardHook((_module, _args, output) => console.log(output.shape));
 * fc(zeros(1, 2)); // logs [1, 2]
 * handle.remove();
 * ```
 */
export class RemovableHandle {
  constructor(private readonly hooks: Map<number, unknown>, readonly id: number) {}
  /** Unregisters the hook; removing twice does nothing. */
  remove(): void {
    this.hooks.delete(this.id);
  }
}

let nextHookId = 0;

/**
 * The traps that make assignment register: `set` for `this.fc = …`, `defineProperty` for class
 * fields (which define rather than assign), `deleteProperty` for `delete this.fc`. Reads are not
 * trapped, so property access in forward stays a plain lookup on the target.
 */
const registering: ProxyHandler<AnyModule> = {
  set(target, key, value, receiver) {
    if (typeof key !== 'string' || hasSetter(target, key)) return Reflect.set(target, key, value, receiver);
    setAttribute(target, key, value);
    return true;
  },
  defineProperty(target, key, descriptor) {
    if (typeof key !== 'string' || !('value' in descriptor)) return Reflect.defineProperty(target, key, descriptor);
    setAttribute(target, key, descriptor.value);
    return true;
  },
  deleteProperty(target, key) {
    if (typeof key === 'string') {
      target._parameters.delete(key);
      target._buffers.delete(key);
      target._modules.delete(key);
      target._nonPersistentBuffers.delete(key);
    }
    return Reflect.deleteProperty(target, key);
  },
};

function hasSetter(target: object, key: string): boolean {
  for (let o: object | null = Object.getPrototypeOf(target); o !== null; o = Object.getPrototypeOf(o)) {
    const d = Object.getOwnPropertyDescriptor(o, key);
    if (d !== undefined) return d.set !== undefined;
  }
  return false;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object' || typeof value === 'function') return (value as object).constructor?.name ?? typeof value;
  return typeof value;
}

/** PyTorch's `__setattr__`: route Parameters, Modules and buffer values to their registries. */
function setAttribute(module: AnyModule, name: string, value: unknown): void {
  const params = module._parameters;
  const modules = module._modules;
  const buffers = module._buffers;
  if (value instanceof Parameter) {
    modules.delete(name);
    buffers.delete(name);
    module._nonPersistentBuffers.delete(name);
    params.set(name, value);
  } else if (params.has(name)) {
    if (value !== null) throw new TypeError(`cannot assign '${typeName(value)}' as parameter '${name}' (nn.Parameter or null expected)`);
    params.set(name, null);
  } else if (value instanceof Module) {
    params.delete(name);
    buffers.delete(name);
    module._nonPersistentBuffers.delete(name);
    modules.set(name, value);
  } else if (modules.has(name)) {
    if (value !== null) throw new TypeError(`cannot assign '${typeName(value)}' as child module '${name}' (nn.Module or null expected)`);
    modules.set(name, null);
  } else if (buffers.has(name)) {
    if (value !== null && !(value instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeName(value)}' as buffer '${name}' (Tensor or null expected)`);
    }
    buffers.set(name, value);
  }
  Object.defineProperty(module, name, { value, writable: true, enumerable: true, configurable: true });
}

function defineInternal(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: false, configurable: true });
}

export interface Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Runs the forward pre-hooks, `forward` and the forward hooks, like PyTorch's `__call__`. */
  (...args: In): Out;
}

/**
 * The base of every layer and model, as `torch.nn.Module`. Subclass it, assign layers (and
 * Parameters) to properties in the constructor, and define `forward`; the instance is callable:
 * `model(x)` runs the forward pre-hooks, `forward` and the forward hooks. Assignment registers
 * children and parameters in assignment order, which is the order of `parameters()`,
 * `stateDict()` and `String(model)`, so assign in the order the PyTorch model does.
 * `In` and `Out` type forward's arguments and result.
 *
 * @example
 * ```ts
 * class Net extends nn.Module {
 *   hidden1: nn.Linear;
 *   activation: nn.ReLU;
 *   output: nn.Linear;
 *
 *   constructor(nInput: number, nOutput: number) {
 *     super();
 *     this.hidden1 = new nn.Linear(nInput, 10);
 *     this.activation = new nn.ReLU();
 *     this.output = new nn.Linear(10, nOutput);
 *   }
 *
 *   forward(x: Tensor): Tensor {
 *     return this.output(this.activation(this.hidden1(x)));
 *   }
 * }
 * const model = new Net(3, 1);
 * model(randn(8, 3)).shape;          // [8, 1]
 * Object.keys(model.stateDict());    // ['hidden1.weight', 'hidden1.bias', 'output.weight', 'output.bias']
 * ```
 */
export class Module<In extends unknown[] = [Tensor], Out = Tensor> {
  /** Whether the module is in training mode (Dropout drops, BatchNorm updates its running stats); see `train()`, `eval()`. */
  declare training: boolean;
  /** This module's own parameters by name, in registration order (null: a registered empty slot). */
  declare readonly _parameters: Map<string, Parameter | null>;
  /** This module's own buffers by name, in registration order. */
  declare readonly _buffers: Map<string, Tensor | null>;
  /** This module's direct children by name, in registration order. */
  declare readonly _modules: Map<string, AnyModule | null>;
  /** @internal */
  declare readonly _nonPersistentBuffers: Set<string>;
  /** @internal */
  declare readonly _forwardPreHooks: Map<number, ForwardPreHook<unknown[]>>;
  /** @internal */
  declare readonly _forwardHooks: Map<number, ForwardHook<unknown[], unknown>>;

  constructor() {
    // The instance is a function (so it can be called) whose prototype is the subclass's, behind
    // a proxy that registers assignments. Its own `name` and `length` are deleted so a subclass
    // can use those names. The fields are set here, not as class fields: base-class fields
    // would land on the object `new` made, not on the one this constructor returns.
    const call = (...args: In): Out => (call as unknown as Module<In, Out>).callWithHooks(self, args);
    delete (call as { name?: string }).name;
    delete (call as { length?: number }).length;
    Object.setPrototypeOf(call, new.target.prototype);
    defineInternal(call, 'training', true);
    defineInternal(call, '_parameters', new Map());
    defineInternal(call, '_buffers', new Map());
    defineInternal(call, '_modules', new Map());
    defineInternal(call, '_nonPersistentBuffers', new Set());
    defineInternal(call, '_forwardPreHooks', new Map());
    defineInternal(call, '_forwardHooks', new Map());
    const self = new Proxy(call as unknown as Module<In, Out>, registering as unknown as ProxyHandler<Module<In, Out>>);
    return self;
  }

  /** The computation; every subclass defines it. */
  forward(...args: In): Out {
    void args;
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /**
   * `forward` between the hooks, called on the object behind the proxy (reads through a proxy cost
   * ~45 ns each, a dozen per call of a small model) with `module`, the proxy, as what forward and
   * the hooks see.
   */
  private callWithHooks(module: this, args: In): Out {
    let input = args;
    if (this._forwardPreHooks.size > 0) {
      for (const hook of this._forwardPreHooks.values()) {
        const result = hook(module, input);
        if (result !== undefined) input = (Array.isArray(result) ? result : [result]) as In;
      }
    }
    let output = this.forward.apply(module, input);
    if (this._forwardHooks.size > 0) {
      for (const hook of this._forwardHooks.values()) {
        const result = hook(module, input, output);
        if (result !== undefined) output = result as Out;
      }
    }
    return output;
  }

  // ---- registration ----

  private checkNewName(kind: string, name: string): void {
    if (typeof name !== 'string') throw new TypeError(`${kind} name should be a string. Got ${typeName(name)}`);
    if (name.includes('.')) throw new Error(`${kind} name can't contain ".", got: ${name}`);
    if (name === '') throw new Error(`${kind} name can't be empty string ""`);
  }

  /** A new member must not shadow an attribute (a field only declared, still undefined, is free). */
  private checkFreeName(name: string, registry: Map<string, unknown>): void {
    if (name in this && !registry.has(name) && (this as unknown as Record<string, unknown>)[name] !== undefined) {
      throw new Error(`attribute '${name}' already exists`);
    }
  }

  /** Adds a parameter (or a null placeholder, as Linear's missing bias) under `name`. */
  registerParameter(name: string, param: Parameter | null): void {
    this.checkNewName('parameter', name);
    this.checkFreeName(name, this._parameters);
    if (param !== null && !(param instanceof Parameter)) {
      throw new TypeError(`cannot assign '${typeName(param)}' object to parameter '${name}' (nn.Parameter or null required)`);
    }
    this._parameters.set(name, param);
    Object.defineProperty(this, name, { value: param, writable: true, enumerable: true, configurable: true });
  }

  /**
   * Adds a tensor that is state but not learnable (as BatchNorm's running_mean). A persistent
   * buffer is saved in the state dict; a non-persistent one is not.
   */
  registerBuffer(name: string, tensor: Tensor | null, { persistent = true }: { persistent?: boolean } = {}): void {
    this.checkNewName('buffer', name);
    this.checkFreeName(name, this._buffers);
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new TypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (Tensor or null required)`);
    }
    this._buffers.set(name, tensor);
    if (persistent) this._nonPersistentBuffers.delete(name);
    else this._nonPersistentBuffers.add(name);
    Object.defineProperty(this, name, { value: tensor, writable: true, enumerable: true, configurable: true });
  }

  /** Adds a child module under `name` (null keeps the slot empty). */
  registerModule(name: string, module: AnyModule | null): void {
    this.checkNewName('module', name);
    this.checkFreeName(name, this._modules);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`${typeName(module)} is not a Module subclass`);
    this._modules.set(name, module);
    Object.defineProperty(this, name, { value: module, writable: true, enumerable: true, configurable: true });
  }

  /** The same as `registerModule`. */
  addModule(name: string, module: AnyModule | null): void {
    this.registerModule(name, module);
  }

  // ---- traversal ----

  /** [name, module] for this module and every descendant, depth first, each module once. */
  namedModules(prefix = ''): [string, AnyModule][] {
    const out: [string, AnyModule][] = [];
    const seen = new Set<AnyModule>();
    const stack: [string, AnyModule][] = [[prefix, this]];
    while (stack.length > 0) {
      const [name, module] = stack.pop()!;
      if (seen.has(module)) continue;
      seen.add(module);
      out.push([name, module]);
      const children = [...module._modules].filter(([, m]) => m !== null);
      for (let i = children.length - 1; i >= 0; i--) {
        const [key, child] = children[i];
        stack.push([name === '' ? key : `${name}.${key}`, child!]);
      }
    }
    return out;
  }

  /** This module and every descendant, depth first, each once. */
  modules(): AnyModule[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Direct children, each once. */
  namedChildren(): [string, AnyModule][] {
    const seen = new Set<AnyModule>();
    const out: [string, AnyModule][] = [];
    for (const [name, m] of this._modules) {
      if (m === null || seen.has(m)) continue;
      seen.add(m);
      out.push([name, m]);
    }
    return out;
  }

  /** The direct children, each once. */
  children(): AnyModule[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** Entries of one registry across this module (and descendants when `recurse`), each value once. */
  private namedMembers<T>(registry: (m: AnyModule) => Map<string, T | null>, prefix: string, recurse: boolean): [string, T][] {
    const modules: [string, AnyModule][] = recurse ? this.namedModules(prefix) : [[prefix, this]];
    const seen = new Set<T>();
    const out: [string, T][] = [];
    for (const [modulePrefix, module] of modules) {
      for (const [name, value] of registry(module)) {
        if (value === null || seen.has(value)) continue;
        seen.add(value);
        out.push([modulePrefix === '' ? name : `${modulePrefix}.${name}`, value]);
      }
    }
    return out;
  }

  /** [name, parameter] pairs with dotted names (`'hidden1.weight'`), each parameter once; only this module's own with `recurse` false. */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return this.namedMembers((m) => m._parameters, prefix, recurse);
  }

  /** Every parameter (of descendants too unless `recurse` is false), each once: what an optimizer takes. */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** [name, buffer] pairs with dotted names (`'bn.running_mean'`), each buffer once. */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.namedMembers((m) => m._buffers, prefix, recurse);
  }

  /** Every buffer (of descendants too unless `recurse` is false), each once. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  /** `fn` on every descendant (children before parents, as PyTorch) and then on this; returns this. */
  apply(fn: (module: AnyModule) => void): this {
    const preorder: AnyModule[] = [];
    const stack: AnyModule[] = [this];
    while (stack.length > 0) {
      const m = stack.pop()!;
      preorder.push(m);
      for (const child of m.children()) stack.push(child);
    }
    // popping children last-first makes the reverse of this order a children-first walk
    for (let i = preorder.length - 1; i >= 0; i--) fn(preorder[i]);
    return this;
  }

  // ---- state ----

  /**
   * Parameters and persistent buffers by dotted name, in PyTorch's key order: each module's own
   * parameters, then its buffers, then its children's entries. Values share the module's data.
   */
  stateDict({ prefix = '', keepVars = false }: { prefix?: string; keepVars?: boolean } = {}): StateDict {
    const out: StateDict = {};
    const stack: [string, AnyModule][] = [[prefix, this]];
    while (stack.length > 0) {
      const [p, module] = stack.pop()!;
      for (const [name, param] of module._parameters) if (param !== null) out[p + name] = keepVars ? param : param.detach();
      for (const [name, buf] of module._buffers) {
        if (buf !== null && !module._nonPersistentBuffers.has(name)) out[p + name] = keepVars ? buf : buf.detach();
      }
      const children = [...module._modules].filter(([, m]) => m !== null);
      for (let i = children.length - 1; i >= 0; i--) stack.push([`${p}${children[i][0]}.`, children[i][1]!]);
    }
    return out;
  }

  /**
   * Copies `stateDict`'s values into the parameters and buffers with the same keys. Every key and
   * shape is checked first; on any error nothing is changed. With `strict` (the default), missing
   * and unexpected keys are errors; otherwise they are returned.
   */
  loadStateDict(stateDict: StateDict, { strict = true }: { strict?: boolean } = {}): { missingKeys: string[]; unexpectedKeys: string[] } {
    if (typeof stateDict !== 'object' || stateDict === null || stateDict instanceof Tensor) {
      throw new TypeError(`Expected state_dict to be dict-like, got ${typeName(stateDict)}.`);
    }
    const own = this.stateDict({ keepVars: true });
    const missingKeys: string[] = [];
    const errors: string[] = [];
    for (const [key, target] of Object.entries(own)) {
      if (!(key in stateDict)) {
        missingKeys.push(key);
        continue;
      }
      const value = stateDict[key];
      if (!(value instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(value)}`);
      } else if (!sameShape(value.shape, target.shape)) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape torch.Size(${formatShape(value.shape)}) from checkpoint, the shape in current model is torch.Size(${formatShape(target.shape)}).`,
        );
      }
    }
    const unexpectedKeys = Object.keys(stateDict).filter((k) => !(k in own));
    if (strict) {
      if (unexpectedKeys.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `);
      if (missingKeys.length > 0) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `);
    }
    if (errors.length > 0) throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`);
    noGrad(() => {
      for (const [key, target] of Object.entries(own)) if (key in stateDict) target.data.set(stateDict[key].data);
    });
    return { missingKeys, unexpectedKeys };
  }

  // ---- modes and gradients ----

  /** Sets training mode on this module and every descendant; returns this. */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new TypeError('training mode is expected to be boolean');
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Sets evaluation mode on this module and every descendant (`train(false)`); returns this. */
  eval(): this {
    return this.train(false);
  }

  /** Clears every parameter's gradient: to null (the default) or to zeros. */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      if (p.grad === null) continue;
      if (setToNone) p.grad = null;
      else p.grad.data.fill(0);
    }
  }

  /** Sets whether autograd records gradients for every parameter; returns this. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad);
    return this;
  }

  /** Moves the module to a device; torchlet has only the CPU. */
  to(device: string): this {
    if (device !== 'cpu') throw new Error(`torchlet runs on the CPU only: device '${device}' is not available`);
    return this;
  }

  /** Does nothing: torchlet runs on the CPU. Returns this, so PyTorch code reads the same. */
  cpu(): this {
    return this;
  }

  /** Throws: torchlet has no GPU device. */
  cuda(): this {
    return this.to('cuda');
  }

  // ---- hooks ----

  /** `hook(module, args)` runs before forward; a non-undefined result replaces the arguments. */
  registerForwardPreHook(hook: ForwardPreHook<In>): RemovableHandle {
    const id = nextHookId++;
    this._forwardPreHooks.set(id, hook as unknown as ForwardPreHook<unknown[]>);
    return new RemovableHandle(this._forwardPreHooks, id);
  }

  /** `hook(module, args, output)` runs after forward; a non-undefined result replaces the output. */
  registerForwardHook(hook: ForwardHook<In, Out>): RemovableHandle {
    const id = nextHookId++;
    this._forwardHooks.set(id, hook as unknown as ForwardHook<unknown[], unknown>);
    return new RemovableHandle(this._forwardHooks, id);
  }

  // ---- printing ----

  /** The text inside this module's parentheses in `String(module)`; layers override it. */
  extraRepr(): string {
    return '';
  }

  /** What PyTorch's `print(module)` prints: the class name, extraRepr, then each child indented. */
  toString(): string {
    // Lines are written in order from a stack of work, so nesting cannot overflow the call stack:
    // a finished line, or a module to print at an indent, its first line after `prefix`.
    const lines: string[] = [];
    const work: (string | readonly [indent: string, prefix: string, module: AnyModule])[] = [['', '', this]];
    while (work.length > 0) {
      const item = work.pop()!;
      if (typeof item === 'string') {
        lines.push(item);
        continue;
      }
      const [indent, prefix, module] = item;
      if (module !== this && module.toString !== Module.prototype.toString) {
        lines.push(`${indent}${prefix}${String(module).split('\n').join(`\n${indent}`)}`); // a subclass's own repr
        continue;
      }
      const extra = module.extraRepr();
      const extraLines = extra === '' ? [] : extra.split('\n');
      const head = `${indent}${prefix}${module.constructor.name}(`;
      if (module._modules.size === 0 && extraLines.length <= 1) {
        lines.push(`${head}${extraLines[0] ?? ''})`);
        continue;
      }
      lines.push(head);
      const inner = `${indent}  `;
      const body: (typeof work)[number][] = extraLines.map((line) => `${inner}${line}`);
      for (const [key, child] of module._modules) body.push(child === null ? `${inner}(${key}): None` : [inner, `(${key}): `, child]);
      body.push(`${indent})`);
      for (let i = body.length - 1; i >= 0; i--) work.push(body[i]);
    }
    return lines.join('\n');
  }

  /** Node's console.log shows what `print(model)` shows in PyTorch. */
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
