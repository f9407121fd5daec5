// Anomaly detection, as torch.autograd.detect_anomaly: while it is on, the first recorded op whose
// forward output, or whose backward rule's gradients, hold NaN or ±Inf throws, naming the op; a
// backward error also prints where that op's forward ran. Off, it costs one boolean test per op.
import type { Tensor } from '../tensor/tensor';
import { checkFunction } from './grad-mode';
import type { Node } from './node';

let enabled = false;

/** Where each node's forward ran, kept only for nodes recorded while the mode is on. */
const forwardStacks = new WeakMap<Node, string>();

/**
 * Whether anomaly detection is on (`torch.is_anomaly_enabled`).
 *
 * @example
 * ```ts
 * autograd.isAnomalyEnabled();                             // false
 * autograd.detectAnomaly(() => autograd.isAnomalyEnabled()); // true
 * ```
 */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/**
 * Turns anomaly detection on or off, as torch.autograd.set_detect_anomaly, until it is set again.
 *
 * @example
 * ```ts
 * autograd.setDetectAnomaly(true);
 * tensor([-1], { requiresGrad: true }).log();
 * // Error: Function 'LogBackward0' produced nan values in its forward output.
 * autograd.setDetectAnomaly(false);
 * ```
 */
export function setDetectAnomaly(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`setDetectAnomaly(): expected a boolean, got ${String(mode)}`);
  enabled = mode;
}

let warned = false;

/**
 * Runs `fn` with anomaly detection on, restoring the previous mode afterwards
 * (`with torch.autograd.detect_anomaly():`).
 *
 * @example
 * ```ts
 * const x = tensor([0, 1], { requiresGrad: true });
 * autograd.detectAnomaly(() => x.sqrt().mul(0).sum().backward());
 * // Error: Function 'SqrtBackward0' returned nan values in its 0th output.
 * // (and a warning with the stack of the x.sqrt() call)
 * ```
 */
export function detectAnomaly<T>(fn: () => T): T {
  checkFunction(fn, 'detectAnomaly');
  if (!warned) {
    warned = true;
    console.warn('UserWarning: Anomaly Detection has been enabled. This mode will increase the runtime and should only be enabled for debugging.');
  }
  const previous = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/** 'nan' if `data` holds a NaN, else 'inf' if it holds ±Infinity, else null. */
function nonFinite(data: Float32Array): 'nan' | 'inf' | null {
  let inf = false;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v !== v) return 'nan';
    if (v === Infinity || v === -Infinity) inf = true;
  }
  return inf ? 'inf' : null;
}

/**
 * Called by record() for each new node while the mode is on: throws if the op turned finite
 * inputs into NaN or ±Inf (an input that already held them is an earlier op's anomaly, or a
 * deliberate mask such as -Infinity), then keeps the forward's stack for backward's message.
 */
export function checkForward(node: Node): void {
  const kind = nonFinite(node.out.data);
  if (kind !== null && node.inputs.every((x) => nonFinite(x.data) === null)) {
    throw new Error(`Function '${node.name}' produced ${kind} values in its forward output.`);
  }
  forwardStacks.set(node, forwardStack());
}

/** The current stack from the op's own frame on: the lines above record()'s (this file's and its) are dropped. */
function forwardStack(): string {
  const lines = (new Error().stack ?? '').split('\n');
  return lines.slice(lines.findIndex((line) => /\brecord\b/.test(line)) + 1).join('\n');
}

/**
 * Called by backward for each rule it runs while the mode is on: the gradients that flow on (to
 * inputs that require grad) must be finite. PyTorch 1.13 checks NaN only, with this message; ±Inf
 * is reported the same way.
 */
export function checkBackward(node: Node, grads: readonly (Tensor | null)[]): void {
  for (let i = 0; i < node.inputs.length; i++) {
    const g = grads[i];
    if (g === null || g === undefined || !node.inputs[i].requiresGrad) continue;
    const kind = nonFinite(g.data);
    if (kind === null) continue;
    const stack = forwardStacks.get(node);
    if (stack !== undefined) {
      console.warn(`UserWarning: Error detected in ${node.name}. Traceback of forward call that caused the error:\n${stack}`);
    }
    throw new Error(`Function '${node.name}' returned ${kind} values in its ${i}th output.`);
  }
}
