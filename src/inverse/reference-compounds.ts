/**
 * @module inverse/reference-compounds
 * Measured reference compounds the inverse models are checked on (eval:inverse): the spectrum in
 * the shared data, and the first shell the structure gives — from the structure file's G2 (the
 * multiplicity-weighted absorber sites) or, for a foil or a simple lattice, from the literature.
 */
import { firstShellDistance } from './first-shell.ts';
import { inequivalentSites, neighborsOf, wacsfG2, type Structure } from '../structure/index.ts';

/** One measured reference: paths relative to the shared data folder. */
export interface ReferenceCompound {
  spectrum: string;
  /** Athena group, for a project file. */
  group?: string;
  compound: string;
  structure?: string;
  /** First-shell distance from the literature, when no structure file is used. */
  literatureAngstrom?: number;
  note?: string;
}

/** The reference compounds per element. */
export const INVERSE_REFERENCE_COMPOUNDS: Readonly<Record<string, readonly ReferenceCompound[]>> = Object.freeze({
  Fe: [
    { spectrum: 'experimental/xaslib/Fe/Fe_Foil_rt_2016Foils.xdi', compound: 'Fe foil (bcc)', literatureAngstrom: 2.482, note: 'bcc a = 2.8665 Å: √3a/2' },
    { spectrum: 'experimental/xaslib/Fe/FeO_rt_01.xdi', compound: 'FeO (wüstite)', literatureAngstrom: 2.165, note: 'rock salt a = 4.33 Å: a/2' },
    { spectrum: 'experimental/xaslib/Fe/Fe2O3_rt_01.xdi', compound: 'α-Fe2O3 (hematite)', structure: 'structures/amcsd/cif/amcsd_0000143_Hematite.cif' },
    { spectrum: 'experimental/xaslib/Fe/Fe3O4_rt_01.xdi', compound: 'Fe3O4 (magnetite)', structure: 'structures/larixite/Fe3O4_cub_fracOcc_Levy2012_ICSD-183969.cif' },
    { spectrum: 'experimental/xaslib/Fe/FeS2_rt_01.xdi', compound: 'FeS2 (pyrite)', structure: 'structures/amcsd/cif/amcsd_0000006_Pyrite.cif' },
    { spectrum: 'experimental/xaslib/Fe/Hansel2001_siderite_xanes_001.xdi', compound: 'FeCO3 (siderite)', structure: 'structures/amcsd/cif/amcsd_0000101_Siderite.cif' },
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
