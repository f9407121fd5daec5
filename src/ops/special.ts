// Special functions in float64: erfinv, which nn.init.trunc_normal_ needs and JavaScript lacks.

// M. J. Wichura, "Algorithm AS 241: The percentage points of the normal distribution", Applied
// Statistics 37 (1988) 477–484 (PPND16): the normal quantile Φ⁻¹(p) as a ratio of degree-7
// polynomials in each of three regions, accurate to about 1 part in 10^16. erfinv y = Φ⁻¹(p)/√2
// with p = (1 + y)/2; the code works from y itself, so p - 1/2 = y/2 and min(p, 1 - p) =
// (1 - |y|)/2 are exact (Sterbenz: 1 - |y| is exact for |y| >= 1/2) and no accuracy is lost
// near 0 or ±1. Coefficients lowest order first; the denominators' constant term is 1.
const A = [
  3.3871328727963666080, 1.3314166789178437745e2, 1.9715909503065514427e3, 1.3731693765509461125e4,
  4.5921953931549871457e4, 6.7265770927008700853e4, 3.3430575583588128105e4, 2.5090809287301226727e3,
];
const B = [
  1, 4.2313330701600911252e1, 6.8718700749205790830e2, 5.3941960214247511077e3,
  2.1213794301586595867e4, 3.9307895800092710610e4, 2.8729085735721942674e4, 5.2264952788528545610e3,
];
const C = [
  1.42343711074968357734, 4.63033784615654529590, 5.76949722146069140550, 3.64784832476320460504,
  1.27045825245236838258, 2.41780725177450611770e-1, 2.27238449892691845833e-2, 7.74545014278341407640e-4,
];
const D = [
  1, 2.05319162663775882187, 1.67638483018380384940, 6.89767334985100004550e-1,
  1.48103976427480074590e-1, 1.51986665636164571966e-2, 5.47593808499534494600e-4, 1.05075007164441684324e-9,
];
const E = [
  6.65790464350110377720, 5.46378491116411436990, 1.78482653991729133580, 2.96560571828504891230e-1,
  2.65321895265761230930e-2, 1.24266094738807843860e-3, 2.71155556874348757815e-5, 2.01033439929228813265e-7,
];
const F = [
  1, 5.99832206555887937690e-1, 1.36929880922735805310e-1, 1.48753612908506148525e-2,
  7.86869131145613259100e-4, 1.84631831751005468180e-5, 1.42151175831644588870e-7, 2.04426310338993978564e-15,
];

/** c[0] + c[1] x + … + c[7] x⁷ by Horner's rule. */
function poly(c: readonly number[], x: number): number {
  let v = c[7];
  for (let i = 6; i >= 0; i--) v = v * x + c[i];
  return v;
}

/** The inverse error function: erf(erfinv y) = y for y in [-1, 1], ±Infinity at ±1, NaN outside. */
export function erfinv(y: number): number {
  const ay = Math.abs(y);
  if (!(ay <= 1)) return NaN;
  if (ay === 1) return y * Infinity;
  const q = 0.5 * y; // p - 1/2
  if (ay <= 0.85) {
    const r = 0.180625 - q * q;
    return ((q * poly(A, r)) / poly(B, r)) * Math.SQRT1_2;
  }
  const r = Math.sqrt(-Math.log(0.5 * (1 - ay))); // √(-log min(p, 1 - p))
  const x = r <= 5 ? poly(C, r - 1.6) / poly(D, r - 1.6) : poly(E, r - 5) / poly(F, r - 5);
  return (y < 0 ? -x : x) * Math.SQRT1_2;
}
