/**
 * Athena project files (`.prj`): the classic gzip'd Perl dump (one `$old_group`, `@args`, `@x`,
 * `@y`, … per `[record]`) and the newer JSON layout (`{"_____order": [...], "<group>": {"args":
 * {...}, "x": [...], "y": [...]}}`). μ(E) is `y` for μ(E) groups (`is_xmu`, `is_nor` → normalised);
 * χ(k) groups are rejected. Energies are kept as stored; Athena's calibration shift `bkg_eshift` is
 * reported in `meta.energyShiftEv` and not applied.
 */
import { ParseError, InputError } from '../errors.ts';
import { findElement } from '../elements/index.ts';
import { finishSpectrum, limitNote, READ_SPECTRUM_DEFAULTS } from './finish-spectrum.ts';
import { parsePerlDump, type PerlValue } from './perl-dump.ts';
import type { ReadSpectrumOptions, Spectrum, SpectrumMeta } from './types.ts';

/** One group of an Athena project as listed by `listGroups`. */
export interface AthenaGroupInfo {
  /** 0-based position in the project. */
  index: number;
  label: string;
  element?: string;
  points: number;
}

/** A group with its arrays. */
export interface AthenaGroup extends AthenaGroupInfo {
  /** Perl/JSON group id (`$old_group`). */
  id: string;
  args: Record<string, PerlValue>;
  x: PerlValue[];
  y: PerlValue[];
  /** Statement line (Perl dump) for error messages. */
  line?: number;
}

/** True for Athena project text (Perl dump or JSON). */
export function looksLikeAthena(text: string): boolean {
  const head = text.slice(0, 4000);
  return /^\s*# Athena project file/i.test(head) || /^\s*\$old_group\s*=/m.test(head) || /^\s*\{\s*"_____(emacs_mode|header|order)/.test(head);
}

/**
 * Every group of a project, in file order.
 * @example parseAthenaGroups(text, 'athena4.prj').map((g) => g.label) // ['cufoil.001', 'cu_tenorite.001', …]
 */
export function parseAthenaGroups(text: string, source: string): AthenaGroup[] {
  return /^\s*\{/.test(text) ? jsonGroups(text, source) : perlGroups(text, source);
}

function perlGroups(text: string, source: string): AthenaGroup[] {
  const groups: AthenaGroup[] = [];
  let cur: Partial<AthenaGroup> & { arrays: Record<string, PerlValue[]> } = { arrays: {} };
  for (const st of parsePerlDump(text, source)) {
    if (st.kind === 'scalar' && st.name === 'old_group') {
      cur.id = String(st.value);
      cur.line = st.line;
    } else if (st.kind === 'array') {
      if (st.name === 'journal') continue;
      cur.arrays[st.name] = st.value;
      cur.line ??= st.line;
    } else if (st.kind === 'record') {
      groups.push(makeGroup(groups.length, cur.id ?? `group ${groups.length + 1}`, pairs(cur.arrays['args'] ?? []), cur.arrays['x'] ?? [], cur.arrays['y'] ?? [], cur.line));
      cur = { arrays: {} };
    }
  }
  if (groups.length === 0) throw new ParseError(source, undefined, 'Athena project holds no data groups ([record] entries)');
  return groups;
}

/**
 * Checks a JSON project against the reader's limits before `JSON.parse` allocates it: brackets
 * nested at most `maxNesting` deep, arrays of at most `maxPoints` items, at most `maxValues` items in
 * all. One pass over the text, strings skipped; a malformed text is left to `JSON.parse` to describe.
 * @example checkJsonLimits('{"a": {"x": [1, 2]}}', 'p.prj') // no error
 */
export function checkJsonLimits(text: string, source: string): void {
  const { maxNesting, maxPoints, maxValues } = READ_SPECTRUM_DEFAULTS;
  const items = new Int32Array(maxNesting + 1); // items so far per open bracket
  const isArray = new Uint8Array(maxNesting + 1);
  let depth = 0;
  let total = 0;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // a string: skip to its closing quote
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxNesting) throw new ParseError(source, line, `Athena JSON project: brackets nested more than ${maxNesting} levels deep; ${limitNote('maxNesting')}`);
      items[depth] = 0;
      isArray[depth] = c === 0x5b ? 1 : 0;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x2c && depth > 0) {
      if (isArray[depth] && ++items[depth]! >= maxPoints) throw new ParseError(source, line, `Athena JSON project: an array of more than ${maxPoints} values; ${limitNote('maxPoints')}`);
      if (++total > maxValues) throw new ParseError(source, line, `Athena JSON project: more than ${maxValues} values; ${limitNote('maxValues')}`);
    } else if (c === 0x0a) line++;
  }
}

