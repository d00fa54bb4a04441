/**
 * @module confidence/validation
 * What eval:confidence measures about the verdicts, on arrays: the share of each verdict, the
 * errors per verdict, how often each check fired, the errors the verdicts are compared with
 * (first-shell distance and G2 MSE of the inverse model, spectrum MSE and spread of the forward
 * model), the grid window that short out-of-distribution spectra cover, and the training-distance
 * check refitted on that window.
 */
import type { Spectrum } from '../io/index.ts';
import { firstShellDistance } from '../inverse/index.ts';
import { summarize, type Summary } from '../stats/index.ts';
import { THRESHOLD_PERCENTILES } from './fit.ts';
import { SENSITIVITY_DEFAULTS } from './input-statistics.ts';
import { percentileOf, quantileAt, quantileTable } from './ood-file.ts';
import { fitDistanceReference, trainingDistance } from './training-distance.ts';
import type { Confidence, Verdict } from './verdict.ts';

/** The verdicts, best first. */
export const VERDICTS: readonly Verdict[] = Object.freeze(['ok', 'caution', 'unreliable'] as const);

/**
 * Fraction of rows with each verdict (all 0 for no rows).
 *
 * @example
 * verdictShares([{ verdict: 'ok' }, { verdict: 'unreliable' }]); // { ok: 0.5, caution: 0, unreliable: 0.5 }
 */
export function verdictShares(rows: readonly { verdict: Verdict }[]): Record<Verdict, number> {
  const out = { ok: 0, caution: 0, unreliable: 0 };
  for (const r of rows) out[r.verdict]++;
  for (const v of VERDICTS) out[v] /= Math.max(1, rows.length);
  return out;
}

/**
 * Per verdict: how many rows have it, their share, and a {@link Summary} of each error list
 * (indexed like `verdicts`) over those rows.
 *
 * @example
 * perVerdict(['ok', 'ok', 'caution'], { mse: [1, 3, 10] }).ok; // { count: 2, share: 0.667, mse: { median: 2, … } }
 */
export function perVerdict<K extends string>(verdicts: readonly Verdict[], errors: Readonly<Record<K, readonly number[]>>): Record<Verdict, { count: number; share: number } & Record<K, Summary>> {
  return Object.fromEntries(
    VERDICTS.map((v) => {
      const idx = verdicts.map((w, i) => (w === v ? i : -1)).filter((i) => i >= 0);
      const summaries = Object.fromEntries(Object.entries<readonly number[]>(errors).map(([k, e]) => [k, summarize(idx.map((i) => e[i]!))]));
      return [v, { count: idx.length, share: idx.length / verdicts.length, ...summaries }];
    }),
  ) as Record<Verdict, { count: number; share: number } & Record<K, Summary>>;
}

/**
 * How often each check came out ok / caution / unreliable over many verdicts.
 *
 * @example
 * checkStatusCounts(confidences).noise; // { ok: 240, caution: 8, unreliable: 2 }
 */
export function checkStatusCounts(confidences: readonly Confidence[]): Record<string, Record<Verdict, number>> {
  const counts: Record<string, Record<Verdict, number>> = {};
  for (const c of confidences) for (const reason of c.reasons) (counts[reason.check] ??= { ok: 0, caution: 0, unreliable: 0 })[reason.status]++;
  return counts;
}

/**
 * Errors of n predicted G2 rows against their targets (rows of K = r.length): the first-shell
 * distance error (Å; a row where either curve has no first shell counts as `missingAngstrom`, as in
 * the sensitivity check) and the mean squared error.
 *
 * @example
 * const { firstShellError, mse } = g2Errors(r, pred.mean, test.y, test.n);
 */
export function g2Errors(r: ArrayLike<number>, pred: Float32Array, target: Float32Array, n: number, missingAngstrom: number = SENSITIVITY_DEFAULTS.missingPeakAngstrom): { firstShellError: number[]; mse: number[] } {
  const K = r.length;
  const firstShellError: number[] = [];
  const mse: number[] = [];
  for (let s = 0; s < n; s++) {
    const p = pred.subarray(s * K, (s + 1) * K);
    const y = target.subarray(s * K, (s + 1) * K);
    const e = Math.abs(firstShellDistance(r, p) - firstShellDistance(r, y));
    firstShellError.push(Number.isFinite(e) ? e : missingAngstrom);
    let m = 0;
    for (let k = 0; k < K; k++) m += (p[k]! - y[k]!) ** 2 / K;
    mse.push(m);
  }
  return { firstShellError, mse };
}

