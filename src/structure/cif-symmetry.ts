/**
 * The symmetry operators of a CIF data block: the listed ones (`_space_group_symop_operation_xyz`,
 * `_symmetry_equiv_pos_as_xyz`), checked before any atom is expanded, or — when none are listed — the ones
 * its space-group name generates: Hall symbol first (it fixes the origin), then the Hermann–Mauguin symbol,
 * then the International Tables number. A choice the name leaves open is settled by the cell (monoclinic
 * unique axis, hexagonal or rhombohedral axes) or handed to the caller (origin choice 1 or 2: the atoms decide).
 */
import { InputError, ParseError } from '../errors.ts';
import { isCifNull, type CifBlock, type CifValue } from './cif-syntax.ts';
import type { Lattice } from './lattice.ts';
import { compareOperationSets, distinctOperations, MAX_SPACE_GROUP_OPERATIONS, missingProduct, operationProblem } from './operator-set.ts';
import { findHermannMauguin, settingsOfNumber, spaceGroupOperations, type SpaceGroupMatch, type SpaceGroupSetting } from './space-groups.ts';
import { parseSymmetryOperation, type SymmetryOperation } from './symmetry-operation.ts';

/**
 * Most rows an operator loop may have before its operators are parsed: twice the largest space group
 * (192 operations), so a complete list written out twice still reads. Longer lists are refused at once:
 * checking them is quadratic in their length (125,000 listed operators took 45–95 s, issue 27).
 */
export const MAX_LISTED_OPERATIONS = 2 * MAX_SPACE_GROUP_OPERATIONS;

const OPERATION_TAGS = ['_space_group_symop_operation_xyz', '_symmetry_equiv_pos_as_xyz', '_space_group_symop.operation_xyz', '_symmetry_equiv.pos_as_xyz'];
const HALL_TAGS = ['_space_group_name_hall', '_symmetry_space_group_name_hall', '_space_group.name_hall', '_symmetry.space_group_name_hall'];
const HM_TAGS = ['_space_group_name_h-m_alt', '_symmetry_space_group_name_h-m', '_space_group.name_h-m_alt', '_symmetry.space_group_name_h-m'];
const NUMBER_TAGS = ['_space_group_it_number', '_symmetry_int_tables_number', '_space_group.it_number', '_symmetry.int_tables_number'];

/** One possible operator set of a block. */
export interface SymmetryCandidate {
  operations: SymmetryOperation[];
  /** The setting it came from (`P 1 21/a 1`, `F d -3 m :2`, `Hall -P 2ybc`), or `listed`. */
  name: string;
}

/** What {@link readCifSymmetry} returns. */
export interface CifSymmetry {
  /** One candidate, or two when only the atoms can tell the origin choice. */
  candidates: SymmetryCandidate[];
  /** Where the operators came from. */
  source: 'listed' | 'hall' | 'hermann-mauguin' | 'number' | 'none';
  /** Line of the name or list the operators came from. */
  line?: number;
  /** The tag and text of the name used (for messages). */
  given?: string;
  warnings: string[];
}

/**
 * Read a block's symmetry operators (see the module comment).
 *
 * @example readCifSymmetry(ferroceneBlock, 'ferrocene.cif', lattice).candidates[0].name // 'P 1 21/a 1'
 * @throws ParseError naming the line: an operator that is no symmetry operation ("2x,y,z"), more than
 *   `MAX_LISTED_OPERATIONS` rows or 192 distinct operators, operators that do not form a group, or a
 *   space-group name that is neither in the table nor readable as a Hall symbol.
 */
