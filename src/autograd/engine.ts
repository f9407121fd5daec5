// backward's walk: order the graph, then push gradients from the root to the leaves.
import type { Tensor } from '../tensor/tensor';
import { formatShape, sameShape } from '../tensor/shape';
import { checkBackward, isAnomalyEnabled } from './anomaly';
import { noGrad } from './grad-mode';

/**
 * Tensors reachable from `root` through grad_fn inputs, each after every tensor that consumes
 * it: a post-order walk with an explicit stack, so a 10,000-op chain cannot overflow.
 */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const visited = new Set<Tensor>([root]);
  const stack: Tensor[] = [root];
  const nextInput: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const inputs = t.gradFn ? t.gradFn.inputs : [];
    let i = nextInput[top];
    while (i < inputs.length && (visited.has(inputs[i]) || !inputs[i].requiresGrad)) i++;
    if (i < inputs.length) {
      nextInput[top] = i + 1;
      visited.add(inputs[i]);
      stack.push(inputs[i]);
      nextInput.push(0);
    } else {
      order.push(t);
      stack.pop();
      nextInput.pop();
    }
  }
  return order;
}

/** Adds `g` into `t.grad`, in place once it exists, as PyTorch's AccumulateGrad. */
function accumulateGrad(t: Tensor, g: Tensor): void {
  if (t.grad === null) {
    t.grad = g.clone();
    return;
  }
  const acc = t.grad.data;
  const src = g.data;
  for (let i = 0; i < acc.length; i++) acc[i] += src[i];
}

/** Reverse-mode differentiation of `root`, seeded with `gradient` (same shape as root). */
export function runBackward(root: Tensor, gradient: Tensor): void {
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, gradient]]);
  noGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = grads.get(t);
      if (g === undefined) continue;
      grads.delete(t);
      const node = t.gradFn;
      if (node === null || t.retainsGrad) accumulateGrad(t, g);
      if (node === null) continue;
      const inputGrads = node.op.backward(g, node);
      if (isAnomalyEnabled()) checkBackward(node, inputGrads);
      for (let i = 0; i < node.inputs.length; i++) {
        const x = node.inputs[i];
        const gx = inputGrads[i];
        if (!x.requiresGrad || gx === null || gx === undefined) continue;
        if (!sameShape(gx.shape, x.shape)) {
          throw new Error(
            `Function ${node.name} returned an invalid gradient at index ${i} - got ${formatShape(gx.shape)} but expected shape compatible with ${formatShape(x.shape)}`,
          );
        }
        const prev = grads.get(x);
        grads.set(x, prev === undefined ? gx : prev.add(gx));
      }
    }
  });
}
