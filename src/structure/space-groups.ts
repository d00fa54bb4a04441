/**
 * Space groups by name: the 530 settings of `space-group-table.ts`, looked up by Hermann–Mauguin symbol
 * (as users write it: `P21/c`, `P 1 21/a 1`, `Fm-3m`, `F m 3 m`, `R -3 :H`, `R-3c H`, `I 41/a m d :2`,
 * `P 4_2/m n m`, `P2(1)2(1)2(1)`, full symbols such as `P 21/n 21/m 21/a`, the e-glide names `Cmce`), by
 * Hall symbol or by International Tables number; the operators come from the Hall symbol (`hall-symbol.ts`).
 */
import { InputError } from '../errors.ts';
import { parseHallSymbol } from './hall-symbol.ts';
import { toSymmetryOperation } from './seitz.ts';
import { SPACE_GROUP_TABLE } from './space-group-table.ts';
import type { SymmetryOperation } from './symmetry-operation.ts';

/** One setting of a space group. */
export interface SpaceGroupSetting {
  /** International Tables number, 1–230. */
  number: number;
  /** Setting qualifier of International Tables Vol. B Table A1.4.2.7 (`b1`, `-c2`, `cab` …), `''` for the standard one. */
  qualifier: string;
  /** `'1'`/`'2'` (origin choice), `'H'`/`'R'` (axes of an R group) or `''` when the group has one setting of this symbol. */
  extension: string;
  /** Hermann–Mauguin symbol, spaced as in International Tables (`P 1 21/c 1`). */
  hm: string;
  /** `hm` with its extension (`F d -3 m :2`, `R -3 :H`). */
  name: string;
  hall: string;
  /**
   * True for a centring the table does not list with this symbol (`C -1`): built from the P setting, whose
   * `number` and `qualifier` it keeps (the number of the centred group itself may differ).
   */
  unconventionalCentring?: boolean;
}

/** Every setting, in table order (standard setting of each number first). */
export const SPACE_GROUP_SETTINGS: readonly SpaceGroupSetting[] = Object.freeze(
  SPACE_GROUP_TABLE.trim()
    .split('\n')
    .flatMap((line) => {
      const [head, ...halls] = line.split('|').map((s) => s.trim());
      const [num, qualifier, ...hm] = head!.split(/\s+/);
      const number = Number(num);
      const symbol = hm.join(' ');
      const two = halls.length === 2;
      const choices = two ? (symbol.startsWith('R') ? ['H', 'R'] : ['1', '2']) : [''];
      return halls.map((hall, k): SpaceGroupSetting => {
        const extension = choices[k]!;
        return { number, qualifier: qualifier === '.' ? '' : qualifier!, extension, hm: symbol, name: extension ? `${symbol} :${extension}` : symbol, hall };
      });
    }),
);

/** Longest Hermann–Mauguin symbol looked up (the longest real one, `P 42/n 21/c 2/m : origin choice 2`, has 33 characters). */
const MAX_SYMBOL_LENGTH = 64;

/** Groups with e-glide names (International Tables Vol. A, 5th ed. 2002, Table 4.3.2.1): `Cmce` for `Cmca` … */
const E_GLIDE_NUMBERS = new Set([39, 41, 64, 67, 68]);

const squeeze = (s: string) => s.replace(/\s+/g, '').toLowerCase();

/** Key → settings (several when a name leaves the origin choice or the R axes open). */
const BY_KEY = new Map<string, SpaceGroupSetting[]>();
{
  const add = (key: string, s: SpaceGroupSetting) => {
    const list = BY_KEY.get(key);
    if (!list) BY_KEY.set(key, [s]);
    else if (!list.some((t) => t.hm === s.hm && t.extension === s.extension)) {
      // An alias shared by two table symbols (the e names of 67 and 68) keeps the one listed first.
      if (list[0]!.hm === s.hm) list.push(s);
    }
  };
  for (const s of SPACE_GROUP_SETTINGS) {
    const base = squeeze(s.hm);
    const aliases = [base];
    // Old notation with the bar after the digit (`P 1-`), and cubic symbols without the bar (`Fm3m`).
    if (base.includes('-')) {
      aliases.push(base.replace(/-(\d)/, '$1-'));
      if ((s.number >= 200 && s.number <= 206) || s.number >= 221) aliases.push(base.replace('-3', '3'));
    }
    if (E_GLIDE_NUMBERS.has(s.number)) aliases.push(eGlideName(s.hm));
    for (const a of aliases) {
      add(a, s);
      if (s.extension) add(`${a}:${s.extension.toLowerCase()}`, s);
    }
  }
}

/**
 * The 2002 name of a setting of groups 39, 41, 64, 67 and 68: the glide letter of the plane normal to the
 * centred face's normal (A: the plane ⊥ a, B: ⊥ b, C: ⊥ c), which holds two glides, becomes `e`.
 */
