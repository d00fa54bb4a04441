/**
 * @module chemistry/ligands
 * Which atoms of a structure act as anions (bond valence ligands) for a cation.
 *
 * Rule: an atom is an anion when its element is one of {@link LIGAND_ELEMENTS} (O, S, Se, Te, N, P,
 * As, F, Cl, Br, I, C) and, unless it is O or F, it has no O or F neighbour within
 * `oxyanionBondAngstrom` (2.1 Å). The exception removes the centres of oxyanions and fluoro-anions
 * (S of SO4, P of PO4, C of CO3, N of NO3, As of AsO4, Se of SeO3, I of IO3, Te of TeO6, P of PF6),
 * whose shortest X–O / X–F bonds are 1.2–2.0 Å, while sulfide S, cyanide C, amine N or arsenide As
 * stay anions. H is never a ligand here (its bonds to metals are not tabulated, and H positions are
 * often missing). Metals are never ligands: metal–metal contacts are not bonds for a bond valence sum.
 *
 * Dimer anions ({@link anionChargeFraction}): a chalcogen bonded to another atom of its own element
 * (the S–S pair of pyrite and marcasite at 2.16–2.21 Å, Se–Se, Te–Te) spends one of its two
 * valence units on that bond, so it carries −1 (S2²⁻), not −2; the bond valence parameters, fitted
 * on S²⁻, then give its cation bonds about twice their share (pyrite's Fe BVS ≈ 4.4 for Fe(II)).
 * By the valence sum rule the cation bonds of such an anion count (2 − n)/2. O is left out: short
 * O–O contacts in the Cu pool's structures are rarely peroxides (waters, disorder), and counting
 * them moved Cu sites between Cu(I) and Cu(III) without raising the charge-balance agreement of
 * `npm run eval:chemistry` (74.5 % either way).
 */
import { neighborsOf, type Structure } from '../structure/index.ts';
import { LIGAND_ELEMENTS } from './bond-valence-parameters.ts';

/** Defaults of {@link isAnionAtom}. */
export const LIGAND_DEFAULTS = Object.freeze({
  /** An X–O or X–F contact this short makes X an oxyanion / fluoro-anion centre, not an anion (Å). */
  oxyanionBondAngstrom: 2.1,
  /** Homonuclear contacts shorter than this make a dimer anion (Å): S–S 2.0–2.2, Se–Se 2.3–2.5, Te–Te 2.7–2.9. */
  dimerBondAngstrom: Object.freeze({ S: 2.35, Se: 2.6, Te: 3.0 }) as Readonly<Record<string, number>>,
});

const LIGAND_SET = new Set(LIGAND_ELEMENTS);
const ALWAYS_ANIONS = new Set(['O', 'F']);
const CACHE = new WeakMap<Structure, Map<number, Int8Array>>();

/**
 * Whether site `j` acts as an anion (see the module rule). Results are cached per structure.
 *
 * @example
 * isAnionAtom(cuso4, indexOfS); // false: S has O at 1.47 Å
 * isAnionAtom(cus, indexOfS);   // true
 */
export function isAnionAtom(structure: Structure, j: number, { oxyanionBondAngstrom = LIGAND_DEFAULTS.oxyanionBondAngstrom }: { oxyanionBondAngstrom?: number } = {}): boolean {
  const element = structure.species[j]!;
  if (!LIGAND_SET.has(element)) return false;
  if (ALWAYS_ANIONS.has(element)) return true;
  let byRadius = CACHE.get(structure);
  if (!byRadius) CACHE.set(structure, (byRadius = new Map()));
  let flags = byRadius.get(oxyanionBondAngstrom);
  if (!flags) byRadius.set(oxyanionBondAngstrom, (flags = new Int8Array(structure.species.length).fill(-1)));
  if (flags[j] === -1) {
    const nb = neighborsOf(structure, j, oxyanionBondAngstrom);
    let bonded = false;
    for (const k of nb.indices) if (ALWAYS_ANIONS.has(structure.species[k]!)) bonded = true;
    flags[j] = bonded ? 0 : 1;
  }
  return flags[j] === 1;
}

const DIMER_CACHE = new WeakMap<Structure, Map<number, number>>();

/**
 * The share of a −2 charge that anion `j` carries: (2 − n)/2 for a chalcogen with n bonds to atoms
 * of its own element (dimer anions, see the module note), 1 otherwise. Cached per structure.
 *
 * @example
 * anionChargeFraction(pyrite, indexOfS); // 0.5: each S of the S2 pair is S⁻
 * anionChargeFraction(troilite, indexOfS); // 1
 */
export function anionChargeFraction(structure: Structure, j: number): number {
  const element = structure.species[j]!;
  const limit = LIGAND_DEFAULTS.dimerBondAngstrom[element];
  if (limit === undefined) return 1;
  let cache = DIMER_CACHE.get(structure);
  if (!cache) DIMER_CACHE.set(structure, (cache = new Map()));
  let f = cache.get(j);
  if (f === undefined) {
    const nb = neighborsOf(structure, j, limit);
    let n = 0;
    // Only fully occupied partners: two half-occupied atoms that close are split positions of one
    // atom, never both there, not a pair.
    nb.indices.forEach((k, i) => {
      if (structure.species[k] === element && nb.distances[i]! > 0.5 && (structure.occupancy?.[k] ?? 1) >= 0.99 && (structure.occupancy?.[j] ?? 1) >= 0.99) n++;
    });
    f = Math.max(0, (2 - n) / 2);
    cache.set(j, f);
  }
  return f;
}
