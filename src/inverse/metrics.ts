/**
 * @module inverse/metrics
 * The metrics of David et al. 2023 (XANESNET inverse), so results compare: per-sample MSE of G2,
 * peak-position errors in 1–3.5 Å and 3.5–6 Å, first-shell distance error, ±2σ coverage, and the
 * Pearson correlation of σ with the MSE. The general statistics they are built on (summaries,
 * correlations, per-row MSE) are in src/stats.
 */
import { pearson, spearman, spectrumMse, summarize, type Summary } from '../stats/index.ts';
import { firstShellDistance, localMaxima } from './first-shell.ts';

/**
 * The error model's target: ln of each spectrum's mean squared error over its K bins (floored at 1e-12).
 * @example lnSpectrumMse(Float32Array.of(1, 1), Float32Array.of(0, 2), 1, 2); // [0]
 */
export function lnSpectrumMse(mean: Float32Array, target: Float32Array, n: number, K: number): number[] {
  return Array.from(spectrumMse(mean, target, n, K), (e) => Math.log(Math.max(e, 1e-12)));
}

/** Errors between predicted and target peaks in [lo, hi]: each target peak to the nearest predicted one. */
export function peakPositionErrors(r: ArrayLike<number>, pred: ArrayLike<number>, target: ArrayLike<number>, lo: number, hi: number): { errors: number[]; unmatched: number } {
  const tp = localMaxima(r, target, lo, hi, 0.1);
  const pp = localMaxima(r, pred, lo, hi, 0.1);
  const errors: number[] = [];
  let unmatched = 0;
  for (const t of tp) {
    if (pp.length === 0) { unmatched++; continue; }
    errors.push(Math.min(...pp.map((p) => Math.abs(p - t))));
  }
  return { errors, unmatched };
}

/** Everything the evaluation reports for one set of predictions (rows of K values). */
export interface InverseMetrics {
  samples: number;
  mse: Summary;
  peakError1to3p5: Summary & { unmatched: number };
  peakError3p5to6: Summary & { unmatched: number };
  firstShellError: Summary & { missing: number };
  coverageRaw: { median: number; pooled: number };
  coverageCalibrated: { median: number; pooled: number };
  /** Pearson of the per-spectrum mean σ with the MSE: raw ensemble σ and the reported (calibrated) σ. */
  pearsonSigmaMse: { raw: number; calibrated: number };
  /** Pearson of ln σ̄ with ln MSE (less dominated by a few large errors). */
  pearsonLogSigmaLogMse: { raw: number; calibrated: number };
  spearmanSigmaMse: { raw: number; calibrated: number };
  /**
   * Pearson(√MSE, MSE): what Pearson(σ̄, MSE) would be if every spectrum's σ̄ were exactly its own RMS
   * error — the ideal calibrated σ. A heavy-tailed MSE distribution keeps even this below 1.
   */
  pearsonRmsMse: number;
  /** Median ±kσ coverage of the 10 % of spectra with the largest MSE (does σ grow where the error does?). */
  coverageWorstDecile: { raw: number; calibrated: number };
}

/** Fraction of points within ±kσ for each sample: the median over samples and the pooled fraction. */
export function coverageOf(mean: Float32Array, sigma: Float32Array, target: Float32Array, n: number, K: number, k: number): { median: number; pooled: number } {
  const per: number[] = [];
  let inside = 0;
  for (let s = 0; s < n; s++) {
    let c = 0;
    for (let j = 0; j < K; j++) {
      const i = s * K + j;
      if (Math.abs(target[i]! - mean[i]!) <= k * sigma[i]!) c++;
    }
    per.push(c / K);
    inside += c;
  }
  return { median: summarize(per).median, pooled: inside / (n * K) };
}

/**
 * All metrics for n predictions (`mean`, `sigmaRaw`, `sigma` calibrated) against `target`, on the r-grid `r`.
 */
