// F.batchNorm, F.layerNorm, F.groupNorm: standardise over some dims, then scale and shift.
// All three are composed from tensor ops, so autograd derives their backward (including the
// gradient through the batch statistics) from the ops' own rules.
import { checkNumber, checkTensor, describe, type Tensor } from '../../tensor/tensor';
import { formatShape, normalizeDim, sameShape, type Shape } from '../../tensor/shape';

/**
 * x̂ = (x − μ) / √(σ² + ε) with μ and the biased σ² = Σ(x − μ)² / n taken over `dims`
 * (kept as size 1). Also returns μ and Σ(x − μ)², which BatchNorm's running stats need.
 */
function standardize(x: Tensor, dims: readonly number[], eps: number): { xHat: Tensor; mean: Tensor; varSum: Tensor } {
  let n = 1;
  for (const d of dims) n *= x.shape[d];
  const mean = x.mean(dims, true);
  const centred = x.sub(mean);
  const varSum = centred.mul(centred).sum(dims, true);
  const invStd = varSum.div(n).add(eps).pow(-0.5);
  return { xHat: centred.mul(invStd), mean, varSum };
}

/** y = x̂ · weight + bias, each reshaped to `shape` to broadcast against x̂; either may be absent. */
function affine(xHat: Tensor, weight: Tensor | null, bias: Tensor | null, shape: Shape): Tensor {
  const scaled = weight === null ? xHat : xHat.mul(weight.reshape(shape));
  return bias === null ? scaled : scaled.add(bias.reshape(shape));
}

/** PyTorch's _verify_batch_size: normalising a single value per channel is refused. */
function verifyBatchSize(size: Shape, shown: string): void {
  let n = size[0];
  for (let i = 2; i < size.length; i++) n *= size[i];
  if (n === 1) throw new Error(`Expected more than 1 value per channel when training, got input size ${shown}`);
}

/** The checks every F.*Norm makes first: the input and the affine tensors are Tensors, ε a number. */
function checkNormArgs(op: string, input: Tensor, weight: Tensor | null, bias: Tensor | null, eps: number): void {
  checkTensor(input, op);
  if (weight !== null) checkTensor(weight, op, 'weight');
  if (bias !== null) checkTensor(bias, op, 'bias');
  checkNumber(eps, op, 'eps');
}

function checkNumel(name: string, t: Tensor | null, expected: number): void {
  if (t !== null && t.numel() !== expected) throw new Error(`${name} should contain ${expected} elements not ${t.numel()}`);
}

/** F.batchNorm's options. */
export interface BatchNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  /** Normalise with the batch's statistics (and update the running ones); default false. */
  training?: boolean;
  /** running = (1 − momentum) · running + momentum · batch statistic (default 0.1). */
  momentum?: number;
  eps?: number;
}

/**
 * Batch normalisation of x (N, C, *) per channel C. Training: x̂ uses the batch's mean and biased
 * variance over N and *, and the running stats given are updated in place with the unbiased
 * variance. Otherwise x̂ = (x − running_mean) / √(running_var + ε). Then y = x̂ · weight + bias.
 *
 * @example
 * ```ts
 * const runningMean = zeros(3);
 * const runningVar = ones(3);
 * F.batchNorm(randn(8, 3), runningMean, runningVar, { training: true }).shape; // [8, 3]; the running stats moved
 * ```
 */
export function batchNorm(
  input: Tensor,
  runningMean: Tensor | null,
  runningVar: Tensor | null,
  { weight = null, bias = null, training = false, momentum = 0.1, eps = 1e-5 }: BatchNormOptions = {},
): Tensor {
  checkNormArgs('batch_norm', input, weight, bias, eps);
  if (runningMean !== null) checkTensor(runningMean, 'batch_norm', 'running_mean');
  if (runningVar !== null) checkTensor(runningVar, 'batch_norm', 'running_var');
  checkNumber(momentum, 'batch_norm', 'momentum');
  if (training) verifyBatchSize(input.shape, `torch.Size(${formatShape(input.shape)})`);
  normalizeDim(1, input.dim()); // the channel dim must exist
  if (input.numel() === 0) return input.clone(); // no statistics to take, nothing to update
  const [n, c] = input.shape;
  checkNumel('running_mean', runningMean, c);
  if (runningMean === null && !training) throw new Error('running_mean must be defined in evaluation mode');
  checkNumel('running_var', runningVar, c);
  if (runningVar === null && !training) throw new Error('running_var must be defined in evaluation mode');
  checkNumel('weight', weight, c);
  checkNumel('bias', bias, c);

  const x = input.reshape(n, c, -1); // (N, C, L): L = 1 for (N, C), the product of * otherwise
  const perChannel = [1, c, 1];
  let xHat: Tensor;
  if (training) {
    const stats = standardize(x, [0, 2], eps);
    xHat = stats.xHat;
    // In float64 from the float32 statistics, as PyTorch's update: running_var takes the unbiased
    // variance Σ(x − μ)² / (n − 1), the normalisation above the biased one. n > 1 was checked.
    const count = x.numel() / c;
    const mean = stats.mean.data;
    const varSum = stats.varSum.data;
    if (runningMean !== null) {
      const rm = runningMean.data;
      for (let i = 0; i < c; i++) rm[i] = momentum * mean[i] + (1 - momentum) * rm[i];
    }
    if (runningVar !== null) {
      const rv = runningVar.data;
      for (let i = 0; i < c; i++) rv[i] = momentum * (varSum[i] / (count - 1)) + (1 - momentum) * rv[i];
    }
  } else {
    const invStd = runningVar!.detach().add(eps).pow(-0.5).reshape(perChannel); // (1, C, 1)
    xHat = x.sub(runningMean!.detach().reshape(perChannel)).mul(invStd);
  }
  return affine(xHat, weight, bias, perChannel).reshape(input.shape);
}

