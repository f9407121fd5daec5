// Embedding: a lookup table of learnable vectors, as nn.Embedding.
import { noGrad } from '../../autograd/grad-mode';
import type { Tensor } from '../../tensor/tensor';
import * as F from '../functional/index';
import * as init from '../init';
import type { Parameter } from '../parameter';
import { emptyParameter } from './linear';
import { Module } from './module';

/** `nn.Embedding`'s options besides its two sizes. */
export interface EmbeddingOptions {
  /** A row that stays zero at initialisation and receives no gradient (e.g. a padding token). */
  paddingIdx?: number | null;
}

/**
 * A lookup table of `numEmbeddings` learnable vectors of size `embeddingDim`: indices (any
 * shape, as float32 integers) → vectors (that shape + [embeddingDim]).
 *
 * @example
 * ```ts
 * const embedding = new nn.Embedding(10, 3);
 * embedding(tensor([[1, 2], [4, 9]])).shape; // [2, 2, 3]
 * ```
 */
export class Embedding extends Module {
  readonly numEmbeddings: number;
  readonly embeddingDim: number;
  readonly paddingIdx: number | null;
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, { paddingIdx = null }: EmbeddingOptions = {}) {
    super();
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = F.paddingRow(paddingIdx, numEmbeddings);
    this.weight = emptyParameter(numEmbeddings, embeddingDim);
    this.resetParameters();
  }

  /** weight ~ N(0, 1), with the padding row zeroed, as PyTorch. */
  resetParameters(): void {
    init.normal_(this.weight);
    if (this.paddingIdx !== null) {
      const row = this.paddingIdx * this.embeddingDim;
      noGrad(() => this.weight.data.fill(0, row, row + this.embeddingDim));
    }
  }

  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, { paddingIdx: this.paddingIdx });
  }

  override extraRepr(): string {
    return `${this.numEmbeddings}, ${this.embeddingDim}${this.paddingIdx !== null ? `, padding_idx=${this.paddingIdx}` : ''}`;
  }
}
