/**
 * @module lab/inverse/measured-calibration
 * Calibrating the inverse model's σ on measured spectra (issue 25 item 4): the factors that make
 * the stated ±kσ coverage (95 % at ±2σ) hold on the DEV half of the measured benchmark, for the
 * G2 points and for the first shell, and the coverage they give elsewhere (the test half).
 *
 * Every fit weighs compounds equally (replicate scans of one compound share its weight: 11 scans
 * of Fe foil are one compound, not eleven independent checks).
 *
 * - G2: one factor s on the theory-calibrated σ, the smallest with ≥ 95 % of the
 *   (compound-weighted) G2 points within ±k·s·σ.
 * - First shell: σ_fs = √((a · member spread)² + b²), never narrower than the members' spread
 *   it replaces (a ≥ 1, as the G2 σ is never narrowed below its theory calibration): `scale`
 *   (b = 0, the smallest a reaching the coverage) or `scale+floor` (the pair with the narrowest
 *   mean interval among those reaching it). The form is chosen by leave-one-compound-out within
 *   dev: the lowest mean interval score (Gneiting & Raftery 2007: width + (2/α)·miss,
 *   α = 1 − coverage) of each dev compound's scans under a fit to the other dev compounds; a tie
 *   goes to `scale`. A constant ± (no spread term, {@link fitConstant}) is reported for comparison
 *   only.
 */
import { calibratedFirstShellSigma as firstShellSigma, type CoverageCount } from '../../src/inverse/index.ts';

/** First-shell forms, in tie-break order. */
export const FIRST_SHELL_FORMS = ['scale', 'scale+floor'] as const;
export type FirstShellForm = (typeof FIRST_SHELL_FORMS)[number];

/** Fit defaults: ±k·σ should hold `coverage` of the cases. */
export const MEASURED_CALIBRATION_DEFAULTS = Object.freeze({ k: 2, coverage: 0.95, scaleSteps: 200, minScale: 1 });

/** Options of the fits (defaults in {@link MEASURED_CALIBRATION_DEFAULTS}). */
export interface FitOptions {
  /** Band half-width in σ. */
  k?: number;
  /** Fraction of the compound-weighted cases ±kσ should hold. */
  coverage?: number;
  /** Grid steps of the scale in the scale+floor fit. */
  scaleSteps?: number;
  /** Smallest first-shell scale (1: never narrower than the members' spread). */
  minScale?: number;
}

/** One measured first shell: the compound, |predicted − true| (Å) and the members' spread (Å). */
export interface FirstShellPoint {
  compound: string;
  errorAngstrom: number;
  spreadAngstrom: number;
}

/** A first-shell σ rule: σ = √((scale·spread)² + floor²). */
export interface FirstShellFit {
  form: FirstShellForm;
  scale: number;
  floorAngstrom: number;
}

/**
 * Weights giving every compound the same total (1 / compounds), shared among its rows.
 * @example compoundWeights(['a', 'a', 'b']) // [0.25, 0.25, 0.5]
 */
export function compoundWeights(compounds: readonly string[]): number[] {
  const n = new Map<string, number>();
  for (const c of compounds) n.set(c, (n.get(c) ?? 0) + 1);
  return compounds.map((c) => 1 / (n.size * n.get(c)!));
}

/**
 * The smallest value v with (weight of values ≤ v) ≥ q · total weight. NaN counts as +∞.
 * @example weightedQuantile([1, 2, 3], [1, 1, 2], 0.5) // 2
 */
export function weightedQuantile(values: readonly number[], weights: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const order = values.map((v, i) => ({ v: Number.isNaN(v) ? Infinity : v, w: weights[i]! })).sort((a, b) => a.v - b.v);
  const total = order.reduce((a, b) => a + b.w, 0);
  let cum = 0;
  for (const o of order) {
    cum += o.w;
    if (cum >= q * total - 1e-12) return o.v;
  }
  return order[order.length - 1]!.v;
}

/** The smallest floor b with ±k·√((a·spread)² + b²) covering `coverage` of the compound-weighted points. */
function floorFor(points: readonly FirstShellPoint[], a: number, k: number, coverage: number): number {
  const w = compoundWeights(points.map((p) => p.compound));
  return weightedQuantile(
    points.map((p) => Math.sqrt(Math.max(0, (p.errorAngstrom / k) ** 2 - (a * p.spreadAngstrom) ** 2))),
    w,
    coverage,
  );
}

/**
 * A constant first-shell σ (no spread term) covering `coverage` of the compound-weighted points
 * within ±kσ: for comparison only.
 * @example fitConstant([{ compound: 'a', errorAngstrom: 0.4, spreadAngstrom: 0.1 }]) // 0.2
 */
export function fitConstant(points: readonly FirstShellPoint[], { k = MEASURED_CALIBRATION_DEFAULTS.k, coverage = MEASURED_CALIBRATION_DEFAULTS.coverage }: FitOptions = {}): number {
  return floorFor(points, 0, k, coverage);
}