/** F.layerNorm's options: the affine γ (weight) and β (bias), and ε. */
export interface LayerNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/**
 * Layer normalisation: x̂ over the trailing dims that match `normalizedShape`, then x̂ · weight + bias.
 *
 * @example
 * ```ts
 * F.layerNorm(randn(2, 5, 8), [8]).shape; // [2, 5, 8]
 * ```
 */
export function layerNorm(
  input: Tensor,
  normalizedShape: number | readonly number[],
  { weight = null, bias = null, eps = 1e-5 }: LayerNormOptions = {},
): Tensor {
  checkNormArgs('layer_norm', input, weight, bias, eps);
  if (typeof normalizedShape !== 'number' && !Array.isArray(normalizedShape)) {
    throw new TypeError(`layer_norm(): argument 'normalized_shape' must be an integer or an array of integers, not ${describe(normalizedShape)}`);
  }
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : normalizedShape;
  const k = shape.length;
  if (k === 0) {
    throw new Error(
      `Expected normalized_shape to be at least 1-dimensional, i.e., containing at least one element, but got normalized_shape = ${formatShape(shape)}`,
    );
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && !sameShape(t.shape, shape)) {
      throw new Error(
        `Expected ${name} to be of same shape as normalized_shape, but got ${name} of shape ${formatShape(t.shape)} and normalized_shape = ${formatShape(shape)}`,
      );
    }
  }
  const nd = input.dim();
  if (nd < k || !sameShape(input.shape.slice(nd - k), shape)) {
    throw new Error(
      `Given normalized_shape=${formatShape(shape)}, expected input with shape [*${shape.map((s) => `, ${s}`).join('')}], but got input of size${formatShape(input.shape)}`,
    );
  }
  const dims = Array.from({ length: k }, (_, i) => nd - k + i);
  return affine(standardize(input, dims, eps).xHat, weight, bias, shape);
}

/** F.groupNorm's options: the per-channel γ (weight) and β (bias), and ε. */
export interface GroupNormOptions {
  weight?: Tensor | null;
  bias?: Tensor | null;
  eps?: number;
}

/**
 * Group normalisation of x (N, C, *): the C channels split into `numGroups` groups of C / G, x̂
 * over each sample's group (its channels and *), then per-channel x̂ · weight + bias.
 *
 * @example
 * ```ts
 * F.groupNorm(randn(3, 4, 5), 2).shape; // [3, 4, 5]
 * ```
 */
export function groupNorm(input: Tensor, numGroups: number, { weight = null, bias = null, eps = 1e-5 }: GroupNormOptions = {}): Tensor {
  checkNormArgs('group_norm', input, weight, bias, eps);
  if (!Number.isInteger(numGroups)) throw new TypeError(`group_norm(): argument 'num_groups' must be an integer, got ${String(numGroups)}`);
  if (!(numGroups > 0)) throw new Error(`Expected num groups to be greater than 0, got ${numGroups}`);
  const nd = input.dim();
  normalizeDim(1, nd); // the channel dim must exist
  const [n, c] = input.shape;
  const spatial = input.shape.slice(2);
  const perGroup = [Math.floor((n * c) / numGroups), numGroups, ...spatial]; // as F.group_norm checks it
  verifyBatchSize(perGroup, formatShape(perGroup));
  if (c % numGroups !== 0) {
    throw new Error(
      `Expected number of channels in input to be divisible by num_groups, but got input of shape ${formatShape(input.shape)} and num_groups=${numGroups}`,
    );
  }
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const) {
    if (t !== null && (t.dim() !== 1 || t.numel() !== c)) {
      throw new Error(
        `Expected ${name} to be a vector of size equal to the number of channels in input, but got ${name} of shape ${formatShape(t.shape)} and input of shape ${formatShape(input.shape)}`,
      );
    }
  }
  const grouped = input.reshape(n, numGroups, -1); // (N, G, C/G · prod(*))
  const xHat = standardize(grouped, [2], eps).xHat.reshape(input.shape); // (N, C, *)
  return affine(xHat, weight, bias, [c, ...spatial.map(() => 1)]);
}
