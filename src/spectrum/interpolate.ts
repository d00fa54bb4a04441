/**
 * Resampling of a spectrum onto another energy grid (e.g. a model's training grid), with explicit
 * behaviour outside the data.
 */
import { InputError } from '../errors.ts';
import { checkSpectrum, toFloat64, type NumericArray } from './validate.ts';

/** Interpolation schemes: piecewise linear, natural cubic spline, Akima (1970) spline. */
export type InterpolationMethod = 'linear' | 'cubic' | 'akima';

/**
 * What to do with target points outside the data: `throw` an `InputError`, `clamp` to the end
 * values, or `extrapolate` linearly along the first/last segment.
 */
export type OutsideBehaviour = 'throw' | 'clamp' | 'extrapolate';

/** Options of `interpolate`. */
export interface InterpolateOptions {
  method?: InterpolationMethod;
  outside?: OutsideBehaviour;
  /** Target points within this many units of the data ends count as inside (rounding). */
  toleranceEv?: number;
}

/** Defaults of `interpolate`, written once. */
export const INTERPOLATE_DEFAULTS = Object.freeze({
  method: 'linear' as InterpolationMethod,
  outside: 'throw' as OutsideBehaviour,
  toleranceEv: 1e-6,
});

/** How much of a target grid lies outside the data. */
export interface OutsideReport {
  /** Target points below the first data point. */
  below: number;
  /** Target points above the last data point. */
  above: number;
  /** (below + above) / number of target points (0 for an empty target). */
  fraction: number;
}

/**
 * Count the target points outside `[xFrom[0], xFrom[last]]` (± `toleranceEv`).
 *
 * @example
 * outsideOfData([0, 1, 2], [-1, 0.5, 1.5, 3, 4]) // { below: 1, above: 2, fraction: 0.6 }
 */
export function outsideOfData(xFrom: NumericArray, xTo: NumericArray, toleranceEv: number = INTERPOLATE_DEFAULTS.toleranceEv): OutsideReport {
  const xf = toFloat64(xFrom, 'xFrom');
  const xt = toFloat64(xTo, 'xTo');
  if (xf.length === 0) throw new InputError('xFrom is empty');
  const lo = xf[0] - toleranceEv;
  const hi = xf[xf.length - 1] + toleranceEv;
  let below = 0, above = 0;
  for (const x of xt) {
    if (x < lo) below++;
    else if (x > hi) above++;
  }
  return { below, above, fraction: xt.length ? (below + above) / xt.length : 0 };
}

