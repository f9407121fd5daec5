// Recurrent layers RNN, LSTM, GRU and their single-step cells, with PyTorch's parameter names
// (weight_ih_l0, bias_hh_l1_reverse, …), gate order, initialisation and call forms.
import { recurrentLayer, GATES, type CellKind } from '../../ops/recurrent';
import { cat, stack } from '../../ops/movement';
import { pythonFloat } from '../../tensor/print';
import { checkTensor, describe, Tensor } from '../../tensor/tensor';
import { formatShape } from '../../tensor/shape';
import * as F from '../functional/index';
import * as init from '../init';
import type { Parameter } from '../parameter';
import { emptyParameter } from './linear';
import { Module } from './module';
import { allocFloat32 } from '../../tensor/alloc';

/** RNN's, LSTM's and GRU's options besides the two sizes. */
export interface RNNOptions {
  /** Stacked layers, each reading the previous one's output. */
  numLayers?: number;
  /** Whether the layers have bias_ih and bias_hh. */
  bias?: boolean;
  /** Input and output are (batch, seq, feature) instead of (seq, batch, feature). */
  batchFirst?: boolean;
  /** Dropout on the outputs of every layer but the last, in training mode. */
  dropout?: number;
  /** A second pass from the end of the sequence; outputs of both directions are concatenated. */
  bidirectional?: boolean;
}

const py = (flag: boolean): string => (flag ? 'True' : 'False');
/** LSTM's state is an [h, c] pair: a lone Tensor has no [0] and [1], and would silently start from zeros. */
function checkStatePair(hx: unknown, owner: string): void {
  if (hx === undefined || (Array.isArray(hx) && hx.length === 2 && hx[0] instanceof Tensor && hx[1] instanceof Tensor)) return;
  const got = Array.isArray(hx) ? `an Array of ${hx.map(describe).join(', ')}` : describe(hx);
  throw new TypeError(`${owner}(): argument 'hx' must be an array of two Tensors [h_0, c_0], not ${got}`);
}

const zeros = (shape: number[]): Tensor => new Tensor(allocFloat32(shape.reduce((a, b) => a * b, 1)), shape);

