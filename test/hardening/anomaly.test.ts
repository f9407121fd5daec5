// Anomaly detection (autograd.detectAnomaly / setDetectAnomaly), as torch.autograd.detect_anomaly:
// the first op whose forward turns finite inputs into NaN/±Inf, or whose backward rule returns
// NaN/±Inf for an input that requires grad, throws, naming the op; backward's error comes with a
// warning showing where that op's forward ran. Off (the default), nothing is checked.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { autograd, F, nn, noGrad, tensor, where, type Tensor } from '../../src/index';
import { loadGolden } from '../helpers';

const golden = loadGolden<{ anomaly: Record<'nan_in_0th' | 'nan_in_1th' | 'sqrt_at_zero', string> }>('extremes').anomaly;

afterEach(() => {
  autograd.setDetectAnomaly(false);
  vi.restoreAllMocks();
});

/** The warnings `run` prints, and the message it throws (undefined if it returns). */
function capture(run: () => unknown): { warnings: string[]; error: string | undefined } {
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
  let error: string | undefined;
  try {
    run();
  } catch (e) {
    error = (e as Error).message;
  }
  const warnings = warn.mock.calls.map((args) => String(args[0]));
  warn.mockRestore();
  return { warnings, error };
}

describe('the mode', () => {
  // The first test in the file: the warning is printed once per process, so it must see the first call.
  it('detectAnomaly turns it on for fn only, restores it even on a throw, and warns once as PyTorch', () => {
    expect(autograd.isAnomalyEnabled()).toBe(false);
    const { warnings } = capture(() => {
      expect(autograd.detectAnomaly(() => autograd.isAnomalyEnabled())).toBe(true);
      expect(() => autograd.detectAnomaly(() => { throw new Error('boom'); })).toThrow('boom');
      autograd.setDetectAnomaly(true);
      autograd.detectAnomaly(() => autograd.setDetectAnomaly(false));
      expect(autograd.isAnomalyEnabled()).toBe(true); // the mode before detectAnomaly came back
    });
    expect(warnings).toEqual(['UserWarning: Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.']);
  });

  it('setDetectAnomaly takes a boolean only', () => {
    autograd.setDetectAnomaly(true);
    expect(autograd.isAnomalyEnabled()).toBe(true);
    expect(() => autograd.setDetectAnomaly(1 as unknown as boolean)).toThrow(new TypeError('setDetectAnomaly(): expected a boolean, got 1'));
    expect(autograd.isAnomalyEnabled()).toBe(true);
  });

  it('is off by default: NaN and Inf pass silently, as IEEE arithmetic gives them', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const y = x.log().add(x.div(x)); // [-inf + NaN, 0 + 1]
    y.backward(tensor([1, 1]));
    expect(Number.isNaN(y.data[0])).toBe(true);
    expect(Number.isNaN(x.grad!.data[0])).toBe(true);
  });

  it('the autograd namespace also holds the grad modes', () => {
    const x = tensor([1], { requiresGrad: true });
    expect(autograd.noGrad(() => x.mul(2)).requiresGrad).toBe(false);
    expect(autograd.isGradEnabled()).toBe(true);
  });
});

describe('forward: the first op that turns finite inputs into NaN or ±Inf', () => {
  const x = tensor([0, 1], { requiresGrad: true });
  const bigLinear = new nn.Linear(2, 1);
  noGrad(() => bigLinear.weight.fill_(3));
  it.each([
    ['log(0)', () => x.log(), "Function 'LogBackward0' produced inf values in its forward output."],
    ['0/0', () => x.div(x), "Function 'DivBackward0' produced nan values in its forward output."],
    ['exp(1000)', () => x.mul(1000).exp(), "Function 'ExpBackward0' produced inf values in its forward output."],
    ['sqrt(-1)', () => x.sub(1).sqrt(), "Function 'SqrtBackward0' produced nan values in its forward output."],
    ['a layer\'s product', () => bigLinear(tensor([[3e38, 3e38]])), "Function 'AddmmBackward0' produced inf values in its forward output."],
  ])('%s', (_, run, message) => {
    autograd.setDetectAnomaly(true);
    expect(run).toThrow(message);
  });

  it('an op whose input already holds NaN or ±Inf passes it on: a mask of -Infinity is not an anomaly', () => {
    autograd.setDetectAnomaly(true);
    const logits = tensor([[1, 2, 3]], { requiresGrad: true });
    const masked = where(tensor([[1, 1, 0]]), logits, -Infinity); // the constant -inf is the user's
    const p = F.softmax(masked, 1);
    expect(Array.from(p.data)).toEqual(Array.from(F.softmax(tensor([[1, 2, -Infinity]]), 1).data));
    p.backward(tensor([[1, -1, 0.5]]));
    expect(logits.grad!.data.every(Number.isFinite)).toBe(true);
  });

  it('ops that are not recorded (no input requires grad) are not checked', () => {
    autograd.setDetectAnomaly(true);
    expect(tensor([0]).log().item()).toBe(-Infinity);
  });
});

describe('backward: the first rule that returns NaN or ±Inf, in PyTorch\'s words', () => {
  it.each([
    ['nan_in_0th', (x: Tensor) => x.mul(tensor([NaN, 1])).sum()],
    ['nan_in_1th', (x: Tensor) => tensor([NaN, 1]).mul(x).sum()],
    ['sqrt_at_zero', (x: Tensor) => x.sub(1).sqrt().mul(0).sum()],
  ] as const)('%s', (name, build) => {
    const x = tensor([1, 2], { requiresGrad: true });
    const { warnings, error } = capture(() => autograd.detectAnomaly(() => build(x).backward()));
    expect(error).toBe(golden[name]);
    expect(x.grad).toBeNull(); // the error came before any gradient reached x
    // PyTorch's warning: the op and the stack of its forward call, down to this file
    const detected = warnings.find((w) => w.startsWith('UserWarning: Error detected in '));
    expect(detected).toMatch(/^UserWarning: Error detected in (Mul|Sqrt)Backward0\. Traceback of forward call that caused the error:\n/);
    expect(detected).toContain('anomaly.test.ts');
  });

  it('reports ±Inf too, where PyTorch 1.13 checks NaN only', () => {
    const x = tensor([0, 1], { requiresGrad: true });
    const { error } = capture(() => autograd.detectAnomaly(() => x.sqrt().sum().backward())); // d√x = 1/(2√x) = inf at 0
    expect(error).toBe("Function 'SqrtBackward0' returned inf values in its 0th output.");
  });

  it('ignores gradients for inputs that do not require grad', () => {
    const x = tensor([3e38], { requiresGrad: true });
    const c = tensor([1]);
    autograd.detectAnomaly(() => x.mul(c).backward(tensor([2]))); // d/dc would be 2·3e38 = inf, but c needs none
    expect(Array.from(x.grad!.data)).toEqual([2]);
  });

  it('checks a graph recorded before the mode was turned on, without a forward stack to show', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(tensor([NaN, 1])).sum();
    const { warnings, error } = capture(() => autograd.detectAnomaly(() => y.backward()));
    expect(error).toBe(golden.nan_in_0th);
    expect(warnings.some((w) => w.includes('Error detected in'))).toBe(false);
  });
});