/**
 * Forward-model sites: the MSE of each predicted spectrum (row i of `mean`, K values) against
 * target row `rows[i]` of `target`, and its mean calibrated spread (σ × `scale(k)` per bin).
 *
 * @example
 * forwardSiteErrors(out.mean.data, out.sigma.data, ds.y, testRows, K, (k) => cal.perBinScale?.[k] ?? cal.scale);
 */
export function forwardSiteErrors(
  mean: ArrayLike<number>,
  sigma: ArrayLike<number>,
  target: ArrayLike<number>,
  rows: readonly number[],
  K: number,
  scale: (k: number) => number,
  /** Grid bins [from, to) compared (the absorber's valid range; default all). */
  { from = 0, to = K }: { from?: number; to?: number } = {},
): { mse: number[]; spread: number[] } {
  const mse: number[] = [];
  const spread: number[] = [];
  const Kv = to - from;
  rows.forEach((r, i) => {
    let e = 0;
    let sp = 0;
    for (let k = from; k < to; k++) {
      e += (mean[i * K + k]! - target[r * K + k]!) ** 2 / Kv;
      sp += (sigma[i * K + k]! * scale(k)) / Kv;
    }
    mse.push(e);
    spread.push(sp);
  });
  return { mse, spread };
}

/**
 * Model-grid window [i0, i1] (indices) covered by ≥ 90 % of the spectra: their data start
 * (`meta.headers.dataStartEv`, set by padPreEdge, else the first energy) and end, relative to the
 * E0 each was aligned at; spectra without an E0 (not aligned) are left out.
 *
 * @example
 * coveredWindow(spectra, rules.map((r) => r.input?.e0Ev), model.manifest.recipe.grid); // [24, 92]
 */
export function coveredWindow(spectra: readonly Spectrum[], e0Ev: readonly (number | undefined)[], grid: { startEv: number; stepEv: number; n: number }): [number, number] {
  const lo: number[] = [];
  const hi: number[] = [];
  spectra.forEach((s, i) => {
    const e0 = e0Ev[i];
    if (e0 === undefined) return;
    const e = s.energyEv;
    lo.push(Number(s.meta.headers.dataStartEv ?? e[0]) - e0);
    hi.push(e[e.length - 1]! - e0);
  });
  const a = quantileAt(quantileTable(lo), 0.9);
  const b = quantileAt(quantileTable(hi), 0.1);
  return [Math.max(0, Math.ceil((a - grid.startEv) / grid.stepEv)), Math.min(grid.n - 1, Math.floor((b - grid.startEv) / grid.stepEv))];
}

/**
 * Columns i0…i1 of n rows of L values.
 *
 * @example
 * gridColumns(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3, [1, 2]); // Float32Array [2, 3, 5, 6]
 */
export function gridColumns(x: Float32Array, n: number, L: number, [i0, i1]: readonly [number, number]): Float32Array {
  const w = i1 - i0 + 1;
  const out = new Float32Array(n * w);
  for (let s = 0; s < n; s++) out.set(x.subarray(s * L + i0, s * L + i1 + 1), s * w);
  return out;
}

/** The training-distance check on a window of the model grid (see {@link windowDistanceCheck}). */
export interface WindowDistanceCheck {
  /** Distance beyond which a row is flagged (the `percentile` of the calibration rows' distances). */
  threshold: number;
  /** Distances of n full-grid rows (L values each), measured on the window only. */
  distances(x: Float32Array, n: number): number[];
}

/**
 * The training-distance check refitted on grid columns `window` only (PCA + k-NN of the training
 * rows' window), its threshold the `percentile` of the calibration rows' distances: what the
 * distance check says about spectra too short to cover the whole model grid.
 *
 * @example
 * const check = windowDistanceCheck(trainDs, calDs, L, [24, 92]);
 * check.distances(ood.x, ood.n).filter((d) => d > check.threshold).length; // flagged
 */
