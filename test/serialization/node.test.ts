// torchlet/node's file helpers: save a trained model, load it into a fresh one.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { load, randn, save } from '../../src/node';
import { Net } from '../nn/net';

const dir = mkdtempSync(join(tmpdir(), 'torchlet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('save and load', () => {
  it('a model saved to a file loads into a fresh one and predicts the same', () => {
    const trained = new Net(3, 2);
    const path = join(dir, 'net.safetensors');
    save(trained.stateDict(), path, { epoch: '7' });
    const fresh = new Net(3, 2);
    fresh.loadStateDict(load(path));
    const x = randn(4, 3);
    expect(Array.from(fresh(x).data)).toEqual(Array.from(trained(x).data));
  });

  it('names the file when it is missing', () => {
    expect(() => load(join(dir, 'nope.safetensors'))).toThrow('nope.safetensors');
  });
});
