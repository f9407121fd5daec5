// Factories against PyTorch: values of ranges, eye, full, tensor(), and their error messages.
import { describe, expect, it } from 'vitest';
import { arange, eye, full, linspace, ones, onesLike, rand, randn, tensor, zeros, type Tensor } from '../../src/index';
import { expectClose, loadGolden, type GoldenTensor } from '../helpers';

const golden = loadGolden<{ values: Record<string, GoldenTensor>; errors: Record<string, string> }>('creation');

const values: Record<string, () => Tensor> = {
  arange_end: () => arange(5),
  arange_start_end: () => arange(2, 7),
  arange_step: () => arange(0, 1, 0.1),
  arange_negative_step: () => arange(3, -2, -0.7),
  arange_fraction: () => arange(-1.5, 2.25, 0.25),
  linspace_5: () => linspace(0, 1, 5),
  linspace_odd: () => linspace(-3.3, 7.1, 11),
  linspace_long: () => linspace(0.1, 123.4, 1000),
  linspace_1: () => linspace(2, 5, 1),
  linspace_0: () => linspace(2, 5, 0),
  linspace_down: () => linspace(1, -1, 7),
  eye_3: () => eye(3),
  eye_2_4: () => eye(2, 4),
  full: () => full([2, 3], 0.1),
  tensor_nested: () => tensor([[1.5, -2], [3, 4.25], [0.1, 1e-8]]),
  tensor_scalar: () => tensor(3.7),
  tensor_bool: () => tensor([[true, false]]),
  zeros_empty: () => zeros(0, 3),
};

const errors: Record<string, () => unknown> = {
  arange_zero_step: () => arange(0, 1, 0),
  arange_bad_sign: () => arange(1, 0, 1),
  linspace_negative: () => linspace(0, 1, -1),
  ragged: () => tensor([[1, 2], [3]]),
  ragged_deep: () => tensor([[[1, 2], [3, 4]], [[5, 6], [7]]]),
};

describe('factories give PyTorch\'s values', () => {
  it('covers every golden case', () => {
    expect(Object.keys(values).sort()).toEqual(Object.keys(golden.values).sort());
    expect(Object.keys(errors).sort()).toEqual(Object.keys(golden.errors).sort());
  });

  it.each(Object.entries(golden.values))('%s', (name, expected) => {
    expectClose(values[name](), expected, { rtol: 0, atol: 0 }, name);
  });

  it.each(Object.entries(golden.errors))('%s throws PyTorch\'s message', (name, message) => {
    expect(errors[name]).toThrow(message);
  });
});

describe('factory arguments', () => {
  it('takes shapes spread or as an array, with options last', () => {
    expect(zeros(2, 3).shape).toEqual([2, 3]);
    expect(zeros([2, 3]).shape).toEqual([2, 3]);
    expect(ones(2, { requiresGrad: true }).requiresGrad).toBe(true);
    expect(rand([4], { requiresGrad: true }).shape).toEqual([4]);
    expect(randn(3, 1).shape).toEqual([3, 1]);
    expect(onesLike(zeros(2, 2)).tolist()).toEqual([[1, 1], [1, 1]]);
  });

  it('reads flat values with a shape', () => {
    const t = tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [2, 3] });
    expect(t.tolist()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow("tensor(): shape '[2, 2]' is invalid for input of size 3");
  });

  it('rejects bad sizes and values with a message naming them', () => {
    expect(() => zeros(2, -1)).toThrow('zeros(): sizes must be non-negative integers, got [2, -1]');
    expect(() => zeros(1.5)).toThrow('zeros(): sizes must be non-negative integers, got [1.5]');
    expect(() => tensor([[1, 'a' as unknown as number]])).toThrow('tensor(): expected numbers, got string at depth 2');
    expect(() => full([2], 'x' as unknown as number)).toThrow('full(): fill_value must be a number, got string');
  });

  it('copies its input', () => {
    const source = new Float32Array([1, 2]);
    const t = tensor(source);
    source[0] = 9;
    expect(t.data[0]).toBe(1);
  });
});
