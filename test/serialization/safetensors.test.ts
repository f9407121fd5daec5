// safetensors: files written the reference way by the PyTorch side read back exactly, torchlet
// writes the same bytes, state dicts round-trip, and every kind of malformed file is refused.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { deserialize, nn, randn, readMetadata, serialize, tensor, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';
import { Net } from '../nn/net';

const golden = loadGolden<{
  dtypes: Record<string, GoldenTensor>;
  sequential_bn: { keys: string[]; state: Record<string, GoldenTensor> };
  net: { x: GoldenTensor; prediction: GoldenTensor };
}>('safetensors');

const fixture = (name: string): Uint8Array =>
  new Uint8Array(readFileSync(fileURLToPath(new URL(`../golden/safetensors/${name}.safetensors`, import.meta.url))));

describe('reading files PyTorch wrote', () => {
  it.each(Object.entries(golden.dtypes))('%s converts to float32 exactly', (dtype, expected) => {
    expectClose(deserialize(fixture(`dtype_${dtype}`)).x, expected, { rtol: 0, atol: 0 }, dtype);
  });

  it('reads a mixed-dtype state dict with metadata (BatchNorm\'s I64 counter included)', () => {
    const bytes = fixture('sequential_bn');
    const sd = deserialize(bytes);
    expect(Object.keys(sd).sort()).toEqual([...golden.sequential_bn.keys].sort());
    for (const [k, v] of Object.entries(golden.sequential_bn.state)) expectClose(sd[k], v, { rtol: 0, atol: 0 }, k);
    expect(readMetadata(bytes)).toEqual({ format: 'pt' });
  });

  it('loads PyTorch\'s trained Net and predicts what PyTorch predicts', () => {
    const net = new Net(3, 1);
    net.loadStateDict(deserialize(fixture('net')));
    expectClose(net(decode(golden.net.x)), golden.net.prediction, {}, 'prediction');
  });

  it('writes byte for byte what the reference writer wrote', () => {
    const sd = deserialize(fixture('net'));
    expect(serialize(sd)).toEqual(fixture('net'));
  });
});

describe('round trips', () => {
  const models: Record<string, () => nn.AnyModule> = {
    linear: () => new nn.Linear(5, 3),
    linear_no_bias: () => new nn.Linear(5, 3, { bias: false }),
    net: () => new Net(4, 2),
    embedding: () => new nn.Embedding(7, 3, { paddingIdx: 0 }),
    bilinear: () => new nn.Bilinear(2, 3, 4),
    batchnorm: () => {
      const bn = new nn.BatchNorm1d(3);
      bn(randn(8, 3)); // moves running_mean, running_var and num_batches_tracked off their initial values
      return bn;
    },
    layernorm: () => new nn.LayerNorm([2, 3]),
    groupnorm: () => new nn.GroupNorm(2, 4),
    lstm: () => new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true }),
    gru: () => new nn.GRU(3, 4),
    losses_with_buffers: () => new nn.CrossEntropyLoss({ weight: tensor([1, 2, 3]) }),
    sequential: () => new nn.Sequential(new nn.Linear(2, 4), new nn.ReLU(), new nn.Linear(4, 1)),
    containers: () => {
      const m = new nn.Module();
      m.registerModule('layers', new nn.ModuleList([new nn.Linear(2, 2), new nn.Linear(2, 2)]));
      m.registerModule('heads', new nn.ModuleDict({ a: new nn.Linear(2, 1) }));
      return m;
    },
  };

  it.each(Object.keys(models))('%s: stateDict → bytes → loadStateDict gives the same values', (name) => {
    const source = models[name]();
    const target = models[name]();
    target.loadStateDict(deserialize(serialize(source.stateDict())));
    for (const [k, v] of Object.entries(source.stateDict())) expect(Array.from(target.stateDict()[k].data)).toEqual(Array.from(v.data));
  });

  it('keeps metadata, empty tensors and 0-d tensors', () => {
    const sd: Record<string, Tensor> = { scalar: tensor(3.5), empty: tensor([]), m: tensor([[1, 2], [3, 4]]) };
    const bytes = serialize(sd, { epoch: '3', note: 'ünïcode' });
    const back = deserialize(bytes);
    expect(back.scalar.shape).toEqual([]);
    expect(back.scalar.item()).toBe(3.5);
    expect(back.empty.shape).toEqual([0]);
    expect(back.m.tolist()).toEqual([[1, 2], [3, 4]]);
    expect(readMetadata(bytes)).toEqual({ epoch: '3', note: 'ünïcode' });
    expect((new DataView(bytes.buffer).getUint32(0, true) + 8) % 8).toBe(0);
  });

  it('refuses values that are not tensors', () => {
    expect(() => serialize({ a: [1, 2] as unknown as Tensor })).toThrow("safetensors: 'a' is not a Tensor");
    expect(() => serialize({}, { a: 1 as unknown as string })).toThrow("safetensors: metadata 'a' must be a string");
  });
});

