// backward's walk: order the graph, then push gradients from the root to the leaves.
import type { Tensor } from '../tensor/tensor';
import { formatShape, sameShape } from '../tensor/shape';
import { checkBackward, isAnomalyEnabled } from './anomaly';
import { noGrad } from './grad-mode';

/**
 * Tensors reachable from `root` through grad_fn inputs, each after every tensor that consumes
 * it: a post-order walk with an explicit stack, so a 10,000-op chain cannot overflow. A tensor's
 * `backwardSlot` holds its place in `found` while walking, then in the returned order; a slot
 * counts only where the list holds that very tensor, so stale slots of earlier passes are inert.
 */
function topologicalOrder(root: Tensor): Tensor[] {
  const found: Tensor[] = [root];
  root.backwardSlot = 0;
  const order: Tensor[] = [];
  const stack: Tensor[] = [root];
  const nextInput: number[] = [0];
  while (stack.length > 0) {
    const top = stack.length - 1;
    const t = stack[top];
    const inputs = t.gradFn ? t.gradFn.inputs : [];
    let i = nextInput[top];
    while (i < inputs.length && (found[inputs[i].backwardSlot] === inputs[i] || !inputs[i].requiresGrad)) i++;
    if (i < inputs.length) {
      nextInput[top] = i + 1;
      inputs[i].backwardSlot = found.length;
      found.push(inputs[i]);
      stack.push(inputs[i]);
      nextInput.push(0);
    } else {
      order.push(t);
      stack.pop();
      nextInput.pop();
    }
  }
  for (let k = 0; k < order.length; k++) order[k].backwardSlot = k;
  return order;
}

/**
 * Adds `g` into `t.grad`, in place once it exists, as PyTorch's AccumulateGrad. A first gradient
 * is adopted as it is when `owned` (nothing else holds its data), else copied.
 */
function accumulateGrad(t: Tensor, g: Tensor, owned: boolean): void {
  if (t.grad === null) {
    t.grad = owned ? g : g.clone();
    return;
  }
  const acc = t.grad.data;
  const src = g.data;
  for (let i = 0; i < acc.length; i++) acc[i] += src[i];
}

/** Reverse-mode differentiation of `root`, seeded with `gradient` (same shape as root). */
export function runBackward(root: Tensor, gradient: Tensor): void {
  const order = topologicalOrder(root);
  const grads: (Tensor | undefined)[] = new Array(order.length); // by backwardSlot
  grads[root.backwardSlot] = gradient;
  // A leaf may keep the gradient it receives instead of a copy (PyTorch's AccumulateGrad steals
  // one nobody else references) when its data array (which views share) was made by a backward
  // rule in this pass and went to no other input: counted here, the graph's own arrays and the
  // seed's entered as taken twice.
  const handedOut = new Map<Float32Array, number>([[gradient.data, 2]]);
  for (let k = 0; k < order.length; k++) handedOut.set(order[k].data, 2);
  noGrad(() => {
    for (let k = order.length - 1; k >= 0; k--) {
      const t = order[k];
      const g = grads[k];
      if (g === undefined) continue;
      grads[k] = undefined;
      const node = t.gradFn;
      if (node === null) {
        accumulateGrad(t, g, handedOut.get(g.data) === 1);
        continue;
      }
      if (t.retainsGrad) accumulateGrad(t, g, false);
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
        handedOut.set(gx.data, (handedOut.get(gx.data) ?? 0) + 1);
        const prev = grads[x.backwardSlot];
        if (prev === undefined) {
          grads[x.backwardSlot] = gx;
        } else {
          const total = prev.add(gx);
          handedOut.set(total.data, 1);
          grads[x.backwardSlot] = total;
        }
      }
    }
  });
}
