/**
 * @module lab/inverse/reference-compounds
 * Measured reference compounds the inverse models are checked on (eval:inverse): the spectrum in
 * the shared data, and the first shell the structure gives — from the structure file's G2 (the
 * multiplicity-weighted absorber sites) or, for a foil or a simple lattice, from the literature.
 */
import { firstShellDistance } from '../../src/inverse/index.ts';
import { inequivalentSites, neighborsOf, wacsfG2, type Structure } from '../../src/structure/index.ts';

/** One measured reference: paths relative to the shared data folder. */
export interface ReferenceCompound {
  spectrum: string;
  /** Athena group, for a project file. */
  group?: string;
  compound: string;
  structure?: string;
  /** First-shell distance from the literature, when no structure file is used. */
  literatureAngstrom?: number;
  /**
   * Mineral name when the structure file's name does not give it (the key that places a phase in
   * the FEFF Fe crystals' split, data/fe-feff-crystals.ts `feffCrystalMaterialKey`).
   */
  mineral?: string;
  note?: string;
}

const ALS = (file: string): string => `experimental/als-fe-references/${file}`;
const FE_STANDARD = (id: string): string => `structures/fe-standards/${id}.cif`;

/** The reference compounds per element. */
export const INVERSE_REFERENCE_COMPOUNDS: Readonly<Record<string, readonly ReferenceCompound[]>> = Object.freeze({
  Fe: [
    { spectrum: 'experimental/xaslib/Fe/Fe_Foil_rt_2016Foils.xdi', compound: 'Fe foil (bcc)', literatureAngstrom: 2.482, mineral: 'Iron-alpha', note: 'bcc a = 2.8665 Å: √3a/2' },
    { spectrum: 'experimental/xaslib/Fe/FeO_rt_01.xdi', compound: 'FeO (wüstite)', literatureAngstrom: 2.165, mineral: 'Wustite', note: 'rock salt a = 4.33 Å: a/2' },
    { spectrum: 'experimental/xaslib/Fe/Fe2O3_rt_01.xdi', compound: 'α-Fe2O3 (hematite)', structure: 'structures/amcsd/cif/amcsd_0000143_Hematite.cif' },
    { spectrum: 'experimental/xaslib/Fe/Fe3O4_rt_01.xdi', compound: 'Fe3O4 (magnetite)', structure: 'structures/larixite/Fe3O4_cub_fracOcc_Levy2012_ICSD-183969.cif', mineral: 'Magnetite' },
    { spectrum: 'experimental/xaslib/Fe/FeS2_rt_01.xdi', compound: 'FeS2 (pyrite)', structure: 'structures/amcsd/cif/amcsd_0000006_Pyrite.cif' },
    { spectrum: 'experimental/xaslib/Fe/Hansel2001_siderite_xanes_001.xdi', compound: 'FeCO3 (siderite)', structure: 'structures/amcsd/cif/amcsd_0000101_Siderite.cif' },
    // 2026-12: the other measured Fe references of screen/references.ts (ALS 10.3.2 + xaslib), one
    // structure file each (a second spectrum of a phase above keeps that phase's file).
    { spectrum: ALS('Hematite FeXANES.e'), compound: 'α-Fe2O3 (hematite, ALS)', structure: 'structures/amcsd/cif/amcsd_0000143_Hematite.cif', note: 'fluorescence' },
    { spectrum: ALS('magnetite syn FeEXAFS TEY001.e'), compound: 'Fe3O4 (magnetite, ALS)', structure: 'structures/larixite/Fe3O4_cub_fracOcc_Levy2012_ICSD-183969.cif', mineral: 'Magnetite', note: 'total electron yield (surface)' },
    { spectrum: 'experimental/xaslib/Fe/Hansel2001_magnetite_xanes_001.xdi', compound: 'Fe3O4 (magnetite, Hansel 2001)', structure: 'structures/larixite/Fe3O4_cub_fracOcc_Levy2012_ICSD-183969.cif', mineral: 'Magnetite' },
    { spectrum: ALS('Siderite FeXANES ITFA0.e'), compound: 'FeCO3 (siderite, ALS)', structure: 'structures/amcsd/cif/amcsd_0000101_Siderite.cif' },
    { spectrum: ALS('ilmenite FeXANES generic.e'), compound: 'FeTiO3 (ilmenite)', structure: FE_STANDARD('Ilmenite_AMCSD-0009082') },
    { spectrum: ALS('Hercynite_Waychunas FeXANES.e'), compound: 'FeAl2O4 (hercynite)', structure: FE_STANDARD('Hercynite_AMCSD-0000958') },
    { spectrum: ALS('Almandine_Waychunas FeXANES.e'), compound: 'Fe3Al2Si3O12 (almandine)', structure: FE_STANDARD('Almandine_AMCSD-0007689') },
    { spectrum: ALS('Aegirine FeXANES powder avg.e'), compound: 'NaFeSi2O6 (aegirine)', structure: FE_STANDARD('Aegirine_AMCSD-0004215') },
    { spectrum: ALS('Hedenbergite FeXANES powder avg.e'), compound: 'CaFeSi2O6 (hedenbergite)', structure: FE_STANDARD('Hedenbergite_AMCSD-0001861') },
    { spectrum: ALS('Ferrosilite FeXANES powder avg.e'), compound: 'FeSiO3 (ferrosilite)', structure: FE_STANDARD('Ferrosilite_AMCSD-0008004') },
    { spectrum: ALS('Fo0_NHM FeXANES.e'), compound: 'Fe2SiO4 (fayalite)', structure: FE_STANDARD('Fayalite_AMCSD-0014999') },
    { spectrum: ALS('Cubanite FeXANES powder avg.e'), compound: 'CuFe2S3 (cubanite)', structure: FE_STANDARD('Cubanite_AMCSD-0000042') },
    { spectrum: ALS('Lepidocrocite_Borch FeEXAFS overabs.e'), compound: 'γ-FeOOH (lepidocrocite)', structure: FE_STANDARD('Lepidocrocite_COD-1011088'), note: 'over-absorption flattens the white line' },
    { spectrum: 'experimental/larch/xafsdata/AthenaProjectFiles/Fe-K-ALS-10.3.2.prj', group: 'Troilite', compound: 'FeS (troilite)', structure: FE_STANDARD('Troilite_AMCSD-0004158') },
  ],
  Cu: [
    { spectrum: 'experimental/xaslib/Cu/Cu_Foil_rt_2016Foils.xdi', compound: 'Cu foil (fcc)', structure: 'structures/pymatgen/Cu_mp-30_conventional_standard.cif' },
    { spectrum: 'experimental/xaslib/Cu/CuO_tenorite_13K_01.xdi', compound: 'CuO (tenorite)', structure: 'structures/amcsd/cif/amcsd_0011639_Tenorite.cif' },
    { spectrum: 'experimental/larch/xafsdata/AthenaProjectFiles/athena4.prj', group: 'cu_tenorite', compound: 'CuO (tenorite, Athena)', structure: 'structures/amcsd/cif/amcsd_0011639_Tenorite.cif' },
    { spectrum: 'experimental/larch/xafsdata/AthenaProjectFiles/athena4.prj', group: 'cu_cuprite', compound: 'Cu2O (cuprite, Athena)', structure: 'pairs/cu-k-feff-crystals/materials/mp-361/POSCAR' },
    { spectrum: 'experimental/xaslib/Cu/CuS_covellite_13K_01.xdi', compound: 'CuS (covellite)', structure: 'structures/amcsd/cif/amcsd_0000065_Covellite.cif' },
  ],
});

