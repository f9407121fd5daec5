// nn.utils: gradient clipping, and a model's parameters as one vector and back.
import { cat } from '../ops/movement';
import { formatShape } from '../tensor/shape';
import { checkNumber, Tensor } from '../tensor/tensor';
import { allocFloat32 } from '../tensor/alloc';

/** One tensor or any iterable of them, e.g. `model.parameters()`. */
export type TensorOrTensors = Tensor | Iterable<Tensor>;

const toList = (parameters: TensorOrTensors): Tensor[] => (parameters instanceof Tensor ? [parameters] : [...parameters]);

/** The p-norm of float32 values, accumulated in float64 and rounded to float32 as torch.norm returns it. */
function vectorNorm(x: Float32Array, p: number): number {
  let acc = 0;
  if (p === Infinity || p === -Infinity) {
    // max |x| (min |x| for -inf); NaN wins, as in PyTorch
    acc = x.length > 0 ? Math.abs(x[0]) : 0;
    for (let i = 1; i < x.length; i++) {
      const v = Math.abs(x[i]);
      if (acc !== acc) break;
      if (v !== v || (p > 0 ? v > acc : v < acc)) acc = v;
    }
    return acc;
  }
  if (p === 0) {
    for (let i = 0; i < x.length; i++) if (x[i] !== 0) acc += 1; // the number of non-zeros
    return Math.fround(acc);
  }
  if (p === 2) {
    for (let i = 0; i < x.length; i++) acc += x[i] * x[i];
    return Math.fround(Math.sqrt(acc));
  }
  for (let i = 0; i < x.length; i++) acc += Math.abs(x[i]) ** p;
  return Math.fround(p === 1 ? acc : acc ** (1 / p));
}

/** A float as Python's str() shows it: 2.0, 0.5, inf. */
function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return Number.isInteger(x) && Math.abs(x) < 1e16 ? x.toFixed(1) : String(x);
}

/** clipGradNorm_'s options, after PyTorch's norm_type and error_if_nonfinite. */
export interface ClipGradNormOptions {
  /** The p of the p-norm, `Infinity` for the largest magnitude (default 2). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false). */
  errorIfNonfinite?: boolean;
}

/**
 * Scales the gradients in place so that their joint p-norm, taken as if they were one
 * concatenated vector, is at most `maxNorm`; parameters without a gradient are skipped. Returns
 * the norm before clipping, a 0-d tensor (0 when no parameter has a gradient). Each gradient is
 * multiplied by min(1, maxNorm / (norm + 1e-6)).
 *
 * @example
 * ```ts
 * const w = tensor([[0, 0]], { requiresGrad: true });
 * w.grad = tensor([[3, 4]]);
 * nn.utils.clipGradNorm_(w, 1).item(); // 5, the norm before clipping
 * String(w.grad);                      // 'tensor([[0.6000, 0.8000]])'
 * ```
 */
export function clipGradNorm_(
  parameters: TensorOrTensors,
  maxNorm: number,
  { normType = 2, errorIfNonfinite = false }: ClipGradNormOptions = {},
): Tensor {
  checkNumber(maxNorm, 'clip_grad_norm_', 'max_norm');
  checkNumber(normType, 'clip_grad_norm_', 'norm_type');
  const grads: Tensor[] = [];
  for (const p of toList(parameters)) if (p.grad !== null) grads.push(p.grad);
  if (grads.length === 0) return new Tensor(allocFloat32(1), []);
  // ‖(‖g₁‖, ‖g₂‖, …)‖, each inner norm a float32 as PyTorch stacks them
  const norms = allocFloat32(grads.length);
  for (let i = 0; i < grads.length; i++) norms[i] = vectorNorm(grads[i].data, normType);
  const total = vectorNorm(norms, normType);
  if (errorIfNonfinite && !Number.isFinite(total)) {
    throw new Error(
      `The total norm of order ${pyFloat(normType)} for gradients from \`parameters\` is non-finite, so it cannot be clipped. ` +
        'To disable this error and scale the gradients by the non-finite norm anyway, set `error_if_nonfinite=False`',
    );
  }
  // clip_coef = max_norm / (total_norm + 1e-6) in float32 tensor ops (the division is
  // reciprocal() * max_norm), clamped to at most 1; every gradient is scaled, even by 1
  const f = Math.fround;
  const coef = Math.min(f(f(1 / f(total + f(1e-6))) * f(maxNorm)), 1);
  for (const g of grads) g.detach().copy_(g.detach().mul(coef));
  return new Tensor(Float32Array.of(total), []);
}

/**
 * Clamps every gradient in place to [-clipValue, clipValue]; parameters without one are skipped.
 *
 * @example
 * ```ts
 * const w = tensor([[0, 0]], { requiresGrad: true });
 * w.grad = tensor([[-3, 0.5]]);
 * nn.utils.clipGradValue_(w, 1);
 * w.grad.tolist(); // [[-1, 0.5]]
 * ```
 */
export function clipGradValue_(parameters: TensorOrTensors, clipValue: number): void {
  checkNumber(clipValue, 'clip_grad_value_', 'clip_value');
  for (const p of toList(parameters)) {
    if (p.grad !== null) p.grad.detach().copy_(p.grad.detach().clamp(-clipValue, clipValue));
  }
}

/**
 * The parameters flattened and joined into one 1-D tensor (differentiable, like torch.cat).
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(3, 2);
 * nn.utils.parametersToVector(fc.parameters()).shape; // [8]: 6 weights, then 2 biases
 * ```
 */
export function parametersToVector(parameters: Iterable<Tensor>): Tensor {
  return cat([...parameters].map((p) => p.reshape(-1)));
}

/**
 * Copies consecutive slices of the 1-D `vec` into the parameters, in order. PyTorch makes each
 * parameter a view into `vec`; here a tensor owns its elements, so they are copied.
 *
 * @example
 * ```ts
 * const fc = new nn.Linear(3, 2);
 * nn.utils.vectorToParameters(arange(8), fc.parameters());
 * fc.weight.tolist(); // [[0, 1, 2], [3, 4, 5]]
 * fc.bias.tolist();   // [6, 7]
 * ```
 */
export function vectorToParameters(vec: Tensor, parameters: Iterable<Tensor>): void {
  if (!(vec instanceof Tensor)) {
    throw new TypeError(`expected torch.Tensor, but got: ${vec === null ? 'null' : Array.isArray(vec) ? 'Array' : typeof vec}`);
  }
  const params = [...parameters];
  let pointer = 0;
  for (const p of params) {
    const available = Math.max(0, Math.min(p.numel(), vec.numel() - pointer));
    if (available < p.numel()) throw new Error(`shape '${formatShape(p.shape)}' is invalid for input of size ${available}`);
    pointer += p.numel();
  }
  pointer = 0;
  for (const p of params) {
    p.data.set(vec.data.subarray(pointer, pointer + p.numel()));
    pointer += p.numel();
  }
}
