import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { findClosePair, formulaOf, Lattice, parseCif, readCifSites, readStructure, resolveSharedSites, sitesOf } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';

/** A 6 Å P1 cell with `_atom_site_occupancy`: rows `label x y z occupancy`. */
function occupancyCif(rows: string[]): string {
  return [
    'data_mixed',
    '_cell_length_a 6',
    '_cell_length_b 6',
    '_cell_length_c 6',
    '_cell_angle_alpha 90',
    '_cell_angle_beta 90',
    '_cell_angle_gamma 90',
    'loop_',
    '_symmetry_equiv_pos_as_xyz',
    "'x, y, z'",
    'loop_',
    '_atom_site_label',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    '_atom_site_occupancy',
    ...rows,
    '',
  ].join('\n');
}

describe('partial occupancy: one atom per site, the majority species, a warning for the rest', () => {
  const MIXED = occupancyCif([
    'Ca1 0 0 0 0.6', // A: Ca 0.6 + Na 0.4 on one point → Ca
    'Na1 0 0 0 0.4',
    'Fe1 0.5 0.5 0.5 0.5', // B: one Fe split over two points 0.3 Å apart → one Fe
    'Fe2 0.55 0.5 0.5 0.5',
    'O1 0.25 0 0 1.0', // ordinary site
    'O2 0.5 0 0 0.3', // C: mostly empty water → left out (O is elsewhere)
    'Li1 0 0.5 0 0.2', // D: mostly empty, but the only Li → kept with a warning
  ]);

  it('a hand-written CIF: majority kept, split site merged, vacancy-dominated site left out, sole element kept', () => {
    const s = parseCif(MIXED, 'mixed.cif');
    expect(s.species).toEqual(['Ca', 'Fe', 'O', 'Li']);
    expect(s.labels).toEqual(['Ca1', 'Fe1', 'O1', 'Li1']);
    expect(Array.from(s.occupancy!)).toEqual([0.6, 1, 1, 0.2]);
    expect(findClosePair(s, 0.5)).toBeUndefined();
    expect(s.warnings).toEqual([
      'mixed.cif: sites Ca1 and Na1 share one position (within 0.5 Å): kept the majority Ca (occupancy 0.6), dropped Na 0.4',
      'mixed.cif: sites Fe1 and Fe2 of Fe coincide (within 0.5 Å); merged into one Fe (occupancies summed to 1)',
      'mixed.cif: site O2 is mostly empty (total occupancy 0.3 < 0.5): left out',
      'mixed.cif: site Li1 is mostly empty (total occupancy 0.2 < 0.5), but holds the only Li in the file: kept, so the cell overstates Li',
    ]);
  });

  it('the file as written is still available: readCifSites keeps every listed occupant', () => {
    expect(readCifSites(MIXED, 'mixed.cif').sites.map((site) => `${site.label}:${site.occupancy}`)).toEqual(['Ca1:0.6', 'Na1:0.4', 'Fe1:0.5', 'Fe2:0.5', 'O1:1', 'O2:0.3', 'Li1:0.2']);
  });

  it('the majority wins whatever the listing order; a tie keeps the species listed first and says the occupancies are inconsistent', () => {
    expect(parseCif(occupancyCif(['Na1 0 0 0 0.3', 'Mg1 0 0 0 0.3', 'Ca1 0 0 0 0.4']), 'a.cif').species).toEqual(['Ca']);
    // No occupancy column: two elements on one point, each "1".
    const noOcc = occupancyCif(['Na1 0 0 0 1', 'Ca1 0 0 0 1']).replace('_atom_site_occupancy\n', '').replace(/ 1\n/g, '\n');
    const s = parseCif(noOcc, 'b.cif');
    expect(s.species).toEqual(['Na']);
    expect(s.warnings).toEqual(['b.cif: sites Na1 and Ca1 share one position (within 0.5 Å): kept the majority Na (occupancy 1), dropped Ca 1 (the occupancies add up to 2: missing or inconsistent in the file; on a tie the species listed first is kept)']);
  });

  it('symmetry copies of a site closer than 0.5 Å to each other (an atom beside a mirror) become one atom', () => {
    // Mirror z → −z; the atom sits 0.12 Å off the plane, so its two copies are 0.24 Å apart.
    const text = occupancyCif(['K1 0.3 0.3 0.02 0.5', 'O1 0 0 0 1']).replace("'x, y, z'", "'x, y, z'\n'x, y, -z'");
    const s = parseCif(text, 'm.cif');
    expect(s.species).toEqual(['K', 'O']); // O1 lies on the mirror: one copy
    expect(sitesOf(s, 'K')).toHaveLength(1);
    expect(s.occupancy![0]).toBeCloseTo(1, 12);
    expect(s.warnings).toContainEqual(expect.stringMatching(/^m\.cif: site K1 has 2 copies within 0\.5 Å of each other \(a split site\); merged into one K \(occupancies summed to 1\)$/));
  });

  it('resolveSharedSites chains neighbours within the share distance, across the periodic boundary', () => {
    const r = resolveSharedSites(Lattice.cubic(10), [
      { symbol: 'Cu', label: 'Cu1', fracCoords: [0.99, 0, 0], occupancy: 0.3 },
      { symbol: 'Cu', label: 'Cu1', fracCoords: [0.02, 0, 0], occupancy: 0.3 }, // 0.3 Å away through the boundary
      { symbol: 'Zn', label: 'Zn1', fracCoords: [0.05, 0, 0], occupancy: 0.4 }, // 0.3 Å from the second
    ], 'chain.cif');
    expect(r.species).toEqual(['Cu']);
    expect(r.occupancy[0]).toBeCloseTo(0.6, 12);
    expect(r.warnings).toEqual(['chain.cif: sites Cu1 and Zn1 share one position (within 0.5 Å): kept the majority Cu (occupancy 0.6), dropped Zn 0.4']);
  });

  const AUGITE = dataPath('structures', 'amcsd', 'cif', 'amcsd_0000001_Augite.cif');
  it.skipIf(!existsSync(AUGITE))('AMCSD augite: the diopside-like CaMgSi2O6 cell, no stacked atoms, and warnings naming every mixed site', () => {
    const s = readStructure(AUGITE);
    expect(formulaOf(s).formula).toBe('Ca4Mg4Si8O24');
    expect(findClosePair(s, 0.5)).toBeUndefined();
    expect(s.warnings).toEqual([
      `${AUGITE}: sites Na1, Ca1, Mg2 and Fe1 share one position (within 0.5 Å): kept the majority Ca (occupancy 0.616), dropped Na 0.09, Mg 0.187, Fe 0.107 [4 sites in the cell]`,
      `${AUGITE}: sites Mg1, Fe2 and Al1 share one position (within 0.5 Å): kept the majority Mg (occupancy 0.715), dropped Fe 0.103, Al 0.182 [4 sites in the cell]`,
      `${AUGITE}: sites Al2, Ti1 and Si1 share one position (within 0.5 Å): kept the majority Si (occupancy 0.91), dropped Al 0.08, Ti 0.01 [8 sites in the cell]`,
    ]);
    // The file lists 76 occupants on 40 positions.
    expect(readCifSites(readFileSync(AUGITE, 'utf8'), AUGITE).sites).toHaveLength(76);
  });
});
