/**
 * @module screen/agreement
 * How close a placed theory spectrum is to a measured one, as CuXASNet reports it: mean absolute
 * error of normalised μ, Spearman ρ and Pearson r, on a common grid relative to the measured E0.
 *
 * The theory sits on its predictor's edge-relative grid; `placement` says where that grid falls on
 * the measured energy axis (E = anchor + stretch·E_rel + shift, alignment.ts). The compared points
 * are the window (relative to the measured E0, so every predictor is judged on the same measured
 * points) ∩ the measured data ∩ the predictor's valid range, every `stepEv`. Both spectra are taken
 * as they are normalised (measured: Larch `flat`; theory: the predictor's own edge-step scale):
 * no intensity scale is fitted, so the MAE also counts a normalisation mismatch.
 */
import { InputError } from '../errors.ts';
import { interpolate } from '../spectrum/index.ts';
import type { NumericArray } from '../spectrum/index.ts';
import { median, pearson, spearman } from '../stats/index.ts';

/** Defaults of {@link spectrumAgreement}. */
export const AGREEMENT_DEFAULTS = Object.freeze({
  /** Spacing of the compared points, eV. */
  stepEv: 0.25,
  /** Fewest compared points; a shorter overlap is an error. */
  minPoints: 20,
});

/** A measured spectrum as compared: absolute energies, normalised μ and its E0. */
export interface MeasuredCurve {
  energyEv: NumericArray;
  mu: NumericArray;
  e0Ev: number;
}

/** A theory spectrum on its edge-relative grid. */
export interface TheoryCurve {
  gridRelEv: NumericArray;
  mu: NumericArray;
  /** Relative range where `mu` is valid (default: the whole grid). */
  validRangeEv?: readonly [number, number];
}

/** Where the theory's relative 0 sits on the measured axis: E = anchorEv + stretch·E_rel + shiftEv. */
export interface Placement {
  anchorEv: number;
  stretch?: number;
  shiftEv?: number;
}

/** Agreement over one window. */
export interface Agreement {
  /** First and last compared point, eV relative to the measured E0. */
  windowRelEv: [number, number];
  points: number;
  /** Mean |μ_measured − μ_theory| (normalised μ). */
  maeMu: number;
  rmseMu: number;
  spearman: number;
  pearson: number;
}

/**
 * Compare `theory`, placed on the measured axis, with `measured` over `windowRelEv` (relative to
 * the measured E0; ±Infinity = as far as data and valid range go).
 *
 * @example
 * const a = spectrumAgreement({ energyEv, mu: flat, e0Ev }, { gridRelEv, mu }, { anchorEv: 7112 + 11.25 }, [-10, 50]);
 * a.maeMu; a.spearman;
 * @throws InputError when fewer than `minPoints` points remain.
 */
export function spectrumAgreement(
  measured: MeasuredCurve,
  theory: TheoryCurve,
  placement: Placement,
  windowRelEv: readonly [number, number],
  { stepEv = AGREEMENT_DEFAULTS.stepEv, minPoints = AGREEMENT_DEFAULTS.minPoints }: { stepEv?: number; minPoints?: number } = {},
): Agreement {
  const { anchorEv, stretch = 1, shiftEv = 0 } = placement;
  const e = measured.energyEv;
  const g = theory.gridRelEv;
  const valid = theory.validRangeEv ?? [g[0]!, g[g.length - 1]!];
  // Everything relative to the measured E0; the theory's valid range mapped there.
  const toMeasuredRel = (rel: number): number => anchorEv + stretch * rel + shiftEv - measured.e0Ev;
  const lo = Math.max(windowRelEv[0], e[0]! - measured.e0Ev, toMeasuredRel(valid[0]));
  const hi = Math.min(windowRelEv[1], e[e.length - 1]! - measured.e0Ev, toMeasuredRel(valid[1]));
  const first = Math.ceil(lo / stepEv - 1e-9) * stepEv;
  const n = hi >= first ? Math.floor((hi - first) / stepEv + 1e-9) + 1 : 0;
  if (n < minPoints) {
    throw new InputError(
      `too little overlap to compare: window ${windowRelEv[0]}…${windowRelEv[1]} eV around the measured E0 (${measured.e0Ev.toFixed(1)} eV) ∩ data ∩ the theory's valid range leaves ${Math.max(n, 0)} points (at least ${minPoints} needed)`,
    );
  }
  const rel = Float64Array.from({ length: n }, (_, i) => first + i * stepEv);
  const y = interpolate(e, measured.mu, rel.map((x) => x + measured.e0Ev), { method: 'linear', outside: 'clamp' });
  const t = interpolate(g, theory.mu, rel.map((x) => (x + measured.e0Ev - anchorEv - shiftEv) / stretch), { method: 'linear', outside: 'clamp' });
  let ae = 0;
  let se = 0;
  for (let i = 0; i < n; i++) {
    const d = y[i]! - t[i]!;
    ae += Math.abs(d);
    se += d * d;
  }
  return { windowRelEv: [rel[0]!, rel[n - 1]!], points: n, maeMu: ae / n, rmseMu: Math.sqrt(se / n), spearman: spearman(y, t), pearson: pearson(y, t) };
}

/** Median and mean of each agreement measure over references. */
export interface AgreementSummary {
  references: number;
  median: { maeMu: number; spearman: number; pearson: number };
  mean: { maeMu: number; spearman: number; pearson: number };
}

/**
 * Median and mean MAE, Spearman and Pearson over a list of agreements (NaN when empty).
 * @example summariseAgreements(rows.map((r) => r.calibrated.edge)).median.maeMu
 */
export function summariseAgreements(rows: readonly Agreement[]): AgreementSummary {
  const of = (how: 'median' | 'mean') => {
    const stat = (k: 'maeMu' | 'spearman' | 'pearson'): number => {
      const v = rows.map((r) => r[k]);
      if (v.length === 0) return NaN;
      return how === 'median' ? median(v) : v.reduce((a, x) => a + x, 0) / v.length;
    };
    return { maeMu: stat('maeMu'), spearman: stat('spearman'), pearson: stat('pearson') };
  };
  return { references: rows.length, median: of('median'), mean: of('mean') };
}
