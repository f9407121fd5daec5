import { describe, it, expect } from 'vitest';
import golden from '../golden/print.json';
import { formatTensor, parameterPrefix } from '../../src/tensor/print';

interface Case {
  tensor: { shape: number[]; data: (number | string)[] };
  suffixes: string[];
  repr: string;
  parameter?: boolean;
}

const cases: Record<string, Case> = golden.cases;
const aranges: Record<string, { shape: number[]; repr: string }> = golden.aranges;

// JSON has no NaN or Infinity; scripts/golden.py writes them as the strings Number() reads back
const decode = (data: (number | string)[]) => Float32Array.from(data, Number);

describe('formatTensor matches repr(tensor) of PyTorch 1.13', () => {
  it('has golden cases', () => {
    expect(Object.keys(cases).length).toBeGreaterThan(0);
    expect(Object.keys(aranges).length).toBeGreaterThan(0);
  });

  it.each(Object.entries(cases))('%s', (_, { tensor, suffixes, repr, parameter }) => {
    const prefix = parameter ? parameterPrefix : undefined;
    expect(formatTensor(decode(tensor.data), tensor.shape, suffixes, prefix)).toBe(repr);
  });

  // summarising reads only the printed edges, so a million elements print at once
  it.each(Object.entries(aranges))('arange %s', (_, { shape, repr }) => {
    const numel = shape.reduce((n, s) => n * s, 1);
    expect(formatTensor(Float32Array.from({ length: numel }, (_, i) => i), shape)).toBe(repr);
  });

  it('names the shape when the data does not fit it', () => {
    expect(() => formatTensor(new Float32Array(5), [2, 3])).toThrow('5 values cannot have shape [2, 3]');
  });
});