/** The layers shared by RNN, LSTM and GRU: parameters per layer and direction, and the stacking. */
abstract class RNNBase<In extends unknown[], Out> extends Module<In, Out> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly numLayers: number;
  readonly bias: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bidirectional: boolean;
  protected readonly kind: CellKind;

  constructor(kind: CellKind, inputSize: number, hiddenSize: number, options: RNNOptions) {
    super();
    this.kind = kind;
    const { numLayers = 1, bias = true, batchFirst = false, dropout = 0, bidirectional = false } = options;
    if (typeof dropout !== 'number' || !(dropout >= 0 && dropout <= 1)) {
      throw new Error('dropout should be a number in range [0, 1] representing the probability of an element being zeroed');
    }
    if (dropout > 0 && numLayers === 1) {
      console.warn(
        'UserWarning: dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects ' +
          `num_layers greater than 1, but got dropout=${pythonFloat(dropout)} and num_layers=${numLayers}`,
      );
    }
    if (!Number.isInteger(hiddenSize) || hiddenSize <= 0) throw new Error(`hidden_size must be a positive integer, got ${hiddenSize}`);
    if (!Number.isInteger(numLayers) || numLayers <= 0) throw new Error(`num_layers must be a positive integer, got ${numLayers}`);
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.numLayers = numLayers;
    this.bias = bias;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bidirectional = bidirectional;
    const gates = GATES[kind] * hiddenSize;
    const self = this as unknown as Record<string, Parameter>;
    for (let layer = 0; layer < numLayers; layer++) {
      const layerInput = layer === 0 ? inputSize : hiddenSize * this.directions;
      for (const suffix of bidirectional ? ['', '_reverse'] : ['']) {
        self[`weight_ih_l${layer}${suffix}`] = emptyParameter(gates, layerInput);
        self[`weight_hh_l${layer}${suffix}`] = emptyParameter(gates, hiddenSize);
        if (bias) {
          self[`bias_ih_l${layer}${suffix}`] = emptyParameter(gates);
          self[`bias_hh_l${layer}${suffix}`] = emptyParameter(gates);
        }
      }
    }
    this.resetParameters();
  }

  /** 2 when bidirectional, else 1. */
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /** Every parameter ~ U(-1/√hidden, 1/√hidden), in registration order, as PyTorch. */
  resetParameters(): void {
    const stdv = 1.0 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  private weights(layer: number, suffix: string) {
    const p = this._parameters;
    return {
      weightIh: p.get(`weight_ih_l${layer}${suffix}`)!,
      weightHh: p.get(`weight_hh_l${layer}${suffix}`)!,
      biasIh: p.get(`bias_ih_l${layer}${suffix}`) ?? null,
      biasHh: p.get(`bias_hh_l${layer}${suffix}`) ?? null,
    };
  }

  /** Checks the input and brings it to (L, N, I); returns it and whether it was unbatched. */
  protected prepareInput(input: Tensor): [Tensor, boolean] {
    checkTensor(input, this.constructor.name);
    const batched = input.dim() === 3;
    // PyTorch adds the batch dim before checking the rank, hence its count in the message.
    const dims = batched ? 3 : input.dim() + 1;
    if (dims !== 3) throw new Error(`input must have 3 dimensions, got ${dims}`);
    if (input.size(-1) !== this.inputSize) {
      throw new Error(`input.size(-1) must be equal to input_size. Expected ${this.inputSize}, got ${input.size(-1)}`);
    }
    if (!batched) return [input.unsqueeze(1), true];
    return [this.batchFirst ? input.transpose(0, 1) : input, false];
  }

  /** A hidden state given by the user, checked against (layers·directions, N, H) and made 3-D. */
  protected prepareState(state: Tensor | undefined, batch: number, unbatched: boolean, label: string): Tensor {
    const expected = [this.numLayers * this.directions, batch, this.hiddenSize];
    if (state === undefined) return zeros(expected);
    checkTensor(state, this.constructor.name, label);
    const s = unbatched ? state.unsqueeze(1) : state;
    if (s.dim() !== 3 || s.shape[0] !== expected[0] || s.shape[1] !== batch || s.shape[2] !== expected[2]) {
      throw new Error(`Expected ${label} size (${expected.join(', ')}), got ${formatShape(state.shape)}`);
    }
    return s;
  }

  /**
   * Every layer and direction over x (L, N, I) from h0 (and c0): returns the last layer's output
   * (L, N, D·H) and the final h (and c) of each layer and direction, stacked.
   */
  protected run(x: Tensor, h0: Tensor, c0: Tensor | null): [Tensor, Tensor, Tensor | null] {
    const H = this.hiddenSize;
    const L = x.shape[0];
    const finalH: Tensor[] = [];
    const finalC: Tensor[] = [];
    let layerInput = x;
    for (let layer = 0; layer < this.numLayers; layer++) {
      const outputs: Tensor[] = [];
      for (let d = 0; d < this.directions; d++) {
        const index = layer * this.directions + d;
        const reverse = d === 1;
        const c = c0 === null ? null : c0.narrow(0, index, 1).squeeze(0);
        const states = recurrentLayer(this.kind, layerInput, h0.narrow(0, index, 1).squeeze(0), c, this.weights(layer, reverse ? '_reverse' : ''), reverse); // (L, N, S)
        const last = states.narrow(0, reverse ? 0 : L - 1, 1).squeeze(0); // (N, S)
        finalH.push(c0 === null ? last : last.narrow(1, 0, H));
        if (c0 !== null) finalC.push(last.narrow(1, H, H));
        outputs.push(c0 === null ? states : states.narrow(2, 0, H)); // (L, N, H)
      }
      layerInput = outputs.length === 1 ? outputs[0] : cat(outputs, 2); // (L, N, D·H)
      if (this.dropout > 0 && this.training && layer < this.numLayers - 1) layerInput = F.dropout(layerInput, { p: this.dropout });
    }
    return [layerInput, stack(finalH), c0 === null ? null : stack(finalC)];
  }

  /** RNN's and GRU's call: an optional single hidden state; returns [output, h_n]. */
  protected forwardHidden(input: Tensor, hx: Tensor | undefined): [Tensor, Tensor] {
    const [x, unbatched] = this.prepareInput(input);
    if (hx !== undefined) checkTensor(hx, this.constructor.name, 'hx');
    if (hx !== undefined && unbatched && hx.dim() !== 2) {
      throw new Error(`For unbatched 2-D input, hx should also be 2-D but got ${hx.dim()}-D tensor`);
    }
    const h0 = this.prepareState(hx, x.shape[1], unbatched, 'hidden');
    const [output, hN] = this.run(x, h0, null);
    return [this.finishOutput(output, unbatched), unbatched ? hN.squeeze(1) : hN];
  }

  /** The output back in the caller's layout: (N, L, ·) when batchFirst, no batch dim when unbatched. */
  protected finishOutput(output: Tensor, unbatched: boolean): Tensor {
    if (unbatched) return output.squeeze(1);
    return this.batchFirst ? output.transpose(0, 1) : output;
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.numLayers !== 1) s += `, num_layers=${this.numLayers}`;
    if (this.bias !== true) s += `, bias=${py(this.bias)}`;
    if (this.batchFirst !== false) s += `, batch_first=${py(this.batchFirst)}`;
    if (this.dropout !== 0) s += `, dropout=${pythonFloat(this.dropout)}`;
    if (this.bidirectional !== false) s += `, bidirectional=${py(this.bidirectional)}`;
    return s;
  }
}

