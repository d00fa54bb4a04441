/** Synthetic spectra built inline for the spectrum tests (no files). */

export { seededRandom } from '../helpers/seeded-random.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

export interface SyntheticEdge {
  energyEv: Float64Array;
  mu: Float64Array;
  e0Ev: number;
  step: number;
  preSlope: number;
  preIntercept: number;
}

/**
 * Arctan step (half width `edgeWidthEv`) of height `step` at `e0Ev`, a Gaussian white line 8 eV
 * above it, on a sloping linear pre-edge; non-uniform grid like a real XAFS scan (5 eV steps in
 * the pre-edge, 0.25 eV across the edge, 1 eV beyond), optional seeded noise.
 */
export function syntheticEdge({ e0Ev = 7112, step = 1.3, preSlope = -4e-4, preOffset = 0.8, edgeWidthEv = 0.5, whiteLine = 0.6, noise = 0, seed = 1 } = {}): SyntheticEdge {
  const e: number[] = [];
  for (let x = e0Ev - 200; x < e0Ev - 20; x += 5) e.push(x);
  for (let x = e0Ev - 20; x < e0Ev + 40; x += 0.25) e.push(x);
  for (let x = e0Ev + 40; x <= e0Ev + 600 + 1e-9; x += 1) e.push(x);
  const rnd = seededRandom(seed);
  const energyEv = Float64Array.from(e);
  const mu = Float64Array.from(energyEv, (x) => {
    const pre = preOffset + preSlope * (x - e0Ev);
    const edge = step * (0.5 + Math.atan((x - e0Ev) / edgeWidthEv) / Math.PI);
    const wl = whiteLine * Math.exp(-0.5 * ((x - e0Ev - 8) / 3) ** 2);
    return pre + edge + wl + noise * (rnd() - 0.5);
  });
  return { energyEv, mu, e0Ev, step, preSlope, preIntercept: preOffset - preSlope * e0Ev };
}

/** Trapezoid integral. */
export function trapz(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 1; i < x.length; i++) s += 0.5 * (y[i] + y[i - 1]) * (x[i] - x[i - 1]);
  return s;
}

/** Full width at half maximum of a single peak, by linear interpolation of the half crossings. */
export function fwhm(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let iMax = 0;
  for (let i = 1; i < y.length; i++) if (y[i] > y[iMax]) iMax = i;
  const half = y[iMax] / 2;
  let l = iMax;
  while (l > 0 && y[l] > half) l--;
  let r = iMax;
  while (r < y.length - 1 && y[r] > half) r++;
  const xl = x[l] + ((half - y[l]) / (y[l + 1] - y[l])) * (x[l + 1] - x[l]);
  const xr = x[r - 1] + ((half - y[r - 1]) / (y[r] - y[r - 1])) * (x[r] - x[r - 1]);
  return xr - xl;
}
