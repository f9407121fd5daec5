// repr(tensor) as PyTorch 1.13 prints a float32 tensor (torch/_tensor_str.py, default print options).
// Numbers are rounded the way Python's format() rounds them: exactly from the binary value, ties to
// even. JS toFixed/toExponential break exact ties upwards and write exponents as `e-5`, so they are
// not used.

const precision = 4;
const threshold = 1000; // more elements than this and each dim shows only its edges
const edgeitems = 3;
const linewidth = 80;

/** The prefix that prints an nn.Parameter as torch does: `Parameter containing:` above the tensor's repr. */
export const parameterPrefix = 'Parameter containing:\ntensor(';

/**
 * The repr of a float32 tensor: `tensor([1.0000, 2.5000])`, `tensor(3.)`, `tensor([], size=(0, 3))`.
 * `suffixes` are what the caller's tensor adds after the values (`requires_grad=True`,
 * `grad_fn=<MulBackward0>`); they wrap onto their own line past 80 columns as in PyTorch.
 */
export function formatTensor(
  data: Float32Array,
  shape: readonly number[],
  suffixes: readonly string[] = [],
  prefix = 'tensor(',
): string {
  let numel = 1;
  for (const s of shape) numel *= s;
  if (data.length !== numel) {
    throw new Error(`formatTensor: ${data.length} values cannot have shape [${shape.join(', ')}]`);
  }
  // continuation lines align under the prefix's last line: 'tensor(', also below 'Parameter containing:'
  const prefixWidth = prefix.length - prefix.lastIndexOf('\n') - 1;
  if (numel === 0) {
    // as NumPy does, an empty tensor names its shape unless that is (0,)
    const size = shape.length === 1 ? [] : [`size=(${shape.join(', ')})`];
    return addSuffixes(`${prefix}[]`, [...size, ...suffixes], prefixWidth);
  }

  const summarize = numel > threshold;
  const ndim = shape.length;
  const strides = new Array<number>(ndim);
  let stride = 1;
  for (let d = ndim - 1; d >= 0; d--) {
    strides[d] = stride;
    stride *= shape[d];
  }
  const shown = shape.map((size) => shownIndices(size, summarize)); // -1 marks the '...'

  // The formatter sees only the printed elements, as torch's get_summarized_data gives it.
  // Recursion goes one level per dim, so its depth is ndim.
  const printed: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === ndim) {
      printed.push(data[offset]);
      return;
    }
    for (const i of shown[dim]) if (i >= 0) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const { width, format } = formatter(printed);

  const render = (dim: number, offset: number, indent: number): string => {
    if (dim === ndim) return format(data[offset]); // only a 0-d tensor reaches here
    if (dim === ndim - 1) {
      const items = shown[dim].map((i) => (i < 0 ? ' ...' : format(data[offset + i * strides[dim]])));
      const perLine = Math.max(1, Math.floor((linewidth - indent) / (width + 2))); // width + ', '
      const lines: string[] = [];
      for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(', '));
      return `[${lines.join(`,\n${' '.repeat(indent + 1)}`)}]`;
    }
    const slices = shown[dim].map((i) => (i < 0 ? '...' : render(dim + 1, offset + i * strides[dim], indent + 1)));
    // slices of a k-d tensor are separated by k - 1 newlines: a blank line between matrices
    return `[${slices.join(`,${'\n'.repeat(ndim - dim - 1)}${' '.repeat(indent + 1)}`)}]`;
  };
  return addSuffixes(prefix + render(0, 0, prefixWidth), suffixes, prefixWidth);
}

function shownIndices(size: number, summarize: boolean): number[] {
  if (!summarize || size <= 2 * edgeitems) return Array.from({ length: size }, (_, i) => i);
  const edge = Array.from({ length: edgeitems }, (_, i) => i);
  return [...edge, -1, ...edge.map((i) => size - edgeitems + i)];
}

/**
 * torch's _Formatter: integers print as `3.`; scientific notation when the nonzero finite
 * magnitudes span more than 1000x, exceed 1e8, or (for non-integers) go below 1e-4; otherwise
 * four decimals. Every element is right-aligned to the widest nonzero finite one.
 */
