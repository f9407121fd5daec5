// RNN, LSTM, GRU and their cells against PyTorch: initial weights under a seed, outputs, final
// states, and the gradients of the input, the initial states and every parameter.
import { describe, expect, it } from 'vitest';
import { manualSeed, nn, tensor, zeros, type Tensor } from '../../src/index';
import { decode, expectClose, loadGolden, type GoldenTensor } from '../helpers';

interface Case {
  repr: string; keys: string[]; initial: Record<string, GoldenTensor>;
  x: GoldenTensor; states: GoldenTensor[]; outs: GoldenTensor[]; upstreams: GoldenTensor[];
  grad_x: GoldenTensor; grad_states: GoldenTensor[]; grads: Record<string, GoldenTensor>;
}

const golden = loadGolden<{ cases: Record<string, Case>; errors: Record<string, string>; reprs: Record<string, string> }>('rnn');

type Any = nn.AnyModule;
// name → constructor (the same as scripts/golden/rnn.py's)
const builders: Record<string, () => Any> = {
  rnn_tanh: () => new nn.RNN(3, 4),
  rnn_relu_2layers_h0: () => new nn.RNN(3, 4, { numLayers: 2, nonlinearity: 'relu' }),
  rnn_bidirectional_batch_first: () => new nn.RNN(3, 4, { bidirectional: true, batchFirst: true }),
  rnn_unbatched_h0: () => new nn.RNN(3, 4),
  lstm: () => new nn.LSTM(3, 5),
  lstm_2layers_bidirectional_h0c0: () => new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true }),
  lstm_batch_first_no_bias: () => new nn.LSTM(4, 3, { batchFirst: true, bias: false }),
  lstm_unbatched_h0c0: () => new nn.LSTM(3, 4),
  lstm_3layers_batch_first_h0c0: () => new nn.LSTM(2, 3, { numLayers: 3, batchFirst: true }),
  gru: () => new nn.GRU(3, 4),
  gru_2layers_bidirectional_batch_first_h0: () => new nn.GRU(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true }),
  gru_unbatched: () => new nn.GRU(3, 4),
  rnn_cell: () => new nn.RNNCell(3, 4),
  rnn_cell_relu_no_bias: () => new nn.RNNCell(3, 4, { bias: false, nonlinearity: 'relu' }),
  lstm_cell: () => new nn.LSTMCell(3, 4),
  lstm_cell_no_state: () => new nn.LSTMCell(3, 4),
  gru_cell: () => new nn.GRUCell(3, 4),
  gru_cell_unbatched: () => new nn.GRUCell(3, 4),
};

/** Calls a recurrent module with 0, 1 or 2 initial states and flattens what it returns. */
function call(module: Any, x: Tensor, states: Tensor[]): Tensor[] {
  const isLstm = module instanceof nn.LSTM || module instanceof nn.LSTMCell;
  const out = states.length === 0 ? module(x) : isLstm ? module(x, [states[0], states[1]]) : module(x, states[0]);
  return flatten(out);
}

function flatten(value: unknown): Tensor[] {
  return Array.isArray(value) ? value.flatMap(flatten) : [value as Tensor];
}

const seedOf = (name: string): number => [...name].reduce((s, ch) => s + ch.charCodeAt(0), 0);

