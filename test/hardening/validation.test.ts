// Bad arguments at every public entry point throw at once — the JS error class for the kind of
// mistake, a message naming the op and the values — and change nothing: every case runs against a
// trained little world (a model with gradients, running stats, optimizer and scheduler state, the
// seeded random stream) snapshotted before and compared after, exactly. Messages that are
// PyTorch's own are read from test/golden/extremes.json (scripts/golden/extremes.py).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  arange, autograd, cat, deserialize, deserializeCheckpoint, enableGrad, eye, F, full, linspace, manualSeed, nn, noGrad, ones, optim,
  rand, randn, randnLike, serialize, serializeCheckpoint, setGradEnabled, stack, tensor, utils, where, zeros, zerosLike, type Tensor,
} from '../../src/index';
import { defaultGenerator } from '../../src/tensor/random';
import { loadGolden } from '../helpers';

const pytorch = loadGolden<{ errors: Record<string, string> }>('extremes').errors;
const { lrScheduler } = optim;
const { DataLoader, TensorDataset, randomSplit } = utils.data;

/** A model after one training step, with everything a bad call could corrupt. */
function makeWorld() {
  manualSeed(0);
  const net = new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout({ p: 0.1 }), new nn.Linear(8, 3));
  const lstm = new nn.LSTM(3, 4);
  const emb = new nn.Embedding(5, 3);
  const ln = new nn.LayerNorm(3);
  const cell = new nn.LSTMCell(3, 2);
  const gru = new nn.GRU(3, 2);
  const x = randn(5, 4);
  const y = tensor([0, 2, 1, 1, 0]);
  const seq = randn(6, 2, 3);
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.1, momentum: 0.9 });
  const adam = new optim.Adam([...lstm.parameters(), ...emb.parameters(), ...ln.parameters()]);
  const scheduler = new lrScheduler.StepLR(optimizer, 2);
  const plateau = new lrScheduler.ReduceLROnPlateau(adam);
  const [out] = lstm(seq);
  F.crossEntropy(net(x), y).add(ln(emb(tensor([1, 4]))).sum()).add(out.sum()).backward();
  optimizer.step();
  adam.step();
  scheduler.step();
  plateau.step(1);
  const leaf = randn([3], { requiresGrad: true });
  leaf.mul(2).sum().backward();
  const dataset = new TensorDataset(x, y);
  return { net, bn: net.at(1) as nn.BatchNorm1d, lstm, emb, ln, cell, gru, x, y, seq, optimizer, adam, scheduler, plateau, leaf, dataset };
}
type World = ReturnType<typeof makeWorld>;

const values = (t: Tensor | null) => (t === null ? null : { shape: [...t.shape], data: Array.from(t.data) });

/** Everything observable about the world, as plain values. */
function snapshot(w: World): unknown {
  const modules = [w.net, w.lstm, w.emb, w.ln, w.cell, w.gru];
  const optimizerState = (o: optim.Optimizer<object, object>) => {
    const sd = o.stateDict();
    const state = Object.entries(sd.state).map(([id, s]) => [id, Object.entries(s).map(([k, v]) => [k, typeof v === 'number' ? v : values(v)])]);
    return { state, groups: o.paramGroups.map(({ params, ...options }) => ({ params: params.length, ...options })) };
  };
  // the generator's private state: a bad call must not draw from the seeded stream
  const rng = defaultGenerator as unknown as { state: Uint32Array; next: number; nextDoubleNormalSample: number | null };
  return {
    parameters: modules.flatMap((m) => m.namedParameters().map(([k, p]) => [k, values(p), values(p.grad), p.requiresGrad])),
    buffers: modules.flatMap((m) => m.namedBuffers().map(([k, b]) => [k, values(b)])),
    training: modules.flatMap((m) => m.modules().map((c) => c.training)),
    tensors: [w.x, w.y, w.seq, w.leaf].map((t) => [values(t), values(t.grad), t.requiresGrad, t.gradFn]),
    optimizer: optimizerState(w.optimizer),
    adam: optimizerState(w.adam),
    scheduler: w.scheduler.stateDict(),
    plateau: w.plateau.stateDict(),
    rng: [Array.from(rng.state), rng.next, rng.nextDoubleNormalSample],
    anomaly: autograd.isAnomalyEnabled(),
    grad: autograd.isGradEnabled(),
  };
}

type ErrorClass = typeof Error | typeof TypeError | typeof RangeError;
/** [entry point and bad input, the call, the error class, a fragment of the message or { pytorch: golden key }] */
type Case = [name: string, run: (w: World) => unknown, error: ErrorClass, message: string | { pytorch: string }];

const bad = <T>(value: unknown): T => value as T; // a wrong-typed argument, as plain JS could pass it

