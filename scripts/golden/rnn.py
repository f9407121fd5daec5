"""RNN, LSTM, GRU and their cells: initial weights, outputs, final states and every gradient."""
import torch
import torch.nn as nn
from _common import enc

# name → (constructor, input shape, which initial states are given)
CASES = {
    'rnn_tanh': (lambda: nn.RNN(3, 4), (5, 2, 3), None),
    'rnn_relu_2layers_h0': (lambda: nn.RNN(3, 4, num_layers=2, nonlinearity='relu'), (5, 2, 3), 'h'),
    'rnn_bidirectional_batch_first': (lambda: nn.RNN(3, 4, bidirectional=True, batch_first=True), (2, 5, 3), None),
    'rnn_unbatched_h0': (lambda: nn.RNN(3, 4), (5, 3), 'h'),
    'lstm': (lambda: nn.LSTM(3, 5), (6, 2, 3), None),
    'lstm_2layers_bidirectional_h0c0': (lambda: nn.LSTM(3, 5, num_layers=2, bidirectional=True), (4, 3, 3), 'hc'),
    'lstm_batch_first_no_bias': (lambda: nn.LSTM(4, 3, batch_first=True, bias=False), (2, 7, 4), None),
    'lstm_unbatched_h0c0': (lambda: nn.LSTM(3, 4), (5, 3), 'hc'),
    'lstm_3layers_batch_first_h0c0': (lambda: nn.LSTM(2, 3, num_layers=3, batch_first=True), (3, 4, 2), 'hc'),
    'gru': (lambda: nn.GRU(3, 4), (5, 2, 3), None),
    'gru_2layers_bidirectional_batch_first_h0': (lambda: nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True), (2, 5, 3), 'h'),
    'gru_unbatched': (lambda: nn.GRU(3, 4), (5, 3), None),
    'rnn_cell': (lambda: nn.RNNCell(3, 4), (2, 3), 'h'),
    'rnn_cell_relu_no_bias': (lambda: nn.RNNCell(3, 4, bias=False, nonlinearity='relu'), (2, 3), None),
    'lstm_cell': (lambda: nn.LSTMCell(3, 4), (2, 3), 'hc'),
    'lstm_cell_no_state': (lambda: nn.LSTMCell(3, 4), (2, 3), None),
    'gru_cell': (lambda: nn.GRUCell(3, 4), (2, 3), 'h'),
    'gru_cell_unbatched': (lambda: nn.GRUCell(3, 4), (3,), 'h'),
}


def state_shape(module, x_shape):
    """The shape PyTorch expects for h0 (and c0) given the input's shape."""
    if isinstance(module, nn.RNNCellBase):
        return (module.hidden_size,) if len(x_shape) == 1 else (x_shape[0], module.hidden_size)
    layers = module.num_layers * (2 if module.bidirectional else 1)
    if len(x_shape) == 2:
        return (layers, module.hidden_size)
    return (layers, x_shape[0 if module.batch_first else 1], module.hidden_size)


def flatten(out):
    """Outputs as a flat list: output, h_n(, c_n) for layers; h(, c) for cells."""
    if isinstance(out, torch.Tensor):
        return [out]
    result = []
    for o in out:
        result.extend(flatten(o))
    return result


def run(name, build, x_shape, states):
    torch.manual_seed(sum(map(ord, name)))
    module = build()
    initial = {k: enc(v) for k, v in module.state_dict().items()}
    x = torch.randn(*x_shape, requires_grad=True)
    given = [torch.randn(*state_shape(module, x_shape), requires_grad=True) for _ in (states or '')]
    if not given:
        out = module(x)
    elif isinstance(module, (nn.LSTM, nn.LSTMCell)):
        out = module(x, tuple(given))
    else:
        out = module(x, given[0])
    outs = flatten(out)
    upstreams = [torch.randn(o.shape) for o in outs]
    torch.autograd.backward(outs, upstreams)
    return {
        'repr': repr(module), 'keys': list(initial.keys()), 'initial': initial,
        'x': enc(x), 'states': [enc(s) for s in given], 'outs': [enc(o) for o in outs], 'upstreams': [enc(u) for u in upstreams],
        'grad_x': enc(x.grad), 'grad_states': [enc(s.grad) for s in given],
        'grads': {k: enc(p.grad) for k, p in module.named_parameters()},
    }


def errors():
    checks = {
        'rank': lambda: nn.LSTM(10, 20, num_layers=2)(torch.randn(2, 3, 4, 10)),
        'input_size': lambda: nn.LSTM(10, 20)(torch.randn(5, 3, 7)),
        'h0_size': lambda: nn.LSTM(10, 20, num_layers=2)(torch.randn(5, 3, 10), (torch.randn(1, 3, 20), torch.randn(2, 3, 20))),
        'c0_size': lambda: nn.LSTM(10, 20, num_layers=2)(torch.randn(5, 3, 10), (torch.randn(2, 3, 20), torch.randn(2, 3, 21))),
        'unbatched_lstm_state': lambda: nn.LSTM(10, 20, num_layers=2)(torch.randn(5, 10), (torch.randn(2, 3, 20), torch.randn(2, 3, 20))),
        'gru_hidden': lambda: nn.GRU(10, 20)(torch.randn(5, 3, 10), torch.randn(1, 4, 20)),
        'unbatched_gru_state': lambda: nn.GRU(10, 20)(torch.randn(5, 10), torch.randn(1, 4, 20)),
        'nonlinearity': lambda: nn.RNN(3, 4, nonlinearity='sigmoid'),
        'dropout': lambda: nn.RNN(3, 4, dropout=1.5),
        'cell_rank': lambda: nn.LSTMCell(3, 4)(torch.randn(2, 2, 3)),
        'cell_input_size': lambda: nn.LSTMCell(3, 4)(torch.randn(2, 5)),
        'cell_hidden_size': lambda: nn.GRUCell(3, 4)(torch.randn(2, 3), torch.randn(2, 5)),
        'cell_batch': lambda: nn.RNNCell(3, 4)(torch.randn(2, 3), torch.randn(3, 4)),
    }
    out = {}
    for name, fn in checks.items():
        try:
            fn()
            out[name] = None
        except (RuntimeError, ValueError, AssertionError) as e:
            out[name] = str(e)
    return out


def generate():
    reprs = {'lstm_all_options': repr(nn.LSTM(3, 4, 2, bias=False, batch_first=True, dropout=0.5, bidirectional=True)),
             'rnn_relu': repr(nn.RNN(3, 4, nonlinearity='relu')), 'rnn_cell_relu': repr(nn.RNNCell(3, 4, nonlinearity='relu')),
             'lstm_cell_no_bias': repr(nn.LSTMCell(3, 4, bias=False)), 'gru_dropout': repr(nn.GRU(3, 4, num_layers=3, dropout=0.25))}
    return {'cases': {name: run(name, *spec) for name, spec in CASES.items()}, 'errors': errors(), 'reprs': reprs}
