// One recurrent layer in one direction over a whole sequence, as a single op: the input
// projection of every time step is one matrix product, then the recurrence runs step by step,
// and backward is backpropagation through time with the weight gradients as one product each.
// Gate order and formulas are PyTorch's:
//   RNN   h' = act(W_ih x + b_ih + W_hh h + b_hh)
//   LSTM  i, f, g, o = σ, σ, tanh, σ of (W_ih x + b_ih + W_hh h + b_hh);  c' = f c + i g;  h' = o tanh(c')
//   GRU   r, z = σ(W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z});  n = tanh(W_in x + b_in + r (W_hn h + b_hn));
//         h' = (1 - z) n + z h
// LSTM cells, forward and backward, run on a WebAssembly SIMD kernel (wasm/lstm.wat) where the
// engine has one.
import { record, type Op } from '../autograd/node';
import { Tensor } from '../tensor/tensor';
import { gemm } from './gemm';
import { allocFloat32 } from '../tensor/alloc';
import { sigmoid32 as sigmoid, tanh32 as tanh } from './math32';
import { addToRows, columnSums } from './reduce';
import { KernelChoice, type KernelName } from './wasm/kernel';
import { lstmCells, lstmCellsBackward, lstmLayout, lstmSimdAvailable } from './wasm/simd-lstm';

export type CellKind = 'RNN_TANH' | 'RNN_RELU' | 'LSTM' | 'GRU';

/** Gates per hidden unit: the rows of W_ih and W_hh are `gates · hidden`. */
export const GATES: Record<CellKind, number> = { RNN_TANH: 1, RNN_RELU: 1, LSTM: 4, GRU: 3 };

/** What a step saves per hidden unit for backward: LSTM i, f, g, o, tanh c'; GRU r, z, n, W_hn h + b_hn. */
const SAVED: Record<CellKind, number> = { RNN_TANH: 0, RNN_RELU: 0, LSTM: 5, GRU: 4 };

export interface RecurrentWeights {
  readonly weightIh: Tensor; // (gates·H, I)
  readonly weightHh: Tensor; // (gates·H, H)
  readonly biasIh: Tensor | null; // (gates·H)
  readonly biasHh: Tensor | null; // (gates·H)
}

interface Dims { readonly L: number; readonly N: number; readonly I: number; readonly H: number; readonly G: number; readonly S: number }

interface RecurrentSaved {
  readonly kind: CellKind;
  readonly reverse: boolean;
  readonly dims: Dims;
  readonly acts: Float32Array; // (L, N, SAVED·H)
  readonly hPrev: Float32Array; // (L, N, H): the hidden state each step started from
  readonly cPrev: Float32Array | null; // (L, N, H), LSTM only
  readonly hasCell: boolean;
  readonly hasBias: boolean;
}

/** a + b in float64, rounded once where it is added. */
function sumOf(a: Float32Array, b: Float32Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i] + b[i];
  return out;
}

/** The kernel that runs LSTM cells: WebAssembly SIMD where the engine has it, else JavaScript. */
const lstmChoice = new KernelChoice('LSTM', lstmSimdAvailable);

/**
 * @internal For tests only: run every LSTM layer's cells on one kernel, or on the automatic choice
 * again (null). Forcing 'simd' throws where the engine cannot run it.
 */
export function forceLstmKernel(kernel: KernelName | null): void {
  lstmChoice.force(kernel);
}

/** Whether a layer's cells, forward and backward, run on the SIMD kernel. */
function lstmOnKernel(kind: CellKind, { L, N, H }: Dims): boolean {
  return kind === 'LSTM' && L * N * H > 0 && lstmChoice.simd(true);
}

/** One layer's operands and the arrays its steps fill. */
interface Layer {
  readonly kind: CellKind;
  readonly dims: Dims;
  readonly reverse: boolean;
  readonly x: Float32Array;
  readonly h0: Float32Array;
  readonly c0: Float32Array | null;
  readonly wIh: Float32Array;
  readonly wHh: Float32Array;
  readonly xBias: Float32Array | Float64Array | null; // added to W_ih x
  readonly stepBias: Float32Array | null; // added to W_hh h
  readonly states: Float32Array;
  readonly acts: Float32Array;
  readonly hPrev: Float32Array;
  readonly cPrev: Float32Array | null;
}

