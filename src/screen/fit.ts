/**
 * @module screen/fit
 * Fit the nuisance parameters between one candidate's prediction and the measured spectrum: a
 * small bounded energy shift (on top of the calibrated alignment, penalised), one broadening out
 * of a short list, and the intensity scale (closed form). Minimises the distance of the ranking's
 * score over the comparison window.
 *
 * Speed (2026-12): every score is a dot product of two unit vectors after a transform that depends
 * on the score alone — Pearson: centred and normalised; cosine: normalised; Spearman: Pearson of
 * ranks; derivative Pearson: Pearson of first differences; the R-factor with a free scale is
 * 1 − cos². The measured samples are transformed once per shift and the candidate's broadened
 * spectra once per broadening, so the whole (shift × broadening) search of a candidate costs
 * shifts × broadenings dot products of the window's length.
 */
import { ranks } from '../stats/index.ts';
import { distanceFromScores, fitScores, scaledRFactor, type FitScores, type ScoreKind } from './scores.ts';

/** Defaults of the fit (the ones shipped were chosen on measured references: reports/screen.md). */
export const FIT_DEFAULTS = Object.freeze({
  /**
   * |shift| ≤ this on top of the calibrated alignment (eV). ±1 eV beat ±2 and ±4 eV by leave-one-out
   * over the 7 measured Cu references with FEFF's own spectra (reports/screen.md, 2026-12): the right
   * answer in the top 3 of its composition for 7/7 against 6/7 and 5/7. Widen it (`--max-shift`) for a
   * measurement whose energy calibration is doubtful.
   */
  maxShiftEv: 1,
  shiftStepEv: 0.25,
  /** Distance × (1 + shiftPenalty·(shift/maxShift)²). */
  shiftPenalty: 0.5,
  /** Relative energies compared (eV), clipped to the predictor's valid range and the data. */
  windowEv: Object.freeze([-10, 100]) as readonly [number, number],
  /** Spearman ρ: the best of five scores and a Borda count by leave-one-out over 7 measured Cu references (reports/screen.md, 2026-12). */
  score: 'spearman' as ScoreKind,
});

/** Options of the fit. */
export interface FitOptions {
  maxShiftEv?: number;
  shiftStepEv?: number;
  shiftPenalty?: number;
  windowEv?: readonly [number, number];
  score?: ScoreKind;
}

function unit(v: Float64Array, centre: boolean): Float64Array {
  let m = 0;
  if (centre) {
    for (const x of v) m += x;
    m /= v.length;
  }
  let ss = 0;
  for (const x of v) ss += (x - m) ** 2;
  const inv = ss > 0 ? 1 / Math.sqrt(ss) : 0;
  return v.map((x) => (x - m) * inv);
}

/**
 * The unit vector whose dot product with another's transform is the score's similarity.
 *
 * @example
 * dot(scoreTransform('pearson', y), scoreTransform('pearson', p)) // = pearson(y, p)
 */
export function scoreTransform(kind: ScoreKind, v: ArrayLike<number>): Float64Array {
  const x = Float64Array.from(v);
  switch (kind) {
    case 'pearson':
      return unit(x, true);
    case 'cosine':
    case 'rFactor':
      return unit(x, false);
    case 'spearman':
      return unit(ranks(x), true);
    case 'derivativePearson':
      return unit(x.subarray(1).map((y, i) => y - x[i]!), true);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Similarity → distance for a score kind. */
function distanceOf(kind: ScoreKind, similarity: number): number {
  if (kind === 'rFactor') return similarity > 0 ? 1 - similarity * similarity : 1;
  return 1 - similarity;
}

/** The best (shift, broadening) of one candidate. */
export interface CandidateFit {
  shiftIndex: number;
  shiftEv: number;
  broadeningIndex: number;
  /** The score's distance at the best point (unpenalised). */
  distance: number;
  /** distance × (1 + penalty·(shift/maxShift)²): what was minimised. */
  penalised: number;
}

/**
 * Best shift and broadening: `measuredT[s]` are the transformed measured samples per shift,
 * `predictedT[b]` the transformed broadened predictions per broadening (both from
 * {@link scoreTransform} of the same kind).
 *
 * @example
 * const fit = fitCandidate('pearson', measuredT, shiftsEv, predictedT, { maxShiftEv: 2, shiftPenalty: 0.5 });
 */
export function fitCandidate(
  kind: ScoreKind,
  measuredT: readonly Float64Array[],
  shiftsEv: Float64Array,
  predictedT: readonly Float64Array[],
  { maxShiftEv = FIT_DEFAULTS.maxShiftEv, shiftPenalty = FIT_DEFAULTS.shiftPenalty }: { maxShiftEv?: number; shiftPenalty?: number } = {},
): CandidateFit {
  let best: CandidateFit = { shiftIndex: 0, shiftEv: shiftsEv[0]!, broadeningIndex: 0, distance: Infinity, penalised: Infinity };
  for (let b = 0; b < predictedT.length; b++) {
    const p = predictedT[b]!;
    for (let s = 0; s < measuredT.length; s++) {
      const d = distanceOf(kind, dot(measuredT[s]!, p));
      const rel = maxShiftEv > 0 ? shiftsEv[s]! / maxShiftEv : 0;
      const pen = d * (1 + shiftPenalty * rel * rel);
      if (pen < best.penalised) best = { shiftIndex: s, shiftEv: shiftsEv[s]!, broadeningIndex: b, distance: d, penalised: pen };
    }
  }
  return best;
}

/**
 * Every score at a fitted point, with the closed-form scale applied to the prediction
 * (`measuredRanks`: the measured samples' ranks, when the caller holds them).
 *
 * @example
 * const { scores, scale, predicted } = scoresAt(measured, broadened);
 */
export function scoresAt(measured: ArrayLike<number>, predicted: ArrayLike<number>, measuredRanks?: ArrayLike<number>): { scores: FitScores; scale: number; predicted: Float64Array } {
  const { scale } = scaledRFactor(measured, predicted);
  const scaled = Float64Array.from(predicted, (v) => v * scale);
  return { scores: fitScores(measured, scaled, measuredRanks), scale, predicted: scaled };
}

export { distanceFromScores };