/**
 * First-shell distance of a structure around `element`: the first G2 maximum of the
 * multiplicity-weighted mean G2 of its inequivalent sites (what a perfect inverse model would
 * answer), and the multiplicity-weighted nearest-neighbour distance (beyond 0.5 Å, within 4 Å).
 *
 * @example
 * crystallographicFirstShell(readStructure('Hematite.cif'), 'Fe'); // { g2Peak: ≈ 1.98, nearest: ≈ 1.95 }
 */
export function crystallographicFirstShell(structure: Structure, element: string): { g2Peak: number; nearest: number } {
  const groups = inequivalentSites(structure, element);
  const total = groups.reduce((a, g) => a + g.multiplicity, 0);
  const g2 = new Float64Array(50);
  let nearest = 0;
  for (const g of groups) {
    const v = wacsfG2(structure, g.index);
    for (let k = 0; k < 50; k++) g2[k]! += (v[k]! * g.multiplicity) / total;
    const nb = neighborsOf(structure, g.index, 4);
    let d = Infinity;
    for (let i = 0; i < nb.distances.length; i++) if (nb.distances[i]! > 0.5) { d = nb.distances[i]!; break; }
    nearest += (d * g.multiplicity) / total;
  }
  const r = Array.from({ length: 50 }, (_, k) => 1 + (5 * k) / 49);
  return { g2Peak: firstShellDistance(r, g2), nearest };
}