function eGlideName(hm: string): string {
  const [lattice, ...positions] = hm.split(' ');
  const p = 'ABC'.indexOf(lattice!);
  if (p >= 0 && /^[abc]$/.test(positions[p]!)) positions[p] = 'e';
  return squeeze([lattice, ...positions].join(' '));
}

/** What a space-group name says, before a cell or the atoms decide between the settings it leaves open. */
export interface SpaceGroupMatch {
  /** Settings the name fits; several when it leaves the origin choice, the R axes or the unique axis open. */
  settings: SpaceGroupSetting[];
  /** Why there are several (for a warning). */
  openChoice?: 'origin' | 'axes' | 'unique axis';
}

/**
 * The settings a Hermann–Mauguin symbol names. Spaces, underscores, case and subscripts in parentheses do
 * not matter; an extension `:1`/`:2`/`:S`/`:Z` (origin choice; S = 1, Z = 2) or `:H`/`:R` (hexagonal or
 * rhombohedral axes) may follow, with or without the colon. Without an extension both choices are returned.
 * Short monoclinic symbols (`P21/c`, `C2/c`, `Pc`) return every unique axis the table has for them, b first.
 *
 * @example findHermannMauguin('P21/c').settings.map((s) => s.name) // ['P 1 21/c 1', 'P 21/c 1 1']
 * @example findHermannMauguin('Fd-3m').settings.map((s) => s.name) // ['F d -3 m :1', 'F d -3 m :2']
 * @example findHermannMauguin('R -3 :R').settings[0].hall // '-P 3*'
 * @returns undefined when the symbol names no setting of the table.
 */
export function findHermannMauguin(symbol: string): SpaceGroupMatch | undefined {
  // Whitespace collapsed first and length bounded, so no pattern below ever backtracks over a long input.
  let s = symbol.replace(/\s+/g, ' ').trim().replace(/_/g, '');
  if (s.length > MAX_SYMBOL_LENGTH) return undefined;
  // Subscripts written in parentheses: P2(1)2(1)2(1), P4(2)/mnm.
  s = s.replace(/([2346])\((\d)\)/g, '$1$2');
  let ext = '';
  // A note in parentheses at the end: "(origin choice 2)", "(hexagonal axes)", "(No. 227)".
  const note = / ?\(([^()]*)\)$/.exec(s);
  if (note) {
    const n = note[1]!.toLowerCase();
    const choice = /origin\s*choice\s*([12])/.exec(n)?.[1];
    ext = choice ?? (n.includes('hex') ? 'H' : n.includes('rhomb') ? 'R' : '');
    if (!choice && !ext && !/^no\.?\s*\d+$/.test(n.trim())) return undefined;
    s = s.slice(0, note.index);
  }
  // `:2`, `: origin choice 2`, `:H`, ` H`, `Z` … (a symbol never ends in h, r, s or z: those are not glide letters).
  const e = /\s*(?::\s*(?:origin\s*choice\s*)?([12hrsz])|origin\s*choice\s*([12])|(?<=[^\s:])\s*([hrsz]))\s*$/i.exec(s);
  if (e) {
    const x = (e[1] ?? e[2] ?? e[3]!).toUpperCase();
    ext ||= x === 'S' ? '1' : x === 'Z' ? '2' : x;
    s = s.slice(0, e.index);
  }
  const candidates = [s, reduceFullSymbol(s)].filter((x): x is string => x !== undefined);
  for (const c of candidates) {
    const found = lookup(squeeze(c), ext);
    if (found) return found;
  }
  // Short monoclinic symbols: the unique axis in each of the three positions.
  const m = /^([PABCI])\s*([^\s].*)$/i.exec(s.trim());
  if (m && !/\s1(\s|$)/.test(s)) {
    const [L, rest] = [m[1]!.toUpperCase(), squeeze(m[2]!)];
    const settings = [`${L}1${rest}1`, `${L}11${rest}`, `${L}${rest}11`].flatMap((k) => lookup(k.toLowerCase(), ext)?.settings ?? []).filter((t) => t.number >= 3 && t.number <= 15);
    if (settings.length === 1) return { settings };
    if (settings.length > 1) return { settings, openChoice: 'unique axis' };
  }
  return unconventionalCentring(s, ext);
}

/** Centring translations per cell of each lattice letter (the identity included). */
const CENTRING_MULTIPLICITY: Record<string, number> = { P: 1, A: 2, B: 2, C: 2, I: 2, F: 4 };

/**
 * A symbol whose centring the table does not list with it (`C -1`, `I 1`, `B 1 21/m 1`, `C 1 1 2/a`, as
 * cells chosen to compare related structures often are): the primitive symbol's operations with the
 * centring translations added — the Hall symbol of the P setting with its lattice letter replaced. Kept only
 * when the centring is compatible (the group is exactly |P group| × centring translations).
 */
