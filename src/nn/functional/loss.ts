// F.mseLoss, F.crossEntropy and the other losses, with PyTorch's `reduction` option, its
// defaults, its checks in its order, and its messages.
import { isGradEnabled } from '../../autograd/grad-mode';
import { sub, where } from '../../ops/elementwise';
import { binaryCrossEntropy as bceElementwise, mseReduced, nllPick, smoothL1, type ClassPick } from '../../ops/loss';
import { checkNumber, checkTensor, Tensor } from '../../tensor/tensor';
import { broadcastShapes, formatShape, sameShape, type Shape } from '../../tensor/shape';
import { allocFloat32 } from '../../tensor/alloc';

/** How a loss reduces its per-element values: their mean (the default), their sum, or none (each element). */
export type Reduction = 'mean' | 'sum' | 'none';

/** The option every loss takes. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** The options of the losses with a `weight` (BCE). */
export interface WeightedLossOptions extends LossOptions {
  /** A rescaling weight: one per class for NLL and cross-entropy, broadcast to the input for BCE. */
  weight?: Tensor | null;
}

/** F.nllLoss's and nn.NLLLoss's options. */
export interface NLLLossOptions extends WeightedLossOptions {
  /** A target value that is skipped: no loss, no gradient, and not counted by 'mean'. */
  ignoreIndex?: number;
}

/** F.crossEntropy's and nn.CrossEntropyLoss's options. */
export interface CrossEntropyLossOptions extends NLLLossOptions {
  /** ε in [0, 1]: the target becomes (1 - ε)·target + ε / C. */
  labelSmoothing?: number;
}

/** F.binaryCrossEntropyWithLogits's and nn.BCEWithLogitsLoss's options. */
export interface BCEWithLogitsLossOptions extends WeightedLossOptions {
  /** The weight of positive examples, broadcast along the last dims (one per class, say). */
  posWeight?: Tensor | null;
}

/** F.smoothL1Loss's and nn.SmoothL1Loss's options. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear; 0 gives the L1 loss. */
  beta?: number;
}

/** F.huberLoss's and nn.HuberLoss's options. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (> 0). */
  delta?: number;
}

// ---- option checks, shared with the modules' constructors ----

/**
 * PyTorch's check of the `reduction` option, shared with the loss modules.
 * @internal
 */
export function checkReduction(reduction: unknown): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new Error(`${String(reduction)} is not a valid value for reduction`);
  }
}

/**
 * PyTorch checks ε only when it is positive: a negative ε means no smoothing.
 * @internal
 */
export function checkLabelSmoothing(labelSmoothing: number): void {
  checkNumber(labelSmoothing, 'cross_entropy', 'label_smoothing');
  if (labelSmoothing > 1) throw new Error(`label_smoothing must be between 0.0 and 1.0. Got: ${labelSmoothing}`);
}

/**
 * PyTorch's check of smooth L1's `beta`, shared with nn.SmoothL1Loss.
 * @internal
 */
export function checkSmoothL1Beta(beta: number): void {
  if (!(beta >= 0)) throw new Error('smooth_l1_loss does not support negative values for beta.');
  checkNumber(beta, 'smooth_l1_loss', 'beta');
}

/**
 * PyTorch's check of Huber's `delta`, shared with nn.HuberLoss.
 * @internal
 */
export function checkHuberDelta(delta: number): void {
  if (!(delta > 0)) throw new Error('huber_loss does not support non-positive values for delta.');
  checkNumber(delta, 'huber_loss', 'delta');
}

/**
 * PyTorch's `ignore_index` is an int; shared with the loss modules.
 * @internal
 */
export function checkIgnoreIndex(op: string, ignoreIndex: number): void {
  if (!Number.isInteger(ignoreIndex)) throw new TypeError(`${op}(): argument 'ignore_index' must be an integer, got ${String(ignoreIndex)}`);
}

// ---- shared pieces ----

/** Every loss's first checks: input, target and the weights given are Tensors, and `reduction` is valid. */
function checkLossArgs(op: string, input: Tensor, target: Tensor, reduction: Reduction, weights: Record<string, Tensor | null> = {}): void {
  checkTensor(input, op);
  checkTensor(target, op, 'target');
  for (const [name, w] of Object.entries(weights)) if (w !== null) checkTensor(w, op, name);
  checkReduction(reduction);
}

