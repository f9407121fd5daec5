// exp, sigmoid and tanh accurate to a few parts in 10⁹ (float32 keeps 6·10⁻⁸), at a third to half
// the cost of Math.exp and Math.tanh, which carry double precision: for kernels that call them per
// element: recurrent cells (five per hidden unit and step), softmax, sigmoid, tanh, SiLU, GELU.

/** 2^(j/32) for j = 0..31. */
const POW2_FRACTION = Float64Array.from({ length: 32 }, (_, j) => 2 ** (j / 32));
/** 2^i for i = -160..160 (covering |x| ≤ 104), at index i + 160. */
const POW2_WHOLE = Float64Array.from({ length: 321 }, (_, i) => 2 ** (i - 160));
/**
 * e^x as x = (32i + j)·ln2/32 + r with |r| ≤ ln2/64: 2^i · 2^(j/32) from tables, e^r by its Taylor
 * series to r³ (the first omitted term, r⁴/4!, is below 6·10⁻¹⁰). NaN stays NaN (k = 0, r = NaN).
 */
export function exp32(x: number): number {
  // Numbers are written in place: bundlers turn module-level constants into mutable variables,
  // which an engine reloads and re-checks on every call (here doubling the cost). Past ±104, e^x
  // over- or underflows float32 whatever its last bits.
  if (x > 104) return Infinity;
  if (x < -104) return 0;
  // k = round(32·x / ln2): adding then subtracting 1.5·2⁵² rounds a double below 2⁵¹ to an integer
  const kf = x * (32 * Math.LOG2E) + 6755399441055744 - 6755399441055744;
  const r = x - kf * (Math.LN2 / 32);
  const k = kf | 0;
  return (1 + r * (1 + r * (1 / 2 + r * (1 / 6)))) * POW2_FRACTION[k & 31] * POW2_WHOLE[(k >> 5) + 160];
}

/** 1 / (1 + e^-x). */
export function sigmoid32(x: number): number {
  return 1 / (1 + exp32(-x));
}

/**
 * tanh x: its odd Taylor series to x¹¹ below |x| = 0.3 (the next term is below 2·10⁻⁹ of the
 * value), where 1 − 2 / (e^2x + 1) would lose digits to cancellation; that formula elsewhere,
 * for either sign (no branch on it: the sign of data is unpredictable).
 */
export function tanh32(x: number): number {
  const s = x * x;
  if (s < 0.09) return x * (1 + s * (-1 / 3 + s * (2 / 15 + s * (-17 / 315 + s * (62 / 2835 + s * (-1382 / 155925)))))); // keeps -0
  return 1 - 2 / (exp32(2 * x) + 1);
}
