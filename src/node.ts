// torchlet/node: the Node-only entry — the whole core, plus file helpers that need node:fs.
import { readFileSync, writeFileSync } from 'node:fs';
import { deserialize, serialize, type Metadata, type StateDict } from './serialization/safetensors';

export * from './index';

/** Writes a state dict to `path` as a safetensors file (F32), e.g. `save(model.stateDict(), 'model.safetensors')`. */
export function save(stateDict: StateDict, path: string, metadata?: Metadata): void {
  writeFileSync(path, serialize(stateDict, metadata));
}

/** Reads a safetensors file (written here or by PyTorch's safetensors) as a state dict of float32 tensors. */
export function load(path: string): StateDict {
  return deserialize(new Uint8Array(readFileSync(path)));
}