/**
 * Fits one first-shell form so that ±k·σ covers `coverage` of the compound-weighted points, with
 * the scale never below `minScale`.
 * @example fitFirstShell(points, 'scale') // { form: 'scale', scale: 2.3, floorAngstrom: 0 }
 */
export function fitFirstShell(
  points: readonly FirstShellPoint[],
  form: FirstShellForm,
  { k = MEASURED_CALIBRATION_DEFAULTS.k, coverage = MEASURED_CALIBRATION_DEFAULTS.coverage, scaleSteps = MEASURED_CALIBRATION_DEFAULTS.scaleSteps, minScale = MEASURED_CALIBRATION_DEFAULTS.minScale }: FitOptions = {},
): FirstShellFit {
  if (points.length === 0) throw new Error('fitFirstShell: no points');
  const w = compoundWeights(points.map((p) => p.compound));
  const ratio = (p: FirstShellPoint) => (p.spreadAngstrom > 0 ? p.errorAngstrom / (k * p.spreadAngstrom) : p.errorAngstrom > 0 ? Infinity : 0);
  const scaleOnly = Math.max(minScale, weightedQuantile(points.map(ratio), w, coverage));
  if (form === 'scale') return { form, scale: scaleOnly, floorAngstrom: 0 };
  // scale+floor: for each scale a in [minScale, scale-only], the smallest floor reaching the
  // coverage; keep the pair with the narrowest compound-weighted mean σ.
  const top = Number.isFinite(scaleOnly) ? scaleOnly : Math.max(minScale, ...points.map(ratio).filter(Number.isFinite));
  let best: FirstShellFit = { form, scale: minScale, floorAngstrom: floorFor(points, minScale, k, coverage) };
  let bestWidth = Infinity;
  for (let s = 0; s <= scaleSteps; s++) {
    const a = minScale + ((top - minScale) * s) / scaleSteps;
    const b = floorFor(points, a, k, coverage);
    const width = points.reduce((acc, p, i) => acc + w[i]! * firstShellSigma(p.spreadAngstrom, { scale: a, floorAngstrom: b }), 0);
    if (width < bestWidth - 1e-15) {
      bestWidth = width;
      best = { form, scale: a, floorAngstrom: b };
    }
  }
  return best;
}

/**
 * Interval score of |error| against ±h (Gneiting & Raftery 2007, symmetric interval): 2h plus
 * (2/α) times the part of the error outside the interval.
 * @example intervalScore(0.3, 0.2, 0.05) // 0.4 + 40·0.1 = 4.4
 */
export function intervalScore(errorAngstrom: number, halfWidth: number, alpha: number): number {
  return 2 * halfWidth + (2 / alpha) * Math.max(0, errorAngstrom - halfWidth);
}

/** Leave-one-compound-out result of one σ rule. */
export interface LocoResult<F extends string = FirstShellForm> {
  form: F;
  /** Mean over held-out compounds of the fraction of their scans within ±kσ. */
  coverage: number;
  /** Held-out compounds with a majority of their scans within ±kσ. */
  compounds: CoverageCount;
  /** Mean over held-out compounds of their scans' mean interval score (Å). */
  intervalScore: number;
  /** Median over held-out compounds of their mean ±kσ half-width (Å). */
  medianHalfWidthAngstrom: number;
}

/**
 * Leave-one-compound-out score of a σ rule: each compound's scans under `fit` of the other
 * compounds' points.
 * @throws Error with fewer than 2 compounds (nothing to hold out).
 * @example leaveOneCompoundOut(devPoints, 'constant', (pts) => ({ scale: 0, floorAngstrom: fitConstant(pts) }))
 */
export function leaveOneCompoundOut<F extends string>(
  points: readonly FirstShellPoint[],
  form: F,
  fit: (others: FirstShellPoint[]) => { scale: number; floorAngstrom: number },
  { k = MEASURED_CALIBRATION_DEFAULTS.k, coverage = MEASURED_CALIBRATION_DEFAULTS.coverage }: FitOptions = {},
): LocoResult<F> {
  const compounds = [...new Set(points.map((p) => p.compound))].sort();
  if (compounds.length < 2) throw new Error(`leave-one-compound-out: ${compounds.length} compound(s); it needs at least 2`);
  const alpha = 1 - coverage;
  const per = compounds.map((c) => {
    const rule = fit(points.filter((p) => p.compound !== c));
    const held = points.filter((p) => p.compound === c);
    const h = held.map((p) => k * firstShellSigma(p.spreadAngstrom, rule));
    const inside = held.filter((p, i) => p.errorAngstrom <= h[i]!).length;
    return { frac: inside / held.length, covered: inside * 2 > held.length, score: mean(held.map((p, i) => intervalScore(p.errorAngstrom, h[i]!, alpha))), halfWidth: mean(h) };
  });
  const widths = per.map((p) => p.halfWidth).sort((a, b) => a - b);
  return {
    form,
    coverage: mean(per.map((p) => p.frac)),
    compounds: { covered: per.filter((p) => p.covered).length, of: per.length },
    intervalScore: mean(per.map((p) => p.score)),
    medianHalfWidthAngstrom: widths.length % 2 ? widths[(widths.length - 1) / 2]! : (widths[widths.length / 2 - 1]! + widths[widths.length / 2]!) / 2,
  };
}