const factories: Case[] = [
  ['zeros: a string size', () => zeros(bad('2')), TypeError, 'zeros(): sizes must be non-negative integers, got [2]'],
  ['zeros: a fractional size', () => zeros(2.5), TypeError, 'zeros(): sizes must be non-negative integers, got [2.5]'],
  ['ones: a negative size', () => ones(2, -1), TypeError, 'ones(): sizes must be non-negative integers, got [2, -1]'],
  ['full: a string value', () => full([2], bad('a')), TypeError, 'full(): fill_value must be a number, got string'],
  ['rand: a NaN size', () => rand(NaN), TypeError, 'rand(): sizes must be non-negative integers, got [NaN]'],
  ['randn: a negative size draws nothing', () => randn(-3), TypeError, 'randn(): sizes must be non-negative integers, got [-3]'],
  ['arange: a NaN end', () => arange(0, NaN), TypeError, 'arange(): end must be a finite number, got NaN'],
  ['linspace: a string start', () => linspace(bad('a'), 1, 3), TypeError, 'linspace(): start must be a number, got string'],
  ['linspace: fractional steps', () => linspace(0, 1, 1.5), TypeError, 'linspace(): steps must be an integer, got 1.5'],
  ['eye: a negative size', () => eye(-1), TypeError, 'eye(): sizes must be non-negative integers, got [-1, -1]'],
  ['tensor: a string', () => tensor(bad('abc')), TypeError, 'tensor(): could not infer dtype of string'],
  ['tensor: ragged rows', () => tensor([[1], [1, 2]]), Error, 'expected sequence of length 1 at dim 1 (got 2)'],
  ['tensor: a shape that does not fit', () => tensor([1, 2], { shape: [3] }), Error, "tensor(): shape '[3]' is invalid for input of size 2"],
  ['zerosLike: a number', () => zerosLike(bad(3)), TypeError, "zeros_like(): argument 'input' must be a Tensor, not number"],
  ['randnLike: an array draws nothing', () => randnLike(bad([1, 2])), TypeError, "randn_like(): argument 'input' must be a Tensor, not an Array (wrap it with tensor())"],
  ['cat: a number in the list', (w) => cat([w.x, bad(2)]), TypeError, 'torch.cat(): expected a list of Tensors, got number at position 1'],
  ['stack: a number in the list', (w) => stack([w.x, bad(2)]), TypeError, 'torch.stack(): expected a list of Tensors, got number at position 1'],
  ['stack: a number first', (w) => stack([bad(2), w.x]), TypeError, 'torch.stack(): expected a list of Tensors, got number at position 0'],
  ['stack: a fractional dim', (w) => stack([w.x, w.x], 1.5), TypeError, 'dim must be an integer, got 1.5'],
  ['where: a string branch', (w) => where(w.x.gt(0), bad('a'), w.x), TypeError, 'where(): expected a Tensor or a number, got string'],
];

const tensorMethods: Case[] = [
  ['add: a string', (w) => w.x.add(bad('a')), TypeError, 'add(): expected a Tensor or a number, got string'],
  ['mul: an array', (w) => w.x.mul(bad([1, 2])), TypeError, 'mul(): expected a Tensor or a number, got an Array (wrap it with tensor())'],
  ['add: shapes that do not broadcast', (w) => w.x.add(zeros(3)), Error, 'The size of tensor a (4) must match the size of tensor b (3) at non-singleton dimension 1'],
  ['matmul: a number', (w) => w.x.matmul(bad(2)), TypeError, "matmul(): argument 'other' must be a Tensor, not number"],
  ['matmul: inner sizes differ', (w) => w.x.matmul(zeros(3, 2)), Error, 'mat1 and mat2 shapes cannot be multiplied (5x4 and 3x2)'],
  ['sum: a string dim', (w) => w.x.sum(bad('1')), TypeError, 'dim must be an integer or an array of integers, got string'],
  ['sum: a fractional dim', (w) => w.x.sum(1.5), TypeError, 'dim must be an integer, got 1.5'],
  ['mean: a dim out of range', (w) => w.x.mean(5), RangeError, 'Dimension out of range (expected to be in range of [-2, 1], but got 5)'],
  ['max: a NaN dim', (w) => w.x.max(NaN), TypeError, 'dim must be an integer, got NaN'],
  ['softmax: a dim out of range', (w) => w.x.softmax(2), RangeError, 'Dimension out of range (expected to be in range of [-2, 1], but got 2)'],
  ['reshape: a fractional size', (w) => w.x.reshape(2.5, 2), TypeError, 'reshape(): sizes must be integers, got [2.5, 2]'],
  ['view: a negative size', (w) => w.x.view(-2, 10), Error, 'invalid shape dimension -2'],
  ['view: a size that does not fit', (w) => w.x.view(3, -1), Error, "shape '[3, -1]' is invalid for input of size 20"],
  ['permute: a repeated dim', (w) => w.x.permute(0, 0), Error, 'permute(): duplicate dims are not allowed.'],
  ['expand: a negative size in a new leading dim', (w) => w.x.expand(-2, 5, 4), Error, 'Trying to create tensor with negative dimension -2: [-2, 5, 4]'],
  ['expand: a negative size on a dim of 1', () => ones(1, 4).expand(-3, 4), Error, 'Trying to create tensor with negative dimension -3: [-3, 4]'],
  ['expand: a NaN size', (w) => w.x.expand(5, NaN), TypeError, 'expand(): sizes must be integers, got [5, NaN]'],
  ['unsqueeze: a dim out of range', (w) => w.x.unsqueeze(3), RangeError, 'Dimension out of range (expected to be in range of [-3, 2], but got 3)'],
  ['narrow: a fractional start', (w) => w.x.narrow(0, 0.5, 1), TypeError, 'narrow(): start must be an integer, got 0.5'],
  ['clamp: a string bound', (w) => w.x.clamp(bad('a')), TypeError, "clamp(): argument 'min' must be a number, not string"],
  ['fill_: a string', (w) => w.x.fill_(bad('a')), TypeError, "fill_(): argument 'value' must be a number, not string"],
  ['fill_: a leaf that requires grad', (w) => w.leaf.fill_(0), Error, 'a leaf Variable that requires grad is being used in an in-place operation.'],
  ['copy_: a number', (w) => w.x.copy_(bad(3)), TypeError, "copy_(): argument 'src' must be a Tensor, not number"],
  ['copy_: a source that does not broadcast', (w) => w.x.copy_(zeros(3)), Error, 'The expanded size of the tensor (4) must match the existing size (3) at non-singleton dimension 1.'],
  ['requiresGrad_: a string', (w) => w.leaf.requiresGrad_(bad('yes')), TypeError, "requires_grad_(): argument 'requires_grad' must be a boolean, not string"],
  ['requiresGrad_(false) on a non-leaf', (w) => w.leaf.mul(2).requiresGrad_(false), Error, 'you can only change requires_grad flags of leaf variables.'],
  ['backward: a number gradient', (w) => w.leaf.mul(2).backward(bad(3)), TypeError, 'backward(): gradient must be a Tensor'],
  ['backward: a gradient of another shape', (w) => w.leaf.mul(2).backward(ones(2)), Error, 'Mismatch in shape: grad_output[0] has a shape of torch.Size([2]) and output[0] has a shape of torch.Size([3]).'],
  ['backward: a non-scalar without gradient', (w) => w.leaf.mul(2).backward(), Error, 'grad can be implicitly created only for scalar outputs'],
  ['item: many elements', (w) => w.x.item(), Error, 'only one element tensors can be converted to Python scalars'],
];

