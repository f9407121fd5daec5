// Whether ops record themselves for backward, as torch.no_grad / torch.enable_grad.

let enabled = true;

/**
 * Whether ops are being recorded for backward (`torch.is_grad_enabled`).
 *
 * @example
 * ```ts
 * isGradEnabled();                  // true
 * noGrad(() => isGradEnabled());    // false
 * ```
 */
export function isGradEnabled(): boolean {
  return enabled;
}

/**
 * Turns recording on or off until changed again (`torch.set_grad_enabled`); prefer `noGrad` for a block.
 *
 * @example
 * ```ts
 * setGradEnabled(false);
 * tensor([1], { requiresGrad: true }).mul(2).requiresGrad; // false
 * setGradEnabled(true);
 * ```
 */
export function setGradEnabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`setGradEnabled(): expected a boolean, got ${String(mode)}`);
  enabled = mode;
}

/** Throws a TypeError naming `op` unless `fn` is a function: before any mode changes. */
export function checkFunction(fn: unknown, op: string): void {
  if (typeof fn !== 'function') throw new TypeError(`${op}(): expected a function, got ${fn === null ? 'null' : typeof fn}`);
}

function withGradMode<T>(op: string, mode: boolean, fn: () => T): T {
  checkFunction(fn, op);
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` with recording off, restoring the previous mode afterwards (`with torch.no_grad():`),
 * and returns what `fn` returns: for evaluation, and for updating weights by hand.
 *
 * @example
 * ```ts
 * const model = new nn.Linear(3, 1);
 * const prediction = noGrad(() => model(randn(4, 3))); // no graph is kept
 * prediction.requiresGrad; // false
 * ```
 */
export const noGrad = <T>(fn: () => T): T => withGradMode('noGrad', false, fn);

/**
 * Runs `fn` with recording on, restoring the previous mode afterwards (`with torch.enable_grad():`).
 *
 * @example
 * ```ts
 * noGrad(() => enableGrad(() => isGradEnabled())); // true
 * ```
 */
export const enableGrad = <T>(fn: () => T): T => withGradMode('enableGrad', true, fn);
