/**
 * Which column is the energy and how μ(E) is made from the others, shared by the XDI and the
 * plain-column readers. Energy: a labelled column (`energy`, `omega`, `E`, …), an `angle` column
 * with a mono d-spacing, or the first increasing column in the X-ray range; keV becomes eV.
 * μ: a μ column (`mutrans`, `mufluor`, `xmu`, `mu`, …), a normalised one (`norm`, `flat`, …),
 * else built from counts: ln(i0/itrans) or ifluor/i0.
 */
import { ParseError } from '../errors.ts';

/** hc in eV·Å (CODATA 2018: h·c/e = 1.239841984…e-6 eV·m) → 12398.419843320026 eV·Å. */
// eslint-disable-next-line no-loss-of-precision -- the CODATA digits as published; the nearest double prints as 12398.419843320025
export const HC_EV_ANGSTROM = 12398.419843320026;

/** Column names as read, lower-cased, with units split off. */
export interface ColumnInfo {
  /** Lower-cased name with any `(unit)`/`[unit]` suffix removed, e.g. `energy`, `i0`. */
  names: string[];
  /** Units when given (`eV`, `keV`, `deg`), else undefined. */
  units: (string | undefined)[];
}

export interface RoleContext {
  source: string;
  warnings: string[];
  /** Monochromator d-spacing in Å (XDI `Mono.d_spacing`), for angle → energy. */
  dSpacingAngstrom?: number;
  /** Use the reference channel (`murefer`, or ln(itrans/irefer)) instead of the sample. */
  reference?: boolean;
}

/**
 * Split a raw label such as `Energy (keV)`, `energy eV`, `xmu(trans)` into name and unit.
 * @example splitLabel('Energy (keV)') // { name: 'energy', unit: 'keV' }
 */
export function splitLabel(raw: string): { name: string; unit?: string } {
  const t = raw.trim();
  const m = /^(.*?)\s*[([]\s*([^)\]]*)\s*[)\]]\s*$/.exec(t);
  if (m && m[1]) return { name: m[1].toLowerCase(), unit: m[2] || undefined };
  return { name: t.toLowerCase() };
}

const ENERGY_STRONG = /^(energy|omega|ev|energy_ev|energy_kev|mono_?energy|energ|e_rbv)$|energy/;
const ENERGY_WEAK = /^(e|en|ene)$/;
const ANGLE = /^(angle|theta|bragg|th|mono_?angle)$/;
const K_OR_CHI = /^(k|chi|chik|chi\(k\)|k\^?[0-3]?chi|r|chir_mag)$/;

/** Result of choosing the energy column. */
export interface EnergyChoice {
  index: number;
  energyEv: number[];
  /** How it was found, e.g. `label "energy"`, `first increasing column`. */
  how: string;
}

/**
 * Choose the energy column and convert it to eV.
 *
 * @example
 * pickEnergy({ names: ['energy', 'mu'], units: ['keV', undefined] }, [[8.97, 8.98], [1, 2]], ctx).energyEv // [8970, 8980]
 */
