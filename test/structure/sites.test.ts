import { describe, expect, it } from 'vitest';
import { inequivalentSites, makeStructure, Lattice, readStructure, sitesOf, structureSummary, formulaOf } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';

const amcsd = (file: string) => dataPath('structures', 'amcsd', 'cif', file);

describe('sitesOf / inequivalentSites', () => {
  it('sitesOf by symbol or Z; unknown element is an InputError', () => {
    const cuo = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    expect(sitesOf(cuo, 'Cu')).toEqual([0, 1]);
    expect(sitesOf(cuo, 8)).toEqual([2, 3]);
    expect(sitesOf(cuo, 'Fe')).toEqual([]);
    expect(() => sitesOf(cuo, 'Xx')).toThrow(/unknown element/);
  });

  it('hematite: all 12 Fe are one site; tenorite: all 4 Cu are one site', () => {
    const hem = inequivalentSites(readStructure(amcsd('amcsd_0000143_Hematite.cif')), 'Fe');
    expect(hem).toHaveLength(1);
    expect(hem[0]!.multiplicity).toBe(12);
    expect(hem[0]!.members).toEqual(Array.from({ length: 12 }, (_, k) => k));
    const ten = inequivalentSites(readStructure(amcsd('amcsd_0011639_Tenorite.cif')), 'Cu');
    expect(ten.map((g) => g.multiplicity)).toEqual([4]);
  });

  it('magnetite (Levy 2012, Fe2+/Fe3+ halves merged): 8 tetrahedral + 16 octahedral Fe', () => {
    const s = readStructure(dataPath('structures', 'larixite', 'Fe3O4_cub_fracOcc_Levy2012_ICSD-183969.cif'));
    expect(sitesOf(s, 'Fe')).toHaveLength(24);
    expect(sitesOf(s, 'O')).toHaveLength(32);
    expect(s.warnings?.some((w) => /Fe2 and Fe3 of Fe coincide/.test(w))).toBe(true);
    const groups = inequivalentSites(s, 'Fe');
    expect(groups.map((g) => g.multiplicity)).toEqual([8, 16]);
    const oct = groups[1]!.index;
    expect(s.occupancy![oct]).toBeCloseTo(1, 12);
    const [tet, octa] = structureSummary(s, 'Fe').sites.map((site) => site.shells[0]!);
    expect(tet).toEqual({ distance: expect.closeTo(1.89, 1), count: 4, species: { O: 4 } });
    expect(octa).toEqual({ distance: expect.closeTo(2.06, 1), count: 6, species: { O: 6 } });
  });

  it('a distorted site separates from a regular one at the 0.01 Å tolerance', () => {
    const l = Lattice.cubic(10);
    const base = [0, 0, 0, 0.5, 0.5, 0.5, 0.2, 0, 0, 0.7, 0.5, 0.5];
    const s1 = makeStructure({ lattice: l, species: ['Fe', 'Fe', 'O', 'O'], fracCoords: base });
    expect(inequivalentSites(s1, 'Fe').map((g) => g.multiplicity)).toEqual([2]);
    const moved = [...base];
    moved[9] = 0.702; // second Fe–O bond 2.02 Å instead of 2.00
    const s2 = makeStructure({ lattice: l, species: ['Fe', 'Fe', 'O', 'O'], fracCoords: moved });
    expect(inequivalentSites(s2, 'Fe').map((g) => g.members)).toEqual([[0], [1]]);
    expect(inequivalentSites(s2, 'Fe', { toleranceAngstrom: 0.05 }).map((g) => g.multiplicity)).toEqual([2]);
  });
});

describe('structureSummary', () => {
  it('tenorite: Cu has 4 O at ≈1.95 Å, then 2 O at ≈2.78 Å', () => {
    const s = readStructure(amcsd('amcsd_0011639_Tenorite.cif'));
    const sum = structureSummary(s, 'Cu');
    expect(sum.formula).toBe('Cu4O4');
    expect(sum.reducedFormula).toBe('CuO');
    expect(sum.periodic).toBe(true);
    expect(sum.name).toBe('Tenorite');
    expect(sum.sites).toHaveLength(1);
    const [first, second] = sum.sites[0]!.shells;
    expect(first).toEqual({ distance: expect.closeTo(1.95, 1), count: 4, species: { O: 4 } });
    expect(second!.species).toEqual({ O: 2 });
    expect(second!.distance).toBeGreaterThan(2.7);
    expect(second!.distance).toBeLessThan(2.85);
    for (const sh of sum.sites[0]!.shells) expect(sh.distance).toBeLessThanOrEqual(4);
  });

  it('molecules: non-periodic, shells from the xyz; co-located sites of a hand-built structure are counted apart', () => {
    const mol = makeStructure({ species: ['Fe', 'O', 'O', 'H', 'Mn'], cartCoords: [0, 0, 0, 2, 0, 0, 0, 2.02, 0, 2.9, 0, 0, 0.1, 0, 0] });
    const sum = structureSummary(mol, 'Fe');
    expect(sum.periodic).toBe(false);
    expect(sum.sites[0]!.coLocated).toBe(1);
    expect(sum.sites[0]!.shells).toEqual([
      { distance: expect.closeTo(2.01, 10), count: 2, species: { O: 2 } },
      { distance: expect.closeTo(2.9, 10), count: 1, species: { H: 1 } },
    ]);
  });

  it('jarosite: the A site shared by K (0.87) and H3O (0.13) holds K only, so nothing is co-located', () => {
    const jarosite = readStructure(dataPath('structures', 'larixite', 'K.87H6.13Fe2.79S2O14_jarosite_Basciano2007_AMCSD4438.cif'));
    const k = structureSummary(jarosite, 'K').sites[0]!;
    expect(k.coLocated).toBe(0);
    expect(k.shells[0]!.distance).toBeGreaterThan(2.5);
    expect(jarosite.warnings).toContainEqual(expect.stringMatching(/sites K and H3O share one position .*kept the majority K \(occupancy 0\.87\), dropped H 0\.13 \[3 sites in the cell\]/));
  });

  it('formulaOf keeps order of appearance', () => {
    const s = makeStructure({ species: ['O', 'Fe', 'O'], cartCoords: [0, 0, 0, 1, 0, 0, 2, 0, 0] });
    expect(formulaOf(s)).toEqual({ counts: { O: 2, Fe: 1 }, formula: 'O2Fe', reducedFormula: 'O2Fe' });
  });
});
