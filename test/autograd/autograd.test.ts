// Reverse mode's bookkeeping: leaves, accumulation, retainGrad, detach, grad modes, deep graphs.
import { describe, expect, it } from 'vitest';
import { enableGrad, isGradEnabled, noGrad, setGradEnabled, tensor, zeros } from '../../src/index';

describe('leaves and graph nodes', () => {
  it('marks results of recorded ops as non-leaves with a named grad_fn', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(2);
    expect(x.isLeaf && x.gradFn === null).toBe(true);
    expect(y.isLeaf).toBe(false);
    expect(y.gradFn!.name).toBe('MulBackward0');
    expect(String(y)).toBe('tensor([2., 4.], grad_fn=<MulBackward0>)');
    expect(String(x)).toBe('tensor([1., 2.], requires_grad=True)');
  });

  it('records nothing when no input requires grad', () => {
    const y = tensor([1, 2]).mul(2);
    expect(y.requiresGrad || y.gradFn !== null).toBe(false);
  });

  it('accumulates gradients across backward calls, as PyTorch', () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    x.pow(2).sum().backward();
    x.pow(2).sum().backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 8, 12]);
  });

  it('sums the gradient of a tensor used several times in one graph', () => {
    const x = tensor([3], { requiresGrad: true });
    const y = x.mul(x).add(x); // dy/dx = 2x + 1
    y.backward();
    expect(x.grad!.item()).toBe(7);
  });

  it('keeps .grad of a non-leaf only after retainGrad()', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const h = x.mul(3);
    const k = x.mul(4);
    h.retainGrad();
    h.add(k).sum().backward();
    expect(Array.from(h.grad!.data)).toEqual([1, 1]);
    expect(k.grad).toBeNull();
    expect(() => tensor([1]).retainGrad()).toThrow("can't retain_grad on Tensor that has requires_grad=False");
  });

  it('detach shares data but leaves the graph', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const d = x.mul(2).detach();
    expect(d.requiresGrad).toBe(false);
    expect(d.isLeaf).toBe(true);
    const v = x.detach();
    v.data[0] = 5;
    expect(x.data[0]).toBe(5);
  });

  it('takes an explicit upstream gradient for non-scalar outputs', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    x.mul(x).backward(tensor([1, 10]));
    expect(Array.from(x.grad!.data)).toEqual([2, 40]);
  });

  it('refuses in-place changes to a leaf that requires grad, outside noGrad', () => {
    const w = tensor([1, 2], { requiresGrad: true });
    expect(() => w.fill_(0)).toThrow('a leaf Variable that requires grad is being used in an in-place operation.');
    noGrad(() => w.fill_(0));
    expect(Array.from(w.data)).toEqual([0, 0]);
  });
});

describe('a leaf keeping the gradient it receives', () => {
  // The engine adopts a leaf's first gradient instead of copying it only when nothing else holds
  // its data; each case below would double-count or leak into another tensor if it adopted wrongly.
  it('gives two leaves fed the same gradient (add passes g to both) arrays of their own', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = tensor([3, 4], { requiresGrad: true });
    for (let i = 0; i < 2; i++) x.add(y).backward(tensor([1, 10]));
    expect(x.grad!.data).not.toBe(y.grad!.data);
    expect(x.grad!.tolist()).toEqual([2, 20]);
    expect(y.grad!.tolist()).toEqual([2, 20]);
  });

  it('never keeps the caller\'s upstream gradient, even through views', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const g = tensor([[1, 2], [3, 4]]);
    x.reshape(2, 2).backward(g);
    g.data.fill(100);
    expect(x.grad!.tolist()).toEqual([1, 2, 3, 4]);
    x.reshape(2, 2).backward(tensor([[1, 1], [1, 1]]));
    expect(g.tolist()).toEqual([[100, 100], [100, 100]]);
  });

  it('copies a gradient that also went on through a view to another leaf', () => {
    const x = tensor([1, 2, 3, 4], { requiresGrad: true });
    const y = tensor([[1, 1], [1, 1]], { requiresGrad: true });
    // mul makes a fresh g·2; add hands it to y and to reshape, which hands x a view of it
    for (let i = 0; i < 2; i++) x.reshape(2, 2).add(y).mul(2).backward(tensor([[1, 2], [3, 4]]));
    expect(y.grad!.tolist()).toEqual([[4, 8], [12, 16]]);
    expect(x.grad!.tolist()).toEqual([4, 8, 12, 16]);
  });

  it('adopts a fresh gradient and still accumulates into it correctly', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true });
    const x = tensor([[1, 0], [0, 1], [1, 1]]);
    for (let i = 0; i < 3; i++) x.matmul(w).sum().backward();
    expect(w.grad!.tolist()).toEqual([[6, 6], [6, 6]]);
  });
});

describe('grad modes', () => {
  it('noGrad stops recording and restores the mode, even on a throw', () => {
    const x = tensor([1], { requiresGrad: true });
    expect(noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(() => noGrad(() => { throw new Error('boom'); })).toThrow('boom');
    expect(isGradEnabled()).toBe(true);
    expect(noGrad(() => enableGrad(() => x.mul(2))).requiresGrad).toBe(true);
  });

  it('setGradEnabled switches recording', () => {
    setGradEnabled(false);
    try {
      expect(tensor([1], { requiresGrad: true }).mul(2).gradFn).toBeNull();
    } finally {
      setGradEnabled(true);
    }
    expect(() => setGradEnabled(1 as unknown as boolean)).toThrow('setGradEnabled(): expected a boolean, got 1');
  });
});

describe('deep graphs', () => {
  it('backpropagates through a 10,000-op chain without overflowing the stack', () => {
    const x = tensor([1], { requiresGrad: true });
    let y = x;
    for (let i = 0; i < 10000; i++) y = y.mul(1.0001);
    y.backward();
    expect(x.grad!.item()).toBeCloseTo(Math.pow(1.0001, 10000), 2);
  });

  it('handles a wide fan-in without recursion either', () => {
    const x = zeros(3, { requiresGrad: true });
    let total = x.sum();
    for (let i = 0; i < 5000; i++) total = total.add(x.sum());
    total.backward();
    expect(Array.from(x.grad!.data)).toEqual([5001, 5001, 5001]);
  });
});
