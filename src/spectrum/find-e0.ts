/**
 * E0, the edge energy, as the maximum of the (smoothed) first derivative of μ(E) — larch
 * `find_e0` semantics, plus a check that the candidate is a sustained rise and not a glitch.
 *
 * Steps (larch 0.9.7x `find_e0` / `_finde0`):
 * 1. raw dμ/dE; ignore `max(3, 2 %)` of the points at each end (end glitches);
 * 2. candidates are local maxima of dμ/dE whose two neighbours are also high (a one-point spike
 *    has a rising and a falling side, so its neighbours are not both high);
 * 3. each candidate, best first, must be a sustained rise: the median μ over `riseWindowEv` after it
 *    exceeds the median over `riseWindowEv` before it by `minRiseFraction` of the μ range (xasinv
 *    addition; larch relies on step 2 only);
 * 4. refine within ±75 points with dμ/dE smoothed by a Lorentzian of half width
 *    `estep = ½·(clamp(grid step) + clamp(E0/25000))` eV (larch), and repeat 2–3.
 * E0 is a grid energy (as in larch).
 */
import { InputError } from '../errors.ts';
import { median, quantileSorted } from '../stats/index.ts';
import { derivative } from './derivative.ts';
import { energyStepEv } from './grid.ts';
import { lorentzianBroaden } from './broaden.ts';
import { checkSpectrum, type NumericArray } from './validate.ts';

/** Options of `findE0`. */
export interface FindE0Options {
  /** Fraction of the points ignored at each end. */
  endFraction?: number;
  /** Minimum number of points ignored at each end. */
  minEndPoints?: number;
  /** Half-width (eV) of the window before/after a candidate used by the sustained-rise check. */
  riseWindowEv?: number;
  /** Required rise across a candidate, as a fraction of the robust μ range (5th–95th percentile). */
  minRiseFraction?: number;
  /** Lorentzian half width (eV) for the smoothed pass; default: larch's `estep` rule. */
  smoothingHwhmEv?: number;
  /** Points kept on each side of the first-pass E0 for the smoothed pass. */
  refineWindowPoints?: number;
}

/** Defaults of `findE0`, written once. */
export const FIND_E0_DEFAULTS = Object.freeze({
  endFraction: 0.02,
  minEndPoints: 3,
  riseWindowEv: 10,
  minRiseFraction: 0.1,
  refineWindowPoints: 75,
});

/** Result of `findE0`. */
export interface FindE0Result {
  /** Edge energy (eV), a grid energy. */
  e0Ev: number;
  /** Index of E0 in the energy array. */
  index: number;
  /** Smoothed dμ/dE at E0 (μ units per eV). */
  derivativeMax: number;
  /** Lorentzian half width used for the smoothed pass (eV). */
  smoothingHwhmEv: number;
  /** median μ(after) − median μ(before) across E0 as a fraction of the μ range (≥ `minRiseFraction` unless `sustained` is false). */
  riseFraction: number;
  /** False when no candidate passed the sustained-rise check (E0 is then the plain derivative maximum). */
  sustained: boolean;
  /** Candidates rejected as glitches before E0 was accepted (both passes). */
  rejected: number[];
}

interface Pick {
  index: number;
  rise: number;
  sustained: boolean;
  rejected: number[];
}

/** Steps 2–3 on dmu over [lo, hi] (inclusive, global indices). */
function pick(e: Float64Array, mu: Float64Array, dmu: Float64Array, lo: number, hi: number, spread: number, o: Required<Omit<FindE0Options, 'smoothingHwhmEv'>>, neighbourFraction: number): Pick | undefined {
  const cands: number[] = [];
  for (let i = Math.max(lo, 1); i <= Math.min(hi, e.length - 2); i++) {
    const d = dmu[i];
    if (!(d > 0) || d < dmu[i - 1] || d < dmu[i + 1]) continue;
    if (dmu[i - 1] < neighbourFraction * d || dmu[i + 1] < neighbourFraction * d) continue;
    cands.push(i);
  }
  if (cands.length === 0) return undefined;
  cands.sort((a, b) => dmu[b] - dmu[a]);
  const rejected: number[] = [];
  for (const i of cands) {
    const rise = riseAt(e, mu, i, o.riseWindowEv) / spread;
    if (rise >= o.minRiseFraction) return { index: i, rise, sustained: true, rejected };
    rejected.push(e[i]);
  }
  const i = cands[0];
  return { index: i, rise: riseAt(e, mu, i, o.riseWindowEv) / spread, sustained: false, rejected };
}

