// The safetensors format: an 8-byte little-endian header length N, N bytes of JSON naming each
// tensor's dtype, shape and [start, end) byte offsets (plus an optional "__metadata__" map of
// strings), then the tensors' little-endian bytes, back to back. Browser-safe: bytes in, bytes out.
import { describe, Tensor } from '../tensor/tensor';
import { formatShape } from '../tensor/shape';

import type { StateDict } from '../nn/modules/module';
import { allocFloat32 } from '../tensor/alloc';
export type { StateDict };
/** A safetensors file's `__metadata__`: string keys and values. */
export type Metadata = Record<string, string>;

/** The reference implementation's bound on the header, so a hostile length cannot allocate. */
const MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element of every dtype the reader understands. */
const DTYPE_BYTES: Record<string, number> = {
  BOOL: 1, U8: 1, I8: 1, I16: 2, U16: 2, F16: 2, BF16: 2, I32: 4, U32: 4, F32: 4, F64: 8, I64: 8, U64: 8,
};

interface Entry {
  readonly name: string;
  readonly dtype: string;
  readonly shape: number[];
  readonly start: number;
  readonly end: number;
}

function fail(message: string): never {
  throw new Error(`safetensors: ${message}`);
}

/**
 * The state dict as safetensors bytes: F32 tensors sorted by name, the header padded to 8 bytes.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const bytes = serialize(model.stateDict(), { format: 'pt' }); // a Uint8Array: keep it, send it, download it
 * // in the browser: new Blob([bytes]) and a download link; in Node: save() from 'torchlet/node'
 * ```
 */
export function serialize(stateDict: StateDict, metadata?: Metadata): Uint8Array {
  if (typeof stateDict !== 'object' || stateDict === null || stateDict instanceof Tensor || Array.isArray(stateDict)) {
    fail(`expected a state dict (an object of Tensors), got ${describe(stateDict)}`);
  }
  const names = Object.keys(stateDict).sort();
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) fail(`metadata must map strings to strings, got ${describe(metadata)}`);
    for (const [k, v] of Object.entries(metadata)) if (typeof v !== 'string') fail(`metadata '${k}' must be a string, got ${typeof v}`);
    header.__metadata__ = metadata;
  }
  let offset = 0;
  for (const name of names) {
    const t = stateDict[name];
    if (!(t instanceof Tensor)) fail(`'${name}' is not a Tensor`);
    if (name === '__metadata__') fail("'__metadata__' is reserved for the metadata map");
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [offset, offset + 4 * t.data.length] };
    offset += 4 * t.data.length;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes.length, true); // N < 2^32: the high word stays 0
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    const data = stateDict[name].data;
    for (let i = 0; i < data.length; i++, at += 4) view.setFloat32(at, data[i], true);
  }
  return out;
}

