/**
 * @module elements
 * Element symbols, atomic numbers, masses and X-ray absorption edge energies (eV), from XrayDB's
 * Elam table (public domain; regenerate with `npx tsx scripts/build-edge-table.ts`).
 */
import table from './edges.json' with { type: 'json' };
import { InputError } from '../errors.ts';

/** Edges we tabulate. */
export type EdgeName = 'K' | 'L1' | 'L2' | 'L3';

export interface ElementInfo {
  symbol: string;
  z: number;
  /** Atomic mass in g/mol. */
  mass: number;
  /** Edge energies in eV. */
  edges: Partial<Record<EdgeName, number>>;
}

const ELEMENTS: readonly ElementInfo[] = Object.freeze(table.elements as ElementInfo[]);
const BY_SYMBOL = new Map(ELEMENTS.map((e) => [e.symbol.toLowerCase(), e]));
const BY_Z = new Map(ELEMENTS.map((e) => [e.z, e]));

/** All tabulated elements (H … Cf), in order of Z. */
export function allElements(): readonly ElementInfo[] {
  return ELEMENTS;
}

/** Element by symbol (case-insensitive, `D`/`T` count as H), or `undefined`. */
export function findElement(symbolOrZ: string | number): ElementInfo | undefined {
  if (typeof symbolOrZ === 'number') return BY_Z.get(symbolOrZ);
  const s = symbolOrZ.trim().toLowerCase();
  if (s === 'd' || s === 't') return BY_Z.get(1);
  return BY_SYMBOL.get(s);
}

/**
 * Element by symbol or Z; throws an `InputError` naming the bad value.
 * @example getElement('Fe').z // 26
 */
export function getElement(symbolOrZ: string | number): ElementInfo {
  const e = findElement(symbolOrZ);
  if (!e) throw new InputError(`unknown element ${JSON.stringify(symbolOrZ)} (expected a symbol such as "Fe" or an atomic number 1–98)`);
  return e;
}

/** Atomic number of a symbol. @example atomicNumber('Cu') // 29 */
export function atomicNumber(symbol: string): number {
  return getElement(symbol).z;
}

/** Canonical symbol of an atomic number. @example elementSymbol(8) // 'O' */
export function elementSymbol(z: number): string {
  return getElement(z).symbol;
}

/** Tabulated edge energy in eV. @example edgeEnergy('Fe', 'K') // 7112 */
export function edgeEnergy(symbol: string, edge: EdgeName = 'K'): number {
  const e = getElement(symbol);
  const v = e.edges[edge];
  if (v === undefined) throw new InputError(`${e.symbol} has no tabulated ${edge} edge`);
  return v;
}

/**
 * Edges whose tabulated energy lies within `toleranceEv` of `e0Ev`, closest first.
 * Used to guess the element of a spectrum that carries no metadata.
 * @example guessEdge(8980)[0] // { symbol: 'Cu', edge: 'K', energyEv: 8979, deltaEv: 1 }
 */
export function guessEdge(e0Ev: number, toleranceEv = 30): { symbol: string; edge: EdgeName; energyEv: number; deltaEv: number }[] {
  const out: { symbol: string; edge: EdgeName; energyEv: number; deltaEv: number }[] = [];
  for (const el of ELEMENTS) {
    for (const [edge, energyEv] of Object.entries(el.edges) as [EdgeName, number][]) {
      const deltaEv = e0Ev - energyEv;
      if (Math.abs(deltaEv) <= toleranceEv) out.push({ symbol: el.symbol, edge, energyEv, deltaEv });
    }
  }
  // K edges are the ones our models use; on ties prefer K, then by distance.
  return out.sort((a, b) => Math.abs(a.deltaEv) - Math.abs(b.deltaEv));
}

export { HOW_TO_SET_ELEMENT, IDENTIFY_DEFAULTS, identifyAbsorber, namedElements, type AbsorberEvidence, type AbsorberGuess } from './identify.ts';
