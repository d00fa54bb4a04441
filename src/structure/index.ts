/**
 * @module structure
 * Crystal and molecular structures: `Lattice`, `Structure`, readers (CIF with symmetry expansion — listed
 * operators, or generated from the space-group name through the 530 Hall symbols of International Tables —
 * POSCAR, XYZ, and PDB / MOL2 molecules), periodic neighbour search (cell lists, with a brute-force oracle), absorber-site
 * selection, wACSF descriptors (G2, G4), the SOAP power spectrum and a printable summary.
 */
export { Lattice, type LatticeParameters } from './lattice.ts';
export { makeStructure, siteCount, sitePosition, checkSite, formulaOf, type Structure, type StructureInit, type StructureFormat } from './structure.ts';
export { parseReal } from './parse-number.ts';
export { parseXyz, readXyz } from './xyz.ts';
export { parsePoscar, readPoscar } from './poscar.ts';
export { parsePdb, readPdb } from './pdb.ts';
export { parseMol2, readMol2 } from './mol2.ts';
export { parseCifBlocks, isCifNull, type CifBlock, type CifLoop, type CifValue } from './cif-syntax.ts';
export { parseSymmetryOperation, applySymmetryOperation, type SymmetryOperation } from './symmetry-operation.ts';
export { parseHallSymbol, type HallGroup } from './hall-symbol.ts';
export { SPACE_GROUP_SETTINGS, findHermannMauguin, settingsOfNumber, spaceGroupOperations, type SpaceGroupSetting, type SpaceGroupMatch } from './space-groups.ts';
export { MAX_SPACE_GROUP_OPERATIONS, type SeitzOperation } from './seitz.ts';
export { compareOperationSets, operationProblem, TRANSLATION_TOLERANCE } from './operator-set.ts';
export { readCifSymmetry, namedSymmetry, MAX_LISTED_OPERATIONS, type CifSymmetry, type SymmetryCandidate } from './cif-symmetry.ts';
export { readCifSites, symbolFromLabel, type CifOptions, type CifAtomSite, type CifSites } from './cif-sites.ts';
export { resolveSharedSites, OCCUPANCY_DEFAULTS, type ListedSite, type ResolvedSites } from './occupancy.ts';
export { parseCif, readCif } from './cif.ts';
export { STRUCTURE_LIMITS, cellSizeProblem, checkAtomCount, checkStructureLimits, findClosePair, forEachClosePair, type StructureLimitOptions, type ClosePair } from './limits.ts';
export { readStructure, parseStructure, sniffStructureFormat, type ReadStructureOptions } from './read-structure.ts';
export { neighborCount, type NeighborList } from './neighbor-list.ts';
export { neighborsOf, buildCellList, type CellList } from './neighbors.ts';
export { neighborsOfBruteForce } from './neighbors-brute-force.ts';
export { sitesOf, inequivalentSites, INEQUIVALENT_SITES_DEFAULTS, type SiteGroup } from './sites.ts';
export { wacsfG2, g2Centres, resolveG2Options, defaultG2Eta, cosineCutoff, WACSF_DEFAULTS, type WacsfG2Options, type WacsfG2Parameters } from './wacsf.ts';
export { wacsfG4, WACSF_G4_DEFAULTS, type WacsfG4Options } from './wacsf-g4.ts';
export { soapPowerSpectrum, soapLength, realSphericalHarmonics, checkSoapParams, SOAP_DEFAULTS, type SoapParams } from './soap.ts';
export { structureSummary, STRUCTURE_SUMMARY_DEFAULTS, type StructureSummary, type SiteSummary, type NeighborShell } from './summary.ts';
export { makeSupercell, transformStructure } from './supercell.ts';
export { expandCandidates, candidateId, isStructureFileName, type Rejection } from './candidate-files.ts';
export { defaultAbsorber } from './default-absorber.ts';
