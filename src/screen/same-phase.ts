/**
 * @module screen/same-phase
 * A structure → spectrum answer for absorbers no forward model covers yet: when the absorber's
 * shipped library holds the project's own FEFF10 spectra and one of its entries is the same phase
 * as the structure (the same reduced formula and G2 cosine ≥ 0.98, the polymorph-duplicate rule of
 * the measured benchmark), that entry's stored FEFF10 spectrum is the answer — a computed spectrum
 * of that phase, not a prediction. σ is not estimated (0): FEFF's own error against experiment is
 * in reports/feff-presets.md.
 */
import { combineReasons, type Confidence } from '../confidence/index.ts';
import { edgeEnergy, getElement } from '../elements/index.ts';
import { LIBRARIES_DIR, listLibraries, readLibrary, type Library } from '../library/index.ts';
import { formulaOf, inequivalentSites, type Structure } from '../structure/index.ts';
import { InputError, UnsupportedError, XasinvError } from '../errors.ts';
import { predictStructure, type ForwardModel, type StructurePrediction } from '../forward/index.ts';
import { predictionCalibration, type PredictionCalibration } from './calibration-file.ts';
import { isFeffLibrary } from './library-predictor.ts';
import { candidateG2 } from './rdf-vote.ts';
import { cosine } from './scores.ts';

/** Choices of {@link samePhaseSpectrum}. */
export const SAME_PHASE_DEFAULTS = Object.freeze({
  /** A library entry of the same reduced formula whose G2 is this close (cosine) is the same phase (as lab/benchmark). */
  minCosine: 0.98,
});

/** The library entry a structure was matched to. */
export interface SamePhaseMatch {
  kind: 'feff-library';
  library: string;
  entry: { id: string; formula: string; name: string; source: string };
  /** G2 cosine between the structure and the entry. */
  g2Cosine: number;
}

/** A library spectrum in the shape of a forward prediction, with where it came from. */
export type SamePhasePrediction = StructurePrediction & { source: SamePhaseMatch; calibration: PredictionCalibration | null; confidence: Confidence };

/** Why no entry matched: the closest one of the same formula, if any. */
export interface SamePhaseMiss {
  absorber: string;
  formula: string;
  closest: { id: string; g2Cosine: number } | null;
}

/**
 * The same phase as `structure` in the absorber's FEFF library, or why there is none (null: the
 * absorber has no FEFF library).
 *
 * @example
 * const r = samePhaseSpectrum(readStructure('ZnO.cif'), 'Zn');
 * if (r && 'grid' in r) r.average.mu; // the stored FEFF10 spectrum of the library's ZnO
 */
export function samePhaseSpectrum(structure: Structure, absorber: string, dir = LIBRARIES_DIR): SamePhasePrediction | SamePhaseMiss | null {
  if (!listLibraries(dir).includes(absorber)) return null;
  const lib = readLibrary(absorber, dir);
  if (!isFeffLibrary(lib) || !lib.predictions || !lib.g2 || !lib.meta.g2 || !lib.meta.predictions?.grid) return null;
  const formula = formulaOf(structure).reducedFormula;
  const sites = inequivalentSites(structure, absorber).map((g) => ({ index: g.index, multiplicity: g.multiplicity }));
  const own = candidateG2(structure, sites, {});
  const n = lib.meta.g2.n;
  if (own.length !== n) return null;
  let found: { i: number; c: number } | null = null;
  for (let i = 0; i < lib.meta.entries.length; i++) {
    if (lib.meta.entries[i]!.formula !== formula) continue;
    const c = cosine(own, lib.g2.subarray(i * n, (i + 1) * n));
    if (!found || c > found.c) found = { i, c };
  }
  if (!found || found.c < SAME_PHASE_DEFAULTS.minCosine) return { absorber, formula, closest: found ? { id: lib.meta.entries[found.i]!.id, g2Cosine: found.c } : null };
  return asPrediction(lib, absorber, found.i, found.c);
}

/**
 * The elements of `structure` that have a FEFF library, heaviest first (the absorber to look up
 * when none is given).
 * @example feffLibraryAbsorbers(readStructure('ZnO.cif')) // ['Zn']
 */
export function feffLibraryAbsorbers(structure: Structure, dir = LIBRARIES_DIR): string[] {
  const libs = new Set(listLibraries(dir));
  return [...new Set(structure.species)].filter((el) => libs.has(el) && isFeffLibrary(readLibrary(el, dir))).sort((a, b) => getElement(b).z - getElement(a).z);
}