/**
 * Leave-one-compound-out comparison of the first-shell forms on `points` (dev only) and the chosen
 * form: the lowest mean interval score, ties to the earlier form of {@link FIRST_SHELL_FORMS}.
 * @throws Error with fewer than 2 compounds (nothing to hold out).
 * @example chooseFirstShellForm(devPoints).chosen // 'scale'
 */
export function chooseFirstShellForm(points: readonly FirstShellPoint[], options: FitOptions = {}): { chosen: FirstShellForm; loco: LocoResult[] } {
  const loco = FIRST_SHELL_FORMS.map((form) => leaveOneCompoundOut(points, form, (others) => fitFirstShell(others, form, options), options));
  let chosen = loco[0]!;
  for (const r of loco.slice(1)) if (r.intervalScore < chosen.intervalScore - 1e-12) chosen = r;
  return { chosen: chosen.form, loco };
}

/**
 * The G2 σ factor: the smallest s with ≥ `coverage` of the compound-weighted G2 points within
 * ±k·s·σ (each spectrum's points share its weight equally).
 * @example fitG2Scale([{ compound: 'a', mean: [1], sigma: [0.1], truth: [1.4] }]) // 2
 */
export function fitG2Scale(
  rows: readonly { compound: string; mean: readonly number[]; sigma: readonly number[]; truth: readonly number[] }[],
  { k = MEASURED_CALIBRATION_DEFAULTS.k, coverage = MEASURED_CALIBRATION_DEFAULTS.coverage }: FitOptions = {},
): number {
  const w = compoundWeights(rows.map((r) => r.compound));
  const ratios: number[] = [];
  const weights: number[] = [];
  rows.forEach((r, i) => {
    for (let j = 0; j < r.mean.length; j++) {
      const d = Math.abs(r.truth[j]! - r.mean[j]!);
      ratios.push(r.sigma[j]! > 0 ? d / (k * r.sigma[j]!) : d > 0 ? Infinity : 0);
      weights.push(w[i]! / r.mean.length);
    }
  });
  return weightedQuantile(ratios, weights, coverage);
}

/** Coverage of the first shell under σ(point): spectra, compounds (majority of scans) and the compound-weighted fraction. */
export function firstShellCoverage(points: readonly FirstShellPoint[], sigmaOf: (p: FirstShellPoint) => number, k: number): { spectra: CoverageCount; compounds: CoverageCount; weighted: number } {
  const inside = points.map((p) => p.errorAngstrom <= k * sigmaOf(p));
  return coverageCounts(
    points.map((p) => p.compound),
    inside.map((b) => (b ? 1 : 0)),
  );
}

/** Coverage of G2 points within ±k·scale·σ: per spectrum the fraction of points, then as {@link firstShellCoverage}. */
export function g2Coverage(rows: readonly { compound: string; mean: readonly number[]; sigma: readonly number[]; truth: readonly number[] }[], scale: number, k: number): { weighted: number; perSpectrum: number[] } {
  const per = rows.map((r) => r.mean.filter((m, j) => Math.abs(r.truth[j]! - m) <= k * scale * r.sigma[j]!).length / r.mean.length);
  return {
    weighted: coverageCounts(
      rows.map((r) => r.compound),
      per,
    ).weighted,
    perSpectrum: per,
  };
}

/**
 * Counts of covered spectra and compounds from per-spectrum fractions in [0, 1] (a spectrum counts
 * when its fraction is 1, a compound when more than half of its spectra count) and the
 * compound-weighted mean fraction.
 */
export function coverageCounts(compounds: readonly string[], fractions: readonly number[]): { spectra: CoverageCount; compounds: CoverageCount; weighted: number } {
  const w = compoundWeights(compounds);
  const by = new Map<string, number[]>();
  compounds.forEach((c, i) => by.set(c, [...(by.get(c) ?? []), fractions[i]!]));
  return {
    spectra: { covered: fractions.filter((f) => f >= 1).length, of: fractions.length },
    compounds: { covered: [...by.values()].filter((f) => f.filter((x) => x >= 1).length * 2 > f.length).length, of: by.size },
    weighted: fractions.reduce((a, f, i) => a + w[i]! * f, 0),
  };
}

function mean(v: readonly number[]): number {
  return v.length === 0 ? NaN : v.reduce((a, b) => a + b, 0) / v.length;
}