export function readCifSymmetry(b: CifBlock, file: string, lattice: Lattice): CifSymmetry {
  const warnings: string[] = [];
  const listed = listedValues(b, file);
  if (listed.values.length > 0) {
    return { candidates: [{ operations: checkListed(listed.values, listed.tag, file), name: 'listed' }], source: 'listed', line: listed.values[0]!.line, warnings };
  }
  const hall = firstValue(b, HALL_TAGS);
  const hm = firstValue(b, HM_TAGS);
  const num = firstValue(b, NUMBER_TAGS);
  const note = (what: string, s: SymmetryCandidate[]) =>
    warnings.push(`${file}: no symmetry operators listed; generated the ${s[0]!.operations.length} operators of ${what}${s.length > 1 ? ' (origin choice decided by the atoms, see below)' : ''}`);

  if (hall) {
    try {
      const operations = spaceGroupOperations(hall.value.text);
      const candidates = [{ operations, name: `Hall ${hall.value.text.trim()}` }];
      note(`Hall symbol ${JSON.stringify(hall.value.text.trim())} (${hall.tag})`, candidates);
      const match = hm ? findHermannMauguin(hm.value.text) : undefined;
      if (hm && match && !match.settings.some((s) => compareOperationSets(spaceGroupOperations(s.hall), operations).same)) {
        warnings.push(`${file}:${hm.value.line}: the Hermann–Mauguin symbol ${JSON.stringify(hm.value.text.trim())} (${match.settings.map((s) => `Hall ${s.hall.trim()}`).join(' or ')}) does not give the operators of the Hall symbol ${JSON.stringify(hall.value.text.trim())}; used the Hall symbol`);
      }
      return { candidates, source: 'hall', line: hall.value.line, given: `${hall.tag} ${JSON.stringify(hall.value.text)}`, warnings };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      if (!hm && !num) throw new ParseError(file, hall.value.line, e.message, { cause: e });
      warnings.push(`${file}:${hall.value.line}: ${e.message}; using the ${hm ? 'Hermann–Mauguin symbol' : 'space-group number'} instead`);
    }
  }
  if (hm) {
    const text = hm.value.text.trim();
    if (/^P\s*1$/i.test(text)) {
      warnings.push(`${file}: no symmetry operators; using the identity (P1)`);
      return { candidates: [{ operations: [parseSymmetryOperation('x,y,z')], name: 'P 1' }], source: 'hermann-mauguin', line: hm.value.line, warnings };
    }
    const match = findHermannMauguin(text);
    if (!match) {
      throw new ParseError(file, hm.value.line, `no symmetry operators listed and the space group ${JSON.stringify(text)} (${hm.tag}) is not one of the 530 settings of International Tables Vol. B Table A1.4.2.7; list the operators (_space_group_symop_operation_xyz) or give its Hall symbol (_space_group_name_Hall)`);
    }
    const settings = settle(match, lattice, file, `${JSON.stringify(text)}`, warnings);
    if (num && !settings[0]!.unconventionalCentring) checkNumber(settings[0]!, num, file, warnings);
    const candidates = settings.map((s) => ({ operations: spaceGroupOperations(s.hall), name: s.name }));
    note(`${settings.length > 1 ? settings[0]!.hm : settings[0]!.name} (Hall ${settings.map((s) => s.hall.trim()).join(' or ')}; ${hm.tag} ${JSON.stringify(text)})`, candidates);
    return { candidates, source: 'hermann-mauguin', line: hm.value.line, given: `${hm.tag} ${JSON.stringify(text)}`, warnings };
  }
  if (num) {
    const n = Number(num.value.text.trim());
    let match: SpaceGroupMatch;
    try {
      match = settingsOfNumber(n);
    } catch (e) {
      if (e instanceof InputError) throw new ParseError(file, num.value.line, `${num.tag}: ${e.message}`, { cause: e });
      throw e;
    }
    const settings = settle(match, lattice, file, `number ${n}`, warnings);
    const candidates = settings.map((s) => ({ operations: spaceGroupOperations(s.hall), name: s.name }));
    note(`${settings.length > 1 ? settings[0]!.hm : settings[0]!.name}, space group ${n} (${num.tag}; Hall ${settings.map((s) => s.hall.trim()).join(' or ')})`, candidates);
    return { candidates, source: 'number', line: num.value.line, given: `${num.tag} ${n}`, warnings };
  }
  warnings.push(`${file}: no symmetry operators; using the identity (P1)`);
  return { candidates: [{ operations: [parseSymmetryOperation('x,y,z')], name: 'P 1' }], source: 'none', warnings };
}

