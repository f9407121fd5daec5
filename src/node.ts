// torchlet/node: the Node-only entry — the whole core, plus file helpers that need node:fs.
import { readFileSync, writeFileSync } from 'node:fs';
import { deserializeCheckpoint, serializeCheckpoint, type CheckpointExtra, type CheckpointOptimizer } from './serialization/checkpoint';
import { deserialize, serialize, type Metadata, type StateDict } from './serialization/safetensors';
import type { AnyModule } from './nn/modules/module';

export * from './index';

/** Writes a state dict to `path` as a safetensors file (F32), e.g. `save(model.stateDict(), 'model.safetensors')`. */
export function save(stateDict: StateDict, path: string, metadata?: Metadata): void {
  writeFileSync(path, serialize(stateDict, metadata));
}

/** Reads a safetensors file (written here or by PyTorch's safetensors) as a state dict of float32 tensors. */
export function load(path: string): StateDict {
  return deserialize(new Uint8Array(readFileSync(path)));
}

/** Saves a model, its optimizer and `extra` values (epoch, scheduler state…) to one file, to resume training later. */
export function saveCheckpoint(path: string, parts: { model: AnyModule; optimizer?: CheckpointOptimizer; extra?: CheckpointExtra }): void {
  writeFileSync(path, serializeCheckpoint(parts));
}

/** Restores what `saveCheckpoint` wrote into `model` (and `optimizer`); returns the `extra` values. */
export function loadCheckpoint(path: string, targets: { model: AnyModule; optimizer?: CheckpointOptimizer }): CheckpointExtra {
  return deserializeCheckpoint(new Uint8Array(readFileSync(path)), targets);
}
