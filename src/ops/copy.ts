// A run of floats copied between arrays: the one primitive of every kernel that moves contiguous
// data. A long run goes by one memcpy through a subarray view, which costs ~30 ns however long
// (V8 11), as much as a loop spends on ~30 floats; a shorter one by that loop, four floats an
// iteration, since V8's step of a loop costs as much as copying one float.

const MEMCPY_MIN = 32;

/** dst[d, d+n) = src[s, s+n), for runs that do not overlap. */
export function copyFloats(src: Float32Array, s: number, dst: Float32Array, d: number, n: number): void {
  if (n >= MEMCPY_MIN) {
    dst.set(s === 0 && n === src.length ? src : src.subarray(s, s + n), d);
    return;
  }
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    dst[d + i] = src[s + i];
    dst[d + i + 1] = src[s + i + 1];
    dst[d + i + 2] = src[s + i + 2];
    dst[d + i + 3] = src[s + i + 3];
  }
  for (; i < n; i++) dst[d + i] = src[s + i];
}
