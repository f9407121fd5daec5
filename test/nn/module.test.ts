// nn.Module's behaviour: every registration path, traversal, hooks, modes, devices, errors.
import { describe, expect, it } from 'vitest';
import { nn, tensor, zeros, type Tensor } from '../../src/index';
import { Net } from './net';

describe('registration', () => {
  it('registers modules assigned in the constructor, in assignment order', () => {
    const net = new Net(3, 1);
    expect([...net._modules.keys()]).toEqual(['hidden1', 'activation', 'output']);
    expect(net.parameters()).toHaveLength(4);
  });

  it('registers class fields (define semantics) as well as assignments', () => {
    class Fields extends nn.Module {
      first = new nn.Linear(2, 2);
      scale = new nn.Parameter(tensor([1]));
      plain = 3;
      second: nn.Linear;
      constructor() {
        super();
        this.second = new nn.Linear(2, 1);
      }
      override forward(x: Tensor): Tensor {
        return this.second(this.first(x)).mul(this.scale);
      }
    }
    const m = new Fields();
    expect([...m._modules.keys()]).toEqual(['first', 'second']);
    expect([...m._parameters.keys()]).toEqual(['scale']);
    expect(Object.keys(m.stateDict())).toEqual(['scale', 'first.weight', 'first.bias', 'second.weight', 'second.bias']);
    expect(m(zeros(4, 2)).shape).toEqual([4, 1]);
    expect(m.plain).toBe(3);
  });

  it('registers assignments made after construction, and forgets deleted ones', () => {
    const net = new Net(3, 1);
    (net as nn.Module & { extra?: nn.Linear }).extra = new nn.Linear(1, 1);
    expect(Object.keys(net.stateDict())).toContain('extra.weight');
    delete (net as nn.Module & { extra?: nn.Linear }).extra;
    expect(Object.keys(net.stateDict())).not.toContain('extra.weight');
    net.output = new nn.Linear(10, 2);
    expect([...net._modules.keys()]).toEqual(['hidden1', 'activation', 'output']);
    expect(net.stateDict()['output.weight'].shape).toEqual([2, 10]);
  });

  it('keeps a slot when a parameter or module is set to null, and rejects other values there', () => {
    const layer = new nn.Linear(2, 2);
    (layer as { bias: nn.Parameter | null }).bias = null;
    expect([...layer._parameters.keys()]).toEqual(['weight', 'bias']);
    expect(Object.keys(layer.stateDict())).toEqual(['weight']);
    expect(() => { (layer as unknown as { weight: Tensor }).weight = zeros(2, 2); }).toThrow(
      "cannot assign 'Tensor' as parameter 'weight' (nn.Parameter or null expected)",
    );
    const net = new Net(2, 1);
    expect(() => { (net as unknown as { output: number }).output = 3; }).toThrow("cannot assign 'number' as child module 'output'");
    net.output = null as unknown as nn.Linear;
    expect(String(net)).toContain('(output): None');
  });

  it('registers buffers, persistent or not, and checks names', () => {
    const m = new nn.Module();
    m.registerBuffer('running', zeros(2));
    m.registerBuffer('scratch', zeros(1), { persistent: false });
    m.registerParameter('w', new nn.Parameter(zeros(3)));
    expect(m.namedBuffers().map(([k]) => k)).toEqual(['running', 'scratch']);
    expect(Object.keys(m.stateDict())).toEqual(['w', 'running']);
    (m as unknown as { running: Tensor }).running = tensor([1, 2]);
    expect(Array.from(m.stateDict().running.data)).toEqual([1, 2]);
    expect(() => { (m as unknown as { running: number }).running = 5; }).toThrow("cannot assign 'number' as buffer 'running'");
    expect(() => m.registerBuffer('a.b', zeros(1))).toThrow('buffer name can\'t contain ".", got: a.b');
    expect(() => m.registerBuffer('', zeros(1))).toThrow('buffer name can\'t be empty string ""');
    expect(() => m.registerParameter('train', null)).toThrow("attribute 'train' already exists");
    expect(() => m.registerParameter('p', zeros(1) as nn.Parameter)).toThrow("cannot assign 'Tensor' object to parameter 'p'");
  });

  it('lets a subclass use the names `name` and `length`', () => {
    class Named extends nn.Module {
      override name = 'encoder';
      constructor() {
        super();
        (this as unknown as { length: number }).length = 3;
      }
    }
    const m = new Named();
    expect(m.name).toBe('encoder');
    expect((m as unknown as { length: number }).length).toBe(3);
    m.name = 'decoder';
    expect(m.name).toBe('decoder');
  });

  it('lists shared parameters and modules once', () => {
    class Tied extends nn.Module {
      a = new nn.Linear(2, 2);
      b = this.a;
    }
    const m = new Tied();
    expect(m.parameters()).toHaveLength(2);
    expect(m.namedModules().map(([k]) => k)).toEqual(['', 'a']);
    expect(m.children()).toHaveLength(1);
    expect(Object.keys(m.stateDict())).toEqual(['a.weight', 'a.bias', 'b.weight', 'b.bias']);
  });

  it('recurses only when asked', () => {
    const net = new Net(2, 1);
    expect(net.parameters(false)).toHaveLength(0);
    expect(net.namedParameters('model').map(([k]) => k)[0]).toBe('model.hidden1.weight');
  });
});