function jsonGroups(text: string, source: string): AthenaGroup[] {
  checkJsonLimits(text, source);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split('\n').length : undefined;
    throw new ParseError(source, line, `Athena JSON project is not valid JSON (${(err as Error).message})`, { cause: err });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new ParseError(source, 1, 'Athena JSON project is not a JSON object');
  const obj = doc as Record<string, unknown>;
  const order = Array.isArray(obj['_____order']) ? (obj['_____order'] as unknown[]).map(String) : Object.keys(obj).filter((k) => !k.startsWith('_____'));
  const groups: AthenaGroup[] = [];
  for (const id of order) {
    const g = obj[id];
    if (!g || typeof g !== 'object') continue;
    const rec = g as Record<string, unknown>;
    const args = (rec['args'] && typeof rec['args'] === 'object' ? rec['args'] : {}) as Record<string, PerlValue>;
    groups.push(makeGroup(groups.length, id, args, asArray(rec['x']), asArray(rec['y'])));
  }
  if (groups.length === 0) throw new ParseError(source, undefined, 'Athena project holds no data groups');
  return groups;
}

function asArray(v: unknown): PerlValue[] {
  return Array.isArray(v) ? (v as PerlValue[]) : [];
}

function pairs(list: PerlValue[]): Record<string, PerlValue> {
  const out: Record<string, PerlValue> = {};
  // Very old projects (2002) start the list with a stray empty entry; realign on a known key.
  let k = 0;
  if (list.length % 2 === 1 && list[0] === '') k = 1;
  for (; k + 1 < list.length; k += 2) out[String(list[k])] = list[k + 1]!;
  return out;
}

function makeGroup(index: number, id: string, args: Record<string, PerlValue>, x: PerlValue[], y: PerlValue[], line?: number): AthenaGroup {
  const label = typeof args['label'] === 'string' && args['label'].trim() !== '' ? args['label'] : id;
  const z = args['bkg_z'] ?? args['element'];
  const el = z !== undefined && z !== null && typeof z !== 'object' ? findElement(typeof z === 'number' ? z : String(z)) : undefined;
  return { index, id, label, element: el?.symbol, points: Math.min(x.length, y.length), args, x, y, line };
}

const truthy = (v: PerlValue | undefined): boolean => v !== undefined && v !== null && v !== '' && v !== '0' && v !== 0;

/**
 * Choose a group by label (case-insensitive; exact, then without the file extension, then a unique
 * prefix) or 0-based index. Throws `InputError` listing the labels when nothing matches.
 */
export function selectAthenaGroup(groups: AthenaGroup[], group: string | number | undefined, source: string): AthenaGroup {
  if (group === undefined) return groups[0]!;
  if (typeof group === 'number') {
    const g = groups[group];
    if (!g) throw new InputError(`${source}: group index ${group} out of range (project has ${groups.length} groups, 0–${groups.length - 1})`);
    return g;
  }
  const want = group.trim().toLowerCase();
  const stem = (s: string) => s.toLowerCase().replace(/\.[^.]*$/, '');
  const tries = [
    (g: AthenaGroup) => g.label.toLowerCase() === want,
    (g: AthenaGroup) => stem(g.label) === want,
    (g: AthenaGroup) => g.label.toLowerCase().startsWith(want),
  ];
  for (const t of tries) {
    const hits = groups.filter(t);
    if (hits.length === 1) return hits[0]!;
    if (hits.length > 1) {
      throw new InputError(`${source}: group "${group}" is ambiguous: ${hits.slice(0, 8).map((h) => `"${h.label}"`).join(', ')}`);
    }
  }
  const shown = groups.slice(0, 20).map((g) => `"${g.label}"`).join(', ');
  throw new InputError(`${source}: no group labelled "${group}"; groups: ${shown}${groups.length > 20 ? ', …' : ''}`);
}

/**
 * Convert one Athena group to a spectrum.
 * @example athenaGroupToSpectrum(selectAthenaGroup(groups, 'cu_cuprite', src), src, {}).meta.label // 'cu_cuprite.001'
 */