/**
 * Runs the layer over x (L, N, I) from h0 (N, H) (and c0 for LSTM), forward in time or reversed.
 * Returns the states after every step, (L, N, S) with S = H, or 2H holding [h, c] for LSTM;
 * time index t holds the state after consuming x[t] in either direction.
 */
export function recurrentLayer(kind: CellKind, x: Tensor, h0: Tensor, c0: Tensor | null, w: RecurrentWeights, reverse: boolean): Tensor {
  const [L, N, I] = x.shape;
  const H = h0.shape[h0.shape.length - 1];
  const G = GATES[kind] * H;
  const S = kind === 'LSTM' ? 2 * H : H;
  const bIh = w.biasIh?.data ?? null;
  const bHh = w.biasHh?.data ?? null;
  // b_hh joins b_ih in the projection of every step at once, except for GRU, whose n gate needs
  // W_hn h + b_hn apart; then each step adds only W_hh h
  const stepBias = kind === 'GRU' ? bHh : null;
  const layer: Layer = {
    kind, dims: { L, N, I, H, G, S }, reverse,
    x: x.data, h0: h0.data, c0: c0?.data ?? null, wIh: w.weightIh.data, wHh: w.weightHh.data,
    xBias: stepBias === null && bIh !== null && bHh !== null ? sumOf(bIh, bHh) : bIh, stepBias,
    states: allocFloat32(L * N * S),
    acts: allocFloat32(L * N * SAVED[kind] * H),
    hPrev: allocFloat32(L * N * H),
    cPrev: kind === 'LSTM' ? allocFloat32(L * N * H) : null,
  };
  if (!(lstmOnKernel(kind, layer.dims) && lstmStepsOnKernel(layer))) stepsInJs(layer);
  const inputs = [x, h0, ...(c0 !== null ? [c0] : []), w.weightIh, w.weightHh, ...(w.biasIh !== null && w.biasHh !== null ? [w.biasIh, w.biasHh] : [])];
  const saved: RecurrentSaved = {
    kind, reverse, dims: layer.dims, acts: layer.acts, hPrev: layer.hPrev, cPrev: layer.cPrev,
    hasCell: c0 !== null, hasBias: w.biasIh !== null && w.biasHh !== null,
  };
  return record(recurrentOp, inputs, new Tensor(layer.states, [L, N, S]), saved);
}

/** out[at..] = W_ih x for every step at once, (L·N, G). */
function project({ dims: { L, N, I, G }, x, wIh }: Layer, out: Float32Array, at: number): void {
  gemm(false, true, L * N, G, I, x, 0, wIh, 0, out, at);
}

/**
 * The steps of an LSTM layer with the cells on the SIMD kernel, in its memory: the projections
 * are made there, each step's W_hh h is read from and written there, and the kernel leaves each
 * step's h and c where the next step starts from them; the arrays for backward are copied out at
 * the end. The kernel adds the biases, b_ih + b_hh rounded to float32 once, to W_ih x before
 * W_hh h, as the JavaScript steps do but for that rounding (they add the float64 sum). False,
 * with nothing done, when the engine cannot make a memory that large.
 */