/** Median μ over (E, E + w] minus median μ over [E − w, E): a few glitch points cannot move it. */
function riseAt(e: Float64Array, mu: Float64Array, i: number, windowEv: number): number {
  const before: number[] = [];
  const after: number[] = [];
  for (let j = i - 1; j >= 0 && e[j] >= e[i] - windowEv; j--) before.push(mu[j]);
  for (let j = i + 1; j < e.length && e[j] <= e[i] + windowEv; j++) after.push(mu[j]);
  if (before.length === 0 || after.length === 0) return -Infinity;
  return median(after) - median(before);
}

/**
 * Find E0 = the maximum of the smoothed dμ/dE, robust to glitches (see module comment).
 *
 * @example
 * const { e0Ev, index } = findE0(energyEv, mu); // Cu foil: e0Ev ≈ 8979
 */
export function findE0(energyEv: NumericArray, mu: NumericArray, opts: FindE0Options = {}): FindE0Result {
  const { energyEv: e, mu: m } = checkSpectrum(energyEv, mu, 7);
  const o = { ...FIND_E0_DEFAULTS, ...stripUndefined(opts) };
  const n = e.length;
  const nEnd = Math.max(o.minEndPoints, Math.floor(n * o.endFraction));
  if (n - 2 * nEnd < 3) throw new InputError(`findE0: ${n} points leave fewer than 3 after ignoring ${nEnd} at each end`);
  const lo = nEnd;
  const hi = n - 1 - nEnd;
  const inner = Float64Array.from(m.subarray(lo, hi + 1)).sort();
  const spread = quantileSorted(inner, 0.95) - quantileSorted(inner, 0.05);
  if (!(spread > 0)) throw new InputError('findE0: μ is constant over the data; there is no edge to find');

  // Pass 1: raw derivative.
  const dmu = derivative(e, m);
  const p1 = pick(e, m, dmu, lo, hi, spread, o, 0.25);
  if (!p1) throw new InputError('findE0: μ never rises; there is no edge to find (is μ inverted, e.g. raw I1?)');

  // Pass 2: smoothed derivative around the first estimate.
  const e1 = e[p1.index];
  const hwhm = opts.smoothingHwhmEv ?? 0.5 * (clamp(energyStepEv(e), 0.01, 1) + clamp(e1 / 25000, 0.01, 1));
  if (!(hwhm > 0)) throw new InputError(`findE0: smoothingHwhmEv is ${hwhm}; expected a positive number`);
  const w0 = Math.max(0, p1.index - o.refineWindowPoints - 10);
  const w1 = Math.min(n - 1, p1.index + o.refineWindowPoints + 10);
  const dSmooth = new Float64Array(n);
  dSmooth.set(lorentzianBroaden(e.subarray(w0, w1 + 1), dmu.subarray(w0, w1 + 1), 2 * hwhm), w0);
  const p2 = pick(e, m, dSmooth, Math.max(lo, p1.index - o.refineWindowPoints), Math.min(hi, p1.index + o.refineWindowPoints), spread, o, 0.25);
  const best = p2 && (p2.sustained || !p1.sustained) ? p2 : p1;
  return {
    e0Ev: e[best.index],
    index: best.index,
    derivativeMax: dSmooth[best.index],
    smoothingHwhmEv: hwhm,
    riseFraction: best.rise,
    sustained: best.sustained,
    rejected: [...p1.rejected, ...(p2?.rejected ?? [])],
  };
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