const functional: Case[] = [
  ['F.relu: a number', () => F.relu(bad(3)), TypeError, "relu(): argument 'input' must be a Tensor, not number"],
  ['F.softmax: an array', () => F.softmax(bad([1]), 0), TypeError, "softmax(): argument 'input' must be a Tensor, not an Array (wrap it with tensor())"],
  ['F.leakyRelu: a NaN slope', (w) => F.leakyRelu(w.x, { negativeSlope: NaN }), RangeError, "leaky_relu(): argument 'negative_slope' must be a number, not NaN"],
  ['F.softplus: a string beta', (w) => F.softplus(w.x, { beta: bad('2') }), TypeError, "softplus(): argument 'beta' must be a number, not string"],
  ['F.gelu: an unknown approximation', (w) => F.gelu(w.x, { approximate: bad('fast') }), Error, 'approximate argument must be either none or tanh.'],
  ['F.linear: an array weight', (w) => F.linear(w.x, bad([1])), TypeError, "linear(): argument 'weight' must be a Tensor, not an Array (wrap it with tensor())"],
  ['F.linear: a number bias', (w) => F.linear(w.x, zeros(3, 4), bad(3)), TypeError, "linear(): argument 'bias' must be a Tensor, not number"],
  ['F.linear: a weight of the wrong width', (w) => F.linear(w.x, zeros(3, 5)), Error, 'mat1 and mat2 shapes cannot be multiplied (5x4 and 5x3)'],
  ['F.dropout: a string p draws nothing', (w) => F.dropout(w.x, { p: bad('0.5') }), TypeError, "dropout(): argument 'p' must be a number, not string"],
  ['F.dropout: a NaN p draws nothing', (w) => F.dropout(w.x, { p: NaN }), Error, { pytorch: 'dropout_p_nan' }],
  ['F.mseLoss: a number target', (w) => F.mseLoss(w.x, bad(3)), TypeError, "mse_loss(): argument 'target' must be a Tensor, not number"],
  ['F.mseLoss: an unknown reduction', (w) => F.mseLoss(w.x, w.x, { reduction: bad('avg') }), Error, 'avg is not a valid value for reduction'],
  ['F.crossEntropy: an array target', (w) => F.crossEntropy(w.x, bad([0, 1])), TypeError, "cross_entropy(): argument 'target' must be a Tensor, not an Array (wrap it with tensor())"],
  ['F.crossEntropy: a target out of bounds', (w) => F.crossEntropy(w.x, tensor([0, 1, 2, 3, 9])), RangeError, { pytorch: 'target_out_of_bounds' }],
  ['F.crossEntropy: a fractional ignoreIndex', (w) => F.crossEntropy(w.x, w.y, { ignoreIndex: 1.5 }), TypeError, "cross_entropy(): argument 'ignore_index' must be an integer, got 1.5"],
  ['F.crossEntropy: a NaN labelSmoothing', (w) => F.crossEntropy(w.x, w.y, { labelSmoothing: NaN }), RangeError, "cross_entropy(): argument 'label_smoothing' must be a number, not NaN"],
  ['F.nllLoss: an array weight', (w) => F.nllLoss(w.x, w.y, { weight: bad([1, 1, 1, 1]) }), TypeError, "nll_loss(): argument 'weight' must be a Tensor, not an Array (wrap it with tensor())"],
  ['F.nllLoss: a batch that differs', (w) => F.nllLoss(w.x, tensor([0])), Error, 'Expected input batch_size (5) to match target batch_size (1).'],
  ['F.binaryCrossEntropyWithLogits: a number posWeight', (w) => F.binaryCrossEntropyWithLogits(w.x, w.x, { posWeight: bad(2) }), TypeError, "binary_cross_entropy_with_logits(): argument 'pos_weight' must be a Tensor, not number"],
  ['F.binaryCrossEntropy: a probability above 1', (w) => F.binaryCrossEntropy(w.x.abs().add(1), w.x), Error, 'all elements of input should be between 0 and 1'],
  ['F.smoothL1Loss: a NaN beta', (w) => F.smoothL1Loss(w.x, w.x, { beta: NaN }), Error, { pytorch: 'smooth_l1_beta_nan' }],
  ['F.huberLoss: a NaN delta', (w) => F.huberLoss(w.x, w.x, { delta: NaN }), Error, { pytorch: 'huber_delta_nan' }],
  ['F.embedding: an array input', (w) => F.embedding(bad([0]), w.emb.weight), TypeError, "embedding(): argument 'input' must be a Tensor, not an Array (wrap it with tensor())"],
  ['F.batchNorm: a NaN momentum leaves the running stats', (w) => F.batchNorm(zeros(5, 8), w.bn.running_mean, w.bn.running_var, { training: true, momentum: NaN }), RangeError, "batch_norm(): argument 'momentum' must be a number, not NaN"],
  ['F.batchNorm: running stats of the wrong size', (w) => F.batchNorm(zeros(5, 7), w.bn.running_mean, w.bn.running_var, { training: true }), Error, 'running_mean should contain 7 elements not 8'],
  ['F.layerNorm: a string shape', (w) => F.layerNorm(w.x, bad('4')), TypeError, "layer_norm(): argument 'normalized_shape' must be an integer or an array of integers, not string"],
  ['F.layerNorm: a NaN eps', (w) => F.layerNorm(w.x, 4, { eps: NaN }), RangeError, "layer_norm(): argument 'eps' must be a number, not NaN"],
  ['F.groupNorm: a fractional group count', () => F.groupNorm(zeros(2, 4, 3), 1.5), TypeError, "group_norm(): argument 'num_groups' must be an integer, got 1.5"],
  ['nn.utils.clipGradNorm_: a NaN max norm leaves the gradients', (w) => nn.utils.clipGradNorm_(w.net.parameters(), NaN), RangeError, "clip_grad_norm_(): argument 'max_norm' must be a number, not NaN"],
  ['nn.utils.clipGradValue_: a string clip value', (w) => nn.utils.clipGradValue_(w.net.parameters(), bad('1')), TypeError, "clip_grad_value_(): argument 'clip_value' must be a number, not string"],
];

