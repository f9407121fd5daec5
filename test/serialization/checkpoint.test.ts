// Checkpoints: training stopped and resumed from a file continues exactly as if never stopped.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, manualSeed, nn, optim, randn, saveCheckpoint, serialize, deserializeCheckpoint, type Tensor } from '../../src/node';
import { Net } from '../nn/net';

const dir = mkdtempSync(join(tmpdir(), 'torchlet-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type MakeOptimizer = (net: Net) => optim.Optimizer<{ lr: number }, object>;
const optimizers: Record<string, MakeOptimizer> = {
  adam: (net) => new optim.Adam(net.parameters(), { lr: 0.01, amsgrad: true }),
  sgd_momentum: (net) => new optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9, nesterov: true }),
  rmsprop_centered: (net) => new optim.RMSprop(net.parameters(), { lr: 0.01, centered: true, momentum: 0.5 }),
  adagrad: (net) => new optim.Adagrad(net.parameters(), { lr: 0.05 }),
};

function train(net: Net, optimizer: optim.Optimizer<{ lr: number }, object>, x: Tensor, y: Tensor, steps: number): number[] {
  const losses: number[] = [];
  for (let i = 0; i < steps; i++) {
    optimizer.zeroGrad();
    const loss = new nn.MSELoss()(net(x), y);
    loss.backward();
    optimizer.step();
    losses.push(loss.item());
  }
  return losses;
}

describe('checkpoints resume training bit for bit', () => {
  it.each(Object.entries(optimizers))('%s', (name, make) => {
    manualSeed(3);
    const x = randn(32, 3);
    const y = x.sum(1, true);
    const net = new Net(3, 1);
    const optimizer = make(net);
    train(net, optimizer, x, y, 10);
    const path = join(dir, `${name}.safetensors`);
    saveCheckpoint(path, { model: net, optimizer, extra: { epoch: 10, note: 'halfway' } });
    const uninterrupted = train(net, optimizer, x, y, 10);

    const resumedNet = new Net(3, 1);
    const resumedOptimizer = make(resumedNet);
    expect(loadCheckpoint(path, { model: resumedNet, optimizer: resumedOptimizer })).toEqual({ epoch: 10, note: 'halfway' });
    expect(train(resumedNet, resumedOptimizer, x, y, 10)).toEqual(uninterrupted);
    for (const [k, v] of Object.entries(net.stateDict())) expect(Array.from(resumedNet.stateDict()[k].data)).toEqual(Array.from(v.data));
  });
});

describe('checkpoint errors change nothing', () => {
  it('refuses a plain state-dict file', () => {
    const bytes = serialize(new Net(3, 1).stateDict());
    expect(() => deserializeCheckpoint(bytes, { model: new Net(3, 1) })).toThrow('not a torchlet checkpoint');
  });

  it('restores the model when the optimizer state does not fit', () => {
    const source = new Net(3, 1);
    const sourceOptimizer = new optim.Adam(source.parameters(), { lr: 0.1 });
    source(randn(4, 3)).sum().backward();
    sourceOptimizer.step();
    const path = join(dir, 'mismatch.safetensors');
    saveCheckpoint(path, { model: source, optimizer: sourceOptimizer });
    const target = new Net(3, 1);
    const before = Object.entries(target.stateDict()).map(([k, v]) => [k, Array.from(v.data)]);
    const wrong = new optim.Adam([{ params: target.parameters().slice(0, 2) }, { params: target.parameters().slice(2) }], { lr: 0.1 });
    expect(() => loadCheckpoint(path, { model: target, optimizer: wrong })).toThrow('loaded state dict has a different number of parameter groups');
    expect(Object.entries(target.stateDict()).map(([k, v]) => [k, Array.from(v.data)])).toEqual(before);
  });
});