/** Index j with x[j] <= v < x[j+1], clamped to [0, n−2]. */
function segment(x: Float64Array, v: number): number {
  let lo = 0;
  let hi = x.length - 2;
  if (v <= x[0]) return 0;
  if (v >= x[hi]) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (x[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Second derivatives of the natural cubic spline (Thomas algorithm). */
function naturalSplineM(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const mm = new Float64Array(n);
  const c = new Float64Array(n);
  const d = new Float64Array(n);
  for (let i = 1; i < n - 1; i++) {
    const h0 = x[i] - x[i - 1];
    const h1 = x[i + 1] - x[i];
    const a = h0 / 6;
    const b = (h0 + h1) / 3;
    const cc = h1 / 6;
    const r = (y[i + 1] - y[i]) / h1 - (y[i] - y[i - 1]) / h0;
    const denom = b - a * c[i - 1];
    c[i] = cc / denom;
    d[i] = (r - a * d[i - 1]) / denom;
  }
  for (let i = n - 2; i >= 1; i--) mm[i] = d[i] - c[i] * mm[i + 1];
  return mm;
}

/** Akima node slopes. */
function akimaSlopes(x: Float64Array, y: Float64Array): Float64Array {
  const n = x.length;
  const m = new Float64Array(n + 3); // m[k+2] = slope of segment k, k = −2 … n
  for (let k = 0; k < n - 1; k++) m[k + 2] = (y[k + 1] - y[k]) / (x[k + 1] - x[k]);
  m[1] = 2 * m[2] - m[3];
  m[0] = 3 * m[2] - 2 * m[3];
  m[n + 1] = 2 * m[n] - m[n - 1];
  m[n + 2] = 3 * m[n] - 2 * m[n - 1];
  const t = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const w1 = Math.abs(m[i + 3] - m[i + 2]);
    const w2 = Math.abs(m[i + 1] - m[i]);
    t[i] = w1 + w2 > 1e-300 ? (w1 * m[i + 1] + w2 * m[i + 2]) / (w1 + w2) : 0.5 * (m[i + 1] + m[i + 2]);
  }
  return t;
}

/**
 * Values of y(x) at `xTo`. Default: linear, throwing when a target point is outside the data.
 *
 * @example
 * interpolate([0, 1, 2], [0, 10, 20], [0.5, 1.5])                       // Float64Array [5, 15]
 * interpolate([0, 1, 2], [0, 10, 20], [3], { outside: 'extrapolate' })  // Float64Array [30]
 * interpolate(e, mu, grid, { method: 'akima', outside: 'clamp' })
 */
export function interpolate(xFrom: NumericArray, yFrom: NumericArray, xTo: NumericArray, opts: InterpolateOptions = {}): Float64Array {
  const method = opts.method ?? INTERPOLATE_DEFAULTS.method;
  const outside = opts.outside ?? INTERPOLATE_DEFAULTS.outside;
  const tol = opts.toleranceEv ?? INTERPOLATE_DEFAULTS.toleranceEv;
  if (!['linear', 'cubic', 'akima'].includes(method)) throw new InputError(`interpolate: unknown method ${JSON.stringify(method)}; expected "linear", "cubic" or "akima"`);
  if (!['throw', 'clamp', 'extrapolate'].includes(outside)) throw new InputError(`interpolate: unknown outside behaviour ${JSON.stringify(outside)}; expected "throw", "clamp" or "extrapolate"`);
  let x: Float64Array, y: Float64Array;
  try {
    ({ energyEv: x, mu: y } = checkSpectrum(xFrom, yFrom, 2));
  } catch (err) {
    throw new InputError(`interpolate: ${(err as Error).message.replace(/energyEv/g, 'xFrom').replace(/\bmu\b/g, 'yFrom')}`);
  }
  const xt = toFloat64(xTo, 'xTo');
  const n = x.length;
  const xMin = x[0];
  const xMax = x[n - 1];
  if (outside === 'throw') {
    const rep = outsideOfData(x, xt, tol);
    if (rep.below + rep.above > 0) {
      throw new InputError(
        `interpolate: ${rep.below + rep.above} of ${xt.length} target points lie outside the data (${xMin}–${xMax}): ${rep.below} below, ${rep.above} above; pass outside: "clamp" or "extrapolate" to allow it`,
        { ...rep },
      );
    }
  }
  const useMethod = n < 3 ? 'linear' : method;
  const spline = useMethod === 'cubic' ? naturalSplineM(x, y) : undefined;
  const akima = useMethod === 'akima' ? akimaSlopes(x, y) : undefined;
  const out = new Float64Array(xt.length);
  for (let k = 0; k < xt.length; k++) {
    let v = xt[k];
    if (v < xMin || v > xMax) {
      if (outside === 'extrapolate') {
        const j = v < xMin ? 0 : n - 2;
        out[k] = y[j] + ((y[j + 1] - y[j]) / (x[j + 1] - x[j])) * (v - x[j]);
        continue;
      }
      v = v < xMin ? xMin : xMax; // clamp (or within tolerance when throwing)
    }
    const j = segment(x, v);
    const h = x[j + 1] - x[j];
    const t = (v - x[j]) / h;
    if (spline) {
      const a = 1 - t;
      out[k] = a * y[j] + t * y[j + 1] + ((a * a * a - a) * spline[j] + (t * t * t - t) * spline[j + 1]) * (h * h) / 6;
    } else if (akima) {
      const t2 = t * t;
      const t3 = t2 * t;
      out[k] = (2 * t3 - 3 * t2 + 1) * y[j] + (t3 - 2 * t2 + t) * h * akima[j] + (-2 * t3 + 3 * t2) * y[j + 1] + (t3 - t2) * h * akima[j + 1];
    } else {
      out[k] = y[j] + (y[j + 1] - y[j]) * t;
    }
  }
  return out;
}

