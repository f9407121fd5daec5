// Seeded random numbers that reproduce PyTorch 1.13's CPU generator (CPUGeneratorImpl) bit for bit.
//
// The engine is at::mt19937 (ATen/core/MT19937RNGEngine.h); the samplers follow
// ATen/core/DistributionsHelper.h, ATen/core/TransformationHelper.h and the CPU kernels in
// ATen/native/cpu/DistributionTemplates.h. Every fill works on a contiguous float32 buffer, in
// memory order.
//
// PyTorch's own float32 numbers depend on the kernel its dispatcher picks for the CPU: these are
// the AVX2 kernels (an x86-64 CPU with AVX2 and no AVX-512), built with -mfma so GCC fuses a
// product into the add that consumes it. Under ATEN_CPU_CAPABILITY=default, PyTorch itself gives
// uniform_ values differing in the last bit and normal_ values (16 elements or more) by ~1e-6.

const STATE_N = 624; // MERSENNE_STATE_N
const STATE_M = 397; // MERSENNE_STATE_M
const MATRIX_A = 0x9908b0df;
const UMASK = 0x80000000;
const LMASK = 0x7fffffff;

/** c10::detail::default_rng_seed_val, the seed of a fresh torch.Generator(). */
const DEFAULT_SEED = 67280421310721;

const TWO_POW_32 = 4294967296;
const FLOAT_MASK = 0xffffff; // (1 << std::numeric_limits<float>::digits) - 1
const FLOAT_DIVISOR = 1 / 16777216; // 2^-24
const DOUBLE_HI_MASK = 0x1fffff; // the high word's share of (1 << 53) - 1
const DOUBLE_DIVISOR = 1 / 9007199254740992; // 2^-53
const FLOAT_MAX = 3.4028234663852886e38;

/**
 * A random number generator with PyTorch's CPU stream (mt19937 and PyTorch's samplers): after the
 * same seed it draws the same numbers as `torch.Generator`. The factories use the default one,
 * which `manualSeed` reseeds.
 *
 * @example
 * ```ts
 * const g = new Generator(0);
 * g.random(); // 2357136044, mt19937's first draw for seed 0, as in PyTorch
 * ```
 */
export class Generator {
  private readonly state = new Uint32Array(STATE_N);
  private next = STATE_N; // index of the next state word; STATE_N means "twist first"
  private seed = DEFAULT_SEED;
  /**
   * Box–Muller makes two normals and at::normal_distribution<double> keeps the second for the
   * next call (CPUGeneratorImpl::next_double_normal_sample). Cleared by manualSeed.
   */
  nextDoubleNormalSample: number | null = null;

  /** A generator seeded with `seed`, by default the seed of a fresh `torch.Generator()`. */
  constructor(seed: number = DEFAULT_SEED) {
    this.manualSeed(seed);
  }

  /**
   * torch.Generator.manual_seed. Like PyTorch a negative seed is read as its 64-bit two's
   * complement; mt19937 keeps only the low 32 bits.
   */
  manualSeed(seed: number): this {
    if (typeof seed !== 'number') throw new TypeError(`manual_seed expected an integer seed, but got ${seed === null ? 'null' : typeof seed}`);
    if (!Number.isSafeInteger(seed)) {
      throw new Error(`manual_seed expected an integer seed in [-(2^53 - 1), 2^53 - 1], but got ${seed}`);
    }
    this.seed = seed;
    this.nextDoubleNormalSample = null;
    // seed mod 2^32, which is also the low word of the two's complement of a negative seed
    let s = seed % TWO_POW_32;
    if (s < 0) s += TWO_POW_32;
    const state = this.state;
    state[0] = s;
    for (let j = 1; j < STATE_N; j++) {
      const prev = state[j - 1];
      state[j] = Math.imul(1812433253, prev ^ (prev >>> 30)) + j;
    }
    this.next = STATE_N;
    return this;
  }

  /**
   * The seed given to manualSeed. PyTorch reports a negative seed s as 2^64 + s, which a double
   * cannot hold; this returns s itself, so manualSeed(initialSeed()) restarts the same stream.
   */
  initialSeed(): number {
    return this.seed;
  }

