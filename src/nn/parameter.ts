// nn.Parameter: a leaf tensor that a Module registers as a learnable weight.
import { formatTensor, parameterPrefix } from '../tensor/print';
import { Tensor } from '../tensor/tensor';
import { allocFloat32 } from '../tensor/alloc';

/**
 * A leaf tensor that a Module registers as a learnable weight when assigned to one of its
 * properties (`torch.nn.Parameter`): it appears in `parameters()` and the state dict.
 *
 * @example
 * ```ts
 * class Scale extends nn.Module {
 *   gain = new nn.Parameter(ones(1));
 *
 *   forward(x: Tensor): Tensor {
 *     return x.mul(this.gain);
 *   }
 * }
 * new Scale().namedParameters()[0][0]; // 'gain'
 * ```
 */
export class Parameter extends Tensor {
  /** Wraps `data`'s elements (shared, not copied) as a leaf that requires grad by default. */
  constructor(data: Tensor = new Tensor(allocFloat32(0), [0]), requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError(`Parameter(): data must be a Tensor, got ${typeof data}`);
    super(data.data, data.shape);
    this.requiresGrad = requiresGrad;
  }

  /** What PyTorch prints: `Parameter containing:` and the values. */
  override toString(): string {
    return formatTensor(this.data, this.shape, this.requiresGrad ? ['requires_grad=True'] : [], parameterPrefix);
  }
}