/** Reads the header and checks every entry against the file before anything is allocated. */
function readHeader(bytes: Uint8Array): { entries: Entry[]; metadata: Metadata | null; dataStart: number } {
  if (!(bytes instanceof Uint8Array)) fail(`expected a Uint8Array, got ${typeof bytes}`);
  if (bytes.length < 8) fail(`the file is ${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > MAX_HEADER_BYTES) fail(`the header length ${n} is over the ${MAX_HEADER_BYTES}-byte limit`);
  if (8 + n > bytes.length) fail(`the header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + n));
  } catch {
    fail('the header is not valid UTF-8');
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    fail(`the header is not valid JSON (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) fail('the header must be a JSON object');
  const dataStart = 8 + n;
  const dataLength = bytes.length - dataStart;
  let metadata: Metadata | null = null;
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (typeof info !== 'object' || info === null || Array.isArray(info) || Object.values(info).some((v) => typeof v !== 'string')) {
        fail('__metadata__ must map strings to strings');
      }
      metadata = info as Metadata;
      continue;
    }
    entries.push(checkEntry(name, info, dataLength));
  }
  // Sorted by offset, the tensors must tile the data exactly: no overlap, no gap, nothing after.
  entries.sort((a, b) => a.start - b.start || a.end - b.end);
  let covered = 0;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    if (e.start < covered) fail(`tensor '${e.name}' (bytes ${e.start}–${e.end}) overlaps tensor '${entries[i - 1].name}'`);
    if (e.start > covered) fail(`bytes ${covered}–${e.start} before tensor '${e.name}' belong to no tensor`);
    covered = e.end;
  }
  if (covered !== dataLength) fail(`the data is ${dataLength} bytes but the tensors cover ${covered}`);
  return { entries, metadata, dataStart };
}

function checkEntry(name: string, info: unknown, dataLength: number): Entry {
  if (typeof info !== 'object' || info === null || Array.isArray(info)) fail(`tensor '${name}' must be described by an object`);
  const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
  if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) fail(`tensor '${name}' has an unsupported dtype ${JSON.stringify(dtype)}`);
  if (!Array.isArray(shape) || shape.some((s) => !Number.isSafeInteger(s) || s < 0)) {
    fail(`tensor '${name}' has an invalid shape ${JSON.stringify(shape)}`);
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || offsets.some((o) => !Number.isSafeInteger(o) || o < 0) || offsets[1] < offsets[0]) {
    fail(`tensor '${name}' has invalid data_offsets ${JSON.stringify(offsets)}`);
  }
  const [start, end] = offsets as number[];
  if (end > dataLength) fail(`tensor '${name}' ends at byte ${end}, past the end of the data (${dataLength} bytes)`);
  // The product is checked as it grows, so a shape like [1e9, 1e9, 1e9] cannot overflow.
  let bytes = DTYPE_BYTES[dtype];
  for (const s of shape as number[]) {
    bytes *= s;
    if (bytes > end - start) break;
  }
  if (bytes !== end - start) {
    fail(`tensor '${name}' is ${dtype} of shape ${formatShape(shape as number[])}, which does not fit its ${end - start} bytes at data_offsets [${start}, ${end}]`);
  }
  return { name, dtype, shape: (shape as number[]).slice(), start, end };
}

/** One tensor's bytes, whatever the dtype, as float32 values. */
function decodeValues(view: DataView, at: number, count: number, dtype: string): Float32Array {
  const out = allocFloat32(count);
  switch (dtype) {
    case 'F32': for (let i = 0; i < count; i++) out[i] = view.getFloat32(at + 4 * i, true); break;
    case 'F64': for (let i = 0; i < count; i++) out[i] = view.getFloat64(at + 8 * i, true); break;
    case 'F16': for (let i = 0; i < count; i++) out[i] = halfToFloat(view.getUint16(at + 2 * i, true)); break;
    // bfloat16 is the high half of a float32
    case 'BF16': for (let i = 0; i < count; i++) out[i] = bitsToFloat(view.getUint16(at + 2 * i, true) << 16); break;
    case 'I64': for (let i = 0; i < count; i++) out[i] = view.getInt32(at + 8 * i + 4, true) * 2 ** 32 + view.getUint32(at + 8 * i, true); break;
    case 'U64': for (let i = 0; i < count; i++) out[i] = view.getUint32(at + 8 * i + 4, true) * 2 ** 32 + view.getUint32(at + 8 * i, true); break;
    case 'I32': for (let i = 0; i < count; i++) out[i] = view.getInt32(at + 4 * i, true); break;
    case 'U32': for (let i = 0; i < count; i++) out[i] = view.getUint32(at + 4 * i, true); break;
    case 'I16': for (let i = 0; i < count; i++) out[i] = view.getInt16(at + 2 * i, true); break;
    case 'U16': for (let i = 0; i < count; i++) out[i] = view.getUint16(at + 2 * i, true); break;
    case 'I8': for (let i = 0; i < count; i++) out[i] = view.getInt8(at + i); break;
    case 'U8': for (let i = 0; i < count; i++) out[i] = view.getUint8(at + i); break;
    case 'BOOL': for (let i = 0; i < count; i++) out[i] = view.getUint8(at + i) !== 0 ? 1 : 0; break;
  }
  return out;
}

const scratch = new DataView(new ArrayBuffer(4));

function bitsToFloat(bits: number): number {
  scratch.setUint32(0, bits >>> 0);
  return scratch.getFloat32(0);
}

/** IEEE half precision: 1 sign bit, 5 exponent bits (bias 15), 10 mantissa bits. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const mantissa = h & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24; // subnormal: m · 2^-14 · 2^-10
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/**
 * The tensors of a safetensors file, converted to float32, after validating the whole header.
 *
 * @example
 * ```ts
 * const bytes = serialize(new nn.Linear(3, 1).stateDict());
 * const model = new nn.Linear(3, 1);
 * model.loadStateDict(deserialize(bytes)); // bytes written by PyTorch's safetensors load the same way
 * ```
 */
export function deserialize(bytes: Uint8Array): StateDict {
  const { entries, dataStart } = readHeader(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: StateDict = {};
  for (const e of entries) {
    const count = (e.end - e.start) / DTYPE_BYTES[e.dtype];
    out[e.name] = new Tensor(decodeValues(view, dataStart + e.start, count, e.dtype), e.shape);
  }
  return out;
}

/**
 * The file's `__metadata__` map, or null when it has none.
 *
 * @example
 * ```ts
 * const bytes = serialize(new nn.Linear(3, 1).stateDict(), { epoch: '7' });
 * readMetadata(bytes); // { epoch: '7' }
 * ```
 */
export function readMetadata(bytes: Uint8Array): Metadata | null {
  return readHeader(bytes).metadata;
}
