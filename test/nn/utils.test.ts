// nn.utils against PyTorch 1.13: clipGradNorm_, clipGradValue_, parametersToVector,
// vectorToParameters, with their errors.
import { describe, expect, it } from 'vitest';
import { nn, tensor, zeros, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor, type Tolerance } from '../helpers';

const { utils } = nn;

type Grads = (GoldenTensor | null)[];

interface Golden {
  clip_grad_norm: Record<string, { before: Grads; total: GoldenTensor; after: Grads }>;
  clip_grad_norm_args: Record<string, { max_norm: number; norm_type: number | string; error_if_nonfinite: boolean; lone: boolean }>;
  clip_grad_norm_errors: Record<string, { before: Grads; message: string; max_norm: number; norm_type: number | string }>;
  clip_grad_value: Record<string, { before: Grads; after: Grads; clip_value: number }>;
  parameters_to_vector: { params: GoldenTensor[]; vec: GoldenTensor; upstream: GoldenTensor; grads: GoldenTensor[] };
  vector_to_parameters: { vec: GoldenTensor; params: GoldenTensor[] };
  errors: Record<string, string>;
}

const golden = loadGolden<Golden>('utils');

/** Leaf parameters holding the golden gradients (a 2×2 parameter without one where it is null). */
const withGrads = (grads: Grads): Tensor[] =>
  grads.map((g) => {
    const p = zeros(g === null ? [2, 2] : g.shape).requiresGrad_();
    if (g !== null) p.grad = decode(g);
    return p;
  });

function expectGrads(params: Tensor[], expected: Grads, tolerance: Tolerance, label: string): void {
  expected.forEach((g, i) => {
    if (g === null) expect(params[i].grad, `${label}: grad ${i}`).toBeNull();
    else expectClose(params[i].grad, g, tolerance, `${label}: grad ${i}`);
  });
}

// The norms are accumulated in float64 and rounded, PyTorch's in float32 (for p = 2 in eight
// fused multiply-add lanes), whose error grows with the count: 3.4e-7 relative for the 1-norm of
// 2,112 values ('norm 1 large', where ours is the float64 sum's rounding). The clipping factor,
// and so every clipped gradient, inherits that difference.
const NORM: Tolerance = { rtol: 1e-6, atol: 0 };

describe('nn.utils.clipGradNorm_', () => {
  const args = golden.clip_grad_norm_args;

  it.each(Object.entries(golden.clip_grad_norm))('%s', (name, c) => {
    const { max_norm: maxNorm, norm_type: normType, error_if_nonfinite: errorIfNonfinite, lone } = args[name];
    const params = withGrads(c.before);
    const total = utils.clipGradNorm_(lone ? params[0] : params, maxNorm, { normType: Number(normType), errorIfNonfinite });
    expect(total.shape).toEqual([]);
    expectClose(total, c.total, NORM, 'total norm');
    expectGrads(params, c.after, NORM, name);
  });

  it.each(Object.entries(golden.clip_grad_norm_errors))('errorIfNonfinite: %s', (_, c) => {
    const params = withGrads(c.before);
    expect(() => utils.clipGradNorm_(params, c.max_norm, { normType: Number(c.norm_type), errorIfNonfinite: true })).toThrow(c.message);
    expectGrads(params, c.before, { rtol: 0, atol: 0 }, 'untouched');
  });

  it('takes the generator a module gives', () => {
    const model = new nn.Linear(3, 2);
    model(tensor([[1, 2, 3]])).sum().backward();
    const total = utils.clipGradNorm_(model.parameters(), 0.1);
    const after = utils.clipGradNorm_(model.parameters(), Infinity);
    expect(total.item()).toBeGreaterThan(0.1);
    expect(after.item()).toBeCloseTo(0.1, 5);
  });
});

describe('nn.utils.clipGradValue_', () => {
  it.each(Object.entries(golden.clip_grad_value))('%s', (name, c) => {
    const params = withGrads(c.before);
    expect(utils.clipGradValue_(params, c.clip_value)).toBeUndefined();
    expectGrads(params, c.after, { rtol: 0, atol: 0 }, name);
  });
});

describe('nn.utils.parametersToVector and vectorToParameters', () => {
  it('flattens in order, and the gradient flows back to every parameter', () => {
    const g = golden.parameters_to_vector;
    const params = g.params.map((p) => decode(p, { requiresGrad: true }));
    const vec = utils.parametersToVector(params);
    expectClose(vec, g.vec, { rtol: 0, atol: 0 }, 'vec');
    vec.backward(decode(g.upstream));
    params.forEach((p, i) => expectClose(p.grad, g.grads[i], { rtol: 0, atol: 0 }, `grad ${i}`));
  });

  it('copies consecutive slices into the parameters, ignoring a longer tail', () => {
    const g = golden.vector_to_parameters;
    const params = g.params.map((p) => zeros(p.shape));
    utils.vectorToParameters(decode(g.vec), params);
    params.forEach((p, i) => expectClose(p, g.params[i], { rtol: 0, atol: 0 }, `param ${i}`));
  });

  it('round-trips a model', () => {
    const a = new nn.Linear(4, 3);
    const b = new nn.Linear(4, 3);
    utils.vectorToParameters(utils.parametersToVector(a.parameters()), b.parameters());
    expect(b.weight.data).toEqual(a.weight.data);
    expect(b.bias!.data).toEqual(a.bias!.data);
  });

  const e = golden.errors;
  it('a vector too short: PyTorch\'s view error, and no parameter changed', () => {
    const params = [zeros(4), zeros(2, 3)];
    expect(() => utils.vectorToParameters(tensor(new Float32Array(8).fill(1)), params)).toThrow(e['vector too short']);
    expect(params.every((p) => p.data.every((v) => v === 0))).toBe(true);
  });

  it('not a tensor', () => {
    // PyTorch names the Python type (list); here the JavaScript one
    expect(() => utils.vectorToParameters([1, 2] as unknown as Tensor, [zeros(2)])).toThrow(e['not a tensor'].replace('list', 'Array'));
  });

  it('no parameters', () => {
    expect(() => utils.parametersToVector([])).toThrow(e['no parameters']);
  });
});
