/**
 * Convolution of a spectrum with a normalised line shape on any (non-uniform) grid.
 *
 * Design (2025, for xasinv): μ(E) is taken as piecewise linear between the points and constant
 * beyond the ends (padded with the first/last value), and the kernel is integrated *exactly* over
 * every segment with its cumulative distribution C and first moment M. Consequences, each tested:
 * - the weights of every output point sum to exactly 1, so a flat normalised post-edge stays at 1
 *   up to the last point (no droop at the ends);
 * - the area of a peak well inside the grid is preserved;
 * - the result does not depend on how finely the kernel is sampled (no kernel sampling at all),
 *   so a grid step comparable to the width (FDMNES 1/3 eV vs a 1.25 eV core hole) is fine.
 * The width may change from one output energy to the next (FDMNES arctangent model).
 * Cost O(N²) for the Lorentzian (its tails are long), O(N·window) for the Gaussian.
 */
import { erf, erfc } from './special-functions.ts';

/** A normalised symmetric line shape, given by its integrals. */
export interface LineShape {
  /** ∫_{−∞}^{u} K(t) dt. */
  cdf(u: number): number;
  /** An antiderivative of u·K(u) (only differences are used). */
  moment(u: number): number;
  /** |u| beyond which K is negligible (≤ 1e-17 of its mass); `Infinity` for long tails. */
  support: number;
}

const SQRT2 = Math.SQRT2;
const SQRT_2PI = Math.sqrt(2 * Math.PI); // 2.5066282746310002
/** FWHM = 2·√(2 ln 2)·σ for a Gaussian. */
export const GAUSSIAN_FWHM_PER_SIGMA = 2 * Math.sqrt(2 * Math.LN2); // 2.3548200450309493

/**
 * Gaussian of full width at half maximum `fwhmEv`.
 * @example gaussianShape(1).cdf(0) // 0.5
 */
export function gaussianShape(fwhmEv: number): LineShape {
  const sigma = fwhmEv / GAUSSIAN_FWHM_PER_SIGMA;
  return {
    cdf: (u) => (u < 0 ? 0.5 * erfc(-u / (sigma * SQRT2)) : 0.5 + 0.5 * erf(u / (sigma * SQRT2))),
    moment: (u) => (-sigma * Math.exp((-0.5 * u * u) / (sigma * sigma))) / SQRT_2PI,
    support: 9 * sigma,
  };
}

/**
 * Lorentzian (Cauchy) of full width at half maximum `fwhmEv`.
 * @example lorentzianShape(2).cdf(1) // 0.75
 */
export function lorentzianShape(fwhmEv: number): LineShape {
  const gamma = fwhmEv / 2;
  return {
    cdf: (u) => 0.5 + Math.atan(u / gamma) / Math.PI,
    moment: (u) => (gamma / (2 * Math.PI)) * Math.log(u * u + gamma * gamma),
    support: Infinity,
  };
}

/**
 * The weights of output point `i` over the data points: `row[j]` is the share of y[j] in the
 * convolved value at x[i] (piecewise-linear μ, constant beyond the ends, kernel integrated exactly).
 * `row` must be zero on entry; the weights written sum to 1. Returns the touched range [jLo, jHi].
 */
function lineShapeRow(x: Float64Array, i: number, shape: LineShape, c: Float64Array, m: Float64Array, row: Float64Array): [number, number] {
  const n = x.length;
  const xi = x[i];
  // Segments [x_j, x_j+1] that can matter: inside the kernel support.
  let jLo = 0;
  let jHi = n - 1;
  if (Number.isFinite(shape.support)) {
    while (jLo < n - 1 && x[jLo + 1] - xi < -shape.support) jLo++;
    while (jHi > 0 && x[jHi - 1] - xi > shape.support) jHi--;
  }
  for (let j = jLo; j <= jHi; j++) {
    c[j] = shape.cdf(x[j] - xi);
    m[j] = shape.moment(x[j] - xi);
  }
  // Weight left of x[jLo] (and right of x[jHi]) goes to the nearest data value: beyond the ends
  // this is the constant padding; beyond a finite support it is ≤ 1e-17 of the mass anyway.
  row[jLo] += c[jLo];
  row[jHi] += 1 - c[jHi];
  for (let j = jLo; j < jHi; j++) {
    const a = x[j] - xi;
    const h = x[j + 1] - x[j];
    const p = c[j + 1] - c[j];
    const wRight = (m[j + 1] - m[j] - a * p) / h;
    row[j] += p - wRight;
    row[j + 1] += wRight;
  }
  return [jLo, jHi];
}

/**
 * Convolve (x, y) with `shapeAt(i)` centred on every output point `x[i]`.
 * Inputs must already be validated (finite, strictly increasing `x`, same length).
 */
export function convolveLineShape(x: Float64Array, y: Float64Array, shapeAt: (i: number) => LineShape): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  if (n === 1) {
    out[0] = y[0];
    return out;
  }
  const c = new Float64Array(n);
  const m = new Float64Array(n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [jLo, jHi] = lineShapeRow(x, i, shapeAt(i), c, m, row);
    let acc = 0;
    for (let j = jLo; j <= jHi; j++) {
      acc += row[j] * y[j];
      row[j] = 0;
    }
    out[i] = acc;
  }
  return out;
}

/**
 * The convolution as a dense matrix (row-major n × n, row i = weights of output point x[i]), for
 * applying one broadening to many spectra on the same grid: `convolveLineShape(x, y, shapeAt)`
 * equals W·y. Each row sums to 1.
 *
 * @example
 * const w = convolutionMatrix(grid, (i) => lorentzianShape(1 + 0.05 * Math.max(0, grid[i])));
 */
export function convolutionMatrix(x: Float64Array, shapeAt: (i: number) => LineShape): Float64Array {
  return convolutionRows(x, shapeAt, 0, x.length);
}

/**
 * Rows `from` … `to − 1` of {@link convolutionMatrix}, as a (to − from) × n matrix: the same numbers,
 * for a caller that needs only the outputs at some points (each row costs n line-shape integrals).
 *
 * @example
 * const rows = convolutionRows(grid, (i) => lorentzianShape(1), 10, 20); // rows 10…19
 */
export function convolutionRows(x: Float64Array, shapeAt: (i: number) => LineShape, from: number, to: number): Float64Array {
  const n = x.length;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from <= to && to <= n)) throw new RangeError(`rows ${from}…${to} are not within 0…${n}`);
  const w = new Float64Array((to - from) * n);
  if (n === 1) {
    if (to > from) w[0] = 1;
    return w;
  }
  const c = new Float64Array(n);
  const m = new Float64Array(n);
  for (let i = from; i < to; i++) lineShapeRow(x, i, shapeAt(i), c, m, w.subarray((i - from) * n, (i - from + 1) * n));
  return w;
}