const moduleConstructors: Case[] = [
  ['Linear: a negative size', () => new nn.Linear(-1, 2), Error, { pytorch: 'linear_negative' }],
  ['Linear: a fractional size', () => new nn.Linear(2.5, 2), TypeError, "empty(): argument 'size' must be an array of integers, but found element of type number (2.5) at pos 2"],
  ['Linear: a string size', () => new nn.Linear(bad('3'), 2), TypeError, "empty(): argument 'size' must be an array of integers, but found element of type string at pos 2"],
  ['Embedding: a fractional paddingIdx', () => new nn.Embedding(3, 2, { paddingIdx: 1.5 }), TypeError, 'padding_idx must be an integer, got 1.5'],
  ['BatchNorm1d: a NaN momentum', () => new nn.BatchNorm1d(3, { momentum: NaN }), RangeError, "BatchNorm1d(): argument 'momentum' must be a number, not NaN"],
  ['BatchNorm1d: a NaN eps', () => new nn.BatchNorm1d(3, { eps: NaN }), RangeError, "BatchNorm1d(): argument 'eps' must be a number, not NaN"],
  ['LayerNorm: a string shape', () => new nn.LayerNorm(bad('3')), TypeError, "empty(): argument 'size' must be an array of integers, but found element of type string at pos 1"],
  ['GroupNorm: a fractional group count', () => new nn.GroupNorm(1.5, 3), Error, 'num_groups must be a positive integer, got 1.5'],
  ['Dropout: a NaN p', () => new nn.Dropout({ p: NaN }), Error, { pytorch: 'dropout_p_nan' }],
  ['LeakyReLU: a string slope', () => new nn.LeakyReLU({ negativeSlope: bad('a') }), TypeError, "LeakyReLU(): argument 'negative_slope' must be a number, not string"],
  ['ELU: a NaN alpha', () => new nn.ELU({ alpha: NaN }), RangeError, "ELU(): argument 'alpha' must be a number, not NaN"],
  ['CrossEntropyLoss: labelSmoothing 2', () => new nn.CrossEntropyLoss({ labelSmoothing: 2 }), Error, { pytorch: 'label_smoothing_2' }],
  ['CrossEntropyLoss: a NaN ignoreIndex', () => new nn.CrossEntropyLoss({ ignoreIndex: NaN }), TypeError, "CrossEntropyLoss(): argument 'ignore_index' must be an integer, got NaN"],
  ['CrossEntropyLoss: an array weight', () => new nn.CrossEntropyLoss({ weight: bad([1, 2]) }), TypeError, "cannot assign 'Array' object to buffer 'weight' (Tensor or null required)"],
  ['Sequential: a number', () => new nn.Sequential(bad<nn.AnyModule>(3)), TypeError, 'number is not a Module subclass'],
  ['ModuleList: a number', () => new nn.ModuleList(bad(3)), TypeError, 'ModuleList.extend should be called with an iterable, but got number'],
  ['ModuleDict: a number', () => new nn.ModuleDict(bad(3)), TypeError, 'ModuleDict.update should be called with an iterable of key/value pairs, but got number'],
  ['LSTM: a NaN dropout', () => new nn.LSTM(3, 4, { dropout: NaN }), Error, { pytorch: 'lstm_dropout_nan' }],
  ['GRU: hidden size 0', () => new nn.GRU(3, 0), Error, 'hidden_size must be a positive integer, got 0'],
];

