/**
 * @module screen/composition
 * Composition filter for screening: `--elements Cu,O` keeps candidates whose element set is exactly
 * {Cu, O}; `--contains Cu,O` keeps those whose element set includes {Cu, O}. Both may be given (AND).
 * Pure pieces only: parse the option strings, test a structure's species, and say what was filtered
 * when nothing is left.
 */
import { findElement } from '../elements/index.ts';
import { InputError } from '../errors.ts';

/** A parsed composition filter; element symbols are canonical (`Cu`, not `cu`), in the order given. */
export interface CompositionFilter {
  /** The element set must be exactly this (`--elements`). */
  readonly elements?: readonly string[];
  /** The element set must include all of these (`--contains`). */
  readonly contains?: readonly string[];
}

/** Which condition a candidate failed (the first one tested: `elements`, then `contains`). */
export type CompositionFailure = 'elements' | 'contains';

/** A chemical formula as a user types it: `Fe2O3`, `FeO(OH)`, `CuSO4·5H2O`, `Fe3+2O3`. */
const FORMULA = /^(?:[A-Z][a-z]?|\d+(?:\.\d+)?|[()[\]·.*+-])+$/;

/**
 * Parse a comma-separated element list (`"Cu,O"`, `"cu, o"`); an item may also be a formula
 * (`"FeO(OH)"` → Fe, O, H). Duplicates are dropped.
 *
 * @example parseElementList('Cu, o,Cu', '--elements') // ['Cu', 'O']
 * @example parseElementList('FeO(OH)', '--elements') // ['Fe', 'O', 'H']
 * @throws InputError naming the option for an unknown symbol ("unknown element 'Xx' in --elements") or an empty list.
 */
export function parseElementList(text: string, optionName: string): string[] {
  const out: string[] = [];
  const add = (symbol: string, token: string) => {
    const el = findElement(symbol);
    const what = symbol === token ? `'${token}'` : `'${symbol}' (in '${token}')`;
    if (!el) throw new InputError(`unknown element ${what} in ${optionName} (expected symbols such as Cu,O or a formula such as Fe2O3)`, { option: optionName, value: token });
    if (!out.includes(el.symbol)) out.push(el.symbol);
  };
  for (const raw of text.split(',')) {
    const token = raw.trim();
    if (token === '') continue;
    if (/^[A-Za-z]{1,3}$/.test(token) && findElement(token)) add(token, token);
    else if (FORMULA.test(token) && /[A-Z]/.test(token)) for (const m of token.matchAll(/[A-Z][a-z]?/g)) add(m[0], token);
    else add(token, token);
  }
  if (out.length === 0) throw new InputError(`${optionName} needs at least one element symbol, e.g. ${optionName} Cu,O`, { option: optionName });
  return out;
}

/**
 * Build a filter from the raw option values; `undefined` when neither option is given.
 *
 * @example
 * parseCompositionFilter({ elements: 'Cu,O' });            // { elements: ['Cu', 'O'] }
 * parseCompositionFilter({ elements: 'Cu,O', contains: 'Zn' }); // throws: Zn is not among --elements
 * @throws InputError for bad symbols, or when `--contains` names an element outside `--elements` (nothing could match).
 */
export function parseCompositionFilter(options: { elements?: string; contains?: string }): CompositionFilter | undefined {
  const elements = options.elements !== undefined ? parseElementList(options.elements, '--elements') : undefined;
  const contains = options.contains !== undefined ? parseElementList(options.contains, '--contains') : undefined;
  if (!elements && !contains) return undefined;
  if (elements && contains) {
    const outside = contains.filter((el) => !elements.includes(el));
    if (outside.length > 0) {
      throw new InputError(`--contains ${outside.join(',')} is not among --elements ${elements.join(',')}: no candidate could match both`, { elements, contains });
    }
  }
  return Object.freeze({ ...(elements ? { elements: Object.freeze(elements) } : {}), ...(contains ? { contains: Object.freeze(contains) } : {}) });
}

/** The distinct elements of a species array, sorted alphabetically. @example elementSet(['O', 'Cu', 'O']) // ['Cu', 'O'] */
export function elementSet(species: readonly string[]): string[] {
  return [...new Set(species)].sort();
}

/**
 * The condition a structure's species fail, or `null` when they pass.
 *
 * @example
 * compositionFailure(['Cu', 'O', 'Zn'], { elements: ['Cu', 'O'] }); // 'elements'
 * compositionFailure(['Cu', 'O', 'Zn'], { contains: ['Cu', 'O'] }); // null
 */
export function compositionFailure(species: readonly string[], filter: CompositionFilter): CompositionFailure | null {
  const present = new Set(species);
  if (filter.elements) {
    // H is optional in an exact set: X-ray structures (most CIFs) do not locate hydrogen.
    const wanted = hydrogenOmitted(species, filter) ? filter.elements.filter((el) => el !== 'H') : filter.elements;
    if (present.size !== wanted.length || !wanted.every((el) => present.has(el))) return 'elements';
  }
  if (filter.contains && !filter.contains.every((el) => present.has(el))) return 'contains';
  return null;
}

