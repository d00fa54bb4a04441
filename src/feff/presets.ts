/**
 * Named FEFF card sets ("presets"): the cards of a K-edge XANES calculation and the cluster radius,
 * written once here. A preset is data; `feffInput` turns it and a structure into `feff.inp`.
 *
 * Measured (2026-11, FEFF10 built with ../shared/tools/build-feff10.sh, one core): with the
 * `cu-train` cards and an 8 Å cluster FEFF10 reproduces the pool's FEFF 9.9.1 spectrum of CuO
 * (pairs/cu-k-feff-crystals/materials/mp-1692, computed with the `mp-xanes` cards) within 0.03
 * normalised μ in ≈ 19 min per site, 12 of them in the SCF; without SCF (`noscf`) ≈ 2 min, with
 * edge features moved by several eV. On Fe phases (CPU time per site, eval:feff-presets): noscf
 * ≈ 50 s, scf-lite ≈ 2.5 min, cu-train 5–8 min; the timings and accuracies of every preset against
 * measured Fe spectra are in reports/feff-presets.md.
 */
import { InputError } from '../errors.ts';

/** One FEFF card: keyword and its argument text (empty for bare keywords). */
export type FeffCards = Readonly<Record<string, string>>;

/** A named card set. */
export interface FeffPreset {
  readonly name: string;
  /** One line saying what it is and what it costs. */
  readonly description: string;
  /** Radius of the ATOMS cluster around the absorber, Å. */
  readonly radiusAngstrom: number;
  /** Cards in the order they are written (EDGE, POTENTIALS, ATOMS and TITLE are added by the writer). */
  readonly cards: FeffCards;
}

const preset = (p: FeffPreset): FeffPreset => Object.freeze({ ...p, cards: Object.freeze({ ...p.cards }) });

/** Cards shared by the K-edge XANES presets below (RPA-screened core hole, Hedin–Lundqvist exchange). */
const XANES_BASE = Object.freeze({
  S02: '0',
  CONTROL: '1 1 1 1 1 1',
  COREHOLE: 'RPA',
  EXCHANGE: '0 0.0 0.0 2',
  RPATH: '-1',
});

/**
 * The registry of presets (frozen).
 *
 * - `mp-xanes`: Lightshow's Materials Project XANES cards (lightshow/parameters/feff.py), the cards
 *   the Cu training set (`pairs/cu-k-feff-crystals`, FEFF 9.9.1) was computed with: SCF 7 Å, FMS 9 Å,
 *   9 Å cluster. The most expensive.
 * - `cu-train`: SCF 4.5 Å, FMS 6 Å, 8 Å cluster — measured to reproduce that training set (CuO) within 0.03.
 * - `scf-lite`: a cheaper self-consistent potential (SCF 3.5 Å, FMS 5 Å, 7 Å cluster) with gentle
 *   charge mixing (convergence factor 0.05, not Lightshow's 0.2: with 0.2 the SCF of both fayalite
 *   sites diverged, pot stopping on "FRNRM Could not integrate enough charge"; 2026-12, eval:feff-presets).
 * - `noscf`: the `cu-train` cards without SCF (overlapped atomic potentials), FMS 6 Å.
 * - `noscf-fms5`: no SCF, FMS 5 Å, 7 Å cluster: the cheapest set (≈ 18 s CPU per Fe site), as good
 *   as `noscf` in shape, with the chemical shifts of no-SCF potentials (reports/feff-presets.md).
 */
export const FEFF_PRESETS: Readonly<Record<string, FeffPreset>> = Object.freeze({
  'mp-xanes': preset({
    name: 'mp-xanes',
    description: 'Lightshow/Materials Project XANES cards (the Cu training set): SCF 7 Å, FMS 9 Å, 9 Å cluster',
    radiusAngstrom: 9,
    cards: { ...XANES_BASE, XANES: '4 0.04 0.1', SCF: '7.0 0 100 0.2 3', FMS: '9.0 0' },
  }),
  'cu-train': preset({
    name: 'cu-train',
    description: 'SCF 4.5 Å, FMS 6 Å, 8 Å cluster: reproduces the Cu training spectrum of CuO within 0.03 (≈ 5–8 min CPU per Fe site)',
    radiusAngstrom: 8,
    cards: { ...XANES_BASE, XANES: '4 0.05 0.1', SCF: '4.5 0 100 0.2 3', FMS: '6.0 0' },
  }),
  'scf-lite': preset({
    name: 'scf-lite',
    description: 'cheaper self-consistent potentials: SCF 3.5 Å (mixing 0.05), FMS 5 Å, 7 Å cluster (≈ 2.5 min CPU per Fe site)',
    radiusAngstrom: 7,
    cards: { ...XANES_BASE, XANES: '4 0.05 0.1', SCF: '3.5 0 100 0.05 3', FMS: '5.0 0' },
  }),
  noscf: preset({
    name: 'noscf',
    description: 'no SCF (overlapped atomic potentials), FMS 6 Å, 8 Å cluster (≈ 1 min CPU per Fe site; edges of Fe(II) phases 2–8 eV off)',
    radiusAngstrom: 8,
    cards: { ...XANES_BASE, XANES: '4 0.05 0.1', FMS: '6.0 0' },
  }),
  'noscf-fms5': preset({
    name: 'noscf-fms5',
    description: 'no SCF (overlapped atomic potentials), FMS 5 Å, 7 Å cluster (≈ 18 s CPU per Fe site; edges of Fe(II) phases 2–8 eV off, as noscf)',
    radiusAngstrom: 7,
    cards: { ...XANES_BASE, XANES: '4 0.05 0.1', FMS: '5.0 0' },
  }),
});

/** The preset `xasinv feff` and the batch use when none is named. */
export const DEFAULT_FEFF_PRESET = 'cu-train';

/**
 * The preset called `name`, optionally with cards added, replaced or (value `null`) removed.
 *
 * @example
 * feffPreset('noscf').cards.FMS // '6.0 0'
 * feffPreset('cu-train', { cards: { SCF: null } }).cards.SCF // undefined
 * @throws InputError naming the known presets when `name` is not one of them.
 */
export function feffPreset(
  name: string = DEFAULT_FEFF_PRESET,
  overrides: { cards?: Readonly<Record<string, string | null>>; radiusAngstrom?: number } = {},
): FeffPreset {
  const base = FEFF_PRESETS[name];
  if (!base) throw new InputError(`unknown FEFF preset "${name}"; expected one of: ${Object.keys(FEFF_PRESETS).join(', ')}`);
  if (!overrides.cards && overrides.radiusAngstrom === undefined) return base;
  const cards: Record<string, string> = { ...base.cards };
  for (const [k, v] of Object.entries(overrides.cards ?? {})) {
    const key = k.trim().toUpperCase();
    if (!/^[A-Z][A-Z0-9_]*$/.test(key)) throw new InputError(`bad FEFF card name "${k}"`);
    if (['ATOMS', 'POTENTIALS', 'END', 'EDGE', 'TITLE'].includes(key)) throw new InputError(`FEFF card ${key} is written by xasinv and cannot be overridden`);
    if (v === null) delete cards[key];
    else cards[key] = v.trim();
  }
  const radiusAngstrom = overrides.radiusAngstrom ?? base.radiusAngstrom;
  if (!(radiusAngstrom > 0)) throw new InputError(`cluster radius must be a positive number of Å; got ${radiusAngstrom}`);
  return preset({ name: base.name, description: `${base.description} (modified)`, radiusAngstrom, cards });
}
