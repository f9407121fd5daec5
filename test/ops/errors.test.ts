// Bad input throws PyTorch 1.13's exact message (test/golden/ops.json, recorded from str(e)).
import { describe, expect, it } from 'vitest';
import { cat, ones, stack, Tensor, where } from '../../src/index';
import { decode, loadGolden, type GoldenTensor } from '../helpers';

interface GoldenError {
  inputs: (GoldenTensor & { requiresGrad: boolean })[];
  message: string;
}

const golden = loadGolden<{ errors: Record<string, GoldenError> }>('ops').errors;

type Case = (...xs: Tensor[]) => unknown;

// One line per golden error case, in the order of scripts/golden/ops.py.
const table: Record<string, Case> = {
  matmul_2d_2d: (a, b) => a.matmul(b),
  matmul_1d_1d: (a, b) => a.matmul(b),
  matmul_2d_1d: (a, b) => a.matmul(b),
  matmul_3d_1d: (a, b) => a.matmul(b),
  matmul_1d_2d: (a, b) => a.matmul(b),
  matmul_1d_3d: (a, b) => a.matmul(b),
  matmul_3d_3d: (a, b) => a.matmul(b),
  matmul_3d_2d: (a, b) => a.matmul(b),
  matmul_2d_3d: (a, b) => a.matmul(b),
  matmul_batch_mismatch: (a, b) => a.matmul(b),
  matmul_bcast_batch_k_mismatch: (a, b) => a.matmul(b),
  matmul_1d_4d: (a, b) => a.matmul(b),
  matmul_2d_4d: (a, b) => a.matmul(b),
  matmul_4d_2d: (a, b) => a.matmul(b),
  matmul_0d_1d: (a, b) => a.matmul(b),
  matmul_2d_0d: (a, b) => a.matmul(b),
  broadcast_mismatch: (a, b) => a.add(b),
  broadcast_mismatch_leading: (a, b) => a.mul(b),
  where_mismatch: (c, a, b) => where(c.gt(0), a, b),
  reshape_invalid: (x) => x.reshape(4, 4),
  reshape_infer_invalid: (x) => x.reshape(-1, 4),
  reshape_two_infer: (x) => x.reshape(-1, -1),
  reshape_negative: (x) => x.reshape(-2, 3),
  view_invalid: (x) => x.view(5),
  sum_dim_out_of_range: (x) => x.sum(2),
  sum_dim_neg_out_of_range: (x) => x.sum(-3),
  sum_dims_repeated: (x) => x.sum([1, -1]),
  sum_0d_dims_repeated: (x) => x.sum([0, -1]),
  mean_dim_out_of_range: (x) => x.mean(3),
  max_dim_out_of_range: (x) => x.max(2),
  argmax_dim_out_of_range: (x) => x.argmax(-3),
  softmax_dim_out_of_range: (x) => x.softmax(2),
  log_softmax_dim_out_of_range: (x) => x.logSoftmax(-3),
  squeeze_dim_out_of_range: (x) => x.squeeze(2),
  squeeze_0d_dim_out_of_range: (x) => x.squeeze(1),
  unsqueeze_dim_out_of_range: (x) => x.unsqueeze(3),
  unsqueeze_dim_neg_out_of_range: (x) => x.unsqueeze(-4),
  transpose_dim_out_of_range: (x) => x.transpose(0, 2),
  flatten_dim_out_of_range: (x) => x.flatten(0, 3),
  flatten_start_after_end: (x) => x.flatten(2, 1),
  t_3d: (x) => x.t(),
  permute_wrong_length: (x) => x.permute(1, 0, 2),
  permute_duplicate: (x) => x.permute(1, 1),
  permute_out_of_range: (x) => x.permute(0, 2),
  expand_mismatch: (x) => x.expand(2, 4),
  expand_too_few_sizes: (x) => x.expand(3),
  expand_minus_1_leading: (x) => x.expand(-1, 2, 3),
  narrow_out_of_range: (x) => x.narrow(1, 2, 2),
  narrow_start_out_of_range: (x) => x.narrow(1, 4, 0),
  narrow_start_neg_out_of_range: (x) => x.narrow(1, -4, 1),
  narrow_negative_length: (x) => x.narrow(1, -1, -1),
  narrow_0d: (x) => x.narrow(0, 0, 1),
  cat_empty: () => cat([]),
  cat_size_mismatch: (a, b) => cat([a, b], 0),
  cat_ndim_mismatch: (a, b) => cat([a, b], 0),
  cat_dim_out_of_range: (a, b) => cat([a, b], 2),
  cat_0d: (a, b) => cat([a, b]),
  stack_empty: () => stack([]),
  stack_mismatch: (a, b, c) => stack([a, b, c]),
  stack_dim_out_of_range: (a, b) => stack([a, b], 3),
  backward_non_scalar: (x) => x.mul(2).backward(),
  backward_no_grad: (x) => x.mul(2).sum().backward(),
  backward_wrong_shape: (x) => x.mul(2).backward(ones(3)),
  item_many_elements: (x) => x.item(),
  max_empty: (x) => x.max(),
  min_empty: (x) => x.min(),
  max_dim_empty: (x) => x.max(0),
  argmax_empty: (x) => x.argmax(),
  requires_grad_off_non_leaf: (x) => x.mul(2).requiresGrad_(false),
  clamp_no_bounds: (x) => x.clamp(),
  matmul_number: (x) => x.matmul(2 as unknown as Tensor),
  add_list: (x) => x.add([1, 2, 3] as unknown as number),
  cat_number: (x) => cat([x, 2 as unknown as Tensor]),
};

/**
 * Where PyTorch's message names Python's types (int, list), torchlet names JavaScript's: the
 * test holds torchlet to its own message instead, and to PyTorch's being the one recorded here.
 */
const differs: Record<string, { pytorch: string; torchlet: string }> = {
  matmul_number: {
    pytorch: "matmul(): argument 'other' (position 2) must be Tensor, not int",
    torchlet: "matmul(): argument 'other' must be a Tensor, not number",
  },
  add_list: {
    pytorch: "add(): argument 'other' (position 2) must be Tensor, not list",
    torchlet: 'add(): expected a Tensor or a number, got an Array (wrap it with tensor())',
  },
  cat_number: {
    pytorch: 'expected Tensor as element 1 in argument 0, but got int',
    torchlet: 'torch.cat(): expected a list of Tensors, got number at position 1',
  },
};

/** The message `run` throws, or a failure if it returns. */
function thrown(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  return expect.fail('did not throw');
}

describe('errors against PyTorch', () => {
  it('has one TypeScript line per golden error case and no line without one', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(golden).sort());
  });

  for (const [name, run] of Object.entries(table)) {
    it(name, () => {
      const c = golden[name];
      expect(c, `no golden error case '${name}'`).toBeDefined();
      const xs = c.inputs.map((x) => decode(x, { requiresGrad: x.requiresGrad }));
      const known = differs[name];
      if (known === undefined) {
        expect(thrown(() => run(...xs))).toBe(c.message);
      } else {
        expect(c.message, 'PyTorch changed its message').toBe(known.pytorch);
        expect(thrown(() => run(...xs))).toBe(known.torchlet);
      }
    });
  }
});
