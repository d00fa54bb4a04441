/**
 * @module screen/calibration-file
 * Where a predictor's theory → experiment calibrations live: `experiment-calibration.json` in the
 * forward model's folder (beside `manifest.json`), and in `models/screen/feff-reference/` for the
 * FEFF reference predictor. One file holds every calibrated absorber:
 * `{ predictor, absorbers: { Cu: EnergyCalibration, … } }` (alignment.ts).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MODELS_DIR } from '../paths.ts';
import type { EnergyCalibration } from './alignment.ts';
import { readJsonFile, writeFileAtomic } from '../io/index.ts';
import { z } from 'zod';

/** File name of a calibration inside a model folder. */
export const CALIBRATION_FILE = 'experiment-calibration.json';

/** Folder of the FEFF reference predictor's calibration. */
export const FEFF_REFERENCE_DIR = join(MODELS_DIR, 'screen', 'feff-reference');

/** Contents of a calibration file. */
/** What reading a calibration file checks (zod): per absorber a finite offset and stretch and at least one broadening. */
export const CALIBRATION_FILE_SCHEMA = z.looseObject({
  predictor: z.string(),
  absorbers: z.record(
    z.string(),
    z.looseObject({
      offsetEv: z.number(),
      stretch: z.number(),
      broadenings: z.array(z.looseObject({ gamma0Ev: z.number(), gamma1: z.number(), gaussianFwhmEv: z.number() })).min(1, 'needs at least one broadening'),
    }),
  ),
});

export interface CalibrationFile {
  predictor: string;
  absorbers: Record<string, EnergyCalibration>;
}

/**
 * The calibrations in `dir` (undefined when the folder has none).
 * @example readCalibrations('models/forward/universal-k-v3')?.Cu.offsetEv
 */
export function readCalibrations(dir: string): Record<string, EnergyCalibration> | undefined {
  const path = join(dir, CALIBRATION_FILE);
  if (!existsSync(path)) return undefined;
  return (readJsonFile(path, CALIBRATION_FILE_SCHEMA) as unknown as CalibrationFile).absorbers;
}

/**
 * Add or replace one absorber's calibration in `dir` (atomic write).
 * @example writeCalibration('models/forward/universal-k-v3', calibration)
 */
export function writeCalibration(dir: string, calibration: EnergyCalibration): string {
  const path = join(dir, CALIBRATION_FILE);
  const existing = existsSync(path) ? (readJsonFile(path, CALIBRATION_FILE_SCHEMA) as unknown as CalibrationFile) : { predictor: calibration.predictor, absorbers: {} };
  existing.predictor = calibration.predictor;
  existing.absorbers[calibration.absorber] = calibration;
  writeFileAtomic(path, JSON.stringify(existing, null, 1) + '\n');
  return path;
}

/** What a prediction reports of its absorber's theory → experiment calibration (the absolute energy axis). */
export interface PredictionCalibration {
  /** E = edgeEv + offsetEv + stretch·E_rel (eV), edgeEv the tabulated K edge. */
  offsetEv: number;
  stretch: number;
  /** The predictor the calibration was fitted for (model id@version-created-data hash). */
  predictor: string;
  /** Measured references it was fitted on, and the median |residual| of their edges (eV). */
  references: number;
  medianAbsResidualEv: number;
  fitted: string;
}

/**
 * The absorber's calibration in the model folder `dir`, as a prediction reports it (null: none
 * fitted, so the absolute axis can only be the tabulated edge). The same file and entry the
 * ranking aligns with (forward-predictor.ts).
 * @example predictionCalibration('models/forward/universal-k-v3', 'Cu')?.offsetEv // 12.75
 */
export function predictionCalibration(dir: string, absorber: string): PredictionCalibration | null {
  const c = readCalibrations(dir)?.[absorber];
  if (!c) return null;
  return { offsetEv: c.offsetEv, stretch: c.stretch, predictor: c.predictor, references: c.references?.length ?? 0, medianAbsResidualEv: c.medianAbsResidualEv, fitted: c.fitted };
}
