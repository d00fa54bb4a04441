/**
 * @module inverse/robustness
 * How much the predicted first shell moves when the input is perturbed: model inputs shifted along
 * their grid (a residual energy misalignment), and the change of the first-shell distance between
 * two sets of predictions. Used by eval:inverse (±1 eV, +1 eV FWHM), compare:inverse (+1 eV) and
 * the sensitivity check of the confidence verdicts (confidence/input-statistics).
 */
import { summarize, type Summary } from '../stats/index.ts';
import { firstShellDistance } from './first-shell.ts';

/**
 * Row shifted on its uniform grid: out(E) = in(E + δ) with δ = `deltaPoints` grid steps, linear
 * interpolation between grid points, ends held constant. A shift of +1 eV on a 0.5 eV grid is
 * `deltaPoints = 2` (the spectrum appears 1 eV lower).
 *
 * @example
 * shiftRow(Float32Array.of(0, 1, 2, 3), 0.5); // Float32Array [0.5, 1.5, 2.5, 3]
 */
export function shiftRow(row: ArrayLike<number>, deltaPoints: number): Float32Array {
  const L = row.length;
  const out = new Float32Array(L);
  for (let i = 0; i < L; i++) {
    const t = Math.max(0, Math.min(L - 1, i + deltaPoints));
    const j = Math.min(L - 2, Math.floor(t));
    out[i] = row[j]! * (1 - (t - j)) + row[j + 1]! * (t - j);
  }
  return out;
}

/**
 * The n model inputs (rows of L values) each moved by {@link shiftRow}.
 *
 * @example
 * shiftModelInputs(test.x, test.n, L, 1 / recipe.grid.stepEv); // +1 eV misalignment
 */
export function shiftModelInputs(x: Float32Array, n: number, L: number, shiftBins: number): Float32Array {
  const out = new Float32Array(n * L);
  for (let s = 0; s < n; s++) out.set(shiftRow(x.subarray(s * L, (s + 1) * L), shiftBins), s * L);
  return out;
}

/**
 * Summary of |first-shell distance after − before| over n predicted G2 rows (K = r.length values
 * each); rows without a first-shell maximum in either set are left out (summarize drops NaN).
 *
 * @example
 * firstShellChange(r, pred.mean, shiftedPred.mean, n).median; // Å
 */
export function firstShellChange(r: ArrayLike<number>, before: Float32Array, after: Float32Array, n: number): Summary {
  const K = r.length;
  const fs = (p: Float32Array, s: number) => firstShellDistance(r, p.subarray(s * K, (s + 1) * K));
  return summarize(Array.from({ length: n }, (_, s) => Math.abs(fs(after, s) - fs(before, s))));
}