/**
 * Whether an exact element set asks for H that the structure does not list at all (so H is not
 * required of it). `--contains H` stays strict: asking for H there means a structure with H.
 * @example hydrogenOmitted(['Fe', 'O'], { elements: ['Fe', 'O', 'H'] }) // true
 */
export function hydrogenOmitted(species: readonly string[], filter: CompositionFilter): boolean {
  return Boolean(filter.elements?.includes('H')) && !species.includes('H') && !species.includes('D');
}

/** Whether a structure's species pass the filter. @example matchesComposition(['Cu', 'O', 'O'], { elements: ['O', 'Cu'] }) // true */
export function matchesComposition(species: readonly string[], filter: CompositionFilter): boolean {
  return compositionFailure(species, filter) === null;
}

/**
 * The reason a candidate is filtered out, for a rejection list.
 *
 * @example
 * compositionRejection(['Cu', 'O', 'Zn'], { elements: ['Cu', 'O'] });
 * // 'composition: holds Cu, O, Zn, not exactly Cu, O (--elements)'
 */
export function compositionRejection(species: readonly string[], filter: CompositionFilter): string | null {
  const failure = compositionFailure(species, filter);
  if (failure === null) return null;
  const holds = elementSet(species).join(', ');
  if (failure === 'elements') return `composition: holds ${holds}, not exactly ${filter.elements!.join(', ')} (--elements)`;
  const missing = filter.contains!.filter((el) => !species.includes(el));
  return `composition: holds ${holds}, lacks ${missing.join(', ')} (--contains)`;
}

/**
 * Running count of what a filter kept and dropped, and of the element sets seen (for the message
 * when nothing is kept).
 *
 * @example
 * const tally = new CompositionTally(filter);
 * for (const s of structures) if (tally.record(s.species)) keep(s);
 * if (tally.kept === 0) throw new InputError(tally.noMatchMessage());
 */
export class CompositionTally {
  readonly filter: CompositionFilter;
  total = 0;
  kept = 0;
  /** Candidates whose element set was not exactly `filter.elements`. */
  failedElements = 0;
  /** Candidates that passed `elements` (or had none) but lacked one of `filter.contains`. */
  failedContains = 0;
  /** Kept candidates that list no H although `filter.elements` holds H (H counted as optional). */
  keptWithoutHydrogen = 0;
  /** Count per element set ("Cu O Zn"), over all recorded candidates. */
  readonly sets = new Map<string, number>();

  constructor(filter: CompositionFilter) {
    this.filter = filter;
  }

  /** Record one candidate; returns whether it passes. */
  record(species: readonly string[]): boolean {
    this.total++;
    const key = elementSet(species).join(' ');
    this.sets.set(key, (this.sets.get(key) ?? 0) + 1);
    const failure = compositionFailure(species, this.filter);
    if (failure === 'elements') this.failedElements++;
    else if (failure === 'contains') this.failedContains++;
    else {
      this.kept++;
      if (hydrogenOmitted(species, this.filter)) this.keptWithoutHydrogen++;
    }
    return failure === null;
  }

  /** Sentences saying what the filter did beyond the literal match (H counted as optional). */
  notes(): string[] {
    if (this.keptWithoutHydrogen === 0) return [];
    return [`H was counted as optional in the exact element set: ${this.keptWithoutHydrogen} of the ${this.kept} kept candidates list no H (crystal structures from X-ray diffraction usually omit it)`];
  }

  /** The user-facing message for "nothing passed"; see {@link noCompositionMatchMessage}. */
  noMatchMessage(topSets = 3): string {
    return noCompositionMatchMessage(this, topSets);
  }
}

/**
 * Message for a screening run in which no candidate passed the filter: what was asked, how many
 * candidates were read and dropped by which condition, and the most common element sets present.
 *
 * @example
 * noCompositionMatchMessage({ filter: { elements: ['Cu', 'O', 'Zn'] }, total: 2697, failedElements: 2697, failedContains: 0, sets: new Map([['Cu O', 40]]) });
 * // 'no candidate has exactly the elements Cu, O, Zn: 2697 candidates read, 2697 with another element set (most common: Cu O ×40)'
 */
export function noCompositionMatchMessage(
  tally: Pick<CompositionTally, 'filter' | 'total' | 'failedElements' | 'failedContains' | 'sets'>,
  topSets = 3,
): string {
  const { filter } = tally;
  const asked: string[] = [];
  if (filter.elements) asked.push(`has exactly the elements ${filter.elements.join(', ')}`);
  if (filter.contains) asked.push(`contains ${filter.contains.join(', ')}`);
  if (tally.total === 0) return `no candidate ${asked.join(' and ')}: no candidate structure was read`;
  const counts: string[] = [`${tally.total} candidate${tally.total === 1 ? '' : 's'} read`];
  if (filter.elements) counts.push(`${tally.failedElements} with another element set`);
  if (filter.contains) counts.push(`${tally.failedContains} lacking ${filter.contains.length === 1 ? 'it' : 'one of them'}`);
  const common = [...tally.sets.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, topSets)
    .map(([set, n]) => `${set} ×${n}`);
  return `no candidate ${asked.join(' and ')}: ${counts.join(', ')} (most common: ${common.join(', ')})`;
}