/**
 * The operators a block names by its space group (Hall, Hermann–Mauguin or number), whether or not it also
 * lists them; undefined when it names none this table knows. Used to compare a file's list with its name.
 */
export function namedSymmetry(b: CifBlock, file: string, lattice: Lattice): CifSymmetry | undefined {
  const withoutList: CifBlock = { ...b, loops: b.loops.filter((l) => !OPERATION_TAGS.some((t) => l.tags.includes(t))), items: new Map([...b.items].filter(([k]) => !OPERATION_TAGS.includes(k))) };
  if (!firstValue(b, HALL_TAGS) && !firstValue(b, HM_TAGS) && !firstValue(b, NUMBER_TAGS)) return undefined;
  try {
    const s = readCifSymmetry(withoutList, file, lattice);
    return s.source === 'none' ? undefined : s;
  } catch (e) {
    if (e instanceof ParseError) return undefined;
    throw e;
  }
}

/** Listed operator values, before any is parsed. */
function listedValues(b: CifBlock, file: string): { values: CifValue[]; tag: string } {
  for (const tag of OPERATION_TAGS) {
    const loop = b.loops.find((l) => l.tags.includes(tag));
    let values: CifValue[] = [];
    if (loop) {
      const k = loop.tags.indexOf(tag);
      if (loop.rows.length > MAX_LISTED_OPERATIONS) {
        throw new ParseError(file, loop.line, `the ${tag} loop lists ${loop.rows.length} symmetry operators; a space group has at most ${MAX_SPACE_GROUP_OPERATIONS} (48 point operations × 4 centring translations), so more than ${MAX_LISTED_OPERATIONS} listed rows are refused before they are read`);
      }
      values = loop.rows.map((r) => r[k]!);
    } else if (b.items.has(tag)) {
      values = [b.items.get(tag)!];
    }
    values = values.filter((v) => !isCifNull(v));
    if (values.length > 0) return { values, tag };
  }
  return { values: [], tag: '' };
}

/** Parse and check listed operators: each a symmetry operation, at most 192 distinct, closed under products. */
function checkListed(values: CifValue[], tag: string, file: string): SymmetryOperation[] {
  const ops = values.map((v) => {
    let op: SymmetryOperation;
    try {
      op = parseSymmetryOperation(v.text);
    } catch (e) {
      if (e instanceof InputError) throw new ParseError(file, v.line, e.message, { cause: e });
      throw e;
    }
    const problem = operationProblem(op);
    if (problem) throw new ParseError(file, v.line, problem);
    return op;
  });
  const { ops: distinct, index } = distinctOperations(ops);
  if (distinct.length > MAX_SPACE_GROUP_OPERATIONS) {
    throw new ParseError(file, values[index[MAX_SPACE_GROUP_OPERATIONS]!]!.line, `${distinct.length} distinct symmetry operators listed (${tag}); a space group has at most ${MAX_SPACE_GROUP_OPERATIONS} (48 point operations × 4 centring translations)`);
  }
  const missing = missingProduct(distinct);
  if (missing) {
    const [a, b] = [values[index[missing.a]!]!, values[index[missing.b]!]!];
    throw new ParseError(
      file,
      b.line,
      `the listed symmetry operators do not form a group: ${JSON.stringify(a.text)} (line ${a.line}) applied after ${JSON.stringify(b.text)} (line ${b.line}) gives ${formatOperation(missing.product)}, which is not listed`,
    );
  }
  return distinct;
}

