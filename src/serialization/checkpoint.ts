// Checkpoints: a model's state dict and its optimizer's state in one safetensors file, so
// training stops and resumes exactly. Tensors are stored under "model.<key>" and
// "optimizer.state.<index>.<name>"; the optimizer's groups, its numeric state (Adam's step…)
// and the caller's extra values go in the metadata as JSON.
import { Module, type AnyModule } from '../nn/modules/module';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer';
import { Tensor } from '../tensor/tensor';
import { deserialize, readMetadata, serialize, type StateDict } from './safetensors';

const KEY = 'torchlet.checkpoint';

/** JSON-ready values the caller keeps with a checkpoint (epoch, best loss, a scheduler's stateDict()…). */
export type CheckpointExtra = Record<string, unknown>;

/** The optimizer side of a checkpoint: anything with PyTorch's stateDict/loadStateDict. */
export interface CheckpointOptimizer {
  /** The optimizer's state, as `Optimizer.stateDict()` returns it. */
  stateDict(): OptimizerStateDict;
  /** Restores a state `stateDict()` returned. */
  loadStateDict(stateDict: OptimizerStateDict): void;
}

interface Stored {
  version: 1;
  optimizer: { param_groups: OptimizerStateDict['param_groups']; scalars: Record<string, Record<string, number>> } | null;
  extra: CheckpointExtra;
}

/** How a message names a value: null, its class, or its type. */
function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object';
  return typeof value;
}

function checkTargets(op: string, model: unknown, optimizer: unknown): void {
  if (!(model instanceof Module)) throw new TypeError(`${op}(): model must be a Module, got ${kindOf(model)}`);
  const o = optimizer as Partial<CheckpointOptimizer> | null | undefined;
  if (optimizer !== undefined && (typeof o?.stateDict !== 'function' || typeof o.loadStateDict !== 'function')) {
    throw new TypeError(`${op}(): optimizer must be an Optimizer (with stateDict() and loadStateDict()), got ${kindOf(optimizer)}`);
  }
}

/**
 * Throws unless `extra` is made of what JSON stores and gives back: numbers, strings, booleans,
 * null, arrays and plain objects, without cycles. (JSON.stringify drops a function, throws on a
 * BigInt or a cycle, and turns a Map, a Tensor or a class instance into {}.)
 */
function checkExtra(extra: unknown): void {
  if (typeof extra !== 'object' || extra === null) throw new TypeError(`serializeCheckpoint(): extra must be an object of JSON values, got ${kindOf(extra)}`);
  const open = new Set<object>(); // the objects on the path down to the value in hand
  const stack: [path: string, value: unknown, leaving: boolean][] = [['extra', extra, false]];
  while (stack.length > 0) {
    const [path, value, leaving] = stack.pop()!;
    if (leaving) {
      open.delete(value as object);
      continue;
    }
    const type = typeof value;
    if (type === 'function' || type === 'bigint' || type === 'symbol') throw new TypeError(`serializeCheckpoint(): ${path} is a ${type}, which JSON cannot store`);
    if (typeof value !== 'object' || value === null) continue;
    if (open.has(value)) throw new TypeError(`serializeCheckpoint(): ${path} contains itself (a cycle), which JSON cannot store`);
    const proto: unknown = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) {
      throw new TypeError(`serializeCheckpoint(): ${path} is a ${kindOf(value)}, which JSON cannot store (only numbers, strings, booleans, null, arrays and plain objects)`);
    }
    open.add(value);
    stack.push([path, value, true]);
    for (const [k, v] of Object.entries(value)) stack.push([Array.isArray(value) ? `${path}[${k}]` : `${path}.${k}`, v, false]);
  }
}

/**
 * The model (and optimizer) state and `extra` as safetensors bytes.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.Adam(model.parameters());
 * const bytes = serializeCheckpoint({ model, optimizer, extra: { epoch: 5 } });
 * // later, to resume: a model and optimizer built the same way
 * const extra = deserializeCheckpoint(bytes, { model, optimizer }); // { epoch: 5 }
 * ```
 */
export function serializeCheckpoint({ model, optimizer, extra = {} }: { model: AnyModule; optimizer?: CheckpointOptimizer; extra?: CheckpointExtra }): Uint8Array {
  checkTargets('serializeCheckpoint', model, optimizer);
  checkExtra(extra);
  const tensors: StateDict = {};
  for (const [key, value] of Object.entries(model.stateDict())) tensors[`model.${key}`] = value;
  let stored: Stored['optimizer'] = null;
  if (optimizer !== undefined) {
    const sd = optimizer.stateDict();
    const scalars: Record<string, Record<string, number>> = {};
    for (const [id, values] of Object.entries(sd.state)) {
      for (const [name, value] of Object.entries(values)) {
        if (value instanceof Tensor) tensors[`optimizer.state.${id}.${name}`] = value;
        else (scalars[id] ??= {})[name] = value;
      }
    }
    stored = { param_groups: sd.param_groups, scalars };
  }
  return serialize(tensors, { [KEY]: JSON.stringify({ version: 1, optimizer: stored, extra } satisfies Stored) });
}

/**
 * Loads a checkpoint into `model` (and `optimizer`) and returns its `extra` values. Everything is
 * checked before anything changes: if the optimizer's state does not fit, the model is restored.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const bytes = serializeCheckpoint({ model, extra: { epoch: 5 } });
 * deserializeCheckpoint(bytes, { model }).epoch; // 5
 * ```
 */
export function deserializeCheckpoint(bytes: Uint8Array, { model, optimizer }: { model: AnyModule; optimizer?: CheckpointOptimizer }): CheckpointExtra {
  checkTargets('deserializeCheckpoint', model, optimizer);
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`deserializeCheckpoint(): expected the checkpoint's bytes as a Uint8Array, got ${kindOf(bytes)}`);
  const text = readMetadata(bytes)?.[KEY];
  if (text === undefined) throw new Error(`not a torchlet checkpoint: its metadata has no "${KEY}" entry`);
  let stored: Stored;
  try {
    stored = JSON.parse(text) as Stored;
  } catch (e) {
    throw new Error(`not a torchlet checkpoint: its "${KEY}" entry is not JSON (${(e as Error).message})`);
  }
  if (stored?.version !== 1) throw new Error(`not a torchlet checkpoint: its "${KEY}" entry is not version 1 checkpoint data`);
  if (optimizer !== undefined && stored.optimizer === null) throw new Error('this checkpoint holds no optimizer state');
  const tensors = deserialize(bytes);
  const modelState: StateDict = {};
  const optimizerState: Record<string, ParamState> = {};
  for (const [key, value] of Object.entries(tensors)) {
    if (key.startsWith('model.')) modelState[key.slice('model.'.length)] = value;
    const parts = key.split('.');
    if (parts[0] === 'optimizer' && parts[1] === 'state' && parts.length === 4) (optimizerState[parts[2]] ??= {})[parts[3]] = value;
  }
  for (const [id, values] of Object.entries(stored.optimizer?.scalars ?? {})) Object.assign((optimizerState[id] ??= {}), values);
  const before = Object.entries(model.stateDict()).map(([k, v]) => [k, v.data.slice()] as const);
  model.loadStateDict(modelState);
  if (optimizer !== undefined) {
    try {
      optimizer.loadStateDict({ state: optimizerState, param_groups: stored.optimizer!.param_groups });
    } catch (e) {
      const current = model.stateDict();
      for (const [k, data] of before) current[k].data.set(data);
      throw e;
    }
  }
  return stored.extra;
}