/**
 * Elman RNN: h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or ReLU), over a whole sequence.
 * Input (L, N, inputSize), or (N, L, inputSize) with `batchFirst`; returns [output, h_n].
 *
 * @example
 * ```ts
 * const rnn = new nn.RNN(10, 20, { numLayers: 2 });
 * const [output, hN] = rnn(randn(5, 3, 10)); // 5 steps, batch of 3
 * output.shape; // [5, 3, 20]
 * hN.shape;     // [2, 3, 20]
 * ```
 */
export class RNN extends RNNBase<[input: Tensor, hx?: Tensor], [output: Tensor, hN: Tensor]> {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, { nonlinearity = 'tanh', ...options }: RNNOptions & { nonlinearity?: 'tanh' | 'relu' } = {}) {
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new Error(`Unknown nonlinearity '${String(nonlinearity)}'`);
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, options);
    this.nonlinearity = nonlinearity;
  }

  override forward(input: Tensor, hx?: Tensor): [Tensor, Tensor] {
    return this.forwardHidden(input, hx);
  }
}

/**
 * Gated recurrent unit, PyTorch's r, z, n gate order. Returns [output, h_n].
 *
 * @example
 * ```ts
 * const gru = new nn.GRU(10, 20, { batchFirst: true });
 * const [output, hN] = gru(randn(3, 5, 10)); // batch of 3, 5 steps
 * output.shape; // [3, 5, 20]
 * hN.shape;     // [1, 3, 20]
 * ```
 */
export class GRU extends RNNBase<[input: Tensor, hx?: Tensor], [output: Tensor, hN: Tensor]> {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    super('GRU', inputSize, hiddenSize, options);
  }

  override forward(input: Tensor, hx?: Tensor): [Tensor, Tensor] {
    return this.forwardHidden(input, hx);
  }
}

/**
 * Long short-term memory, PyTorch's i, f, g, o gate order. Returns [output, [h_n, c_n]].
 *
 * @example
 * ```ts
 * const lstm = new nn.LSTM(10, 20, { bidirectional: true });
 * const [output, [hN, cN]] = lstm(randn(5, 3, 10));
 * output.shape; // [5, 3, 40]: both directions
 * hN.shape;     // [2, 3, 20]
 * ```
 */
