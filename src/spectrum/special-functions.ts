/**
 * erf / erfc to ~1e-15 relative accuracy (JavaScript has no `Math.erf`), for Gaussian kernels.
 *
 * |x| < 2.5: the all-positive series erf x = 2/√π·e^{−x²}·Σ (2x²)^n·x / (1·3·…·(2n+1))
 * (no cancellation); x ≥ 2.5: the Laplace continued fraction for erfc, evaluated backwards.
 */

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI); // 1.1283791670955126
const ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI); // 0.5641895835477563

function erfSeries(xSigned: number): number {
  const x = Math.abs(xSigned);
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return Math.sign(xSigned) * TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
}

function erfcContinuedFraction(x: number): number {
  // erfc x = e^{−x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
  let f = x;
  for (let k = 60; k >= 1; k--) f = x + k / 2 / f;
  return (ONE_OVER_SQRT_PI * Math.exp(-x * x)) / f;
}

/**
 * Error function.
 * @example erf(1) // 0.8427007929497149
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < 2.5) return erfSeries(x);
  const v = 1 - erfcContinuedFraction(ax);
  return x < 0 ? -v : v;
}

/**
 * Complementary error function 1 − erf x, accurate in the far right tail.
 * @example erfc(3) // 2.209049699858544e-5
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x >= 2.5) return erfcContinuedFraction(x);
  if (x <= -2.5) return 2 - erfcContinuedFraction(-x);
  return 1 - erfSeries(x);
}