const moduleCalls: Case[] = [
  ['Sequential(x): a number', (w) => w.net(bad(3)), TypeError, "linear(): argument 'input' must be a Tensor, not number"],
  ['Sequential(x): the wrong width', (w) => w.net(zeros(5, 3)), Error, 'mat1 and mat2 shapes cannot be multiplied (5x3 and 4x8)'],
  ['BatchNorm1d(x): the wrong channel count leaves the running stats', (w) => w.bn(zeros(5, 7)), Error, 'running_mean should contain 7 elements not 8'],
  ['BatchNorm1d(x): one value per channel', (w) => w.bn(zeros(1, 8)), Error, 'Expected more than 1 value per channel when training, got input size torch.Size([1, 8])'],
  ['BatchNorm1d(x): a number', (w) => w.bn(bad(3)), TypeError, "batch_norm(): argument 'input' must be a Tensor, not number"],
  ['Flatten(x): a 0-d input', () => new nn.Flatten()(tensor(1)), RangeError, { pytorch: 'flatten_0d' }],
  ['LSTM(x): the wrong input size', (w) => w.lstm(zeros(6, 2, 5)), Error, 'input.size(-1) must be equal to input_size. Expected 3, got 5'],
  ['LSTM(x, hx): one Tensor for the pair', (w) => w.lstm(w.seq, bad(zeros(1, 2, 4))), TypeError, "LSTM(): argument 'hx' must be an array of two Tensors [h_0, c_0], not Tensor"],
  ['LSTM(x, hx): a cell state of the wrong size', (w) => w.lstm(w.seq, [zeros(1, 2, 4), zeros(1, 2, 5)]), Error, 'Expected hidden[1] size (1, 2, 4), got [1, 2, 5]'],
  ['LSTMCell(x, hx): one Tensor for the pair', (w) => w.cell(zeros(1, 3), bad(zeros(1, 2))), TypeError, "LSTMCell(): argument 'hx' must be an array of two Tensors [h_0, c_0], not Tensor"],
  ['GRU(x, hx): a number state', (w) => w.gru(zeros(5, 1, 3), bad(3)), TypeError, "GRU(): argument 'hx' must be a Tensor, not number"],
  ['Embedding(x): an index out of range', (w) => w.emb(tensor([5])), RangeError, 'index out of range in self (index 5, num_embeddings 5)'],
  ['Embedding(x): a fractional index', (w) => w.emb(tensor([0.5])), TypeError, "Expected tensor for argument #1 'indices' to hold integers, but found 0.5"],
  ['LayerNorm(x): the wrong trailing size', (w) => w.ln(zeros(2, 5)), Error, 'Given normalized_shape=[3], expected input with shape [*, 3], but got input of size[2, 5]'],
  ['loadStateDict: a weight of the wrong shape', (w) => w.net.loadStateDict({ ...w.net.stateDict(), '0.weight': zeros(8, 3) }), Error, { pytorch: 'load_state_dict_size_mismatch' }],
  ['loadStateDict: a missing key', (w) => { const { '4.bias': _, ...rest } = w.net.stateDict(); return w.net.loadStateDict(rest); }, Error, 'Missing key(s) in state_dict: "4.bias".'],
  ['loadStateDict: an array value', (w) => w.net.loadStateDict({ ...w.net.stateDict(), '4.bias': bad([1, 2, 3]) }), Error, 'While copying the parameter named "4.bias", expected torch.Tensor or Tensor-like object from checkpoint but received Array'],
  ['loadStateDict: a number', (w) => w.net.loadStateDict(bad(3)), TypeError, 'Expected state_dict to be dict-like, got number.'],
  ['train: a string', (w) => w.net.train(bad('yes')), TypeError, 'training mode is expected to be boolean'],
  ['registerBuffer: a number', (w) => w.net.registerBuffer('extra', bad(3)), TypeError, "cannot assign 'number' object to buffer 'extra' (Tensor or null required)"],
  ['to: a GPU', (w) => w.net.to('cuda'), Error, "torchlet runs on the CPU only: device 'cuda' is not available"],
];

const optimizers: Case[] = [
  ['SGD: params a number', () => new optim.SGD(bad(3), { lr: 0.1 }), TypeError, 'params argument given to the optimizer should be an iterable of Tensors or dicts, but got number'],
  ['SGD: no params', () => new optim.SGD([], { lr: 0.1 }), Error, 'optimizer got an empty parameter list'],
  ['SGD: a string lr', (w) => new optim.SGD(w.net.parameters(), { lr: bad('0.1') }), TypeError, 'Invalid learning rate: expected a number, got string'],
  ['SGD: a NaN dampening', (w) => new optim.SGD(w.net.parameters(), { lr: 0.1, dampening: NaN }), Error, 'Invalid dampening value: nan'],
  ['Adam: one beta', (w) => new optim.Adam(w.net.parameters(), { betas: bad([0.9]) }), TypeError, 'Invalid betas: expected [beta1, beta2], got [0.9]'],
  ['Adam: a NaN beta', (w) => new optim.Adam(w.net.parameters(), { betas: [NaN, 0.999] }), Error, { pytorch: 'adam_beta_nan' }],
  ['Adam: a NaN eps', (w) => new optim.Adam(w.net.parameters(), { eps: NaN }), Error, { pytorch: 'adam_eps_nan' }],
  ['addParamGroup: a NaN lr', (w) => w.optimizer.addParamGroup({ params: [w.leaf], lr: NaN }), Error, 'Invalid learning rate: nan'],
  ['addParamGroup: parameters already in a group', (w) => w.optimizer.addParamGroup({ params: w.net.parameters() }), Error, 'some parameters appear in more than one parameter group'],
  ['step: a number closure', (w) => w.optimizer.step(bad(3)), TypeError, 'step(): closure must be a function, got number'],
  ['loadStateDict: a number', (w) => w.optimizer.loadStateDict(bad(3)), TypeError, 'loadStateDict(): expected an optimizer state dict ({ state, param_groups } as stateDict() returns), got number'],
  ['loadStateDict: no groups', (w) => w.optimizer.loadStateDict({ state: {}, param_groups: [] }), Error, { pytorch: 'optimizer_load_group_count' }],
  ['loadStateDict: a NaN lr', (w) => {
    const sd = w.optimizer.stateDict();
    sd.param_groups[0].lr = NaN;
    w.optimizer.loadStateDict(sd);
  }, Error, 'Invalid learning rate: nan'],
  ['loadStateDict: a buffer of the wrong shape', (w) => {
    const sd = w.optimizer.stateDict();
    sd.state[0] = { momentum_buffer: zeros(3) };
    w.optimizer.loadStateDict(sd);
  }, Error, "loaded state dict's momentum_buffer for parameter 0 has shape [3], the parameter has shape [8, 4]"],
  ['loadStateDict: an array buffer', (w) => {
    const sd = w.optimizer.stateDict();
    sd.state[0] = { momentum_buffer: bad([1, 2]) };
    w.optimizer.loadStateDict(sd);
  }, TypeError, "loaded state dict's momentum_buffer for parameter 0 must be a Tensor or a number, got an Array (wrap it with tensor())"],
];