/** The setting(s) a name leaves after the cell has had its say (unique axis, R axes); origin choices stay open. */
function settle(match: SpaceGroupMatch, lattice: Lattice, file: string, what: string, warnings: string[]): SpaceGroupSetting[] {
  const { settings, openChoice } = match;
  if (!openChoice || settings.length === 1) return settings;
  const { aAngstrom: a, bAngstrom: b, cAngstrom: c, alphaDeg: alpha, betaDeg: beta, gammaDeg: gamma } = lattice.parameters;
  const f = (x: number) => Number(x.toPrecision(6));
  const near = (x: number, y: number, tol: number) => Math.abs(x - y) <= tol * Math.max(1, Math.abs(y));
  if (openChoice === 'axes') {
    const rhombohedral = near(a, b, 1e-3) && near(b, c, 1e-3) && near(alpha, beta, 1e-3) && near(beta, gamma, 1e-3) && !near(alpha, 90, 1e-4);
    const hexagonal = near(a, b, 1e-3) && near(alpha, 90, 1e-3) && near(beta, 90, 1e-3) && near(gamma, 120, 1e-3);
    if (rhombohedral === hexagonal) throw new ParseError(file, undefined, `space group ${what} without :H or :R, and the cell (a=${f(a)}, b=${f(b)}, c=${f(c)} Å, α=${f(alpha)}°, β=${f(beta)}°, γ=${f(gamma)}°) is neither hexagonal (a=b, γ=120°) nor rhombohedral (a=b=c, α=β=γ)`);
    return settings.filter((s) => s.extension === (rhombohedral ? 'R' : 'H'));
  }
  if (openChoice === 'unique axis') {
    const skew = [alpha, beta, gamma].map((x) => !near(x, 90, 1e-4));
    const axis = skew.filter(Boolean).length === 1 ? 'abc'[skew.indexOf(true)]! : undefined;
    const fits = axis ? settings.filter((s) => s.qualifier.replace('-', '').startsWith(axis)) : [];
    if (fits.length > 0) return [fits[0]!];
    warnings.push(`${file}: space group ${what} names no unique axis and the cell does not show one (α=${f(alpha)}°, β=${f(beta)}°, γ=${f(gamma)}°): used ${settings[0]!.name}`);
    return [settings[0]!];
  }
  return settings; // origin choice: the atoms decide
}

function checkNumber(s: SpaceGroupSetting, num: { tag: string; value: CifValue }, file: string, warnings: string[]): void {
  const n = Number(num.value.text.trim());
  if (n !== s.number) warnings.push(`${file}:${num.value.line}: ${num.tag} is ${num.value.text.trim()} but the Hermann–Mauguin symbol ${s.hm} is space group ${s.number}; used the symbol`);
}

function firstValue(b: CifBlock, tags: string[]): { tag: string; value: CifValue } | undefined {
  for (const tag of tags) {
    const v = b.items.get(tag);
    if (v && !isCifNull(v) && v.text.trim() !== '') return { tag, value: v };
  }
  return undefined;
}

function formatOperation(op: SymmetryOperation): string {
  const frac = (x: number) => {
    const w = x - Math.floor(x);
    for (const d of [1, 2, 3, 4, 6, 8, 12]) if (Math.abs(w * d - Math.round(w * d)) < 1e-6) return Math.round(w * d) === 0 ? '' : `${Math.round(w * d)}/${d}`;
    return String(Number(w.toFixed(4)));
  };
  return JSON.stringify(
    [0, 1, 2]
      .map((i) => {
        let s = '';
        for (let j = 0; j < 3; j++) {
          const c = Math.round(op.rotation[3 * i + j]!);
          if (c !== 0) s += `${c < 0 ? '-' : s ? '+' : ''}${Math.abs(c) === 1 ? '' : Math.abs(c)}${'xyz'[j]}`;
        }
        const t = frac(op.translation[i]!);
        return t ? `${s}${s ? '+' : ''}${t}` : s || '0';
      })
      .join(','),
  );
}