function lstmStepsOnKernel(layer: Layer): boolean {
  const { dims: { L, N, H, G, S }, reverse, h0, c0, wHh, xBias } = layer;
  const m = lstmLayout(L, N, H);
  if (m === null) return false;
  const { heap } = m;
  const NH = N * H;
  project(layer, heap, m.xp);
  if (xBias !== null) heap.set(xBias, m.bias);
  else heap.fill(-0, m.bias, m.bias + G); // x + -0 is x, even for x = -0
  const first = reverse ? L - 1 : 0;
  heap.set(h0, m.hPrev + first * NH);
  if (c0 !== null) heap.set(c0, m.cPrev + first * NH);
  else heap.fill(0, m.cPrev + first * NH, m.cPrev + (first + 1) * NH);
  for (let s = 0; s < L; s++) {
    const t = reverse ? L - 1 - s : s;
    const next = s === L - 1 ? -1 : reverse ? t - 1 : t + 1;
    gemm(false, true, N, G, H, heap, m.hPrev + t * NH, wHh, 0, heap, m.hp); // W_hh h
    lstmCells(
      N, H, m.xp + t * N * G, m.hp, m.bias, m.cPrev + t * NH, m.acts + t * 5 * NH, m.states + t * N * S,
      next < 0 ? m.spare : m.hPrev + next * NH, next < 0 ? m.spare + NH : m.cPrev + next * NH,
    );
  }
  const { states, acts, hPrev, cPrev } = layer;
  states.set(heap.subarray(m.states, m.states + states.length));
  acts.set(heap.subarray(m.acts, m.acts + acts.length));
  hPrev.set(heap.subarray(m.hPrev, m.hPrev + hPrev.length));
  cPrev!.set(heap.subarray(m.cPrev, m.cPrev + cPrev!.length));
  return true;
}

/** The steps of any layer in JavaScript. */
function stepsInJs(layer: Layer): void {
  const { kind, dims: { L, N, H, G, S }, reverse, h0, c0, wHh, xBias, stepBias, states, acts, hPrev, cPrev } = layer;
  const A = SAVED[kind] * H;
  const xproj = allocFloat32(L * N * G);
  project(layer, xproj, 0);
  if (xBias !== null) addToRows(xproj, 0, L * N, xBias);
  const hproj = allocFloat32(N * G);
  const h = h0.slice(); // the running state, overwritten in each step as it is computed
  const c = c0 !== null ? c0.slice() : allocFloat32(N * H);
  for (let s = 0; s < L; s++) {
    const t = reverse ? L - 1 - s : s;
    hPrev.set(h, t * N * H);
    if (cPrev !== null) cPrev.set(c, t * N * H);
    gemm(false, true, N, G, H, h, 0, wHh, 0, hproj, 0); // W_hh h
    if (stepBias !== null) addToRows(hproj, 0, N, stepBias);
    const xo = t * N * G;
    const so = t * N * S;
    const ao = t * N * A;
    for (let n = 0; n < N; n++) {
      const xr = xo + n * G;
      const hr = n * G;
      const sr = so + n * S;
      const ar = ao + n * A;
      const hb = n * H;
      for (let j = 0; j < H; j++) {
        if (kind === 'LSTM') {
          const ig = sigmoid(xproj[xr + j] + hproj[hr + j]);
          const fg = sigmoid(xproj[xr + H + j] + hproj[hr + H + j]);
          const gg = tanh(xproj[xr + 2 * H + j] + hproj[hr + 2 * H + j]);
          const og = sigmoid(xproj[xr + 3 * H + j] + hproj[hr + 3 * H + j]);
          const cn = Math.fround(fg * c[hb + j] + ig * gg);
          const tc = tanh(cn);
          acts[ar + j] = ig;
          acts[ar + H + j] = fg;
          acts[ar + 2 * H + j] = gg;
          acts[ar + 3 * H + j] = og;
          acts[ar + 4 * H + j] = tc;
          const hv = og * tc;
          states[sr + j] = hv;
          states[sr + H + j] = cn;
          h[hb + j] = hv; // h and c as read at this j are no longer needed
          c[hb + j] = cn;
        } else if (kind === 'GRU') {
          const r = sigmoid(xproj[xr + j] + hproj[hr + j]);
          const z = sigmoid(xproj[xr + H + j] + hproj[hr + H + j]);
          const hn = hproj[hr + 2 * H + j];
          const nn = tanh(xproj[xr + 2 * H + j] + r * hn);
          acts[ar + j] = r;
          acts[ar + H + j] = z;
          acts[ar + 2 * H + j] = nn;
          acts[ar + 3 * H + j] = hn;
          const hv = (1 - z) * nn + z * h[hb + j];
          states[sr + j] = hv;
          h[hb + j] = hv;
        } else {
          const pre = xproj[xr + j] + hproj[hr + j];
          const hv = kind === 'RNN_TANH' ? tanh(pre) : pre > 0 ? pre : 0;
          states[sr + j] = hv;
          h[hb + j] = hv;
        }
      }
    }
  }
}