const schedulers: Case[] = [
  ['StepLR: not an optimizer', () => new lrScheduler.StepLR(bad(3), 1), TypeError, 'Number is not an Optimizer'],
  ['StepLR: step size 0', (w) => new lrScheduler.StepLR(w.adam, 0), Error, 'Expected positive integer step_size, but got 0'],
  ['StepLR: a NaN gamma', (w) => new lrScheduler.StepLR(w.adam, 2, { gamma: NaN }), Error, 'Expected finite number gamma, but got NaN'],
  ['ExponentialLR: no gamma', (w) => new lrScheduler.ExponentialLR(w.adam, bad({})), Error, 'Expected finite number gamma, but got undefined'],
  ['MultiStepLR: milestones a number', (w) => new lrScheduler.MultiStepLR(w.adam, bad(3)), TypeError, 'Expected milestones to be an array of integers, but got undefined'],
  ['CosineAnnealingLR: a NaN etaMin', (w) => new lrScheduler.CosineAnnealingLR(w.adam, 10, { etaMin: NaN }), Error, 'Expected finite number eta_min, but got NaN'],
  ['LambdaLR: a number for the function', (w) => new lrScheduler.LambdaLR(w.adam, bad(3)), TypeError, 'lr_lambda must be a function or an array of functions, one per group'],
  ['OneCycleLR: divFactor 0', (w) => new lrScheduler.OneCycleLR(w.optimizer, 0.1, { totalSteps: 10, divFactor: 0 }), Error, { pytorch: 'one_cycle_div_zero' }],
  ['OneCycleLR: a NaN maxLr', (w) => new lrScheduler.OneCycleLR(w.optimizer, NaN, { totalSteps: 10 }), Error, 'Expected finite number max_lr, but got NaN'],
  ['ReduceLROnPlateau: a NaN factor', (w) => new lrScheduler.ReduceLROnPlateau(w.adam, { factor: NaN }), Error, 'Factor should be < 1.0.'],
  ['ReduceLROnPlateau.step: a string metric', (w) => w.plateau.step(bad('low')), TypeError, 'ReduceLROnPlateau.step(): metrics must be a number or a one-element Tensor, got string'],
  ['ReduceLROnPlateau.step: a many-element metric', (w) => w.plateau.step(w.x), Error, 'only one element tensors can be converted to Python scalars'],
  ['StepLR.loadStateDict: null', (w) => w.scheduler.loadStateDict(bad(null)), TypeError, 'loadStateDict(): expected a scheduler state dict, got null'],
  ['StepLR.loadStateDict: an unknown key', (w) => w.scheduler.loadStateDict({ bogus: 1 }), Error, 'Unexpected key(s) in state_dict: "bogus".'],
];

const { init } = nn;
const weight = (w: World) => (w.net.at(0) as nn.Linear).weight; // (8, 4), a parameter with a gradient

const initialisers: Case[] = [
  ['uniform_: a number', () => init.uniform_(bad(3)), TypeError, "uniform_(): argument 'tensor' must be a Tensor, not number"],
  ['uniform_: a NaN bound draws nothing', (w) => init.uniform_(weight(w), NaN, 1), RangeError, "uniform_(): argument 'a' must be a number, not NaN"],
  ['uniform_: a string bound', (w) => init.uniform_(weight(w), 0, bad('1')), TypeError, "uniform_(): argument 'b' must be a number, not string"],
  ['normal_: an array', () => init.normal_(bad([1, 2])), TypeError, "normal_(): argument 'tensor' must be a Tensor, not an Array (wrap it with tensor())"],
  ['normal_: a NaN std draws nothing', (w) => init.normal_(weight(w), 0, NaN), RangeError, "normal_(): argument 'std' must be a number, not NaN"],
  ['normal_: a NaN mean draws nothing', (w) => init.normal_(weight(w), NaN), RangeError, "normal_(): argument 'mean' must be a number, not NaN"],
  ['normal_: a negative std draws nothing', (w) => init.normal_(weight(w), 0, -1), Error, { pytorch: 'init_normal_negative_std' }],
  ['constant_: a number', () => init.constant_(bad(3), 1), TypeError, "constant_(): argument 'tensor' must be a Tensor, not number"],
  ['constant_: a string value', (w) => init.constant_(weight(w), bad('1')), TypeError, "constant_(): argument 'val' must be a number, not string"],
  ['ones_: null', () => init.ones_(bad(null)), TypeError, "ones_(): argument 'tensor' must be a Tensor, not null"],
  ['zeros_: a number', () => init.zeros_(bad(3)), TypeError, "zeros_(): argument 'tensor' must be a Tensor, not number"],
  ['eye_: a number', () => init.eye_(bad(3)), TypeError, "eye_(): argument 'tensor' must be a Tensor, not number"],
  ['xavierUniform_: a number', () => init.xavierUniform_(bad(3)), TypeError, "xavier_uniform_(): argument 'tensor' must be a Tensor, not number"],
  ['xavierUniform_: a NaN gain draws nothing', (w) => init.xavierUniform_(weight(w), NaN), RangeError, "xavier_uniform_(): argument 'gain' must be a number, not NaN"],
  ['xavierNormal_: a NaN gain draws nothing', (w) => init.xavierNormal_(weight(w), NaN), RangeError, "xavier_normal_(): argument 'gain' must be a number, not NaN"],
  ['kaimingUniform_: a number', () => init.kaimingUniform_(bad(3)), TypeError, "kaiming_uniform_(): argument 'tensor' must be a Tensor, not number"],
  ['kaimingUniform_: an unknown mode draws nothing', (w) => init.kaimingUniform_(weight(w), { mode: bad('fan_avg') }), Error, { pytorch: 'init_unknown_mode' }],
  ['kaimingNormal_: an unknown nonlinearity draws nothing', (w) => init.kaimingNormal_(weight(w), { nonlinearity: bad('gelu') }), Error, { pytorch: 'init_unknown_nonlinearity' }],
  ['kaimingNormal_: a NaN slope draws nothing', (w) => init.kaimingNormal_(weight(w), { a: NaN }), Error, 'negative_slope NaN not a valid number'],
  ['orthogonal_: a number', () => init.orthogonal_(bad(3)), TypeError, "orthogonal_(): argument 'tensor' must be a Tensor, not number"],
  ['orthogonal_: a NaN gain draws nothing', (w) => init.orthogonal_(weight(w), NaN), RangeError, "orthogonal_(): argument 'gain' must be a number, not NaN"],
  ['orthogonal_: a string gain draws nothing', (w) => init.orthogonal_(weight(w), bad('2')), TypeError, "orthogonal_(): argument 'gain' must be a number, not string"],
  ['truncNormal_: a number', () => init.truncNormal_(bad(3)), TypeError, "trunc_normal_(): argument 'tensor' must be a Tensor, not number"],
  ['truncNormal_: a NaN std draws nothing', (w) => init.truncNormal_(weight(w), { std: NaN }), RangeError, "trunc_normal_(): argument 'std' must be a number, not NaN"],
  ['truncNormal_: a NaN cutoff draws nothing', (w) => init.truncNormal_(weight(w), { b: NaN }), RangeError, "trunc_normal_(): argument 'b' must be a number, not NaN"],
  ['calculateGain: an unknown nonlinearity', () => init.calculateGain(bad('gelu')), Error, { pytorch: 'init_unknown_nonlinearity' }],
  ['calculateGain: a string slope', () => init.calculateGain('leaky_relu', bad('a')), Error, { pytorch: 'init_negative_slope_string' }],
  ['calculateGain: a NaN slope', () => init.calculateGain('leaky_relu', NaN), Error, 'negative_slope NaN not a valid number'],
];

