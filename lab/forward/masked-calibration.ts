/**
 * @module lab/forward/masked-calibration
 * Split-conformal σ calibration (ensemble/calibration) for targets with gaps: on the wide grid a
 * validation spectrum has no target (NaN) beyond its absorber's valid range. Each bin's scale comes
 * from the spectra with a target there, the global scale from all finite points; a bin no spectrum
 * covers keeps the global scale. Coverage is the median over spectra of the fraction of their
 * finite points inside ±kσ.
 */
import { fitCalibration, type Calibration } from '../../src/ensemble/index.ts';
import { InputError } from '../../src/errors.ts';

type Rows = readonly ArrayLike<number>[];

/**
 * Per-bin and global σ scales from the finite target points only (see the module comment).
 *
 * @example
 * const cal = fitMaskedCalibration(meanRows, sigmaRows, targetRows, { coverage: 0.95, k: 2 });
 */
export function fitMaskedCalibration(mean: Rows, sigma: Rows, target: Rows, { coverage = 0.95, k = 2 }: { coverage?: number; k?: number } = {}): Calibration & { perBinScale: Float64Array } {
  const N = target.length;
  if (N === 0 || mean.length !== N || sigma.length !== N) throw new InputError(`mean, sigma and target have ${mean.length}, ${sigma.length} and ${N} rows (need the same, at least one)`);
  const K = target[0]!.length;
  const column = (j: number): number[] => {
    const rows: number[] = [];
    for (let s = 0; s < N; s++) if (Number.isFinite(target[s]![j]!)) rows.push(s);
    return rows;
  };
  const pick = (rows: Rows, pts: [number, number][]): number[][] => pts.map(([s, j]) => [rows[s]![j]!]);
  const all: [number, number][] = [];
  const byBin = Array.from({ length: K }, (_, j) => column(j));
  byBin.forEach((rows, j) => rows.forEach((s) => all.push([s, j])));
  if (all.length === 0) throw new InputError('no finite target to calibrate on');
  const global = fitCalibration(pick(mean, all), pick(sigma, all), pick(target, all), { coverage, k });
  const perBinScale = Float64Array.from(byBin, (rows, j) => {
    if (rows.length === 0) return global.scale;
    const pts = rows.map((s) => [s, j] as [number, number]);
    return fitCalibration(pick(mean, pts), pick(sigma, pts), pick(target, pts), { coverage, k }).scale;
  });
  return { k, coverage, scale: global.scale, perBinScale, samples: N };
}

/**
 * Median over spectra of the fraction of their finite target points with |target − mean| ≤ kσ
 * (spectra without a finite target are left out; NaN when none is left).
 *
 * @example
 * maskedCoverage(meanRows, calibratedSigmaRows, targetRows, 2) // ≈ 0.95 after calibration
 */
export function maskedCoverage(mean: Rows, sigma: Rows, target: Rows, k = 2): number {
  const fractions: number[] = [];
  target.forEach((t, s) => {
    let inside = 0;
    let n = 0;
    for (let j = 0; j < t.length; j++) {
      if (!Number.isFinite(t[j]!)) continue;
      n++;
      if (Math.abs(t[j]! - mean[s]![j]!) <= k * sigma[s]![j]!) inside++;
    }
    if (n > 0) fractions.push(inside / n);
  });
  if (fractions.length === 0) return NaN;
  fractions.sort((a, b) => a - b);
  const h = fractions.length >> 1;
  return fractions.length % 2 ? fractions[h]! : 0.5 * (fractions[h - 1]! + fractions[h]!);
}