describe('calling and hooks', () => {
  it('is a callable typed like forward', () => {
    const net = new Net(3, 2);
    const y: Tensor = net(zeros(5, 3));
    expect(y.shape).toEqual([5, 2]);
    expect(typeof net).toBe('function');
    expect(net instanceof nn.Module && net instanceof Net).toBe(true);
  });

  it('runs pre-hooks, forward and hooks; handles remove them', () => {
    const layer = new nn.Linear(2, 2);
    const calls: string[] = [];
    const pre = layer.registerForwardPreHook((_m, [x]) => {
      calls.push('pre');
      return [x.mul(0)];
    });
    const post = layer.registerForwardHook((_m, _args, out) => {
      calls.push('post');
      return out.add(1);
    });
    const out = layer(tensor([[5, 5]]));
    expect(calls).toEqual(['pre', 'post']);
    expect(Array.from(out.data)).toEqual(Array.from(layer.bias!.data).map((b) => Math.fround(b + 1)));
    pre.remove();
    post.remove();
    layer(tensor([[5, 5]]));
    expect(calls).toHaveLength(2);
  });

  it('runs forward and the hooks on the module itself, so assignments in forward register', () => {
    class Lazy extends nn.Module {
      declare head: nn.Linear;
      override forward(x: Tensor): Tensor {
        if (this.head === undefined) this.head = new nn.Linear(x.shape[1], 1); // built on first use
        return this.head(x);
      }
    }
    const lazy = new Lazy();
    let seen: unknown = null;
    lazy.registerForwardHook((m) => {
      seen = m;
    });
    lazy(zeros(2, 3));
    expect(seen).toBe(lazy);
    expect([...lazy._modules.keys()]).toEqual(['head']);
    expect(lazy.parameters()).toHaveLength(2);
  });

  it('throws PyTorch\'s message when forward is missing', () => {
    expect(() => new nn.Module()(zeros(1))).toThrow('Module [Module] is missing the required "forward" function');
  });
});

describe('modes, gradients, devices', () => {
  it('train and eval reach every descendant', () => {
    const net = new Net(2, 1);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(() => net.train('yes' as unknown as boolean)).toThrow('training mode is expected to be boolean');
  });

  it('zeroGrad clears or zeroes, requiresGrad_ freezes', () => {
    const net = new Net(2, 1);
    net(zeros(1, 2)).sum().backward();
    net.zeroGrad({ setToNone: false });
    expect(net.parameters().every((p) => p.grad !== null && p.grad.data.every((v) => v === 0))).toBe(true);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
    net.requiresGrad_(false);
    expect(net(zeros(1, 2)).requiresGrad).toBe(false);
  });

  it('apply visits children before their parent', () => {
    const seen: string[] = [];
    new Net(2, 1).apply((m) => seen.push(m.constructor.name));
    expect(seen).toEqual(['Linear', 'ReLU', 'Linear', 'Net']);
  });

  it('lives on the CPU only', () => {
    const net = new Net(2, 1);
    expect(net.to('cpu')).toBe(net);
    expect(net.cpu()).toBe(net);
    expect(() => net.cuda()).toThrow("torchlet runs on the CPU only: device 'cuda' is not available");
  });
});