const data: Case[] = [
  ['DataLoader: a number', () => new DataLoader(bad<utils.data.Dataset<unknown>>(3)), TypeError, 'DataLoader: dataset must be a Dataset (with getItem(index) and length), got number'],
  ['DataLoader: batch size 0', (w) => new DataLoader(w.dataset, { batchSize: 0 }), Error, 'batch_size should be a positive integer value, but got batch_size=0'],
  ['DataLoader: a number generator', (w) => new DataLoader(w.dataset, { shuffle: true, generator: bad(3) }), TypeError, 'DataLoader: generator must be a Generator or null, got number'],
  ['DataLoader: a number collateFn', (w) => new DataLoader(w.dataset, { collateFn: bad(3) }), TypeError, 'DataLoader: collateFn must be a function, got number'],
  ['TensorDataset: a number', () => new TensorDataset(bad<Tensor>(3)), TypeError, 'TensorDataset: expected Tensors, got number at position 0'],
  ['TensorDataset: first dims that differ', () => new TensorDataset(zeros(3, 2), zeros(4, 2)), Error, 'Size mismatch between tensors'],
  ['TensorDataset.getItem: out of range', (w) => w.dataset.getItem(10), RangeError, 'index 10 is out of bounds for dimension 0 with size 5'],
  ['randomSplit: fractions that do not sum to 1', (w) => randomSplit(w.dataset, [0.5]), Error, 'random_split expects non-negative integer lengths or fractions that sum to 1, but got [0.5]'],
];

const serialization: Case[] = [
  ['serialize: a number', () => serialize(bad(3)), Error, 'safetensors: expected a state dict (an object of Tensors), got number'],
  ['serialize: a Tensor', (w) => serialize(bad(w.x)), Error, 'safetensors: expected a state dict (an object of Tensors), got Tensor'],
  ['serialize: an array value', () => serialize({ a: bad([1]) }), Error, "safetensors: 'a' is not a Tensor"],
  ['serialize: number metadata', (w) => serialize({ a: w.x }, bad(3)), Error, 'safetensors: metadata must map strings to strings, got number'],
  ['deserialize: a number', () => deserialize(bad(3)), Error, 'safetensors: expected a Uint8Array, got number'],
  ['deserialize: too short', () => deserialize(new Uint8Array(4)), Error, 'safetensors: the file is 4 bytes, too short for the 8-byte header length'],
  ['serializeCheckpoint: a non-module model', () => serializeCheckpoint({ model: bad({}) }), TypeError, 'serializeCheckpoint(): model must be a Module, got Object'],
  ['serializeCheckpoint: a non-optimizer', (w) => serializeCheckpoint({ model: w.net, optimizer: bad(3) }), TypeError, 'serializeCheckpoint(): optimizer must be an Optimizer (with stateDict() and loadStateDict()), got number'],
  ['serializeCheckpoint: a function in extra', (w) => serializeCheckpoint({ model: w.net, extra: { epoch: 1, hook: () => 1 } }), TypeError, 'serializeCheckpoint(): extra.hook is a function, which JSON cannot store'],
  ['serializeCheckpoint: a BigInt in extra', (w) => serializeCheckpoint({ model: w.net, extra: { steps: [1, 2n] } }), TypeError, 'serializeCheckpoint(): extra.steps[1] is a bigint, which JSON cannot store'],
  ['serializeCheckpoint: a cycle in extra', (w) => {
    const history: Record<string, unknown> = { epoch: 1 };
    history.self = history;
    return serializeCheckpoint({ model: w.net, extra: { history } });
  }, TypeError, 'serializeCheckpoint(): extra.history.self contains itself (a cycle), which JSON cannot store'],
  ['serializeCheckpoint: a Tensor in extra', (w) => serializeCheckpoint({ model: w.net, extra: { x: w.x } }), TypeError, 'serializeCheckpoint(): extra.x is a Tensor, which JSON cannot store'],
  ['serializeCheckpoint: extra a number', (w) => serializeCheckpoint({ model: w.net, extra: bad(3) }), TypeError, 'serializeCheckpoint(): extra must be an object of JSON values, got number'],
  ['deserializeCheckpoint: a number', (w) => deserializeCheckpoint(bad(3), { model: w.net }), TypeError, "deserializeCheckpoint(): expected the checkpoint's bytes as a Uint8Array, got number"],
  ['deserializeCheckpoint: a non-module model', (w) => deserializeCheckpoint(serializeCheckpoint({ model: w.net }), { model: bad(3) }), TypeError, 'deserializeCheckpoint(): model must be a Module, got number'],
  ['deserializeCheckpoint: a non-optimizer', (w) => deserializeCheckpoint(serializeCheckpoint({ model: w.net, optimizer: w.optimizer }), { model: w.net, optimizer: bad({ stateDict: 1 }) }), TypeError, 'deserializeCheckpoint(): optimizer must be an Optimizer (with stateDict() and loadStateDict()), got Object'],
  ['deserializeCheckpoint: plain safetensors', (w) => deserializeCheckpoint(serialize({ a: w.x }), { model: w.net }), Error, 'not a torchlet checkpoint: its metadata has no "torchlet.checkpoint" entry'],
  ['deserializeCheckpoint: metadata that is not JSON', (w) => deserializeCheckpoint(serialize({ a: w.x }, { 'torchlet.checkpoint': '{oops' }), { model: w.net }), Error, 'not a torchlet checkpoint: its "torchlet.checkpoint" entry is not JSON ('],
  ['deserializeCheckpoint: JSON of another kind', (w) => deserializeCheckpoint(serialize({ a: w.x }, { 'torchlet.checkpoint': '3' }), { model: w.net }), Error, 'not a torchlet checkpoint: its "torchlet.checkpoint" entry is not version 1 checkpoint data'],
  ['deserializeCheckpoint: too short', (w) => deserializeCheckpoint(new Uint8Array(4), { model: w.net }), Error, 'safetensors: the file is 4 bytes, too short for the 8-byte header length'],
  ['deserialize: a header that runs past the end', () => deserialize(new Uint8Array([100, 0, 0, 0, 0, 0, 0, 0, 123])), Error, 'safetensors: the header length 100 runs past the end of the file (9 bytes)'],
];

