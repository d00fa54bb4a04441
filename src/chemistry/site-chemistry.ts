/**
 * @module chemistry/site-chemistry
 * Bond valence sum (BVS), oxidation state and coordination of one cation site.
 *
 * Oxidation state (the usual self-consistent choice): for every oxidation state n with tabulated
 * parameters, BVS_n = Σ occupancy_j · exp((R0(n, X_j) − R_j) / b) over the anion neighbours j
 * (ligands.ts) whose bond valence is at least `minBondValence`; the state chosen is the n with the
 * smallest |BVS_n − n|, among the states whose parameters cover every ligand element present (all
 * states when none does). The site is `ambiguous` when |BVS − n| > `ambiguousDeviation`, and then
 * `between` names the two tabulated states around the BVS (a mixed-valence site such as the
 * octahedral Fe of magnetite, BVS ≈ 2.6, gives [2, 3]).
 * A site with no anion within the search radius (a metal or an alloy) gets state 0 and no BVS.
 * Bonds to a dimer anion (S of an S2 pair) count (2 − n)/2 of their valence (ligands.ts).
 *
 * Coordination (first shell): the anion neighbours whose bond valence is at least
 * `firstShellFraction` (¼) of the strongest bond's, i.e. whose excess length R − R0 is at most
 * b·ln 4 ≈ 0.51 Å above the smallest one; with one ligand element this is a window of 0.51 Å above
 * the shortest bond (CuO: 4 O at 1.95 Å in, 2 O at 2.78 Å out; hematite: 3 + 3 O at 1.95 / 2.12 Å in).
 * Counts are occupancy-weighted. For a cation without parameters R0 is taken as 0 (a pure distance
 * window) and no BVS is given.
 */
import { checkSite, neighborsOf, type Structure } from '../structure/index.ts';
import { BOND_VALENCE_B_ANGSTROM, bondValence, bondValenceParameter, bondValenceTable, tabulatedStates } from './bond-valence-parameters.ts';
import { coordinationLabel, oxidationLabel } from './labels.ts';
import { anionChargeFraction, isAnionAtom, LIGAND_DEFAULTS } from './ligands.ts';

/** Defaults of {@link siteChemistry}. */
export const SITE_CHEMISTRY_DEFAULTS = Object.freeze({
  /** Bonds weaker than this (valence units) are not summed: R > R0 + b·ln(1/0.03) ≈ R0 + 1.30 Å. */
  minBondValence: 0.03,
  /** First shell: bond valence ≥ this × the strongest bond's (¼ ⇔ within 0.51 Å at equal R0). */
  firstShellFraction: 0.25,
  /** |BVS − state| above this (v.u.) marks the site ambiguous. Well-refined structures agree within ≈ 0.1–0.2 v.u. */
  ambiguousDeviation: 0.3,
  /** Anion neighbours closer than this (Å) are disorder artefacts: skipped, with a note. */
  minLigandDistanceAngstrom: 1.3,
  /** Atoms closer than this (Å) share the site (mixed or split occupancy): noted. */
  sharedSiteAngstrom: 0.5,
  /** Neighbour radius (Å) for cations without tabulated parameters. */
  untabulatedRadiusAngstrom: 3.5,
  oxyanionBondAngstrom: LIGAND_DEFAULTS.oxyanionBondAngstrom,
});

export type SiteChemistryOptions = Partial<typeof SITE_CHEMISTRY_DEFAULTS>;

/** One anion neighbour of the site. */
export interface SiteBond {
  /** Site index of the anion. */
  index: number;
  element: string;
  distanceAngstrom: number;
  occupancy: number;
  /** exp((R0 − R)/b) with the chosen state's R0 (not occupancy-weighted); null without a parameter. */
  valence: number | null;
  firstShell: boolean;
}

/** The bond valence sum evaluated with the parameters of one oxidation state. */
export interface OxidationCandidate {
  state: number;
  bvs: number;
  /** Ligand elements present without a parameter for this state (their bonds are not summed). */
  missing: string[];
}

/** Chemistry of one site. */
export interface SiteChemistry {
  index: number;
  element: string;
  /** Occupancy of the site itself (1 when the file gives none). */
  occupancy: number;
  /** Atoms on the same position (mixed or split occupancy): the bond lengths are then the site's average. */
  sharedWith: { element: string; occupancy: number }[];
  /** Chosen integer oxidation state; 0 for a site without anion neighbours; null when no parameters apply. */
  oxidationState: number | null;
  /** Bond valence sum (v.u.) with the chosen state's parameters; null without one. */
  bvs: number | null;
  /** bvs − oxidationState. */
  deviation: number | null;
  ambiguous: boolean;
  /** For an ambiguous site, the tabulated states around the BVS, e.g. [2, 3]; else null. */
  between: [number, number] | null;
  candidates: OxidationCandidate[];
  /** Occupancy-weighted number of first-shell anions. */
  coordinationNumber: number;
  /** First-shell anions per element (occupancy-weighted). */
  ligands: Record<string, number>;
  /** Anion neighbours that count: first shell, or summed (valence ≥ minBondValence), or without a parameter; nearest first. */
  bonds: SiteBond[];
  /** `Cu(II)`, `Fe(II/III)`, `Cu(0)`. */
  oxidationLabel: string;
  /** `4-coordinate O`. */
  coordinationLabel: string;
  /** `Cu(II), 4-coordinate O`. */
  label: string;
  notes: string[];
}