/**
 * A per-element loss reduced as the losses' (already checked) `reduction` option asks.
 * @internal
 */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss;
}

const torchSize = (shape: Shape): string => `torch.Size(${formatShape(shape)})`;

const warned = new Set<string>();

/**
 * PyTorch's warning when a loss's target would broadcast against its input: printed once.
 * @internal
 */
export function warnOnBroadcast(input: Tensor, target: Tensor): void {
  if (sameShape(input.shape, target.shape)) return;
  const message =
    `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}). ` +
    'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.';
  if (warned.has(message)) return;
  warned.add(message);
  console.warn(`UserWarning: ${message}`);
}

/** PyTorch refuses a gradient for the weights of its hand-written losses rather than skip it. */
function checkNotDifferentiable(t: Tensor | null, argument: string, fn: string): void {
  if (t !== null && t.requiresGrad && isGradEnabled()) {
    throw new Error(`The function '${fn}' is not differentiable with respect to argument '${argument}'. This input cannot have requires_grad True.`);
  }
}

/** The check of PyTorch's in-place `out.op_(a op b)`: a and b must broadcast to `out`'s shape. */
function checkBroadcastsTo(a: Shape, b: Shape, out: Shape): void {
  const shape = broadcastShapes(a, b);
  if (!sameShape(shape, out)) throw new Error(`output with shape ${formatShape(out)} doesn't match the broadcast shape ${formatShape(shape)}`);
}

/** A per-class weight (C) shaped to broadcast along `classDim` of an `nd`-dim input: (1, C, 1, …). */
function classView(weight: Tensor, nd: number, classDim: number): Tensor {
  const shape = new Array<number>(nd).fill(1);
  shape[classDim] = weight.numel();
  return weight.reshape(shape);
}

// ---- regression losses ----

/**
 * Mean (or summed) squared error: reduce((input - target)²).
 *
 * @example
 * ```ts
 * F.mseLoss(tensor([1, 2]), tensor([1, 4])).item(); // 2
 * ```
 */
export function mseLoss(input: Tensor, target: Tensor, { reduction = 'mean' }: LossOptions = {}): Tensor {
  checkLossArgs('mse_loss', input, target, reduction);
  warnOnBroadcast(input, target);
  if (reduction !== 'none' && sameShape(input.shape, target.shape)) return mseReduced(input, target, reduction === 'mean');
  return reduce(input.sub(target).pow(2), reduction);
}

/**
 * Mean (or summed) absolute error: reduce(|input - target|).
 *
 * @example
 * ```ts
 * F.l1Loss(tensor([1, 2]), tensor([1, 4]), { reduction: 'sum' }).item(); // 2
 * ```
 */
export function l1Loss(input: Tensor, target: Tensor, { reduction = 'mean' }: LossOptions = {}): Tensor {
  checkLossArgs('l1_loss', input, target, reduction);
  warnOnBroadcast(input, target);
  return reduce(input.sub(target).abs(), reduction);
}

/** PyTorch's broadcast_tensors for the losses whose kernels see equal shapes. */
function broadcastPair(input: Tensor, target: Tensor): [Tensor, Tensor] {
  const shape = broadcastShapes(input.shape, target.shape);
  return [input.expand(shape), target.expand(shape)];
}

/**
 * Smooth L1: 0.5·d²/β where |d| < β, |d| - 0.5·β elsewhere, for d = input - target.
 *
 * @example
 * ```ts
 * F.smoothL1Loss(tensor([0, 0]), tensor([0.5, 3])).item(); // 1.3125
 * ```
 */
export function smoothL1Loss(input: Tensor, target: Tensor, { reduction = 'mean', beta = 1 }: SmoothL1LossOptions = {}): Tensor {
  checkLossArgs('smooth_l1_loss', input, target, reduction);
  checkSmoothL1Beta(beta);
  warnOnBroadcast(input, target);
  return reduce(smoothL1(...broadcastPair(input, target), beta), reduction);
}

