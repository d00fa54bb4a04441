/**
 * @module screen/calibration-file
 * Where a predictor's theory → experiment calibrations live: `experiment-calibration.json` in the
 * forward model's folder (beside `manifest.json`), and in `models/screen/feff-reference/` for the
 * FEFF reference predictor. One file holds every calibrated absorber:
 * `{ predictor, absorbers: { Cu: EnergyCalibration, … } }` (alignment.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ParseError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import type { EnergyCalibration } from './alignment.ts';

/** File name of a calibration inside a model folder. */
export const CALIBRATION_FILE = 'experiment-calibration.json';

/** Folder of the FEFF reference predictor's calibration. */
export const FEFF_REFERENCE_DIR = join(MODELS_DIR, 'screen', 'feff-reference');

/** Contents of a calibration file. */
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
  let parsed: CalibrationFile;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8')) as CalibrationFile;
  } catch (err) {
    throw new ParseError(path, undefined, `not valid JSON (${(err as Error).message})`);
  }
  if (!parsed || typeof parsed.absorbers !== 'object') throw new ParseError(path, undefined, 'expected {predictor, absorbers: {El: calibration}}');
  for (const [el, c] of Object.entries(parsed.absorbers)) {
    if (!Number.isFinite(c.offsetEv) || !Number.isFinite(c.stretch) || !Array.isArray(c.broadenings) || c.broadenings.length === 0) {
      throw new ParseError(path, undefined, `the ${el} calibration needs a finite offsetEv and stretch and at least one broadening`);
    }
  }
  return parsed.absorbers;
}

/**
 * Add or replace one absorber's calibration in `dir` (atomic write).
 * @example writeCalibration('models/forward/universal-k-v3', calibration)
 */
export function writeCalibration(dir: string, calibration: EnergyCalibration): string {
  const path = join(dir, CALIBRATION_FILE);
  const existing = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as CalibrationFile) : { predictor: calibration.predictor, absorbers: {} };
  existing.predictor = calibration.predictor;
  existing.absorbers[calibration.absorber] = calibration;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify(existing, null, 1) + '\n');
  renameSync(`${path}.tmp`, path);
  return path;
}