const MAX_R0 = new Map<string, number>();
function maxR0(element: string): number {
  let v = MAX_R0.get(element);
  if (v === undefined) {
    v = Math.max(...bondValenceTable().filter((r) => r.cation === element).map((r) => r.r0Angstrom));
    MAX_R0.set(element, v);
  }
  return v;
}

interface Ligand {
  index: number;
  element: string;
  distanceAngstrom: number;
  occupancy: number;
  /** The anion's share of a −2 charge: ½ for each S of an S2 pair (ligands.ts). */
  chargeFraction: number;
}

/**
 * Oxidation state (bond valence sum) and first-shell coordination of site `siteIndex`.
 *
 * @example
 * const cu = siteChemistry(readStructure('…/mp-1692/POSCAR'), 0);
 * cu.label;  // 'Cu(II), 4-coordinate O'
 * cu.bvs;    // ≈ 1.9
 * @throws InputError for a bad site index.
 */
export function siteChemistry(structure: Structure, siteIndex: number, options: SiteChemistryOptions = {}): SiteChemistry {
  const o = { ...SITE_CHEMISTRY_DEFAULTS, ...options };
  checkSite(structure, siteIndex);
  const element = structure.species[siteIndex]!;
  const states = tabulatedStates(element);
  const b = BOND_VALENCE_B_ANGSTROM;
  const radius = states.length > 0 ? maxR0(element) + b * Math.log(1 / o.minBondValence) : o.untabulatedRadiusAngstrom;
  const notes: string[] = [];

  const nb = neighborsOf(structure, siteIndex, radius);
  const ligands: Ligand[] = [];
  let tooClose = 0;
  const shared: { element: string; occupancy: number }[] = [];
  nb.indices.forEach((j, k) => {
    if (nb.distances[k]! < o.sharedSiteAngstrom) shared.push({ element: structure.species[j]!, occupancy: structure.occupancy?.[j] ?? 1 });
    if (!isAnionAtom(structure, j, { oxyanionBondAngstrom: o.oxyanionBondAngstrom })) return;
    const occupancy = structure.occupancy?.[j] ?? 1;
    if (!(occupancy > 0)) return;
    const d = nb.distances[k]!;
    if (d < o.minLigandDistanceAngstrom) tooClose++;
    else ligands.push({ index: j, element: structure.species[j]!, distanceAngstrom: d, occupancy, chargeFraction: anionChargeFraction(structure, j) });
  });
  if (shared.length > 0) {
    const list = shared.map((a) => `${a.element} (occupancy ${a.occupancy.toFixed(2)})`).join(', ');
    notes.push(`shares its position with ${list}: the bond lengths are the site's average, not the ${element}'s own`);
  }
  const dimer = ligands.filter((l) => l.chargeFraction < 1);
  if (dimer.length > 0) {
    const els = [...new Set(dimer.map((l) => l.element))];
    notes.push(`${els.join('/')} neighbours in ${els.map((e) => `${e}–${e}`).join('/')} pairs (as the S2²⁻ of pyrite) carry less than −2: their bonds count ${[...new Set(dimer.map((l) => l.chargeFraction))].map((f) => f.toFixed(2)).join('/')} of their valence in the sum`);
  }
  if (tooClose > 0) notes.push(`${tooClose} anion neighbour(s) closer than ${o.minLigandDistanceAngstrom} Å skipped (disorder?)`);

  // Anions too far for a bond in any tabulated state (bond valence < minBondValence with every R0) are no ligands.
  const nearest = ligands[0];
  const bonded = ligands.filter((l) => {
    const r0s = states.map((n) => bondValenceParameter(element, n, l.element)?.r0Angstrom).filter((r): r is number => r !== undefined);
    return r0s.length === 0 || bondValence(l.distanceAngstrom, Math.max(...r0s), b) >= o.minBondValence;
  });
  if (bonded.length === 0) {
    notes.push(
      nearest
        ? `no anion bond: the nearest anion (${nearest.element} at ${nearest.distanceAngstrom.toFixed(2)} Å) is beyond bonding distance; oxidation state 0`
        : `no anion within ${radius.toFixed(2)} Å: a metallic or intermetallic site, oxidation state 0`,
    );
    return finish(structure, shared, element, siteIndex, { state: 0, bvs: null, candidates: [], between: null, ambiguous: false }, [], notes);
  }

  const candidates: OxidationCandidate[] = states.map((state) => {
    const missing = new Set<string>();
    let bvs = 0;
    for (const l of bonded) {
      const p = bondValenceParameter(element, state, l.element);
      if (!p) {
        missing.add(l.element);
        continue;
      }
      const s = bondValence(l.distanceAngstrom, p.r0Angstrom, p.bAngstrom);
      if (s >= o.minBondValence) bvs += l.occupancy * l.chargeFraction * s;
    }
    return { state, bvs, missing: [...missing] };
  });
  let pool = candidates.filter((c) => c.missing.length === 0);
  if (pool.length === 0) {
    pool = candidates.filter((c) => c.bvs > 0);
    if (pool.length > 0) notes.push(`no oxidation state of ${element} has parameters for every ligand (${[...new Set(pool.flatMap((c) => c.missing))].join(', ')} left out)`);
  }
  if (pool.length === 0) {
    notes.push(states.length === 0 ? `no bond valence parameters for ${element}` : `no bond valence parameters for ${element} with ${[...new Set(bonded.map((l) => l.element))].join(', ')}`);
    const bonds = firstShell(bonded, null, o.firstShellFraction);
    return finish(structure, shared, element, siteIndex, { state: null, bvs: null, candidates, between: null, ambiguous: false }, bonds, notes);
  }
  const chosen = pool.reduce((best, c) => (Math.abs(c.bvs - c.state) < Math.abs(best.bvs - best.state) ? c : best));
  const ambiguous = Math.abs(chosen.bvs - chosen.state) > o.ambiguousDeviation;
  let between: [number, number] | null = null;
  if (ambiguous) {
    const below = pool.filter((c) => c.state <= chosen.bvs).map((c) => c.state);
    const above = pool.filter((c) => c.state >= chosen.bvs).map((c) => c.state);
    if (below.length > 0 && above.length > 0) between = [Math.max(...below), Math.min(...above)];
  }
  const bonds = firstShell(bonded, (l) => bondValenceParameter(element, chosen.state, l.element)?.r0Angstrom ?? null, o.firstShellFraction, o.minBondValence).filter(
    (bd) => bd.firstShell || bd.valence === null || bd.valence >= o.minBondValence,
  );
  const leftOut = bonds.filter((bd) => bd.valence === null);
  if (leftOut.length > 0) notes.push(`${leftOut.length} ${[...new Set(leftOut.map((bd) => bd.element))].join('/')} neighbour(s) without a parameter for ${element}(${chosen.state}) are not counted`);
  return finish(structure, shared, element, siteIndex, { state: chosen.state, bvs: chosen.bvs, candidates, between, ambiguous }, bonds, notes);
}