/**
 * The forward model's prediction, or — for an absorber it was not trained on — the same phase's
 * FEFF10 spectrum from the absorber's library (what `xasinv predict`, POST /api/predict and the
 * Predict tab answer). When neither exists the model's error stands, with the library's reason.
 *
 * @example const r = await predictOrSamePhase(model, readStructure('ZnO.cif')); 'source' in r // true: the library's ZnO
 */
export async function predictOrSamePhase(model: ForwardModel, structure: Structure, { absorber, site, dir = LIBRARIES_DIR }: { absorber?: string; site?: number; dir?: string } = {}): Promise<StructurePrediction | SamePhasePrediction> {
  try {
    return await predictStructure(model, structure, { ...(absorber ? { absorber } : {}), ...(site !== undefined ? { site } : {}) });
  } catch (err) {
    if (!(err instanceof XasinvError) || err.code !== 'UNSUPPORTED_ABSORBER') throw err;
    const wanted = absorber !== undefined ? [getElement(absorber).symbol] : feffLibraryAbsorbers(structure, dir);
    const misses: SamePhaseMiss[] = [];
    for (const el of wanted) {
      if (!structure.species.includes(el)) continue;
      const r = samePhaseSpectrum(structure, el, dir);
      if (r && 'grid' in r) {
        if (site !== undefined) throw new InputError(`site ${site}: no forward model covers ${el}; the ${el} library's spectrum of this phase is the whole structure's (leave out the site)`);
        return r;
      }
      if (r) misses.push(r);
    }
    if (misses.length === 0) throw err;
    throw new UnsupportedError(err.code, `${err.message}; no computed spectrum of this phase either: ${misses.map(describeMiss).join('; ')}`, err.details);
  }
}

/** A one-line reason, for errors, why a structure has no same phase in the library. */
export function describeMiss(m: SamePhaseMiss): string {
  return m.closest
    ? `the ${m.absorber} library's closest ${m.formula} (${m.closest.id}) has G2 cosine ${m.closest.g2Cosine.toFixed(3)} < ${SAME_PHASE_DEFAULTS.minCosine}: not the same phase`
    : `the ${m.absorber} library holds no ${m.formula}`;
}

function asPrediction(lib: Library, absorber: string, i: number, g2Cosine: number): SamePhasePrediction {
  const m = lib.meta;
  const p = m.predictions!;
  const K = p.gridLength;
  const grid = p.grid!;
  const mu = Array.from(lib.predictions!.subarray(2 * i * K, 2 * i * K + K));
  // Points beyond the computed spectrum are NaN in the library: cut them off the ends.
  let lo = 0;
  let hi = K - 1;
  while (lo < hi && !Number.isFinite(mu[lo]!)) lo++;
  while (hi > lo && !Number.isFinite(mu[hi]!)) hi--;
  const energy = Array.from({ length: hi - lo + 1 }, (_, k) => grid.startEv + (lo + k) * grid.stepEv);
  const e = m.entries[i]!;
  const range: [number, number] = [energy[0]!, energy[energy.length - 1]!];
  const source: SamePhaseMatch = { kind: 'feff-library', library: absorber, entry: { id: e.id, formula: e.formula, name: e.name, source: e.source.file }, g2Cosine };
  const message = `not a model prediction: the stored FEFF10 spectrum (${p.feff?.preset ?? 'FEFF10'} cards) of the ${absorber} library's ${e.name} (${e.id}), the same phase as this structure (same formula, G2 cosine ${g2Cosine.toFixed(3)}); no σ is estimated (FEFF's own agreement with experiment: reports/feff-presets.md)`;
  return {
    absorber,
    grid: { energy, relative: true, edge: edgeEnergy(absorber), validRangeEv: range, modelRangeEv: range },
    sites: [],
    average: { mu: mu.slice(lo, hi + 1), sigma: energy.map(() => 0) },
    model: { id: p.model.id, version: p.model.version },
    warnings: [],
    source,
    calibration: predictionCalibration(lib.dir, absorber),
    confidence: combineReasons([{ check: 'same-phase', status: 'caution', value: g2Cosine, threshold: SAME_PHASE_DEFAULTS.minCosine, message }]),
  };
}