export function windowDistanceCheck(
  train: { x: Float32Array; n: number },
  calibration: { x: Float32Array; n: number },
  L: number,
  window: readonly [number, number],
  percentile: number = THRESHOLD_PERCENTILES.distance.unreliable,
): WindowDistanceCheck {
  const dim = window[1] - window[0] + 1;
  const { reference } = fitDistanceReference(gridColumns(train.x, train.n, L, window), train.n, dim);
  const distances = (x: Float32Array, n: number): number[] => {
    const xw = gridColumns(x, n, L, window);
    return Array.from({ length: n }, (_, s) => trainingDistance(reference, xw.subarray(s * dim, (s + 1) * dim)));
  };
  return { threshold: quantileAt(quantileTable(distances(calibration.x, calibration.n)), percentile), distances };
}

/** How a set of out-of-distribution spectra fared (see {@link oodVerdictSummary}). */
export interface OodVerdictSummary {
  spectra: number;
  /** Spectra the checks could not put on the model grid (no verdict rows). */
  notAligned: number;
  verdicts: Record<Verdict, number>;
  /** Share unreliable, not-aligned spectra counted as unreliable. */
  unreliableIncludingNotAligned: number;
  /** Share of aligned spectra unreliable by some check other than the energy range. */
  withoutRangeUnreliable: number;
  /** Share of aligned spectra the training-distance check alone calls unreliable. */
  distancePaddedUnreliable: number;
  /** Share of aligned spectra beyond the window-refitted distance threshold. */
  distanceWindowUnreliable: number;
  medianDistance: number;
  /** Median held-out percentile of their distances. */
  medianDistancePercentile: number;
}

/**
 * Summary of the batch verdicts of `spectra` out-of-distribution spectra (`failed` of them not
 * aligned), with their window distances (rows in order) against `windowThreshold`, and the
 * held-out distance quantile table of the model's `ood.json`.
 *
 * @example
 * oodVerdictSummary(rows, failed, s.length, windowCheck.distances(x, rows.length), windowCheck.threshold, ood.quantiles.distance);
 */
export function oodVerdictSummary(
  rows: readonly { confidence: Confidence; distance: number }[],
  failed: number,
  spectra: number,
  windowDistances: readonly number[],
  windowThreshold: number,
  distanceQuantiles: number[],
): OodVerdictSummary {
  const n = rows.length;
  return {
    spectra,
    notAligned: failed,
    verdicts: verdictShares(rows.map((o) => o.confidence)),
    unreliableIncludingNotAligned: (rows.filter((o) => o.confidence.verdict === 'unreliable').length + failed) / spectra,
    withoutRangeUnreliable: rows.filter((o) => o.confidence.reasons.some((q) => q.check !== 'energy-range' && q.status === 'unreliable')).length / Math.max(1, n),
    distancePaddedUnreliable: rows.filter((o) => o.confidence.reasons.find((q) => q.check === 'training-distance')?.status === 'unreliable').length / Math.max(1, n),
    distanceWindowUnreliable: windowDistances.filter((d) => d > windowThreshold).length / Math.max(1, n),
    medianDistance: summarize(rows.map((o) => o.distance)).median,
    medianDistancePercentile: summarize(rows.map((o) => percentileOf(distanceQuantiles, o.distance))).median,
  };
}

/**
 * Pool several {@link OodVerdictSummary} into shares over all their spectra, a spectrum that could
 * not be aligned counting as unreliable in every column.
 *
 * @example
 * poolOodSummaries([co, cr, ni]).unreliable; // share over all Co, Cr, Ni spectra
 */
export function poolOodSummaries(summaries: readonly OodVerdictSummary[]): { spectra: number; unreliable: number; withoutRangeUnreliable: number; distancePaddedUnreliable: number; distanceWindowUnreliable: number } {
  let pooled = { n: 0, full: 0, withoutRange: 0, distancePadded: 0, distanceWindow: 0 };
  for (const res of summaries) {
    const n = res.spectra - res.notAligned;
    const failed = res.notAligned;
    pooled = { n: pooled.n + res.spectra, full: pooled.full + res.unreliableIncludingNotAligned * res.spectra, withoutRange: pooled.withoutRange + res.withoutRangeUnreliable * n + failed, distancePadded: pooled.distancePadded + res.distancePaddedUnreliable * n + failed, distanceWindow: pooled.distanceWindow + res.distanceWindowUnreliable * n + failed };
  }
  const d = Math.max(1, pooled.n);
  return { spectra: pooled.n, unreliable: pooled.full / d, withoutRangeUnreliable: pooled.withoutRange / d, distancePaddedUnreliable: pooled.distancePadded / d, distanceWindowUnreliable: pooled.distanceWindow / d };
}
