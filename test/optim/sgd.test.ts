// optim.SGD against PyTorch: the article's Net trained from one start under every option.
import { describe, expect, it } from 'vitest';
import { nn, optim, tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';
import { Net } from '../nn/net';

interface Run {
  options: { lr: number; momentum?: number; dampening?: number; nesterov?: boolean; weight_decay?: number; maximize?: boolean };
  losses: number[];
  final: Record<string, GoldenTensor>;
}

const golden = loadGolden<{ sgd: { x: GoldenTensor; y: GoldenTensor; start: Record<string, GoldenTensor>; runs: Record<string, Run> } }>('nn').sgd;

describe('optim.SGD trains the article\'s Net step for step with PyTorch', () => {
  it.each(Object.entries(golden.runs))('%s', (_, run) => {
    const net = new Net(4, 1);
    net.loadStateDict(Object.fromEntries(Object.entries(golden.start).map(([k, v]) => [k, decode(v)])));
    const { lr, momentum, dampening, nesterov, weight_decay: weightDecay, maximize } = run.options;
    const optimizer = new optim.SGD(net.parameters(), { lr, momentum, dampening, nesterov, weightDecay, maximize });
    const lossFn = new nn.MSELoss();
    const x = decode(golden.x);
    const y = decode(golden.y);
    run.losses.forEach((expected, step) => {
      optimizer.zeroGrad();
      const loss = lossFn(net(x), y);
      loss.backward();
      optimizer.step();
      // float32 rounding (summation order, FMA) differs from PyTorch by ~1e-7 relative, and stays there
      expect(Math.abs(loss.item() - expected), `step ${step}: ${loss.item()} vs ${expected}`).toBeLessThanOrEqual(1e-6 + 1e-5 * Math.abs(expected));
    });
    const sd = net.stateDict();
    for (const [key, value] of Object.entries(run.final)) expectClose(sd[key], value, { rtol: 1e-4, atol: 1e-5 }, key);
  });
});

describe('optim.SGD options', () => {
  const params = () => [tensor([1, 2], { requiresGrad: true })];

  it.each([
    [{ lr: -1 }, 'Invalid learning rate: -1'],
    [{ lr: 0.1, momentum: -1 }, 'Invalid momentum value: -1'],
    [{ lr: 0.1, weightDecay: -1 }, 'Invalid weight_decay value: -1'],
    [{ lr: 0.1, nesterov: true }, 'Nesterov momentum requires a momentum and zero dampening'],
    [{ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }, 'Nesterov momentum requires a momentum and zero dampening'],
    [{}, "parameter group didn't specify a value of required optimization parameter lr"],
  ])('%o throws PyTorch\'s message', (options, message) => {
    expect(() => new optim.SGD(params(), options)).toThrow(message);
  });

  it('rejects an empty parameter list and a bare tensor', () => {
    expect(() => new optim.SGD([], { lr: 0.1 })).toThrow('optimizer got an empty parameter list');
    expect(() => new optim.SGD(tensor([1]) as never, { lr: 0.1 })).toThrow('should be an iterable of Tensors or dicts');
  });

  it('takes parameter groups with their own options', () => {
    const a = tensor([1], { requiresGrad: true });
    const b = tensor([1], { requiresGrad: true });
    const optimizer = new optim.SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1 });
    a.mul(2).sum().backward();
    b.mul(2).sum().backward();
    optimizer.step();
    expect(a.data[0]).toBeCloseTo(1 - 0.1 * 2, 6);
    expect(b.data[0]).toBeCloseTo(1 - 0.5 * 2, 6);
    expect(() => optimizer.addParamGroup({ params: [a] })).toThrow('some parameters appear in more than one parameter group');
  });

  it('skips parameters without a gradient and clears gradients with zeroGrad', () => {
    const a = tensor([1, 2], { requiresGrad: true });
    const optimizer = new optim.SGD([a], { lr: 0.1, momentum: 0.9 });
    optimizer.step();
    expect(Array.from(a.data)).toEqual([1, 2]);
    a.sum().backward();
    optimizer.zeroGrad({ setToNone: false });
    expect(Array.from(a.grad!.data)).toEqual([0, 0]);
    optimizer.zeroGrad();
    expect(a.grad).toBeNull();
  });

  it('returns the closure\'s loss from step', () => {
    const a = tensor([3], { requiresGrad: true });
    const optimizer = new optim.SGD([a], { lr: 0.1 });
    const loss = optimizer.step(() => {
      optimizer.zeroGrad();
      const l = a.pow(2).sum();
      l.backward();
      return l;
    });
    expect(loss).toBe(9);
    expect(a.data[0]).toBeCloseTo(3 - 0.1 * 6, 6);
  });
});
