// nn.Parameter: a leaf tensor that a Module registers as a learnable weight.
import { formatTensor, parameterPrefix } from '../tensor/print';
import { Tensor } from '../tensor/tensor';

export class Parameter extends Tensor {
  /** Wraps `data`'s elements (shared, not copied) as a leaf that requires grad by default. */
  constructor(data: Tensor = new Tensor(new Float32Array(0), [0]), requiresGrad = true) {
    if (!(data instanceof Tensor)) throw new TypeError(`Parameter(): data must be a Tensor, got ${typeof data}`);
    super(data.data, data.shape);
    this.requiresGrad = requiresGrad;
  }

  override toString(): string {
    return formatTensor(this.data, this.shape, this.requiresGrad ? ['requires_grad=True'] : [], parameterPrefix);
  }
}
