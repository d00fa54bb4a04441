/**
 * @module chemistry
 * Chemistry readout of absorbing sites: oxidation state from a bond valence sum (Brown & Altermatt
 * 1985; Brese & O'Keeffe 1991, b = 0.37 Å) and first-shell coordination, per site, per absorber, and
 * as an agreement statement over a ranking's top candidates.
 *
 * | file                         | idea                                                      |
 * |------------------------------|-----------------------------------------------------------|
 * | bond-valence-parameters.ts   | the R0 table, with the source of every value              |
 * | ligands.ts                   | which atoms act as anions; dimer anions (S2 of pyrite)   |
 * | labels.ts                    | `Cu(II)`, `Fe(II/III)`, `4-coordinate O`                  |
 * | site-chemistry.ts            | BVS → oxidation state, first shell → coordination          |
 * | absorber.ts                  | every inequivalent site of an element, with multiplicity  |
 * | agreement.ts                 | `top 10: the best fit reads Cu(II), 4-coordinate O; 9 of 10 agree on Cu(II) (93 % of the fit weight)` |
 * | edge-valence.ts              | oxidation state from the measured edge position            |
 */
export {
  BOND_VALENCE_B_ANGSTROM,
  BOND_VALENCE_REFERENCES,
  LIGAND_ELEMENTS,
  bondValence,
  bondValenceParameter,
  bondValenceTable,
  isTabulatedCation,
  tabulatedStates,
  type BondValenceParameter,
  type BondValenceRef,
} from './bond-valence-parameters.ts';
export { anionChargeFraction, isAnionAtom, LIGAND_DEFAULTS } from './ligands.ts';
export { coordinationLabel, formatCount, oxidationLabel, roman, valenceLabel } from './labels.ts';
export { siteChemistry, SITE_CHEMISTRY_DEFAULTS, type OxidationCandidate, type SiteBond, type SiteChemistry, type SiteChemistryOptions } from './site-chemistry.ts';
export { absorberChemistry, summarizeSites, type AbsorberChemistry, type AbsorberSite } from './absorber.ts';
export { candidateOxidationLabel, chemistryAgreement, CHEMISTRY_AGREEMENT_DEFAULTS, fitWeights, type ChemistryAgreement, type ChemistryCount, type ChemistrySiteLike } from './agreement.ts';
export {
  EDGE_VALENCE_DEFAULTS,
  EDGE_VALENCE_FILE,
  edgeValencePenalty,
  fitEdgeValence,
  readEdgeValence,
  valenceFromEdge,
  type EdgeValenceCalibration,
  type EdgeValencePoint,
  type EdgeValenceReadout,
} from './edge-valence.ts';
