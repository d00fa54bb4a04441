/**
 * @module inverse/measured-calibration
 * `measured-calibration.json` beside an inverse model: how much to widen the σ of the G2 and the
 * first-shell "±" for measured spectra, fitted on the dev half of the measured benchmark by
 * `npm run eval:inverse-measured -- --write` (lab/inverse/measured-calibration.ts), with what it
 * means in words. Without the file (or with one fitted for another version of the model) the σ is
 * the theory-calibrated one and the first-shell "±" is the members' spread, and the result says so.
 *
 * Calibrated first-shell σ = √((scale · member spread)² + floor²) (a scale, or a scale and a floor
 * added in quadrature; the fit chooses). The G2 σ is multiplied by one scale per element.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeFileAtomic } from '../io/index.ts';
import type { InverseManifest } from './manifest.ts';

/** File name inside the model folder. */
export const MEASURED_CALIBRATION_FILE = 'measured-calibration.json';

/** Coverage counts of one half: spectra and compounds whose quantity fell within ±kσ. */
export interface CoverageCount {
  covered: number;
  of: number;
}

/** The stored calibration (`version: 1`). */
export interface MeasuredCalibration {
  version: 1;
  kind: 'inverse-measured-calibration';
  element: string;
  /** The model it was fitted for: applied only while `created` and the σ fingerprint match. */
  model: { id: string; version: string; created: string; sigma: string };
  /** Band half-width in σ and the coverage it states. */
  k: number;
  statedCoverage: number;
  g2: {
    /** Factor on the theory-calibrated σ of every G2 point. */
    scale: number;
    /** Compound-weighted fraction of G2 points within ±kσ on the dev half, before and after. */
    devCoverage: { before: number; after: number };
    /** Same on the test half (reported, never fitted). */
    testCoverage: { before: number; after: number };
  };
  firstShell: {
    form: 'scale' | 'scale+floor';
    scale: number;
    floorAngstrom: number;
    /** Spectra and compounds whose known first shell fell within ±kσ (a compound counts when most of its spectra did). */
    dev: { spectra: CoverageCount; compounds: CoverageCount };
    test: { spectra: CoverageCount; compounds: CoverageCount };
  };
  /** What the G2 σ means, in words. */
  sigmaMeaning: string;
  /** What the first-shell "±" means, in words. */
  firstShellMeaning: string;
  dev: { compounds: string[]; spectra: number };
  test: { compounds: string[]; spectra: number };
  split: { file: string; version: number; testSha256: string };
  provenance: { script: string; command: string; created: string; codeCommit: string | null };
}

/** What reading the file checks (zod): the fields the runtime uses. */
export const MEASURED_CALIBRATION_SCHEMA = z.looseObject({
  version: z.literal(1),
  kind: z.literal('inverse-measured-calibration'),
  element: z.string(),
  model: z.looseObject({ id: z.string(), created: z.string(), sigma: z.string() }),
  k: z.number().positive(),
  statedCoverage: z.number().gt(0).lt(1),
  g2: z.looseObject({ scale: z.number().positive() }),
  firstShell: z.looseObject({ form: z.enum(['scale', 'scale+floor']), scale: z.number().nonnegative(), floorAngstrom: z.number().nonnegative() }),
  sigmaMeaning: z.string().min(1),
  firstShellMeaning: z.string().min(1),
});

/**
 * Fingerprint of everything that sets a model's σ (conformal calibration and error model): a
 * calibration file fitted before a `calibrate:inverse` run is stale, as it is after retraining.
 * @example sigmaFingerprint(model.manifest) // 'a1b2c3d4e5f60718'
 */
export function sigmaFingerprint(m: Pick<InverseManifest, 'calibration' | 'errorModel'>): string {
  return createHash('sha256')
    .update(JSON.stringify({ calibration: m.calibration, errorModel: m.errorModel ?? null }))
    .digest('hex')
    .slice(0, 16);
}

/** Where a model folder keeps its measured calibration. */
export function measuredCalibrationPath(modelDir: string): string {
  return join(modelDir, MEASURED_CALIBRATION_FILE);
}

/**
 * The measured calibration of a model folder, if it has one that fits this model.
 * @returns `calibration` when usable; `note` saying why a file present is not used.
 * @throws ParseError naming the file when it is malformed.
 * @example const { calibration } = readMeasuredCalibration(model.dir, model.manifest);
 */
export function readMeasuredCalibration(modelDir: string, manifest: InverseManifest): { calibration?: MeasuredCalibration; note?: string } {
  const path = measuredCalibrationPath(modelDir);
  if (!existsSync(path)) return {};
  const c = readJsonFile(path, MEASURED_CALIBRATION_SCHEMA) as unknown as MeasuredCalibration;
  if (c.element !== manifest.element || c.model.id !== manifest.id || c.model.created !== manifest.created || c.model.sigma !== sigmaFingerprint(manifest)) {
    return { note: `${path} was fitted for another version of the ${manifest.id} model (or its σ calibration); not applied: σ is calibrated on theory only. Rerun npm run eval:inverse-measured -- --write` };
  }
  return { calibration: c };
}

/** Writes the file atomically (numbers at 6 significant digits); returns its path. */
export function writeMeasuredCalibration(modelDir: string, c: MeasuredCalibration): string {
  const path = measuredCalibrationPath(modelDir);
  writeFileAtomic(path, JSON.stringify(c, (_k, v: unknown) => (typeof v === 'number' ? (Number.isFinite(v) ? Number(v.toPrecision(6)) : null) : v), 1) + '\n');
  return path;
}

/**
 * The calibrated first-shell σ from the members' spread: √((scale·spread)² + floor²).
 * @example calibratedFirstShellSigma(0.02, { scale: 2, floorAngstrom: 0.05 }) // ≈ 0.064
 */
export function calibratedFirstShellSigma(spreadAngstrom: number, { scale, floorAngstrom }: { scale: number; floorAngstrom: number }): number {
  if (scale === 0) return floorAngstrom;
  return Math.hypot(scale * spreadAngstrom, floorAngstrom);
}
