// Fresh storage for op results. A JavaScript engine keeps every typed array over 64 bytes in an
// off-heap store of its own, which costs about a microsecond however small the array (V8 11:
// 1–2 µs for 640 floats, against 30–40 ns for a view of an existing buffer), and a tiny model's
// training step makes dozens of them. So small arrays are views carved in turn out of a shared
// 64 KiB slab, as Node's Buffer pool does: a slab is zero-filled once and never handed out twice,
// so each view starts zeroed and is its holder's alone; the slab lives while any view of it does.
// A result's `.buffer` may therefore be larger than it: read it through `byteOffset`/`byteLength`.

const SLAB_BYTES = 64 * 1024;
/** Larger arrays get their own store: the microsecond is small beside the work of filling them. */
const POOLED_MAX_BYTES = 4 * 1024;
/** Engines keep arrays up to this size on their own heap, where they are cheap already. */
const ON_HEAP_MAX_BYTES = 64;

let slab: ArrayBuffer | null = null;
let used = 0;

type FloatArray = Float32Array | Float64Array;
interface FloatArrayType<T extends FloatArray> {
  readonly BYTES_PER_ELEMENT: number;
  new (length: number): T;
  new (buffer: ArrayBuffer, byteOffset: number, length: number): T;
}

/** A zero-filled array of `n` elements (n a non-negative integer), from the slab when small. */
function alloc<T extends FloatArray>(Type: FloatArrayType<T>, n: number): T {
  const bytes = n * Type.BYTES_PER_ELEMENT;
  if (bytes <= ON_HEAP_MAX_BYTES || bytes > POOLED_MAX_BYTES) return new Type(n);
  if (slab === null || used + bytes > SLAB_BYTES) {
    slab = new ArrayBuffer(SLAB_BYTES);
    used = 0;
  }
  const view = new Type(slab, used, n);
  used += (bytes + 15) & ~15; // the next view 16-byte aligned
  return view;
}

/** A zero-filled Float32Array of `n` elements: storage for a result. */
export const allocFloat32 = (n: number): Float32Array => alloc(Float32Array, n);

/** A zero-filled Float64Array of `n` elements: scratch for sums kept in double. */
export const allocFloat64 = (n: number): Float64Array => alloc(Float64Array, n);