export function pickEnergy(info: ColumnInfo, cols: number[][], ctx: RoleContext): EnergyChoice {
  const { names, units } = info;
  let index = names.findIndex((n) => ENERGY_STRONG.test(n));
  if (index < 0) index = names.findIndex((n) => ENERGY_WEAK.test(n));
  if (index >= 0) return { index, energyEv: toEv(cols[index]!, units[index], ctx, names[index]!), how: `label "${names[index]}"` };

  const angle = names.findIndex((n) => ANGLE.test(n));
  if (angle >= 0) {
    if (!ctx.dSpacingAngstrom || !(ctx.dSpacingAngstrom > 0)) {
      throw new ParseError(ctx.source, undefined, `column "${names[angle]}" is a mono angle but no Mono.d_spacing is given to convert it to energy`);
    }
    const unit = (units[angle] ?? 'deg').toLowerCase();
    const toRad = unit.startsWith('rad') ? 1 : unit.startsWith('mdeg') ? Math.PI / 180000 : Math.PI / 180;
    const d = ctx.dSpacingAngstrom;
    ctx.warnings.push(`energy computed from mono angle with d = ${d} Å (E = hc / (2 d sin θ))`);
    return { index: angle, energyEv: cols[angle]!.map((th) => HC_EV_ANGSTROM / (2 * d * Math.sin(th * toRad))), how: `angle "${names[angle]}"` };
  }

  if (names.length > 0 && names.some((n) => K_OR_CHI.test(n))) {
    throw new ParseError(ctx.source, undefined, `no energy column: columns ${names.map((n) => `"${n}"`).join(', ')} look like k/χ(k) or R data, not μ(E)`);
  }
  for (let j = 0; j < cols.length; j++) {
    const v = cols[j]!;
    if (!mostlyIncreasing(v)) continue;
    const [lo, hi] = range(v);
    if (lo >= 100 && hi <= 150_000 && hi - lo >= 5) return { index: j, energyEv: v.slice(), how: `first increasing column (${j + 1})` };
  }
  // keV only for the first column: small increasing numbers elsewhere are usually μ or counts.
  const v0 = cols[0];
  const [lo0, hi0] = v0 ? range(v0) : [0, 0];
  if (v0 && mostlyIncreasing(v0) && looksLikeKev(lo0, hi0)) {
    ctx.warnings.push(`energy column 1 read as keV (${lo0}–${hi0}); converted to eV`);
    return { index: 0, energyEv: v0.map((x) => x * 1000), how: 'first column (keV)' };
  }
  throw new ParseError(
    ctx.source,
    undefined,
    'no energy column: no label like "energy"/"E" and no increasing column with values in the X-ray range (100 eV–150 keV)',
  );
}

function toEv(v: number[], unit: string | undefined, ctx: RoleContext, name: string): number[] {
  const u = unit?.toLowerCase();
  if (u === 'kev' || name.endsWith('kev')) {
    ctx.warnings.push(`energy column "${name}" is in keV; converted to eV`);
    return v.map((x) => x * 1000);
  }
  if (u === 'ev') return v.slice();
  const [lo, hi] = range(v);
  if (hi < 200 && looksLikeKev(lo, hi)) {
    ctx.warnings.push(`energy column "${name}" values ${lo}–${hi} look like keV; converted to eV`);
    return v.map((x) => x * 1000);
  }
  return v.slice();
}

/** keV of an absorption-edge scan: 0.1–150 keV, spanning 5 eV–5 keV. */
function looksLikeKev(lo: number, hi: number): boolean {
  return lo >= 0.1 && hi < 200 && (hi - lo) * 1000 >= 5 && (hi - lo) * 1000 <= 5000;
}