describe('recurrent layers match PyTorch', () => {
  it('builds every golden case', () => {
    expect(Object.keys(builders).sort()).toEqual(Object.keys(golden.cases).sort());
  });

  it.each(Object.entries(golden.cases))('%s', (name, c) => {
    manualSeed(seedOf(name));
    const module = builders[name]();
    expect(String(module)).toBe(c.repr);
    const sd = module.stateDict();
    expect(Object.keys(sd)).toEqual(c.keys);
    for (const [k, v] of Object.entries(c.initial)) expectClose(sd[k], v, { rtol: 0, atol: 0 }, `initial ${k}`);
    const x = decode(c.x, { requiresGrad: true });
    const states = c.states.map((s) => decode(s, { requiresGrad: true }));
    const outs = call(module, x, states);
    expect(outs).toHaveLength(c.outs.length);
    outs.forEach((o, i) => expectClose(o, c.outs[i], {}, `out ${i}`));
    // one backward through the sum of each output times its upstream gradient
    const total = outs.map((o, i) => o.mul(decode(c.upstreams[i])).sum()).reduce((a, b) => a.add(b));
    total.backward();
    expectClose(x.grad, c.grad_x, {}, 'grad x');
    states.forEach((s, i) => expectClose(s.grad, c.grad_states[i], {}, `grad state ${i}`));
    for (const [k, p] of module.namedParameters()) expectClose(p.grad, c.grads[k], {}, `grad ${k}`);
  });

  it('prints every option as PyTorch does', () => {
    expect(String(new nn.LSTM(3, 4, { numLayers: 2, bias: false, batchFirst: true, dropout: 0.5, bidirectional: true }))).toBe(golden.reprs.lstm_all_options);
    expect(String(new nn.RNN(3, 4, { nonlinearity: 'relu' }))).toBe(golden.reprs.rnn_relu);
    expect(String(new nn.RNNCell(3, 4, { nonlinearity: 'relu' }))).toBe(golden.reprs.rnn_cell_relu);
    expect(String(new nn.LSTMCell(3, 4, { bias: false }))).toBe(golden.reprs.lstm_cell_no_bias);
    expect(String(new nn.GRU(3, 4, { numLayers: 3, dropout: 0.25 }))).toBe(golden.reprs.gru_dropout);
  });
});

describe('recurrent errors are PyTorch\'s', () => {
  const checks: Record<string, () => unknown> = {
    rank: () => new nn.LSTM(10, 20, { numLayers: 2 })(zeros(2, 3, 4, 10)),
    input_size: () => new nn.LSTM(10, 20)(zeros(5, 3, 7)),
    h0_size: () => new nn.LSTM(10, 20, { numLayers: 2 })(zeros(5, 3, 10), [zeros(1, 3, 20), zeros(2, 3, 20)]),
    c0_size: () => new nn.LSTM(10, 20, { numLayers: 2 })(zeros(5, 3, 10), [zeros(2, 3, 20), zeros(2, 3, 21)]),
    unbatched_lstm_state: () => new nn.LSTM(10, 20, { numLayers: 2 })(zeros(5, 10), [zeros(2, 3, 20), zeros(2, 3, 20)]),
    gru_hidden: () => new nn.GRU(10, 20)(zeros(5, 3, 10), zeros(1, 4, 20)),
    unbatched_gru_state: () => new nn.GRU(10, 20)(zeros(5, 10), zeros(1, 4, 20)),
    nonlinearity: () => new nn.RNN(3, 4, { nonlinearity: 'sigmoid' as 'tanh' }),
    dropout: () => new nn.RNN(3, 4, { dropout: 1.5 }),
    cell_rank: () => new nn.LSTMCell(3, 4)(zeros(2, 2, 3)),
    cell_input_size: () => new nn.LSTMCell(3, 4)(zeros(2, 5)),
    cell_hidden_size: () => new nn.GRUCell(3, 4)(zeros(2, 3), zeros(2, 5)),
    cell_batch: () => new nn.RNNCell(3, 4)(zeros(2, 3), zeros(3, 4)),
  };

  it('checks every golden message', () => {
    expect(Object.keys(checks).sort()).toEqual(Object.keys(golden.errors).sort());
  });

  it.each(Object.entries(golden.errors))('%s', (name, message) => {
    expect(checks[name]).toThrow(message);
  });
});

describe('recurrent behaviour', () => {
  it('applies inter-layer dropout only in training mode', () => {
    manualSeed(0);
    const lstm = new nn.LSTM(3, 4, { numLayers: 2, dropout: 0.5 });
    const x = tensor([[[1, 2, 3]], [[4, 5, 6]]]);
    lstm.eval();
    const [a] = lstm(x);
    const [b] = lstm(x);
    expect(Array.from(a.data)).toEqual(Array.from(b.data));
    lstm.train();
    const [c] = lstm(x);
    expect(Array.from(c.data)).not.toEqual(Array.from(a.data));
  });

  it('unrolls 2,000 steps and backpropagates through them without overflowing the stack', () => {
    const lstm = new nn.LSTM(2, 3);
    const [out, [h]] = lstm(zeros(2000, 1, 2, { requiresGrad: true }));
    out.sum().add(h.sum()).backward();
    expect(lstm._parameters.get("weight_hh_l0")!.grad!.data.every(Number.isFinite)).toBe(true);
  });
});