  /** One mt19937 draw, a uint32 (CPUGeneratorImpl::random). */
  random(): number {
    if (this.next >= STATE_N) this.twist();
    let y = this.state[this.next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * CPUGeneratorImpl::random64: two draws, the first is the high word. A BigInt, so keep it out
   * of per-element loops; samplers use randomDouble or split the two words themselves.
   */
  random64(): bigint {
    const hi = this.random();
    const lo = this.random();
    return (BigInt(hi) << 32n) | BigInt(lo);
  }

  /**
   * at::uniform_real_distribution<double>(0, 1): (random64() & (2^53 - 1)) * 2^-53, i.e. the
   * high word's low 21 bits over the whole low word. Exact in a double.
   */
  randomDouble(): number {
    const hi = this.random() & DOUBLE_HI_MASK;
    const lo = this.random();
    return (hi * TWO_POW_32 + lo) * DOUBLE_DIVISOR;
  }

  // mt19937::next_state: the standard twist of all 624 words.
  private twist(): void {
    const state = this.state;
    let k = 0;
    for (; k < STATE_N - STATE_M; k++) {
      const y = (state[k] & UMASK) | (state[k + 1] & LMASK);
      state[k] = state[k + STATE_M] ^ (y >>> 1) ^ (state[k + 1] & 1 ? MATRIX_A : 0);
    }
    for (; k < STATE_N - 1; k++) {
      const y = (state[k] & UMASK) | (state[k + 1] & LMASK);
      state[k] = state[k + STATE_M - STATE_N] ^ (y >>> 1) ^ (state[k + 1] & 1 ? MATRIX_A : 0);
    }
    const y = (state[STATE_N - 1] & UMASK) | (state[0] & LMASK);
    state[STATE_N - 1] = state[STATE_M - 1] ^ (y >>> 1) ^ (state[0] & 1 ? MATRIX_A : 0);
    this.next = 0;
  }
}

/**
 * The generator torch.* functions use by default. PyTorch seeds its default generator from
 * /dev/urandom at start-up (getDefaultCPUGenerator); this one starts from the fixed seed of a
 * fresh torch.Generator() so that unseeded programs are reproducible too.
 */
export const defaultGenerator = new Generator();

/**
 * torch.manual_seed: reseeds the default generator and returns it. After the same seed, `rand`,
 * `randn`, layer initialisation and dropout masks equal PyTorch's.
 *
 * @example
 * ```ts
 * manualSeed(0);
 * const fc = new nn.Linear(3, 1); // the weights torch.manual_seed(0); nn.Linear(3, 1) has
 * ```
 */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}

/**
 * torch.initial_seed: the seed the default generator was last given.
 *
 * @example
 * ```ts
 * manualSeed(42);
 * initialSeed(); // 42
 * ```
 */
export function initialSeed(): number {
  return defaultGenerator.initialSeed();
}

// ------------------------------------------------------------------------------------------------
// Float32 arithmetic. Math.fround of a double sum, product or square root of float32 inputs is
// the correctly rounded float32 result (53 >= 2 * 24 + 2); only the fused multiply-add needs care.

/**
 * fmaf(a, b, c) for float32 a, b, c. a * b is exact in a double, so only the double sum s is
 * rounded before the float32 rounding, and that double rounding goes wrong only when s lands
 * exactly halfway between two floats: then the TwoSum error of s says which way the exact sum lies.
 */
function fmaf(a: number, b: number, c: number): number {
  const p = a * b;
  const s = p + c;
  const r = Math.fround(s);
  const half = s - r; // exact
  if (half === 0) return r;
  const other = r + 2 * half; // the float on s's other side when s is a midpoint
  if (Math.fround(other) !== other) return r;
  const v = s - p;
  const err = p - (s - v) + (c - v); // the exact p + c - s (TwoSum)
  if (err === 0) return r; // a true tie: fround already rounded it to even
  return err > 0 === half > 0 ? other : r;
}

// ------------------------------------------------------------------------------------------------
// uniform_

function checkInFloatRange(value: number, name: string): void {
  // CHECK_OUT_OF_BOUNDS in uniform_impl_ (also rejects NaN)
  if (!(value >= -FLOAT_MAX && value <= FLOAT_MAX)) throw new Error(`${name} is out of bounds for float`);
}

/**
 * tensor.uniform_(from, to) (uniform_kernel with at::uniform_real_distribution<float>):
 * x = (random() & (2^24 - 1)) * 2^-24, then out = x * (to - from) + from in float32, where from,
 * to and to - from are first rounded to float32 and the multiply-add is fused (transformation::
 * uniform_real under -mfma).
 */
export function fillUniform(gen: Generator, out: Float32Array, from: number, to: number): Float32Array {
  checkInFloatRange(from, 'from');
  checkInFloatRange(to, 'to');
  if (from > to) throw new Error(`uniform_ expects to return a [from, to) range, but found from=${from} > to=${to}`);
  if (to - from > FLOAT_MAX) {
    throw new Error(
      `uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=${to} and from=${from} ` +
        'which result in to-from to exceed the limit',
    );
  }
  const lo = Math.fround(from);
  const range = Math.fround(Math.fround(to) - lo);
  for (let i = 0; i < out.length; i++) {
    const x = (gen.random() & FLOAT_MASK) * FLOAT_DIVISOR;
    out[i] = fmaf(x, range, lo);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// normal_

/**
 * tensor.normal_(mean, std) (normal_kernel). From 16 elements on, normal_fill_AVX2: every slot
 * gets a float uniform, then each block of 16 becomes 8 Box–Muller pairs
 * (u1 = 1 - data[j], u2 = data[j + 8], data[j] = r cos θ, data[j + 8] = r sin θ), and when
 * 16 does not divide the length the last 16 slots are refilled with fresh uniforms and
 * transformed again. Below 16, each element is one at::normal_distribution<double> draw.
 * (PyTorch takes that per-element path at any size for a non-contiguous tensor.)
 */
export function fillNormal(gen: Generator, out: Float32Array, mean: number, std: number): Float32Array {
  if (!(std >= 0)) throw new Error(`normal expects std >= 0.0, but found std ${std}`);
  const n = out.length;
  if (n < 16) {
    for (let i = 0; i < n; i++) out[i] = normalDouble(gen) * std + mean;
    return out;
  }
  for (let i = 0; i < n; i++) out[i] = (gen.random() & FLOAT_MASK) * FLOAT_DIVISOR;
  const meanF = Math.fround(mean);
  const stdF = Math.fround(std);
  for (let i = 0; i + 16 <= n; i += 16) normalFill16(out, i, meanF, stdF);
  if (n % 16 !== 0) {
    for (let i = n - 16; i < n; i++) out[i] = (gen.random() & FLOAT_MASK) * FLOAT_DIVISOR;
    normalFill16(out, n - 16, meanF, stdF);
  }
  return out;
}

/**
 * at::normal_distribution<double>(0, 1): u1, u2 uniform doubles, r = sqrt(-2 log(1 - u2)),
 * θ = 2π u1; returns r cos θ and caches r sin θ on the generator for the next call.
 */
function normalDouble(gen: Generator): number {
  const cached = gen.nextDoubleNormalSample;
  if (cached !== null) {
    gen.nextDoubleNormalSample = null;
    return cached;
  }
  const u1 = gen.randomDouble();
  const u2 = gen.randomDouble();
  const r = Math.sqrt(-2 * Math.log(1 - u2));
  const theta = 2 * Math.PI * u1;
  gen.nextDoubleNormalSample = r * Math.sin(theta);
  return r * Math.cos(theta);
}

const TWO_PI_F = Math.fround(2 * Math.PI);

/**
 * normal_fill_16_AVX2 lane by lane, in float32: radius = sqrt(-2 log256_ps(1 - u1)),
 * θ = 2π u2, out = fma(radius cos θ, std, mean) and fma(radius sin θ, std, mean).
 */
function normalFill16(data: Float32Array, at: number, mean: number, std: number): void {
  for (let j = at; j < at + 8; j++) {
    const u1 = Math.fround(1 - data[j]);
    const u2 = data[j + 8];
    const radius = Math.fround(Math.sqrt(Math.fround(-2 * logf(u1))));
    const theta = Math.fround(TWO_PI_F * u2);
    sincosf(theta);
    data[j] = fmaf(Math.fround(radius * sincosCos), std, mean);
    data[j + 8] = fmaf(Math.fround(radius * sincosSin), std, mean);
  }
}

// log256_ps and sincos256_ps below step through avx_mathfun.h's float32 operations in order. Each
// fmaf marks a product whose only use is an add, which GCC fuses in the -mfma build; products
// with several uses (z = x * x) stay rounded on their own.

// Cephes constants of avx_mathfun.h, rounded to float32 as its _PS256_CONST tables are.
const LOG_P0 = Math.fround(7.0376836292e-2);
const LOG_P1 = Math.fround(-1.151461031e-1);
const LOG_P2 = Math.fround(1.167699874e-1);
const LOG_P3 = Math.fround(-1.2420140846e-1);
const LOG_P4 = Math.fround(1.4249322787e-1);
const LOG_P5 = Math.fround(-1.6668057665e-1);
const LOG_P6 = Math.fround(2.0000714765e-1);
const LOG_P7 = Math.fround(-2.4999993993e-1);
const LOG_P8 = Math.fround(3.3333331174e-1);
const LOG_Q1 = Math.fround(-2.12194440e-4);
const LOG_Q2 = Math.fround(0.693359375);
const SQRTHF = Math.fround(0.707106781186547524);

const bitsF32 = new Float32Array(1);
const bitsU32 = new Uint32Array(bitsF32.buffer);

/**
 * log256_ps (avx_mathfun.h, after Cephes logf) on one float32 lane: x = m 2^e with m in
 * [0.5, 1), shifted to [sqrt(1/2), sqrt 2); log x = e log 2 + a degree-9 polynomial in m - 1,
 * log 2 split in q2 + q1 for extra precision. Here x = 1 - u >= 2^-24, so the clamp of
 * subnormals and the NaN mask for x <= 0 never apply.
 */
function logf(x: number): number {
  bitsF32[0] = x;
  const bits = bitsU32[0];
  let e = Math.fround((bits >>> 23) - 0x7f + 1);
  bitsU32[0] = (bits & ~0x7f800000) | 0x3f000000; // keep the mantissa, exponent of 0.5
  let m = bitsF32[0];
  if (m < SQRTHF) {
    e = Math.fround(e - 1);
    m = Math.fround(Math.fround(m - 1) + m);
  } else {
    m = Math.fround(m - 1);
  }
  const z = Math.fround(m * m);
  let y = LOG_P0;
  y = fmaf(y, m, LOG_P1);
  y = fmaf(y, m, LOG_P2);
  y = fmaf(y, m, LOG_P3);
  y = fmaf(y, m, LOG_P4);
  y = fmaf(y, m, LOG_P5);
  y = fmaf(y, m, LOG_P6);
  y = fmaf(y, m, LOG_P7);
  y = fmaf(y, m, LOG_P8);
  y = Math.fround(y * m);
  y = fmaf(y, z, Math.fround(e * LOG_Q1));
  y = fmaf(-z, 0.5, y);
  return fmaf(e, LOG_Q2, Math.fround(m + y));
}

const FOPI = Math.fround(1.27323954473516); // 4 / π
const DP1 = Math.fround(-0.78515625); // -π/4 in three parts
const DP2 = Math.fround(-2.4187564849853515625e-4);
const DP3 = Math.fround(-3.77489497744594108e-8);
const SIN_P0 = Math.fround(-1.9515295891e-4);
const SIN_P1 = Math.fround(8.3321608736e-3);
const SIN_P2 = Math.fround(-1.6666654611e-1);
const COS_P0 = Math.fround(2.443315711809948e-5);
const COS_P1 = Math.fround(-1.388731625493765e-3);
const COS_P2 = Math.fround(4.166664568298827e-2);

let sincosSin = 0;
let sincosCos = 0;

/**
 * sincos256_ps (avx_mathfun.h, after Cephes sinf/cosf) on one float32 lane x >= 0: j = the
 * octant rounded up to even, x reduced by j π/4 in three parts, then the sine and cosine
 * polynomials swapped and signed by j. Results in sincosSin and sincosCos.
 */
function sincosf(x: number): void {
  let j = Math.trunc(Math.fround(x * FOPI));
  j = (j + 1) & ~1;
  const y = j; // exact: j < 2^24
  x = fmaf(y, DP3, fmaf(y, DP2, fmaf(y, DP1, x)));
  const z = Math.fround(x * x);
  let c = COS_P0;
  c = fmaf(c, z, COS_P1);
  c = fmaf(c, z, COS_P2);
  c = Math.fround(c * z);
  c = fmaf(c, z, -Math.fround(z * 0.5));
  c = Math.fround(c + 1);
  let s = SIN_P0;
  s = fmaf(s, z, SIN_P1);
  s = fmaf(s, z, SIN_P2);
  s = Math.fround(s * z);
  s = fmaf(s, x, x);
  const sinPoly = (j & 2) === 0; // the octant pair where sin uses the sine polynomial
  const sinValue = sinPoly ? s : c;
  const cosValue = sinPoly ? c : s;
  sincosSin = j & 4 ? -sinValue : sinValue; // sin(x + π) = -sin x
  sincosCos = (j - 2) & 4 ? cosValue : -cosValue;
}

// ------------------------------------------------------------------------------------------------
// bernoulli_, random_(from, to), randperm

/**
 * tensor.bernoulli_(p) for a scalar p: out = uniform double < p, one at::bernoulli_distribution
 * <double> draw (two words) per element. This is the non-MKL kernel (bernoulli_scalar_kernel_default),
 * the one Debian's and other MKL-free builds run; builds with MKL draw from MKL's own MCG31 streams.
 */
export function fillBernoulli(gen: Generator, out: Float32Array, p: number): Float32Array {
  if (!(p >= 0 && p <= 1)) throw new Error(`bernoulli_ expects p to be in [0, 1], but got p=${p}`);
  for (let i = 0; i < out.length; i++) out[i] = gen.randomDouble() < p ? 1 : 0;
  return out;
}

/**
 * torch.randint(low, high, size) (random_from_to_kernel with uniform_int_from_to_distribution):
 * out = low + draw mod (high - low), where draw is random() for a range below 2^32 and
 * random64() from 2^32 on. Float32 holds the integers exactly up to 2^24.
 */
export function fillRandint(gen: Generator, out: Float32Array, low: number, high: number): Float32Array {
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
    throw new Error(`randint expects integer bounds, but got low=${low} and high=${high}`);
  }
  if (low >= high) throw new Error(`random_ expects 'from' to be less than 'to', but got from=${low} >= to=${high}`);
  const range = high - low;
  if (range > Number.MAX_SAFE_INTEGER) {
    throw new Error(`randint expects high - low below 2^53, but got low=${low} and high=${high}`);
  }
  if (range < TWO_POW_32) {
    for (let i = 0; i < out.length; i++) out[i] = low + (gen.random() % range);
    return out;
  }
  for (let i = 0; i < out.length; i++) {
    const hi = gen.random();
    const lo = gen.random();
    out[i] = low + mod64(hi, lo, range);
  }
  return out;
}

/** (hi 2^32 + lo) mod r for 2^32 <= r < 2^53 without BigInt: hi doubled 32 times mod r, then + lo. */
function mod64(hi: number, lo: number, r: number): number {
  let a = hi; // hi < 2^32 <= r
  for (let k = 0; k < 32; k++) {
    a *= 2; // exact: a < 2^54 and even
    if (a >= r) a -= r;
  }
  const gap = r - lo; // lo < r, so a + lo < 2r: one subtraction reduces it
  return a >= gap ? a - gap : a + lo;
}

/**
 * torch.randperm(n) (randperm_cpu): start from 0..n-1 and for i = 0..n-2 swap slot i with
 * slot i + random() mod (n - i), a forward Fisher–Yates shuffle of n - 1 draws.
 */
export function randperm(gen: Generator, n: number): Int32Array {
  if (!Number.isInteger(n) || n < 0 || n > 0x7fffffff) {
    throw new Error(`randperm expects n to be a non-negative integer below 2^31, but got n=${n}`);
  }
  const perm = new Int32Array(n); // (n,)
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < n - 1; i++) {
    const z = i + (gen.random() % (n - i));
    const saved = perm[i];
    perm[i] = perm[z];
    perm[z] = saved;
  }
  return perm;
}