export function inverseMetrics(r: ArrayLike<number>, mean: Float32Array, sigmaRaw: Float32Array, sigma: Float32Array, target: Float32Array, n: number, k = 2): InverseMetrics {
  const K = r.length;
  const mse = Array.from(spectrumMse(mean, target, n, K));
  const rowMean = (a: Float32Array) => Array.from({ length: n }, (_, s) => a.subarray(s * K, (s + 1) * K).reduce((acc, v) => acc + v, 0) / K);
  const sigMeanRaw = rowMean(sigmaRaw);
  const sigMeanCal = rowMean(sigma);
  const near: number[] = [], far: number[] = [], fs: number[] = [];
  let nearUn = 0, farUn = 0, fsMissing = 0;
  for (let s = 0; s < n; s++) {
    const p = mean.subarray(s * K, (s + 1) * K);
    const t = target.subarray(s * K, (s + 1) * K);
    const a = peakPositionErrors(r, p, t, 1, 3.5);
    near.push(...a.errors); nearUn += a.unmatched;
    const b = peakPositionErrors(r, p, t, 3.5, 6);
    far.push(...b.errors); farUn += b.unmatched;
    const fp = firstShellDistance(r, p);
    const ft = firstShellDistance(r, t);
    if (Number.isFinite(fp) && Number.isFinite(ft)) fs.push(Math.abs(fp - ft));
    else fsMissing++;
  }
  const logMse = mse.map((e) => Math.log(Math.max(e, 1e-12)));
  const worst = mse.map((e, s) => [e, s] as const).sort((a, b) => b[0] - a[0]).slice(0, Math.max(1, Math.round(n / 10))).map(([, s]) => s);
  const worstDecileCoverage = (sig: Float32Array) => {
    const pick = (a: Float32Array) => { const o = new Float32Array(worst.length * K); worst.forEach((s, i) => o.set(a.subarray(s * K, (s + 1) * K), i * K)); return o; };
    return coverageOf(pick(mean), pick(sig), pick(target), worst.length, K, k).median;
  };
  return {
    samples: n,
    mse: summarize(mse),
    peakError1to3p5: { ...summarize(near), unmatched: nearUn },
    peakError3p5to6: { ...summarize(far), unmatched: farUn },
    firstShellError: { ...summarize(fs), missing: fsMissing },
    coverageRaw: coverageOf(mean, sigmaRaw, target, n, K, k),
    coverageCalibrated: coverageOf(mean, sigma, target, n, K, k),
    pearsonSigmaMse: { raw: pearson(sigMeanRaw, mse), calibrated: pearson(sigMeanCal, mse) },
    pearsonLogSigmaLogMse: { raw: pearson(sigMeanRaw.map(Math.log), logMse), calibrated: pearson(sigMeanCal.map(Math.log), logMse) },
    spearmanSigmaMse: { raw: spearman(sigMeanRaw, mse), calibrated: spearman(sigMeanCal, mse) },
    pearsonRmsMse: pearson(mse.map(Math.sqrt), mse),
    coverageWorstDecile: { raw: worstDecileCoverage(sigmaRaw), calibrated: worstDecileCoverage(sigma) },
  };
}

/** The summary of {@link InverseMetrics} kept in a model manifest (`metrics`). */
export function metricsSummary(m: InverseMetrics): Record<string, number> {
  return {
    testSamples: m.samples,
    medianMse: m.mse.median,
    meanMse: m.mse.mean,
    firstShellErrorMedianAngstrom: m.firstShellError.median,
    firstShellErrorMeanAngstrom: m.firstShellError.mean,
    peakError1to3p5MedianAngstrom: m.peakError1to3p5.median,
    peakError3p5to6MedianAngstrom: m.peakError3p5to6.median,
    coverageRawMedian: m.coverageRaw.median,
    coverageCalibratedMedian: m.coverageCalibrated.median,
    pearsonSigmaMse: m.pearsonSigmaMse.calibrated,
    pearsonSigmaMseRaw: m.pearsonSigmaMse.raw,
    pearsonLogSigmaLogMse: m.pearsonLogSigmaLogMse.calibrated,
    spearmanSigmaMse: m.spearmanSigmaMse.calibrated,
    pearsonRmsMse: m.pearsonRmsMse,
    coverageWorstDecileCalibrated: m.coverageWorstDecile.calibrated,
  };
}