export function athenaGroupToSpectrum(g: AthenaGroup, source: string, options: ReadSpectrumOptions = {}): Spectrum {
  const a = g.args;
  const where = `group "${g.label}"`;
  const datatype = typeof a['datatype'] === 'string' ? a['datatype'] : undefined;
  if (truthy(a['is_chi']) || datatype === 'chi') throw new ParseError(source, g.line, `${where} holds χ(k) data, not μ(E)`);
  if (datatype && !['xmu', 'xanes', 'norm', 'xmudat'].includes(datatype)) throw new ParseError(source, g.line, `${where} has datatype "${datatype}", not μ(E)`);
  for (const flag of ['is_rsp', 'is_qsp', 'is_diff', 'is_fit', 'is_bkg'] as const) {
    if (truthy(a[flag])) throw new ParseError(source, g.line, `${where} is not μ(E) data (${flag} is set)`);
  }
  if (g.x.length !== g.y.length) throw new ParseError(source, g.line, `${where}: x has ${g.x.length} values but y has ${g.y.length}`);
  const toNum = (v: PerlValue, i: number, arr: string): number => {
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.replace(/[dD]/, 'e')) : Number.NaN;
    if (!Number.isFinite(n)) throw new ParseError(source, g.line, `${where}: ${arr}[${i}] = ${JSON.stringify(v)} is not a finite number`);
    return n;
  };
  const warnings: string[] = [];
  let energyEv = g.x.map((v, i) => toNum(v, i, 'x'));
  const mu = g.y.map((v, i) => toNum(v, i, 'y'));
  if (truthy(a['is_kev'])) {
    energyEv = energyEv.map((e) => e * 1000);
    warnings.push(`${where} energies in keV; converted to eV`);
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(a)) headers[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const isNormalized = truthy(a['is_nor']) || datatype === 'norm';
  const meta: SpectrumMeta = {
    format: 'athena',
    source,
    label: g.label,
    headers,
    isNormalized,
    muSource: isNormalized ? 'y (normalised)' : 'y',
  };
  if (g.element) meta.element = g.element;
  const edge = a['fft_edge'];
  if (typeof edge === 'string' && /^(k|l[123]|m[1-5])$/i.test(edge)) meta.edge = edge.toUpperCase();
  const shift = Number(a['bkg_eshift']);
  if (Number.isFinite(shift) && shift !== 0) meta.energyShiftEv = shift;
  const titles = a['titles'];
  if (Array.isArray(titles)) meta.comments = titles.map(String);
  return finishSpectrum({ energyEv, mu, meta, warnings }, options.minPoints ?? READ_SPECTRUM_DEFAULTS.minPoints);
}

/**
 * The normalisation an Athena project stored for a group (its `bkg_*` arguments), on the energy
 * axis of the file as read: Athena applies its calibration shift `bkg_eshift` to the energies
 * before it finds E0, and this reader keeps the stored (unshifted) energies, so E0 here is
 * `bkg_e0 − bkg_eshift` (Fe.prj's foil: bkg_e0 7112, eshift 5.81 → 7106.19 eV, where the
 * derivative of the stored data peaks). The ranges are relative to E0 as in Larch `pre_edge`.
 */
export interface AthenaNormalisation {
  /** E0 on the stored energies, eV (`bkg_e0 − bkg_eshift`). */
  e0Ev: number;
  /** `bkg_e0` as stored (on Athena's shifted axis), eV. */
  athenaE0Ev: number;
  /** `bkg_eshift`, eV (0 when absent). */
  eshiftEv: number;
  /** `bkg_pre1`, `bkg_pre2`, `bkg_nor1`, `bkg_nor2`: eV relative to E0 (absent when not stored). */
  pre1RelE0Ev?: number;
  pre2RelE0Ev?: number;
  norm1RelE0Ev?: number;
  norm2RelE0Ev?: number;
  /** `bkg_nnorm`: Athena's normalisation order (number of terms: 1 constant, 2 linear, 3 quadratic). */
  athenaNnorm?: number;
  /** `bkg_flatten`: whether Athena shows the flattened spectrum. */
  flatten?: boolean;
}

/**
 * The `bkg_*` normalisation of an Athena group from its arguments (`meta.headers` of a spectrum
 * read from a project), or undefined when the group stores no usable E0.
 * @example athenaNormalisation(prepareMeasured('Fe.prj').spectrum.meta.headers)?.e0Ev // 7106.19
 */
export function athenaNormalisation(args: Readonly<Record<string, string | PerlValue | undefined>>): AthenaNormalisation | undefined {
  const num = (k: string): number | undefined => {
    const v = args[k];
    if (v === undefined || v === null || typeof v === 'object' || String(v).trim() === '') return undefined;
    const n = Number(String(v).trim().replace(/[dD]/, 'e'));
    return Number.isFinite(n) ? n : undefined;
  };
  const athenaE0Ev = num('bkg_e0');
  if (athenaE0Ev === undefined || !(athenaE0Ev > 0)) return undefined;
  const eshiftEv = num('bkg_eshift') ?? 0;
  const out: AthenaNormalisation = { e0Ev: Number((athenaE0Ev - eshiftEv).toFixed(6)), athenaE0Ev, eshiftEv };
  const set = (key: 'pre1RelE0Ev' | 'pre2RelE0Ev' | 'norm1RelE0Ev' | 'norm2RelE0Ev' | 'athenaNnorm', arg: string) => {
    const v = num(arg);
    if (v !== undefined) out[key] = v;
  };
  set('pre1RelE0Ev', 'bkg_pre1');
  set('pre2RelE0Ev', 'bkg_pre2');
  set('norm1RelE0Ev', 'bkg_nor1');
  set('norm2RelE0Ev', 'bkg_nor2');
  set('athenaNnorm', 'bkg_nnorm');
  const flatten = num('bkg_flatten');
  if (flatten !== undefined) out.flatten = flatten !== 0;
  return out;
}
