/**
 * @module screen/edge-valence
 * The measured edge position as a vote on the oxidation state (chemistry/edge-valence.ts): its
 * calibration on the measured references of known valence (references.ts), and the readout of one
 * measured spectrum. `npm run calibrate:edge-valence` writes models/screen/edge-valence.json;
 * screening adds each candidate's edge-valence penalty to its log-score (combine.ts), and the
 * evaluation refits the calibration without the compound it evaluates.
 */
import { join } from 'node:path';
import { edgeValencePenalty, fitEdgeValence, EDGE_VALENCE_FILE, valenceFromEdge, type EdgeValenceCalibration, type EdgeValencePoint, type EdgeValenceReadout } from '../chemistry/index.ts';
import type { CandidateChemistry } from './cache.ts';
import { InputError } from '../errors.ts';
import type { PreparedSpectrum } from '../measured/index.ts';
import { prepareMeasured } from '../measured/index.ts';
import { edgeAtFraction } from '../spectrum/index.ts';
import type { ValenceReference } from './references.ts';
import { writeFileAtomic } from '../io/index.ts';

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
  writeFileAtomic(path, JSON.stringify({ absorbers: calibrations }, null, 1) + '\n');
  return path;
}

/** The edge vote of one ranking: the calibration, the measured E½ and what it reads as. */
export interface EdgeVote {
  cal: EdgeValenceCalibration;
  edgeEv: number;
  readout: EdgeValenceReadout;
}

/**
 * The edge vote on a measured spectrum, or null (with a warning pushed) when the normalised μ
 * never reaches half the step, or when the edge reads as a valence more than one unit outside the
 * references' states: that is an uncalibrated energy axis (or theory on its own axis), not a valence.
 *
 * @example edgeVoteFor(prepareMeasured('FeO_rt_01.xdi'), readEdgeValence().Fe!, warnings)?.readout.label // 'Fe(II)'
 */
export function edgeVoteFor(prepared: PreparedSpectrum, cal: EdgeValenceCalibration, warnings: string[]): EdgeVote | null {
  const edgeEv = measuredEdgeEv(prepared);
  if (edgeEv === null) {
    warnings.push('the normalised spectrum never reaches half the edge step: no edge-position vote on the oxidation state');
    return null;
  }
  const readout = valenceFromEdge(edgeEv, cal);
  const states = cal.points.map((p) => p.oxidationState);
  const [lo, hi] = [Math.min(...states) - 1, Math.max(...states) + 1];
  if (!(readout.valence >= lo && readout.valence <= hi)) {
    const at = (v: number): string => (cal.interceptEv + cal.slopeEvPerValence * v).toFixed(1);
    warnings.push(
      `the edge at ${edgeEv.toFixed(1)} eV would mean ${cal.absorber} valence ${readout.valence.toFixed(1)}, outside ${lo}…${hi} around the references' ` +
        `(${at(lo + 1)}…${at(hi - 1)} eV): is the energy axis calibrated? No edge-position vote`,
    );
    return null;
  }
  return { cal, edgeEv, readout };
}

/**
 * A candidate's edge-position penalty: null (counted as ½ in the rank) without a BVS or when its
 * absorber's first shell holds ligands the calibration was not fitted on (sulfides, halides, mixed
 * O + Cl for an oxygen calibration: their edges sit elsewhere at the same valence, and a sulfide's
 * BVS is unreliable).
 *
 * @example candidateValencePenalty(vote, { meanBvs: 2.0, ligands: ['O'], … }) // ≈ 0 for an Fe(II) edge
 */
export function candidateValencePenalty(vote: Pick<EdgeVote, 'cal' | 'edgeEv'>, chemistry: Pick<CandidateChemistry, 'meanBvs' | 'ligands'> | null): number | null {
  if (!chemistry || chemistry.meanBvs === null || !chemistry.ligands || chemistry.ligands.length === 0) return null;
  if (!chemistry.ligands.every((l) => vote.cal.ligands.includes(l))) return null;
  return edgeValencePenalty(vote.edgeEv, chemistry.meanBvs, vote.cal);
}