/**
 * Backpropagation through time up to the weight products: the gradients of the pre-activations
 * through W_ih x + b_ih (dx) and through W_hh h + b_hh (dh: the same array but for GRU), (L·N, G),
 * and those of h0 and c0 (N, H).
 */
interface StepGrads {
  readonly dx: Float32Array;
  readonly dh: Float32Array;
  readonly dh0: Float32Array;
  readonly dc0: Float32Array;
}

const recurrentOp: Op<RecurrentSaved> = {
  name: 'RecurrentBackward0',
  backward: (g, { inputs, out, saved }) => {
    const { kind, hPrev, hasCell, hasBias } = saved;
    const { L, N, I, H, G } = saved.dims;
    const [x, h0] = inputs;
    const wIh = inputs[hasCell ? 3 : 2];
    const wHh = inputs[hasCell ? 4 : 3];
    // on the kernel, dx is in its memory, which nothing else uses until this returns
    const { dx, dh, dh0, dc0 } =
      (lstmOnKernel(kind, saved.dims) ? lstmStepsBackOnKernel(saved, g.data, wHh.data) : null) ??
      stepsBackInJs(saved, g.data, out.data, wHh.data);
    const grads: (Tensor | null)[] = [];
    grads.push(x.requiresGrad ? product(false, L * N, I, G, dx, wIh.data, x.shape) : null); // dX = dpre_x · W_ih
    grads.push(h0.requiresGrad ? new Tensor(dh0, h0.shape) : null);
    if (hasCell) grads.push(inputs[2].requiresGrad ? new Tensor(dc0, inputs[2].shape) : null);
    grads.push(wIh.requiresGrad ? product(true, G, I, L * N, dx, x.data, wIh.shape) : null); // dW_ih = dpre_xᵀ · X
    grads.push(wHh.requiresGrad ? product(true, G, H, L * N, dh, hPrev, wHh.shape) : null); // dW_hh = dpre_hᵀ · H_prev
    if (hasBias) {
      const dbIh = columnSums(dx, L * N, G);
      grads.push(new Tensor(dbIh, [G]));
      grads.push(new Tensor(dh === dx ? dbIh.slice() : columnSums(dh, L * N, G), [G])); // the same sums but for GRU
    }
    return grads;
  },
};

/**
 * Backward through the steps of an LSTM layer with the cells on the SIMD kernel, in its memory
 * laid out as for forward: the saved acts and c, and the upstream gradients gs, are copied in,
 * then each step's cells leave their dx where the product with W_hh reads it, and that product
 * leaves dh where the next step's cells read it. dx is a view of the kernel's memory. Null, with
 * nothing done, when the engine cannot make a memory that large.
 */
function lstmStepsBackOnKernel(saved: RecurrentSaved, gs: Float32Array, wHh: Float32Array): StepGrads | null {
  const { reverse, acts, cPrev, dims: { L, N, H, G, S } } = saved;
  const m = lstmLayout(L, N, H);
  if (m === null) return null;
  const { heap } = m;
  const NH = N * H;
  const dhNext = m.hp;
  const dcNext = m.hp + NH;
  heap.set(acts, m.acts);
  heap.set(cPrev!, m.cPrev);
  heap.set(gs, m.states);
  heap.fill(0, dhNext, dhNext + 2 * NH);
  for (let s = L - 1; s >= 0; s--) {
    const t = reverse ? L - 1 - s : s;
    lstmCellsBackward(N, H, m.states + t * N * S, m.acts + t * 5 * NH, m.cPrev + t * NH, dhNext, dcNext, m.xp + t * N * G);
    gemm(false, false, N, H, G, heap, m.xp + t * N * G, wHh, 0, heap, dhNext); // dh_prev = dpre · W_hh
  }
  const dx = heap.subarray(m.xp, m.xp + L * N * G);
  return { dx, dh: dx, dh0: heap.slice(dhNext, dhNext + NH), dc0: heap.slice(dcNext, dcNext + NH) };
}

