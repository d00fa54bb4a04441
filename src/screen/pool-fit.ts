/**
 * @module screen/pool-fit
 * Does the answer sit in the pool? An absolute verdict on the best candidate's fit: a ranking
 * always has a #1, but when the right phase is not among the candidates the best fit is worse than
 * right phases usually fit. The thresholds are chosen on the measured benchmark's dev half
 * (`npm run eval:benchmark -- --write-pool-fit`, lab/benchmark/ranking-report.ts): `doubtful` below
 * the fit quality that 90 % of right phases reach on dev, `no-fit` below the worst right-phase fit
 * seen on dev. The spectrum's own verdict carries over: an unreliable spectrum cannot "fit".
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../paths.ts';
import type { Verdict } from '../confidence/index.ts';

/** Where the shipped thresholds live. */
export const POOL_FIT_FILE = join(MODELS_DIR, 'screen', 'pool-fit.json');

/** Which fit measure the thresholds are on: `pearson` (higher is better) or `rFactor` (lower is better). */
export type PoolFitFeature = 'pearson' | 'rFactor';

/** Thresholds of the verdict (fit quality q: Pearson, or −R for the R-factor). */
export interface PoolFitThresholds {
  /** The predictor id (forward model id@version) whose fits the thresholds were chosen on: fits of another predictor are not judged by them. */
  predictor?: string;
  feature: PoolFitFeature;
  /** q below this: `doubtful`. */
  doubtfulBelow: number;
  /** q below this: `no-fit`. */
  noFitBelow: number;
  /** What the choice saw (absorbers, rows, rates on dev). */
  chosenOn?: { absorbers: string[]; present: number; removed: number; devFlaggedPresent: number; devFlaggedRemoved: number };
  /** Thresholds of absorbers with enough dev spectra of their own (these apply to them instead). */
  perAbsorber?: Record<string, Omit<PoolFitThresholds, 'perAbsorber'>>;
}

/**
 * The thresholds that apply to `absorber` and the predictor: its own where the file has them, else the pooled ones; null for another predictor.
 * @example thresholdsFor(readPoolFit(), 'Fe')?.doubtfulBelow
 */
export function thresholdsFor(t: PoolFitThresholds | null, absorber: string, predictorId?: string): PoolFitThresholds | null {
  if (!t || (t.predictor !== undefined && predictorId !== undefined && t.predictor !== predictorId)) return null;
  const own = t.perAbsorber?.[absorber];
  return own ? { ...own } : t;
}

/** The verdict a ranking carries ('not-judged': no thresholds were chosen for this predictor and absorber, so nothing is claimed). */
export interface PoolFit {
  verdict: 'fits' | 'doubtful' | 'no-fit' | 'not-judged';
  reasons: string[];
  /** The best candidate's fit on the thresholds' measure. */
  feature: PoolFitFeature | null;
  value: number | null;
  thresholds: { doubtfulBelow: number; noFitBelow: number } | null;
}

/** Fit quality on a feature: higher is better. */
export function fitQuality(feature: PoolFitFeature, best: { pearson: number; rFactor: number }): number {
  return feature === 'pearson' ? best.pearson : -best.rFactor;
}

/**
 * The shipped thresholds, or null when none are (then the verdict rests on the spectrum alone).
 * @example readPoolFit()?.feature // 'pearson'
 */
export function readPoolFit(path = POOL_FIT_FILE): PoolFitThresholds | null {
  if (!existsSync(path)) return null;
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<PoolFitThresholds>;
  if ((raw.feature !== 'pearson' && raw.feature !== 'rFactor') || typeof raw.doubtfulBelow !== 'number' || typeof raw.noFitBelow !== 'number') return null;
  return raw as PoolFitThresholds;
}

const fmt = (v: number) => (Math.abs(v) >= 0.01 ? v.toFixed(3) : v.toPrecision(2));

/**
 * The verdict for a ranking whose best candidate fits as `best`.
 * @example poolFitVerdict({ pearson: 0.97, rFactor: 0.01 }, 'ok', { feature: 'pearson', doubtfulBelow: 0.95, noFitBelow: 0.9 }).verdict // 'fits'
 */
export function poolFitVerdict(best: { pearson: number; rFactor: number } | undefined, spectrumVerdict: Verdict, thresholds: PoolFitThresholds | null): PoolFit {
  const reasons: string[] = [];
  let verdict: PoolFit['verdict'] = 'fits';
  let value: number | null = null;
  if (!best) {
    return { verdict: 'no-fit', reasons: ['no candidate could be fitted'], feature: thresholds?.feature ?? null, value: null, thresholds: thresholds ? { doubtfulBelow: thresholds.doubtfulBelow, noFitBelow: thresholds.noFitBelow } : null };
  }
  if (thresholds) {
    value = fitQuality(thresholds.feature, best);
    const shown = thresholds.feature === 'pearson' ? `Pearson ${fmt(value)}` : `R-factor ${fmt(-value)}`;
    const limit = (q: number) => (thresholds.feature === 'pearson' ? `Pearson ${fmt(q)}` : `R-factor ${fmt(-q)}`);
    const seen = thresholds.chosenOn ? ` (thresholds from ${thresholds.chosenOn.present} measured dev spectra of ${thresholds.chosenOn.absorbers.join(', ')})` : '';
    if (value < thresholds.noFitBelow) {
      verdict = 'no-fit';
      reasons.push(`the best fit (${shown}) is worse than any right phase fitted its measurement on the benchmark's dev half (${limit(thresholds.noFitBelow)})${seen}: the answer is probably not among the candidates`);
    } else if (value < thresholds.doubtfulBelow) {
      verdict = 'doubtful';
      reasons.push(`the best fit (${shown}) is worse than 90 % of right phases fitted on the benchmark's dev half (${limit(thresholds.doubtfulBelow)})${seen}: the answer may not be among the candidates`);
    } else reasons.push(`the best fit (${shown}) is as good as right phases fit on the benchmark's dev half (≥ ${limit(thresholds.doubtfulBelow)})`);
  } else {
    verdict = 'not-judged';
    reasons.push('no pool-fit thresholds for this predictor (npm run eval:benchmark -- --write-pool-fit chooses them for the shipped forward model): the fit was not judged');
  }
  if (spectrumVerdict === 'unreliable') {
    if (verdict === 'fits' || verdict === 'not-judged') verdict = 'doubtful';
    reasons.push("the measured spectrum's own checks say unreliable: no fit to it can be trusted");
  }
  return { verdict, reasons, feature: thresholds?.feature ?? null, value, thresholds: thresholds ? { doubtfulBelow: thresholds.doubtfulBelow, noFitBelow: thresholds.noFitBelow } : null };
}