export class LSTM extends RNNBase<[input: Tensor, hx?: [Tensor, Tensor]], [output: Tensor, state: [hN: Tensor, cN: Tensor]]> {
  constructor(inputSize: number, hiddenSize: number, options: RNNOptions & { projSize?: number } = {}) {
    if (options.projSize !== undefined && options.projSize !== 0) throw new Error('LSTM: projSize is not supported yet');
    super('LSTM', inputSize, hiddenSize, options);
  }

  override forward(input: Tensor, hx?: [Tensor, Tensor]): [Tensor, [Tensor, Tensor]] {
    const [x, unbatched] = this.prepareInput(input);
    checkStatePair(hx, 'LSTM');
    if (hx !== undefined && unbatched && (hx[0].dim() !== 2 || hx[1].dim() !== 2)) {
      throw new Error(`For unbatched 2-D input, hx and cx should also be 2-D but got (${hx[0].dim()}-D, ${hx[1].dim()}-D) tensors`);
    }
    const h0 = this.prepareState(hx?.[0], x.shape[1], unbatched, 'hidden[0]');
    const c0 = this.prepareState(hx?.[1], x.shape[1], unbatched, 'hidden[1]');
    const [output, hN, cN] = this.run(x, h0, c0);
    const state = (t: Tensor) => (unbatched ? t.squeeze(1) : t);
    return [this.finishOutput(output, unbatched), [state(hN), state(cN!)]];
  }
}

/** One step of a recurrent layer: the parameters weight_ih, weight_hh, bias_ih, bias_hh. */
abstract class RNNCellBase<In extends unknown[], Out> extends Module<In, Out> {
  readonly inputSize: number;
  readonly hiddenSize: number;
  readonly bias: boolean;
  protected readonly kind: CellKind;
  weight_ih: Parameter;
  weight_hh: Parameter;
  declare bias_ih: Parameter | null;
  declare bias_hh: Parameter | null;

  constructor(kind: CellKind, inputSize: number, hiddenSize: number, bias: boolean) {
    super();
    this.kind = kind;
    this.inputSize = inputSize;
    this.hiddenSize = hiddenSize;
    this.bias = bias;
    const gates = GATES[kind] * hiddenSize;
    this.weight_ih = emptyParameter(gates, inputSize);
    this.weight_hh = emptyParameter(gates, hiddenSize);
    if (bias) {
      this.bias_ih = emptyParameter(gates);
      this.bias_hh = emptyParameter(gates);
    } else {
      this.registerParameter('bias_ih', null);
      this.registerParameter('bias_hh', null);
    }
    this.resetParameters();
  }

  /** Every parameter ~ U(-1/√hidden, 1/√hidden), in registration order, as PyTorch. */
  resetParameters(): void {
    const stdv = 1.0 / Math.sqrt(this.hiddenSize);
    for (const p of this.parameters()) init.uniform_(p, -stdv, stdv);
  }

  /** Checks the input and returns it as (N, I) with whether it was a single 1-D sample. */
  private prepareInput(input: Tensor): [Tensor, boolean] {
    checkTensor(input, this.constructor.name);
    if (input.dim() !== 1 && input.dim() !== 2) {
      throw new Error(`${this.constructor.name}: Expected input to be 1-D or 2-D but received ${input.dim()}-D tensor`);
    }
    if (input.size(-1) !== this.inputSize) throw new Error(`input has inconsistent input_size: got ${input.size(-1)} expected ${this.inputSize}`);
    return input.dim() === 1 ? [input.unsqueeze(0), true] : [input, false];
  }

  private prepareState(state: Tensor | undefined, batch: number, single: boolean, label: string): Tensor {
    if (state === undefined) return zeros([batch, this.hiddenSize]);
    checkTensor(state, this.constructor.name, label);
    const s = single ? state.unsqueeze(0) : state;
    if (s.dim() !== 2 || s.size(-1) !== this.hiddenSize) {
      throw new Error(`${label} has inconsistent hidden_size: got ${state.size(-1)}, expected ${this.hiddenSize}`);
    }
    if (s.shape[0] !== batch) throw new Error(`Input batch size ${batch} doesn't match ${label} batch size ${s.shape[0]}`);
    return s;
  }

