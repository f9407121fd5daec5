/**
 * torchlet/node: the Node-only entry — the whole core, plus file helpers that need node:fs.
 *
 * @module torchlet/node
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { deserializeCheckpoint, serializeCheckpoint, type CheckpointExtra, type CheckpointOptimizer } from './serialization/checkpoint';
import { deserialize, serialize, type Metadata, type StateDict } from './serialization/safetensors';
import type { AnyModule } from './nn/modules/module';

export * from './index';

/**
 * Writes a state dict to `path` as a safetensors file (F32), e.g. `save(model.stateDict(), 'model.safetensors')`.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * save(model.stateDict(), 'model.safetensors');
 * // PyTorch: model.load_state_dict(safetensors.torch.load_file('model.safetensors'))
 * ```
 */
export function save(stateDict: StateDict, path: string, metadata?: Metadata): void {
  writeFileSync(path, serialize(stateDict, metadata));
}

/**
 * Reads a safetensors file (written here or by PyTorch's safetensors) as a state dict of float32 tensors.
 *
 * @example
 * ```ts
 * // PyTorch: safetensors.torch.save_file(model.state_dict(), 'model.safetensors')
 * const model = new nn.Linear(3, 1);
 * save(model.stateDict(), 'model.safetensors');
 * model.loadStateDict(load('model.safetensors'));
 * ```
 */
export function load(path: string): StateDict {
  return deserialize(new Uint8Array(readFileSync(path)));
}

/**
 * Saves a model, its optimizer and `extra` values (epoch, scheduler state…) to one file, to resume training later.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * saveCheckpoint('checkpoint.safetensors', { model, optimizer, extra: { epoch: 3 } });
 * ```
 */
export function saveCheckpoint(path: string, parts: { model: AnyModule; optimizer?: CheckpointOptimizer; extra?: CheckpointExtra }): void {
  writeFileSync(path, serializeCheckpoint(parts));
}

/**
 * Restores what `saveCheckpoint` wrote into `model` (and `optimizer`); returns the `extra` values.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * saveCheckpoint('checkpoint.safetensors', { model, optimizer, extra: { epoch: 3 } });
 * const { epoch } = loadCheckpoint('checkpoint.safetensors', { model, optimizer }); // 3
 * ```
 */
export function loadCheckpoint(path: string, targets: { model: AnyModule; optimizer?: CheckpointOptimizer }): CheckpointExtra {
  return deserializeCheckpoint(new Uint8Array(readFileSync(path)), targets);
}