/**
 * Huber: 0.5·d² where |d| < δ, δ·(|d| - 0.5·δ) elsewhere; δ times smooth L1 with β = δ.
 *
 * @example
 * ```ts
 * F.huberLoss(tensor([0, 0]), tensor([0.5, 3]), { delta: 2 }).item(); // 2.0625
 * ```
 */
export function huberLoss(input: Tensor, target: Tensor, { reduction = 'mean', delta = 1 }: HuberLossOptions = {}): Tensor {
  checkLossArgs('huber_loss', input, target, reduction);
  checkHuberDelta(delta);
  warnOnBroadcast(input, target);
  return reduce(smoothL1(...broadcastPair(input, target), delta).mul(delta), reduction);
}

// ---- NLL and cross-entropy ----

/**
 * PyTorch's shape checks of nll_loss_nd, in its order: (C) with a () target, (N, C) with (N), and
 * (N, C, d1, …, dK) with (N, d1, …, dK), the last with nll_loss2d's own messages.
 */
function checkNllShapes(input: Tensor, target: Tensor, weight: Tensor | null): void {
  const nd = input.dim();
  if (nd < 1) throw new Error(`Expected 1 or more dimensions (got ${nd})`);
  const batch = target.dim() === 0 ? 0 : target.shape[0]; // PyTorch reads a 0-d target's batch size as 0
  if (nd !== 1 && input.shape[0] !== batch) {
    throw new Error(`Expected input batch_size (${input.shape[0]}) to match target batch_size (${batch}).`);
  }
  const numClasses = input.shape[nd === 1 ? 0 : 1];
  if (nd <= 2) {
    if (target.dim() > 1) throw new Error('0D or 1D target tensor expected, multi-target not supported');
    if (nd === 1 && target.dim() === 1) {
      // PyTorch 1.13 reads only target[0] when the sizes agree; later versions refuse, as here
      if (target.shape[0] !== input.shape[0]) {
        throw new Error(`size mismatch (got input: ${formatShape(input.shape)}, target: ${formatShape(target.shape)})`);
      }
      throw new Error(`Expected target to be 0D when input is 1D, but got target.dim =${target.dim()}`);
    }
    if (weight !== null && !(weight.dim() === 1 && weight.numel() === numClasses)) {
      throw new Error(
        `weight tensor should be defined either for all ${numClasses} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
      );
    }
    return;
  }
  if (nd === 4 && target.dim() !== 3) {
    throw new Error(`only batches of spatial targets supported (3D tensors) but got targets of dimension: ${target.dim()}`);
  }
  if (!sameShape(target.shape.slice(1), input.shape.slice(2))) {
    if (nd === 4) throw new Error(`size mismatch (got input: ${formatShape(input.shape)} , target: ${formatShape(target.shape)}`);
    throw new Error(`Expected target size ${formatShape([input.shape[0], ...input.shape.slice(2)])}, got ${formatShape(target.shape)}`);
  }
  if (weight !== null && weight.numel() !== numClasses) throw new Error('weight tensor should be defined either for all or no classes');
}

interface ClassTargets extends ClassPick {
  /** Σ of the weights of the targets that count: the divisor of 'mean'. */
  readonly totalWeight: number;
}

/**
 * Reads class-index targets (floats holding integers): the class of each position and its weight,
 * or class -1 and weight 0 where the target is `ignoreIndex`.
 */
function classTargets(target: Tensor, numClasses: number, weight: Tensor | null, ignoreIndex: number): ClassTargets {
  const t = target.data;
  const w = weight === null ? null : weight.data;
  const classes = new Int32Array(t.length);
  const weights = allocFloat32(t.length);
  let totalWeight = 0;
  for (let j = 0; j < t.length; j++) {
    const c = t[j];
    if (c === ignoreIndex) {
      classes[j] = -1;
      continue;
    }
    if (!Number.isInteger(c)) throw new Error(`Target ${c} is not an integer class index.`);
    if (c < 0 || c >= numClasses) throw new RangeError(`Target ${c} is out of bounds.`);
    classes[j] = c;
    weights[j] = w === null ? 1 : w[c];
    totalWeight += weights[j];
  }
  return { classes, weights, totalWeight };
}

/** -w[t]·input[t] at every target position (the target's shape), after PyTorch's checks. */
function nllTerms(input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number): { loss: Tensor; targets: ClassTargets } {
  checkNllShapes(input, target, weight);
  checkNotDifferentiable(weight, 'weight', input.dim() <= 2 ? 'nll_loss_forward' : 'nll_loss2d_forward');
  const classDim = input.dim() === 1 ? 0 : 1;
  const targets = classTargets(target, input.shape[classDim], weight, ignoreIndex);
  return { loss: nllPick(input, classDim, targets, target.shape), targets };
}

/** NLL's reduction: 'mean' divides by the summed weight of the targets that count. */
function reduceByWeight(loss: Tensor, reduction: Reduction, totalWeight: number): Tensor {
  return reduction === 'mean' ? loss.sum().div(totalWeight) : reduce(loss, reduction);
}

/**
 * Negative log likelihood of class-index targets, for log-probabilities `input` of shape (C),
 * (N, C) or (N, C, d1, …, dK) and `target` of (), (N) or (N, d1, …, dK).
 *
 * @example
 * ```ts
 * F.nllLoss(F.logSoftmax(zeros(2, 4), 1), tensor([3, 0])).item(); // 1.3863, ln 4
 * ```
 */
export function nllLoss(input: Tensor, target: Tensor, { weight = null, ignoreIndex = -100, reduction = 'mean' }: NLLLossOptions = {}): Tensor {
  checkLossArgs('nll_loss', input, target, reduction, { weight });
  checkIgnoreIndex('nll_loss', ignoreIndex);
  const { loss, targets } = nllTerms(input, target, weight, ignoreIndex);
  return reduceByWeight(loss, reduction, targets.totalWeight);
}

/**
 * Cross-entropy of logits `input` against class indices (the target has no class dim) or class
 * probabilities (the target has the input's shape), the class dim being 1 (0 for an unbatched (C)).
 *
 * @example
 * ```ts
 * const logits = randn(3, 5, { requiresGrad: true });
 * const loss = F.crossEntropy(logits, tensor([1, 0, 4]), { labelSmoothing: 0.1 });
 * loss.backward(); // logits.grad has shape [3, 5]
 * ```
 */
export function crossEntropy(
  input: Tensor,
  target: Tensor,
  { weight = null, ignoreIndex = -100, reduction = 'mean', labelSmoothing = 0 }: CrossEntropyLossOptions = {},
): Tensor {
  checkLossArgs('cross_entropy', input, target, reduction, { weight });
  checkIgnoreIndex('cross_entropy', ignoreIndex);
  checkNumber(labelSmoothing, 'cross_entropy', 'label_smoothing');
  if (input.dim() === 0) throw new Error('Dimension specified as 1 but tensor has no dimensions');
  const classDim = input.dim() === 1 ? 0 : 1;
  const numClasses = input.shape[classDim];
  if (sameShape(input.shape, target.shape)) {
    return crossEntropyProbabilities(input, target, weight, ignoreIndex, reduction, labelSmoothing, classDim);
  }
  if (labelSmoothing > 0) checkLabelSmoothing(labelSmoothing);
  const logp = input.logSoftmax(classDim); // the input's shape
  const { loss, targets } = nllTerms(logp, target, weight, ignoreIndex); // the target's shape
  const nll = reduceByWeight(loss, reduction, targets.totalWeight);
  if (!(labelSmoothing > 0)) return nll;
  // PyTorch's smoothing term: Σ_c w_c·(-log p_c) at each position that counts, reduced as the NLL
  const weighted = weight === null ? logp : logp.mul(classView(weight, input.dim(), classDim));
  const smooth = where(ignoredMask(targets, target.shape), 0, weighted.sum(classDim).neg()); // the target's shape
  return nll.mul(1 - labelSmoothing).add(reduceByWeight(smooth, reduction, targets.totalWeight).mul(labelSmoothing / numClasses));
}

/** 1 where the target is ignored, 0 elsewhere. */
function ignoredMask({ classes }: ClassPick, shape: Shape): Tensor {
  const mask = allocFloat32(classes.length);
  for (let j = 0; j < mask.length; j++) mask[j] = classes[j] < 0 ? 1 : 0;
  return new Tensor(mask, shape);
}

/** -Σ_c w_c·t_c·log p_c at each position; 'mean' divides by the number of positions (N·d1·…·dK). */
function crossEntropyProbabilities(
  input: Tensor, target: Tensor, weight: Tensor | null, ignoreIndex: number,
  reduction: Reduction, labelSmoothing: number, classDim: number,
): Tensor {
  if (ignoreIndex >= 0) throw new Error('ignore_index is not supported for floating point target');
  const numClasses = input.shape[classDim];
  if (weight !== null && !(weight.dim() === 1 && weight.numel() === numClasses)) {
    throw new Error(
      `cross_entropy: weight tensor should be defined either for all ${numClasses} classes or no classes but got weight tensor of shape: ${formatShape(weight.shape)}`,
    );
  }
  if (labelSmoothing > 0) checkLabelSmoothing(labelSmoothing);
  const smoothed = labelSmoothing > 0 ? target.mul(1 - labelSmoothing).add(labelSmoothing / numClasses) : target;
  let terms = input.logSoftmax(classDim).mul(smoothed);
  if (weight !== null) terms = terms.mul(classView(weight, input.dim(), classDim));
  if (reduction === 'none') return terms.sum(classDim).neg(); // (N, d1, …, dK), or () unbatched
  const total = terms.sum().neg();
  return reduction === 'sum' ? total : total.div(input.numel() / numClasses);
}

// ---- binary cross-entropy ----

/**
 * -w·(t·log x + (1 - t)·log(1 - x)) for probabilities x, each log clamped at -100 as PyTorch's.
 *
 * @example
 * ```ts
 * F.binaryCrossEntropy(tensor([0.5, 0.5]), tensor([1, 0])).item(); // 0.6931, ln 2
 * ```
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, { weight = null, reduction = 'mean' }: WeightedLossOptions = {}): Tensor {
  checkLossArgs('binary_cross_entropy', input, target, reduction, { weight });
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(
      `Using a target size (${torchSize(target.shape)}) that is different to the input size (${torchSize(input.shape)}) is deprecated. Please ensure they have the same size.`,
    );
  }
  if (weight !== null) checkBroadcastsTo(target.shape, weight.shape, input.shape);
  checkNotDifferentiable(weight, 'weight', 'binary_cross_entropy');
  const loss = bceElementwise(input, target);
  return reduce(weight === null ? loss : loss.mul(weight), reduction);
}

/**
 * Binary cross-entropy of logits x: w·((1 - t)·x + (1 + (p - 1)·t)·softplus(-x)), with p the
 * positive weight. softplus(-x) = log(1 + e⁻ˣ) is PyTorch's m + log(e⁻ᵐ + e⁻ˣ⁻ᵐ), m = max(-x, 0),
 * so neither exponential overflows: logits of ±1e4 give finite losses and gradients.
 *
 * @example
 * ```ts
 * F.binaryCrossEntropyWithLogits(zeros(2), tensor([1, 0]), { posWeight: tensor([3]) }).item(); // 1.3863, 2 ln 2
 * ```
 */
export function binaryCrossEntropyWithLogits(
  input: Tensor,
  target: Tensor,
  { weight = null, reduction = 'mean', posWeight = null }: BCEWithLogitsLossOptions = {},
): Tensor {
  checkLossArgs('binary_cross_entropy_with_logits', input, target, reduction, { weight, pos_weight: posWeight });
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(`Target size (${torchSize(target.shape)}) must be the same as input size (${torchSize(input.shape)})`);
  }
  if (posWeight !== null) checkBroadcastsTo(posWeight.shape, target.shape, input.shape);
  if (weight !== null) checkBroadcastsTo(input.shape, weight.shape, input.shape);
  checkNotDifferentiable(weight, 'weight', 'binary_cross_entropy_with_logits');
  checkNotDifferentiable(posWeight, 'pos_weight', 'binary_cross_entropy_with_logits');
  const m = input.neg().clamp(0);
  const softplus = m.neg().exp().add(input.neg().sub(m).exp()).log().add(m);
  const positive = posWeight === null ? softplus : posWeight.sub(1).mul(target).add(1).mul(softplus);
  const loss = sub(1, target).mul(input).add(positive);
  return reduce(weight === null ? loss : loss.mul(weight), reduction);
}