function formatter(values: readonly number[]): { width: number; format: (x: number) => string } {
  let intMode = true;
  let min = Infinity;
  let max = 0;
  for (const x of values) {
    if (!Number.isFinite(x) || x === 0) continue;
    min = Math.min(min, Math.abs(x));
    max = Math.max(max, Math.abs(x));
    if (x !== Math.ceil(x)) intMode = false;
  }
  // with no nonzero finite value, min stays Infinity and every test below is false, as in torch
  const sciMode = max / min > 1000 || max > 1e8 || (!intMode && min < 1e-4);
  const plain = sciMode
    ? (x: number) => scientific(x, precision)
    : intMode
      ? (x: number) => fixed(x, 0) + (Number.isFinite(x) ? '.' : '') // the '.' says "float"
      : (x: number) => fixed(x, precision);
  let width = 1;
  for (const x of values) {
    if (Number.isFinite(x) && x !== 0) width = Math.max(width, plain(x).length);
  }
  return { width, format: (x) => plain(x).padStart(width) };
}

/** Python's `'{:.Nf}'.format(x)`. */
function fixed(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const n = roundScaled(x, digits).toString().padStart(digits + 1, '0');
  const whole = n.slice(0, n.length - digits);
  return signOf(x) + (digits > 0 ? `${whole}.${n.slice(n.length - digits)}` : whole);
}

/** Python's `'{:.Ne}'.format(x)`: `1.0000e-05`, the exponent signed and at least two digits. */
function scientific(x: number, digits: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  let e = x === 0 ? 0 : Math.floor(Math.log10(Math.abs(x)));
  let n = roundScaled(x, digits - e);
  // log10 may be one off near a power of ten, and rounding may carry into a new digit (9.99996 -> 10.000)
  if (x !== 0) {
    while (n >= 10n ** BigInt(digits + 1)) n = roundScaled(x, digits - ++e);
    while (n < 10n ** BigInt(digits)) n = roundScaled(x, digits - --e);
  }
  const s = n.toString().padStart(digits + 1, '0');
  const mantissa = digits > 0 ? `${s[0]}.${s.slice(1)}` : s;
  return `${signOf(x)}${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

function nonFinite(x: number): string {
  return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
}

function signOf(x: number): string {
  return x < 0 || Object.is(x, -0) ? '-' : '';
}

const bits = new DataView(new ArrayBuffer(8));

/** round(|x| * 10^scale), ties to even, computed exactly from |x| = mantissa * 2^exponent. */
function roundScaled(x: number, scale: number): bigint {
  bits.setFloat64(0, Math.abs(x));
  const hi = bits.getUint32(0);
  const biased = hi >>> 20; // the sign bit is clear
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(bits.getUint32(4));
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exponent = (biased === 0 ? 1 : biased) - 1075;
  let num = mantissa;
  let den = 1n;
  if (exponent >= 0) num <<= BigInt(exponent);
  else den <<= BigInt(-exponent);
  if (scale >= 0) num *= 10n ** BigInt(scale);
  else den *= 10n ** BigInt(-scale);
  const q = num / den;
  const twiceRest = (num % den) * 2n;
  return twiceRest > den || (twiceRest === den && (q & 1n) === 1n) ? q + 1n : q;
}

/** torch's _add_suffixes: `, suffix` while the line has room, else `,\n` and the suffix at `indent`. */
function addSuffixes(text: string, suffixes: readonly string[], indent: number): string {
  // torch counts the last line two longer than it is (len - rfind('\n') + 1); kept for identical wrapping
  let lineLength = text.length - text.lastIndexOf('\n') + 1;
  let out = text;
  for (const suffix of suffixes) {
    if (lineLength + suffix.length + 2 > linewidth) {
      out += `,\n${' '.repeat(indent)}${suffix}`;
      lineLength = indent + suffix.length;
    } else {
      out += `, ${suffix}`;
      lineLength += suffix.length + 2;
    }
  }
  return `${out})`;
}

/**
 * Python's `repr(float)`, as module reprs print hyperparameters: the shortest digits that read
 * back as `x` (JS finds the same ones), in positional notation for exponents -4 to 15 and
 * scientific otherwise: `0.1`, `1.0`, `1e-05`, `1e+16`, `nan`, `-inf`.
 */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) return nonFinite(x);
  const [mantissa, exp] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const e = Number(exp);
  let body: string;
  if (e < -4 || e >= 16) {
    body = `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  } else if (e < 0) {
    body = `0.${'0'.repeat(-e - 1)}${digits}`;
  } else if (e + 1 >= digits.length) {
    body = `${digits}${'0'.repeat(e + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, e + 1)}.${digits.slice(e + 1)}`;
  }
  return signOf(x) + body;
}