/** Backward through the steps of any layer in JavaScript. */
function stepsBackInJs(saved: RecurrentSaved, gs: Float32Array, states: Float32Array, wHh: Float32Array): StepGrads {
  const { kind, reverse, acts, hPrev, cPrev, dims: { L, N, H, G, S } } = saved;
  const A = SAVED[kind] * H;
  const dx = allocFloat32(L * N * G);
  const dh = kind === 'GRU' ? allocFloat32(L * N * G) : dx;
  let dhNext = allocFloat32(N * H); // dL/dh flowing into the step being undone
  let direct = allocFloat32(N * H); // the part of dh_prev that skips W_hh (GRU's z·dh)
  const dcNext = allocFloat32(N * H);
  const dhStep = allocFloat32(N * H);
  for (let s = L - 1; s >= 0; s--) {
    const t = reverse ? L - 1 - s : s;
    const so = t * N * S;
    const ao = t * N * A;
    const po = t * N * H;
    const go = t * N * G;
    direct.fill(0);
    for (let n = 0; n < N; n++) {
      const sr = so + n * S;
      const ar = ao + n * A;
      const pr = po + n * H;
      const gr = go + n * G;
      const hb = n * H;
      for (let j = 0; j < H; j++) {
        const dhv = gs[sr + j] + dhNext[hb + j];
        if (kind === 'LSTM') {
          const ig = acts[ar + j], fg = acts[ar + H + j], gg = acts[ar + 2 * H + j], og = acts[ar + 3 * H + j], tc = acts[ar + 4 * H + j];
          const dc = gs[sr + H + j] + dcNext[hb + j] + dhv * og * (1 - tc * tc);
          dx[gr + j] = dc * gg * ig * (1 - ig);
          dx[gr + H + j] = dc * cPrev![pr + j] * fg * (1 - fg);
          dx[gr + 2 * H + j] = dc * ig * (1 - gg * gg);
          dx[gr + 3 * H + j] = dhv * tc * og * (1 - og);
          dcNext[hb + j] = dc * fg;
        } else if (kind === 'GRU') {
          const r = acts[ar + j], z = acts[ar + H + j], nn = acts[ar + 2 * H + j], hn = acts[ar + 3 * H + j];
          const dnPre = dhv * (1 - z) * (1 - nn * nn);
          const drPre = dnPre * hn * r * (1 - r);
          const dzPre = dhv * (hPrev[pr + j] - nn) * z * (1 - z);
          dx[gr + j] = drPre;
          dx[gr + H + j] = dzPre;
          dx[gr + 2 * H + j] = dnPre;
          dh[gr + j] = drPre;
          dh[gr + H + j] = dzPre;
          dh[gr + 2 * H + j] = dnPre * r;
          direct[hb + j] = dhv * z;
        } else {
          const hv = states[sr + j];
          dx[gr + j] = kind === 'RNN_TANH' ? dhv * (1 - hv * hv) : hv > 0 ? dhv : 0;
        }
      }
    }
    gemm(false, false, N, H, G, dh, go, wHh, 0, dhStep, 0); // dh_prev = dpre · W_hh
    for (let i = 0; i < N * H; i++) direct[i] += dhStep[i];
    [dhNext, direct] = [direct, dhNext];
  }
  return { dx, dh, dh0: dhNext, dc0: dcNext };
}

/** C = op(A)·B as a new tensor of `shape`, with op = transpose when `transA`. */
function product(transA: boolean, M: number, N: number, K: number, a: Float32Array, b: Float32Array, shape: readonly number[]): Tensor {
  const out = allocFloat32(M * N);
  gemm(transA, false, M, N, K, a, 0, b, 0, out, 0);
  return new Tensor(out, shape);
}