function range(v: number[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of v) {
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

function mostlyIncreasing(v: number[]): boolean {
  if (v.length < 3) return false;
  let up = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[i - 1]!) up++;
  return up >= 0.9 * (v.length - 1);
}

/** Result of choosing or building μ. */
export interface MuChoice {
  mu: number[];
  muSource: string;
  isNormalized: boolean;
}

const MU_NAMES = ['mutrans', 'mufluor', 'mu', 'xmu', 'mu(e)', 'mue', 'mu_e', 'absorption', 'xanes', '<xanes>', 'intensity', 'mu_trans', 'mu_fluor'];
const NORM_NAMES = ['normtrans', 'normfluor', 'norm', 'flat', 'nor', 'norm_mu', 'mu_norm', 'normalized', 'xmu_norm'];
const I0 = /^(i0|io|i_0|i0[_-].*|mon|monitor)$/;
const ITRANS = /^(itrans|it|i1|i_t|itr|i1[_-].*|it[_-].*)$/;
const IFLUOR = /^(ifluor|if|ifl|iff|fluo|fluor|lytle|ifluor[_-].*)$/;
const IREFER = /^(irefer|iref|ir|i2|iref[_-].*)$/;

/** True for a column name this module gives a role to (energy, angle, μ, counts). */
export function isKnownColumnName(name: string): boolean {
  return (
    ENERGY_STRONG.test(name) || ENERGY_WEAK.test(name) || ANGLE.test(name) || MU_NAMES.includes(name) || NORM_NAMES.includes(name) ||
    I0.test(name) || ITRANS.test(name) || IFLUOR.test(name) || K_OR_CHI.test(name)
  );
}

/**
 * Choose or build μ(E) from the non-energy columns.
 *
 * @example
 * pickMu({ names: ['energy', 'i0', 'itrans'], units: [] }, [[1, 2], [10, 10], [5, 2]], 0, ctx).muSource // 'ln(i0/itrans)'
 */
export function pickMu(info: ColumnInfo, cols: number[][], energyIndex: number, ctx: RoleContext): MuChoice {
  const { names } = info;
  const find = (pred: (n: string) => boolean) => names.findIndex((n, j) => j !== energyIndex && pred(n));
  const col = (j: number) => cols[j]!;

  if (ctx.reference) {
    const mr = find((n) => n === 'murefer' || n === 'mu_ref' || n === 'muref');
    if (mr >= 0) return { mu: col(mr).slice(), muSource: names[mr]!, isNormalized: false };
    const it = find((n) => ITRANS.test(n));
    const ir = find((n) => IREFER.test(n));
    if (it >= 0 && ir >= 0) return { mu: ratioLog(col(it), col(ir)), muSource: `ln(${names[it]}/${names[ir]})`, isNormalized: false };
    throw new ParseError(ctx.source, undefined, 'reference channel requested but there is no murefer column nor itrans + irefer');
  }

  for (const name of MU_NAMES) {
    const j = find((n) => n === name);
    if (j >= 0) return { mu: col(j).slice(), muSource: names[j]!, isNormalized: false };
  }
  for (const name of NORM_NAMES) {
    const j = find((n) => n === name);
    if (j >= 0) return { mu: col(j).slice(), muSource: names[j]!, isNormalized: true };
  }
  const i0 = find((n) => I0.test(n));
  const it = find((n) => ITRANS.test(n));
  const iff = find((n) => IFLUOR.test(n));
  if (i0 >= 0 && it >= 0) return { mu: ratioLog(col(i0), col(it)), muSource: `ln(${names[i0]}/${names[it]})`, isNormalized: false };
  if (i0 >= 0 && iff >= 0) return { mu: col(iff).map((f, i) => f / col(i0)[i]!), muSource: `${names[iff]}/${names[i0]}`, isNormalized: false };
  const muLike = find((n) => /^x?mu[_-]?(t|f|tr|fl|trans|fluo|fluor|tot|sample|\d{1,2})?$/.test(n));
  if (muLike >= 0) return { mu: col(muLike).slice(), muSource: names[muLike]!, isNormalized: false };

  const others = cols.map((_, j) => j).filter((j) => j !== energyIndex);
  if (others.length === 0) throw new ParseError(ctx.source, undefined, 'only one column: no μ column next to the energy');
  if (others.length > 1) {
    // Dated decision (2025): with 3+ unlabelled columns the second one is usually a timer or I0
    // (12 of 12 such beamline files in the larch examples), so guessing would give a wrong μ.
    throw new ParseError(
      ctx.source,
      undefined,
      `cannot tell which of the ${cols.length} columns is μ(E): no mu/xmu/norm/flat label and no i0 with itrans/ifluor` +
        (names.some((n) => n) ? ` (labels: ${names.map((n) => n || '?').join(', ')})` : ' (no column labels)'),
    );
  }
  const j = others[0]!;
  return { mu: col(j).slice(), muSource: names[j] ? `column ${j + 1} ("${names[j]}")` : `column ${j + 1}`, isNormalized: false };
}

/** ln(a/b) point by point (non-finite results are caught later with their line numbers). */
function ratioLog(a: number[], b: number[]): number[] {
  return a.map((x, i) => Math.log(x / b[i]!));
}
