/**
 * @module inverse/targets
 * Which elements get an inverse model, from which training pairs, on which grid.
 *
 * Grids (2026-11, measured on the training sets, reference = half-step energy):
 * - Fe (FDMNES molecules, 7097–7172 eV): the half-step point lies 13–31 eV above the first point
 *   and 44–62 eV below the last one, so −10…+45 eV is covered by ≥ 98 % of spectra (the rest hold
 *   their last value for ≤ 2 eV).
 * - Cu (FEFF crystals, from ≈ E_F − 10 eV): the half-step point is only 5–14 eV above the first
 *   point, so the grid starts at −5 eV; the spectra reach ≥ 127 eV, the grid stops at +80 eV.
 */
import { idUniform, listPairs, type Pair, type PairSource } from '../data/index.ts';
import { makeInverseRecipe, type InverseRecipe } from './model-input.ts';

export interface InverseTarget {
  element: string;
  source: PairSource;
  recipe: InverseRecipe;
  /** Calibration split: the source's `val` split, or a seeded hold-out of the training split. */
  calibration: 'val' | { holdOutFraction: number };
  /**
   * Sources a model may also train on (`train:inverse --sources`), with the theory code whose
   * broadening their spectra get; each keeps its own split (see inverse/training-sources).
   */
  extraSources?: Readonly<Partial<Record<PairSource, 'fdmnes' | 'feff'>>>;
}

export const INVERSE_TARGETS: Readonly<Record<string, InverseTarget>> = Object.freeze({
  Fe: {
    element: 'Fe',
    source: 'fe-k-fdmnes-molecules',
    recipe: makeInverseRecipe('Fe', 'fdmnes', { startEv: -10, stopEv: 45, stepEv: 0.5 }),
    calibration: { holdOutFraction: 0.1 },
    // The project's FEFF10 crystal sites (95 of 2026-12): the half-step point lies 7.2–15.2 eV above
    // the first energy and 49.5–57.6 eV below the last, so 34 sites hold their first value over the
    // first ≤ 2.8 eV of the grid (as training does for theory spectra; measured ones must cover it).
    extraSources: { 'fe-k-feff-crystals': 'feff' },
  },
  Cu: { element: 'Cu', source: 'cu-k-feff-crystals', recipe: makeInverseRecipe('Cu', 'feff', { startEv: -5, stopEv: 80, stepEv: 0.5 }), calibration: 'val' },
});

/** The train / calibration / test pairs of a target. */
export function targetSplits(dataDir: string, target: InverseTarget): { train: Pair[]; calibration: Pair[]; test: Pair[] } {
  const pairs = listPairs(dataDir, target.source);
  const test = pairs.filter((p) => p.split === 'test');
  if (target.calibration === 'val') {
    return { train: pairs.filter((p) => p.split === 'train'), calibration: pairs.filter((p) => p.split === 'val'), test };
  }
  const f = target.calibration.holdOutFraction;
  const trainAll = pairs.filter((p) => p.split === 'train');
  return { train: trainAll.filter((p) => idUniform(p.id) >= f), calibration: trainAll.filter((p) => idUniform(p.id) < f), test };
}

/**
 * The group of each training row (by id) for the out-of-bag error model's leave-group-out k-NN: the
 * sites of one material share its material id; a pair without one (a molecule) is its own group.
 * @example calibrateInverseModel(model, train, calib, { groups: rowGroups(splits.train, train.ids) });
 */
export function rowGroups(pairs: readonly Pair[], ids: readonly string[]): string[] {
  const groupOf = new Map(pairs.map((p) => [p.id, p.materialId ?? p.id]));
  return ids.map((id) => groupOf.get(id) ?? id);
}