const modes: Case[] = [
  ['setGradEnabled: a string', () => setGradEnabled(bad('no')), TypeError, 'setGradEnabled(): expected a boolean, got no'],
  ['autograd.setDetectAnomaly: a number', () => autograd.setDetectAnomaly(bad(1)), TypeError, 'setDetectAnomaly(): expected a boolean, got 1'],
  ['manualSeed: a fraction', () => manualSeed(1.5), Error, 'manual_seed expected an integer seed in [-(2^53 - 1), 2^53 - 1], but got 1.5'],
  ['manualSeed: a string', () => manualSeed(bad('1')), TypeError, 'manual_seed expected an integer seed, but got string'],
  ['manualSeed: a NaN', () => manualSeed(NaN), Error, 'manual_seed expected an integer seed in [-(2^53 - 1), 2^53 - 1], but got NaN'],
  ['noGrad: a number', () => noGrad(bad(3)), TypeError, 'noGrad(): expected a function, got number'],
  ['enableGrad: a tensor', (w) => enableGrad(bad(w.x)), TypeError, 'enableGrad(): expected a function, got object'],
  ['autograd.detectAnomaly: null', () => autograd.detectAnomaly(bad(null)), TypeError, 'detectAnomaly(): expected a function, got null'],
];

const tables = { factories, tensorMethods, functional, moduleConstructors, moduleCalls, optimizers, schedulers, initialisers, data, serialization, modes };

describe('bad arguments throw the right error, name the op and values, and change nothing', () => {
  let world: World;
  beforeEach(() => {
    world = makeWorld();
  });

  for (const [table, cases] of Object.entries(tables)) {
    describe(table, () => {
      it.each(cases)('%s', (_, run, errorClass, message) => {
        const before = snapshot(world);
        let thrown: unknown = undefined;
        try {
          run(world);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, 'did not throw').toBeInstanceOf(Error);
        expect((thrown as Error).constructor).toBe(errorClass);
        if (typeof message === 'string') expect((thrown as Error).message).toContain(message);
        else expect((thrown as Error).message).toBe(pytorch[message.pytorch]);
        expect(snapshot(world)).toEqual(before);
      });
    });
  }

  it.each([
    ['a parameter', (w: World) => (w.net.parameters()[0].data[0] += 1)],
    ['a gradient', (w: World) => (w.lstm.parameters()[0].grad!.data[0] += 1)],
    ['a running stat', (w: World) => (w.bn.running_var!.data[0] += 1)],
    ['a momentum buffer', (w: World) => (w.optimizer.state.get(w.net.parameters()[0])!.momentum_buffer.data[0] += 1)],
    ['an Adam step count', (w: World) => (w.adam.state.get(w.emb.weight)!.step += 1)],
    ['a learning rate', (w: World) => (w.adam.paramGroups[0].lr = 0.5)],
    ['the scheduler', (w: World) => w.scheduler.step()],
    ['the plateau scheduler', (w: World) => w.plateau.step(2)],
    ['the random stream', () => randn(1)],
    ['a training flag', (w: World) => w.emb.eval()],
  ])('the snapshot sees a change to %s', (_, change) => {
    const before = snapshot(world);
    change(world);
    expect(snapshot(world)).not.toEqual(before);
  });

  it('uses every golden PyTorch message', () => {
    const used = Object.values(tables).flat().flatMap(([, , , m]) => (typeof m === 'string' ? [] : [m.pytorch]));
    expect([...new Set(used)].sort()).toEqual(Object.keys(pytorch).sort());
  });
});

describe('what is not an error', () => {
  it('step() with no gradients changes nothing and starts no state, as PyTorch', () => {
    const net = new nn.Linear(3, 2);
    const optimizer = new optim.Adam(net.parameters(), { weightDecay: 0.1 });
    const before = net.parameters().map((p) => Array.from(p.data));
    optimizer.step();
    expect(net.parameters().map((p) => Array.from(p.data))).toEqual(before);
    expect(optimizer.state.size).toBe(0);
  });

  it('backward twice through one graph accumulates (torchlet keeps what each node saved; PyTorch frees it and raises)', () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    y.backward();
    expect(Array.from(x.grad!.data)).toEqual([4, 8]);
  });

  it('view of a transposed tensor works: torchlet tensors are always contiguous (PyTorch asks for reshape)', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(x.t().view(-1).tolist()).toEqual([1, 4, 2, 5, 3, 6]);
  });

  it('flatten of a 0-d tensor over its only dim gives one element, as PyTorch', () => {
    expect(tensor(7).flatten().shape).toEqual([1]);
  });
});
