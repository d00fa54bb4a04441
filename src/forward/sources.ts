/**
 * @module forward/sources
 * How each training source's spectra are brought to the one convention of the forward model:
 * file format, broadening and normalisation. The per-source energy offsets are measured from the
 * training data (see targets.ts `measureSourceOffsetEv`) and stored in the model manifest.
 *
 * Convention (2026-11): spectra carry the K core-hole lifetime broadening and no instrument
 * broadening. FEFF's xmu.dat already includes the core hole (and the mu column is edge-step
 * normalised); unconvolved FDMNES gets a Lorentzian of Γ_K (Krause & Oliver: Fe 1.25, Co 1.33 eV);
 * ORCA TDDFT spectra come broadened and are left alone. Normalisation: μ divided by its mean over
 * +20…+30 eV of the relative grid ("edge-step") for FEFF/FDMNES; ORCA TDDFT has no continuum step
 * (bound-state transitions only), so its μ is divided by its maximum on the grid ("peak").
 *
 * fe-k-feff-crystals (the project's FEFF 10 Fe K batch, spectra inline in its records) follows the
 * cu-k-feff-crystals recipe: FEFF μ (edge-step normalised, core hole included), no extra broadening.
 * It is an optional source: {@link FORWARD_SOURCES} (the default training set, the one of models
 * ≤ 2.0.0) leaves it out; `--sources` of train:forward adds it.
 */
import { FEFF_3D_CRYSTAL_SOURCES, type PairSource } from '../data/index.ts';
import { InputError } from '../errors.ts';
import type { SpectrumFormat } from '../io/index.ts';

/** Normalisation of a source: edge step (mean over a post-edge window) or the maximum. */
export type NormalisationKind = 'edge-step' | 'peak';

/** Preprocessing of one source. */
export interface SourceRecipe {
  source: PairSource;
  absorber: string;
  theory: 'FEFF' | 'FDMNES' | 'ORCA';
  format: SpectrumFormat;
  /** Extra Lorentzian FWHM applied to the raw spectrum (eV); 0 = none. */
  lorentzianFwhmEv: number;
  /** Extra Gaussian FWHM (instrument) applied (eV); 0 = none. */
  gaussianFwhmEv: number;
  normalisation: NormalisationKind;
  /** Relative-energy window whose mean μ becomes 1 (edge-step only). */
  normWindowEv: [number, number];
}

/** Post-edge window (relative eV) used by edge-step normalisation. */
export const NORM_WINDOW_EV: [number, number] = [20, 30];

/**
 * The recipes of the structure → spectrum sources.
 *
 * @example
 * SOURCE_RECIPES['fe-k-fdmnes-molecules'].lorentzianFwhmEv // 1.25
 */
export const SOURCE_RECIPES: Readonly<Record<PairSource, SourceRecipe>> = Object.freeze({
  'cu-k-feff-crystals': { source: 'cu-k-feff-crystals', absorber: 'Cu', theory: 'FEFF', format: 'feff', lorentzianFwhmEv: 0, gaussianFwhmEv: 0, normalisation: 'edge-step', normWindowEv: NORM_WINDOW_EV },
  'fe-k-fdmnes-molecules': { source: 'fe-k-fdmnes-molecules', absorber: 'Fe', theory: 'FDMNES', format: 'columns', lorentzianFwhmEv: 1.25, gaussianFwhmEv: 0, normalisation: 'edge-step', normWindowEv: NORM_WINDOW_EV },
  'co-k-fdmnes-distortions': { source: 'co-k-fdmnes-distortions', absorber: 'Co', theory: 'FDMNES', format: 'columns', lorentzianFwhmEv: 1.33, gaussianFwhmEv: 0, normalisation: 'edge-step', normWindowEv: NORM_WINDOW_EV },
  's-k-orca-molecules': { source: 's-k-orca-molecules', absorber: 'S', theory: 'ORCA', format: 'columns', lorentzianFwhmEv: 0, gaussianFwhmEv: 0, normalisation: 'peak', normWindowEv: NORM_WINDOW_EV },
  'fe-k-feff-crystals': { source: 'fe-k-feff-crystals', absorber: 'Fe', theory: 'FEFF', format: 'feff', lorentzianFwhmEv: 0, gaussianFwhmEv: 0, normalisation: 'edge-step', normWindowEv: NORM_WINDOW_EV },
  // The other 3d absorbers' FEFF10 crystals, prepared as the Fe ones (data/feff-<el>-crystals).
  ...Object.fromEntries(
    Object.entries(FEFF_3D_CRYSTAL_SOURCES).map(([source, absorber]) => [source, { source: source as PairSource, absorber, theory: 'FEFF', format: 'feff', lorentzianFwhmEv: 0, gaussianFwhmEv: 0, normalisation: 'edge-step', normWindowEv: NORM_WINDOW_EV }]),
  ),
} as Record<PairSource, SourceRecipe>);

/** The four default sources in training order (what train:forward uses without `--sources`). */
export const FORWARD_SOURCES: readonly PairSource[] = Object.freeze(['cu-k-feff-crystals', 'fe-k-fdmnes-molecules', 'co-k-fdmnes-distortions', 's-k-orca-molecules']);

/** Every known source, the defaults first (the order of a manifest's preprocessing.sources). */
export const ALL_FORWARD_SOURCES: readonly PairSource[] = Object.freeze([...FORWARD_SOURCES, 'fe-k-feff-crystals', ...(Object.keys(FEFF_3D_CRYSTAL_SOURCES) as PairSource[])]);

/**
 * Sources that bring their own validation split (Cu OmniXAS, the Fe crystals' material-level split);
 * the others give a seeded 10 % of their training rows to validation (dataset.ts).
 */
export const OWN_VALIDATION_SOURCES: readonly PairSource[] = Object.freeze(['cu-k-feff-crystals', 'fe-k-feff-crystals', ...(Object.keys(FEFF_3D_CRYSTAL_SOURCES) as PairSource[])]);

/**
 * Parse a comma list of source names (`--sources`), in {@link ALL_FORWARD_SOURCES} order.
 * @example parseSources('fe-k-feff-crystals,cu-k-feff-crystals') // ['cu-k-feff-crystals', 'fe-k-feff-crystals']
 */
export function parseSources(list: string): PairSource[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  const known = new Set<string>(ALL_FORWARD_SOURCES);
  const bad = names.filter((n) => !known.has(n));
  if (bad.length > 0) throw new InputError(`unknown source ${bad.map((b) => `"${b}"`).join(', ')}; known: ${ALL_FORWARD_SOURCES.join(', ')}`);
  if (names.length === 0) throw new InputError(`no source given; known: ${ALL_FORWARD_SOURCES.join(', ')}`);
  return ALL_FORWARD_SOURCES.filter((s) => names.includes(s));
}
