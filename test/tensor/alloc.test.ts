// The storage allocator: small arrays are views of a shared slab, and must behave as fresh arrays.
import { describe, expect, it } from 'vitest';
import { allocFloat32, allocFloat64 } from '../../src/tensor/alloc';
import { randn, tensor } from '../../src/index';

describe('allocFloat32 / allocFloat64', () => {
  it('gives zero-filled arrays of the asked length, at every size class', () => {
    for (const n of [0, 1, 16, 17, 100, 1024, 1025, 100_000]) {
      for (const a of [allocFloat32(n), allocFloat64(n)]) {
        expect(a.length).toBe(n);
        expect(a.every((v) => v === 0)).toBe(true);
      }
    }
  });

  it('never lets two live arrays share an element, across slab boundaries', () => {
    const arrays = Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? allocFloat64(37 + i) : allocFloat32(37 + i)));
    arrays.forEach((a, i) => a.fill(i + 1));
    arrays.forEach((a, i) => expect(a.every((v) => v === i + 1)).toBe(true));
  });

  it('places pooled views 16-byte aligned, and gives large arrays a store of their own', () => {
    for (let i = 0; i < 50; i++) expect(allocFloat32(17 + i).byteOffset % 16).toBe(0);
    const big = allocFloat32(2048);
    expect(big.byteOffset).toBe(0);
    expect(big.buffer.byteLength).toBe(big.byteLength);
  });

  it('backs op results, which stay independent of each other', () => {
    const x = randn([8, 8]);
    const y = x.mul(2);
    const z = x.add(1);
    y.data.fill(0);
    expect(z.data).toEqual(tensor(x.tolist()).add(1).data);
  });
});