function unconventionalCentring(symbol: string, ext: string): SpaceGroupMatch | undefined {
  const m = /^\s*([ABCIF])\s*(.*)$/i.exec(symbol);
  if (!m) return undefined;
  const L = m[1]!.toUpperCase();
  const primitive = findHermannMauguin(`P ${m[2]}${ext ? ` :${ext}` : ''}`);
  if (!primitive) return undefined;
  const settings: SpaceGroupSetting[] = [];
  for (const p of primitive.settings) {
    const hall = p.hall.replace(/^(\s*-?)P/, `$1${L}`);
    try {
      if (parseHallSymbol(hall).operations.length !== parseHallSymbol(p.hall).operations.length * CENTRING_MULTIPLICITY[L]!) continue;
    } catch {
      continue;
    }
    const hm = `${L}${p.hm.slice(1)}`;
    settings.push({ ...p, hm, name: p.extension ? `${hm} :${p.extension}` : hm, hall, unconventionalCentring: true });
  }
  if (settings.length === 0) return undefined;
  return primitive.openChoice ? { settings, openChoice: primitive.openChoice } : { settings };
}

function lookup(key: string, ext: string): SpaceGroupMatch | undefined {
  const list = BY_KEY.get(key);
  if (!list) return undefined;
  if (ext) {
    const chosen = list.filter((t) => t.extension === ext);
    // An extension that the group does not have (`P 3 :H`, `P m -3 m :1`) changes nothing.
    if (chosen.length > 0) return { settings: chosen };
    if (list.every((t) => t.extension === '')) return { settings: list };
    return undefined;
  }
  if (list.length === 1) return { settings: list };
  return { settings: list, openChoice: list[0]!.extension === 'H' || list[0]!.extension === 'R' ? 'axes' : 'origin' };
}

/**
 * A full Hermann–Mauguin symbol reduced to the short one the table lists: `P 21/n 21/m 21/a` → `P n m a`,
 * `P 4/m 2/m 2/m` → `P 4/m m m`, `F 4/m -3 2/m` → `F m -3 m`, `P 63/m 2/m 2/c` → `P 63/m m c`. Monoclinic
 * full symbols (`P 1 21/c 1`) are already in the table. Undefined when there is nothing to reduce.
 */
function reduceFullSymbol(s: string): string | undefined {
  const parts = s.trim().split(/\s+/);
  if (parts.length !== 4 || !parts.some((p) => p.includes('/')) || parts.includes('1')) return undefined;
  const [lattice, first, ...rest] = parts;
  const cubic = /^-?3$/.test(rest[0]!);
  const keepFirst = !cubic && /^[46]/.test(first!);
  const plane = (p: string) => p.replace(/^.*\//, '');
  return [lattice, keepFirst ? first : plane(first!), ...rest.map(plane)].join(' ');
}

/**
 * The settings of an International Tables number: the standard one, and, where the number leaves a choice,
 * every setting that choice allows — unique axes b, c, a (cell choice 1) for monoclinic groups, H and R
 * axes for R groups, origin choices 1 and 2.
 *
 * @example settingsOfNumber(14).settings.map((s) => s.name) // ['P 1 21/c 1', 'P 1 1 21/a', 'P 21/b 1 1']
 * @throws InputError for a number outside 1–230.
 */
export function settingsOfNumber(number: number): SpaceGroupMatch {
  if (!Number.isInteger(number) || number < 1 || number > 230) throw new InputError(`space-group number ${number} is not in 1–230`);
  const all = SPACE_GROUP_SETTINGS.filter((s) => s.number === number);
  if (number >= 3 && number <= 15) {
    const settings = ['b', 'c', 'a'].map((axis) => all.find((s) => s.qualifier === axis || s.qualifier === `${axis}1`)!);
    return { settings, openChoice: 'unique axis' };
  }
  const standard = all.filter((s) => s.qualifier === '');
  if (standard.length === 1) return { settings: standard };
  return { settings: standard, openChoice: standard[0]!.extension === 'H' ? 'axes' : 'origin' };
}

const OPERATIONS = new Map<string, SymmetryOperation[]>();

/**
 * Every operation of a setting (or of any Hall symbol), centring included, generated from its Hall symbol
 * and cached.
 *
 * @example spaceGroupOperations('-P 2ybc').map((o) => o.text) // ['x,y,z', '-x,y+1/2,-z+1/2', '-x,-y,-z', 'x,-y+1/2,z+1/2'] (in some order)
 * @throws InputError for a Hall symbol that cannot be read.
 */
export function spaceGroupOperations(hall: string): SymmetryOperation[] {
  let ops = OPERATIONS.get(hall);
  if (!ops) {
    ops = parseHallSymbol(hall).operations.map(toSymmetryOperation);
    OPERATIONS.set(hall, ops);
  }
  return ops;
}
