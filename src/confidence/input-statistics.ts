/**
 * @module confidence/input-statistics
 * The data-driven statistics of inverse-model inputs, computed in batches with one ensemble run:
 * - `distance`: RMS distance to the nearest training inputs (see training-distance.ts);
 * - `spread`: mean calibrated ensemble σ over the 50 G2 bins (ensemble disagreement);
 * - `sensitivity`: the largest change of the predicted first-shell distance (Å) when the input is
 *   shifted by ±1 eV or broadened by a further 1 eV FWHM (David et al. 2023: unstable predictions
 *   are the wrong ones). A first-shell peak that appears or vanishes counts as `missingPeakAngstrom`.
 */
import { predictEnsemble, type EnsemblePrediction, type InverseModel } from '../inverse/index.ts';
import { firstShellDistance } from '../inverse/index.ts';
import { shiftRow } from '../inverse/index.ts';
import { trainingDistance, type DistanceReference } from './training-distance.ts';

/** Perturbations of the sensitivity check, written once. */
export const SENSITIVITY_DEFAULTS = Object.freeze({ shiftEv: 1, broadenFwhmEv: 1, missingPeakAngstrom: 2.5, batch: 128 });

export interface InputStatistics {
  distance: number;
  spread: number;
  sensitivity: number;
  /** First-shell distance of the ensemble mean (Å), NaN when no peak. */
  firstShell: number;
}

/**
 * Row broadened by a Gaussian of `fwhmPoints` (in grid points), ends held constant.
 * @example broadenRow(x, 1 / 0.5)
 */
export function broadenRow(row: ArrayLike<number>, fwhmPoints: number): Float32Array {
  const L = row.length;
  const sigma = fwhmPoints / 2.354820045;
  const half = Math.ceil(3 * sigma);
  const kernel = Array.from({ length: 2 * half + 1 }, (_, k) => Math.exp(-0.5 * ((k - half) / sigma) ** 2));
  const out = new Float32Array(L);
  for (let i = 0; i < L; i++) {
    let s = 0;
    let w = 0;
    for (let k = -half; k <= half; k++) {
      const j = Math.max(0, Math.min(L - 1, i + k));
      s += kernel[k + half]! * row[j]!;
      w += kernel[k + half]!;
    }
    out[i] = s / w;
  }
  return out;
}

/**
 * Statistics of `n` model inputs (row-major n × L). `reference` undefined → distance NaN.
 * @example const [s] = await inputStatistics(model, ref, Float32Array.from(rdf.input.mu), 1);
 */
export async function inputStatistics(model: InverseModel, reference: DistanceReference | undefined, x: Float32Array, n: number, batch: number = SENSITIVITY_DEFAULTS.batch): Promise<InputStatistics[]> {
  const out: InputStatistics[] = [];
  for (let start = 0; start < n; start += batch) out.push(...(await statisticsOfBatch(model, reference, x, start, Math.min(batch, n - start))).statistics);
  return out;
}

/**
 * Statistics of one model input (L values) and the ensemble prediction of a batch whose row 0 is
 * that input itself — a caller that needs both (the pseudo-RDF and its confidence) runs the
 * ensemble once instead of twice.
 * @example const { statistics, prediction } = await inputStatisticsWithPrediction(model, ref, input.x);
 */
export async function inputStatisticsWithPrediction(model: InverseModel, reference: DistanceReference | undefined, x: Float32Array): Promise<{ statistics: InputStatistics; prediction: EnsemblePrediction }> {
  const { statistics, prediction } = await statisticsOfBatch(model, reference, x, 0, 1);
  return { statistics: statistics[0]!, prediction };
}

/** Rows start … start + m − 1 of `x`, in one ensemble run: [base × m, +shift × m, −shift × m, broadened × m]. */
async function statisticsOfBatch(model: InverseModel, reference: DistanceReference | undefined, x: Float32Array, start: number, m: number): Promise<{ statistics: InputStatistics[]; prediction: EnsemblePrediction }> {
  const L = model.manifest.recipe.grid.n;
  const K = model.manifest.g2.n;
  const r = model.manifest.g2.r;
  const step = model.manifest.recipe.grid.stepEv;
  const d = SENSITIVITY_DEFAULTS;
  const out: InputStatistics[] = [];
  const xb = new Float32Array(4 * m * L);
  for (let s = 0; s < m; s++) {
    const row = x.subarray((start + s) * L, (start + s + 1) * L);
    xb.set(row, s * L);
    xb.set(shiftRow(row, d.shiftEv / step), (m + s) * L);
    xb.set(shiftRow(row, -d.shiftEv / step), (2 * m + s) * L);
    xb.set(broadenRow(row, d.broadenFwhmEv / step), (3 * m + s) * L);
  }
  const pred = await predictEnsemble(model, xb, 4 * m);
  const fs = (row: number) => firstShellDistance(r, pred.mean.subarray(row * K, (row + 1) * K));
  for (let s = 0; s < m; s++) {
    const base = fs(s);
    let sens = 0;
    for (let p = 1; p < 4; p++) {
      const v = fs(p * m + s);
      const delta = Number.isFinite(base) && Number.isFinite(v) ? Math.abs(v - base) : Number.isFinite(base) === Number.isFinite(v) ? 0 : d.missingPeakAngstrom;
      sens = Math.max(sens, delta);
    }
    let spread = 0;
    for (let k = 0; k < K; k++) spread += pred.sigma[s * K + k]! / K;
    const row = x.subarray((start + s) * L, (start + s + 1) * L);
    out.push({ distance: reference ? trainingDistance(reference, row) : NaN, spread, sensitivity: sens, firstShell: base });
  }
  return { statistics: out, prediction: pred };
}
