// How an op records itself: the node that produced a tensor, with what its backward rule reads.
import type { Tensor } from '../tensor/tensor';
import { checkForward, isAnomalyEnabled } from './anomaly';
import { isGradEnabled } from './grad-mode';

/** What a backward rule sees: the op's inputs, its output and whatever the forward saved. */
export interface Context<S> {
  readonly inputs: readonly Tensor[];
  readonly out: Tensor;
  readonly saved: S;
}

/** Maps the gradient of the output to one gradient per input (null where none flows). */
export type BackwardRule<S> = (grad: Tensor, ctx: Context<S>) => readonly (Tensor | null)[];

/** An op's identity in the graph: PyTorch's grad_fn name and its chain rule. */
export interface Op<S = undefined> {
  readonly name: string;
  readonly backward: BackwardRule<S>;
}

/** The grad_fn of a tensor: one recorded application of an op. */
export class Node<S = unknown> implements Context<S> {
  constructor(
    readonly op: Op<S>,
    readonly inputs: readonly Tensor[],
    readonly out: Tensor,
    readonly saved: S,
  ) {}

  /** PyTorch's class name for it, e.g. `MulBackward0`. */
  get name(): string {
    return this.op.name;
  }

  toString(): string {
    return `<${this.op.name}>`;
  }
}

/**
 * Marks `out` as produced by `op` from `inputs` when grad mode is on and some input requires
 * grad; otherwise `out` stays a plain tensor and nothing is kept alive.
 */
export function record<S>(op: Op<S>, inputs: readonly Tensor[], out: Tensor, saved: S): Tensor {
  if (!isGradEnabled()) return out;
  for (let i = 0; i < inputs.length; i++) {
    if (inputs[i].requiresGrad) {
      const node = new Node(op, inputs, out, saved) as Node;
      if (isAnomalyEnabled()) checkForward(node);
      out.requiresGrad = true;
      out.gradFn = node;
      return out;
    }
  }
  return out;
}