/** A file from a header object and a data length, as a hostile writer might make it. */
function file(header: unknown, dataBytes: number, headerText = JSON.stringify(header)): Uint8Array {
  const text = new TextEncoder().encode(headerText);
  const out = new Uint8Array(8 + text.length + dataBytes);
  new DataView(out.buffer).setUint32(0, text.length, true);
  out.set(text, 8);
  return out;
}

const t = (dtype: string, shape: number[], start: number, end: number) => ({ dtype, shape, data_offsets: [start, end] });

describe('malformed files are refused before anything is allocated', () => {
  const cases: [string, () => Uint8Array, string][] = [
    ['shorter than the length field', () => new Uint8Array(5), 'the file is 5 bytes, too short for the 8-byte header length'],
    ['truncated header', () => file({ a: t('F32', [1], 0, 4) }, 4).subarray(0, 20), 'the header length 54 runs past the end of the file (20 bytes)'],
    ['header length over the limit', () => {
      const f = new Uint8Array(16);
      new DataView(f.buffer).setUint32(4, 1, true);
      return f;
    }, 'the header length 4294967296 is over the 100000000-byte limit'],
    ['header not UTF-8', () => file(null, 0, '{"\xff":1}').map((b, i) => (i === 10 ? 0xff : b)), 'the header is not valid UTF-8'],
    ['header not JSON', () => file(null, 0, '{"a": [1, 2'), 'the header is not valid JSON'],
    ['header not an object', () => file([1, 2], 0), 'the header must be a JSON object'],
    ['metadata not strings', () => file({ __metadata__: { a: 1 } }, 0), '__metadata__ must map strings to strings'],
    ['unknown dtype', () => file({ w: t('F17', [1], 0, 4) }, 4), 'tensor \'w\' has an unsupported dtype "F17"'],
    ['negative size', () => file({ w: t('F32', [-1], 0, 4) }, 4), "tensor 'w' has an invalid shape [-1]"],
    ['offsets reversed', () => file({ w: t('F32', [1], 4, 0) }, 4), "tensor 'w' has invalid data_offsets [4,0]"],
    ['offsets past the data', () => file({ w: t('F32', [2], 0, 8) }, 4), "tensor 'w' ends at byte 8, past the end of the data (4 bytes)"],
    ['shape and size disagree', () => file({ w: t('F32', [3], 0, 8) }, 8), "tensor 'w' is F32 of shape [3], which does not fit its 8 bytes at data_offsets [0, 8]"],
    ['huge shape in a tiny file', () => file({ w: t('F32', [1e9, 1e9, 1e9], 0, 4) }, 4), "tensor 'w' is F32 of shape [1000000000, 1000000000, 1000000000]"],
    ['overlapping tensors', () => file({ a: t('F32', [2], 0, 8), b: t('F32', [1], 4, 8) }, 8), "tensor 'b' (bytes 4–8) overlaps tensor 'a'"],
    ['a gap between tensors', () => file({ a: t('F32', [1], 0, 4), b: t('F32', [1], 8, 12) }, 12), "bytes 4–8 before tensor 'b' belong to no tensor"],
    ['bytes after the last tensor', () => file({ a: t('F32', [1], 0, 4) }, 12), 'the data is 12 bytes but the tensors cover 4'],
    ['a tensor that is not an object', () => file({ a: 3 }, 0), "tensor 'a' must be described by an object"],
  ];

  it.each(cases)('%s', (_, make, message) => {
    expect(() => deserialize(make())).toThrow(`safetensors: ${message}`);
  });
});
