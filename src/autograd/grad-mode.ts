// Whether ops record themselves for backward, as torch.no_grad / torch.enable_grad.

let enabled = true;

export function isGradEnabled(): boolean {
  return enabled;
}

export function setGradEnabled(mode: boolean): void {
  if (typeof mode !== 'boolean') throw new TypeError(`setGradEnabled(): expected a boolean, got ${String(mode)}`);
  enabled = mode;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/** Runs `fn` with recording off, restoring the previous mode afterwards (`with torch.no_grad():`). */
export const noGrad = <T>(fn: () => T): T => withGradMode(false, fn);

/** Runs `fn` with recording on, restoring the previous mode afterwards (`with torch.enable_grad():`). */
export const enableGrad = <T>(fn: () => T): T => withGradMode(true, fn);
