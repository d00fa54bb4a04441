/**
 * @module screen/edge-valence
 * The measured edge position as a vote on the oxidation state (chemistry/edge-valence.ts): its
 * calibration on the measured references of known valence (references.ts), and the readout of one
 * measured spectrum. `npm run calibrate:edge-valence` writes models/screen/edge-valence.json;
 * screening adds each candidate's edge-valence penalty to its log-score (combine.ts), and the
 * evaluation refits the calibration without the compound it evaluates.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fitEdgeValence, EDGE_VALENCE_FILE, type EdgeValenceCalibration, type EdgeValencePoint } from '../chemistry/index.ts';
import { InputError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { prepareMeasured } from '../measured/index.ts';
import { edgeAtFraction } from '../spectrum/index.ts';
import type { ValenceReference } from './references.ts';

/**
 * Half-height edge energy (eV) of a prepared measured spectrum, or null when μ never crosses ½.
 *
 * @example measuredEdgeEv(prepareMeasured('Fe2O3_rt_01.xdi')) // ≈ 7123.1
 */
export function measuredEdgeEv(prepared: PreparedSpectrum): number | null {
  return edgeAtFraction(prepared.spectrum.energyEv, prepared.preEdge.norm, prepared.e0Ev);
}

/**
 * The edge energy of every reference (read and normalised as a user's upload is); references whose
 * edge cannot be found are reported through `onSkip` and left out.
 *
 * @example const points = measureValencePoints(valenceReferences('Fe'), '../shared/data');
 */
export function measureValencePoints(references: readonly ValenceReference[], dataDir: string, onSkip: (msg: string) => void = () => {}): EdgeValencePoint[] {
  const out: EdgeValencePoint[] = [];
  for (const r of references) {
    const prepared = prepareMeasured(join(dataDir, r.spectrum), { ...(r.group ? { group: r.group } : {}), element: r.absorber });
    const edgeEv = measuredEdgeEv(prepared);
    if (edgeEv === null) {
      onSkip(`${r.name}: the normalised μ never reaches ½ of the edge step`);
      continue;
    }
    out.push({ name: r.name, compound: r.compound, spectrum: r.spectrum, ...(r.group ? { group: r.group } : {}), oxidationState: r.oxidationState, ligand: r.ligand, edgeEv });
  }
  return out;
}

/**
 * The calibration of `absorber` from measured valence points, optionally without the spectra of one
 * compound (leave-one-out); null when the rest does not span two oxidation states.
 *
 * @example calibrateEdgeValence('Fe', measureValencePoints(valenceReferences('Fe'), dataDir), 'hematite')
 */
export function calibrateEdgeValence(absorber: string, points: readonly EdgeValencePoint[], withoutCompound?: string): EdgeValenceCalibration | null {
  try {
    return fitEdgeValence(absorber, points.filter((p) => p.compound !== withoutCompound));
  } catch (err) {
    if (err instanceof InputError) return null;
    throw err;
  }
}

/**
 * Write the calibrations (by absorber) to `path` (atomic).
 *
 * @example writeEdgeValence({ Fe: cal })
 */
export function writeEdgeValence(calibrations: Record<string, EdgeValenceCalibration>, path = EDGE_VALENCE_FILE): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, JSON.stringify({ absorbers: calibrations }, null, 1) + '\n');
  renameSync(`${path}.tmp`, path);
  return path;
}