/**
 * Bonds with valences and first-shell flags. `r0Of` returns null for a pair without a parameter;
 * `r0Of = null` means no parameters at all (first shell by distance alone, no valences).
 */
function firstShell(ligands: Ligand[], r0Of: ((l: Ligand) => number | null) | null, fraction: number, minBondValence = 0): SiteBond[] {
  const b = BOND_VALENCE_B_ANGSTROM;
  const r0s = ligands.map((l) => (r0Of ? r0Of(l) : 0));
  const excess = ligands.map((l, k) => (r0s[k] === null ? null : l.distanceAngstrom - r0s[k]!));
  const known = excess.filter((e): e is number => e !== null);
  const limit = known.length > 0 ? Math.min(...known) + b * Math.log(1 / fraction) : -Infinity;
  return ligands.map((l, k) => {
    const e = excess[k]!;
    const r0 = r0Of ? r0s[k]! : null;
    return {
      index: l.index,
      element: l.element,
      distanceAngstrom: l.distanceAngstrom,
      occupancy: l.occupancy,
      valence: r0 === null ? null : bondValence(l.distanceAngstrom, r0, b),
      firstShell: e !== null && e <= limit + 1e-9 && (r0 === null || bondValence(l.distanceAngstrom, r0, b) >= minBondValence),
    };
  });
}

function finish(
  structure: Structure,
  shared: { element: string; occupancy: number }[],
  element: string,
  index: number,
  ox: { state: number | null; bvs: number | null; candidates: OxidationCandidate[]; between: [number, number] | null; ambiguous: boolean },
  bonds: SiteBond[],
  notes: string[],
): SiteChemistry {
  const ligands: Record<string, number> = {};
  for (const bd of bonds) if (bd.firstShell) ligands[bd.element] = (ligands[bd.element] ?? 0) + bd.occupancy;
  const coordinationNumber = Object.values(ligands).reduce((a, n) => a + n, 0);
  const oxLabel = oxidationLabel(element, ox.state, { between: ox.between, uncertain: ox.ambiguous });
  const coordLabel = coordinationLabel(ligands);
  return {
    index,
    element,
    occupancy: structure.occupancy?.[index] ?? 1,
    sharedWith: shared,
    oxidationState: ox.state,
    bvs: ox.bvs,
    deviation: ox.bvs !== null && ox.state !== null ? ox.bvs - ox.state : null,
    ambiguous: ox.ambiguous,
    between: ox.between,
    candidates: ox.candidates,
    coordinationNumber,
    ligands,
    bonds,
    oxidationLabel: oxLabel,
    coordinationLabel: coordLabel,
    label: `${oxLabel}, ${coordLabel}`,
    notes,
  };
}