  /** One step from (h, c): the new state (N, S) and whether to drop the batch dim again. */
  protected step(input: Tensor, h: Tensor | undefined, c: Tensor | undefined): [Tensor, boolean] {
    const [x, single] = this.prepareInput(input);
    const h0 = this.prepareState(h, x.shape[0], single, 'hidden0');
    const c0 = this.kind === 'LSTM' ? this.prepareState(c, x.shape[0], single, 'hidden1') : null;
    const weights = { weightIh: this.weight_ih, weightHh: this.weight_hh, biasIh: this.bias_ih, biasHh: this.bias_hh };
    const state = recurrentLayer(this.kind, x.unsqueeze(0), h0, c0, weights, false).squeeze(0); // (N, S)
    return [state, single];
  }

  override extraRepr(): string {
    let s = `${this.inputSize}, ${this.hiddenSize}`;
    if (this.bias !== true) s += `, bias=${py(this.bias)}`;
    if (this.kind === 'RNN_RELU') s += ', nonlinearity=relu';
    return s;
  }
}

/**
 * h' = tanh(W_ih x + b_ih + W_hh h + b_hh) (or ReLU), one step; h starts at zeros when not given.
 *
 * @example
 * ```ts
 * const cell = new nn.RNNCell(10, 20);
 * let h = cell(randn(3, 10));
 * h = cell(randn(3, 10), h);
 * h.shape; // [3, 20]
 * ```
 */
export class RNNCell extends RNNCellBase<[input: Tensor, hx?: Tensor], Tensor> {
  readonly nonlinearity: 'tanh' | 'relu';

  constructor(inputSize: number, hiddenSize: number, { bias = true, nonlinearity = 'tanh' }: { bias?: boolean; nonlinearity?: 'tanh' | 'relu' } = {}) {
    if (nonlinearity !== 'tanh' && nonlinearity !== 'relu') throw new Error(`Unknown nonlinearity: ${String(nonlinearity)}`);
    super(nonlinearity === 'tanh' ? 'RNN_TANH' : 'RNN_RELU', inputSize, hiddenSize, bias);
    this.nonlinearity = nonlinearity;
  }

  override forward(input: Tensor, hx?: Tensor): Tensor {
    const [h, single] = this.step(input, hx, undefined);
    return single ? h.squeeze(0) : h;
  }
}

/**
 * One GRU step.
 *
 * @example
 * ```ts
 * new nn.GRUCell(10, 20)(randn(3, 10)).shape; // [3, 20]
 * ```
 */
export class GRUCell extends RNNCellBase<[input: Tensor, hx?: Tensor], Tensor> {
  constructor(inputSize: number, hiddenSize: number, { bias = true }: { bias?: boolean } = {}) {
    super('GRU', inputSize, hiddenSize, bias);
  }

  override forward(input: Tensor, hx?: Tensor): Tensor {
    const [h, single] = this.step(input, hx, undefined);
    return single ? h.squeeze(0) : h;
  }
}

/**
 * One LSTM step: returns [h', c'].
 *
 * @example
 * ```ts
 * const cell = new nn.LSTMCell(10, 20);
 * const [h, c] = cell(randn(3, 10));
 * cell(randn(3, 10), [h, c])[0].shape; // [3, 20]
 * ```
 */
export class LSTMCell extends RNNCellBase<[input: Tensor, hx?: [Tensor, Tensor]], [h: Tensor, c: Tensor]> {
  constructor(inputSize: number, hiddenSize: number, { bias = true }: { bias?: boolean } = {}) {
    super('LSTM', inputSize, hiddenSize, bias);
  }

  override forward(input: Tensor, hx?: [Tensor, Tensor]): [Tensor, Tensor] {
    checkStatePair(hx, 'LSTMCell');
    const [state, single] = this.step(input, hx?.[0], hx?.[1]);
    const H = this.hiddenSize;
    const part = (start: number) => (single ? state.narrow(1, start, H).squeeze(0) : state.narrow(1, start, H));
    return [part(0), part(H)];
  }
}
