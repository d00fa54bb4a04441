import { describe, expect, it } from 'vitest';
import { absorberChemistry, summarizeSites } from '../../src/chemistry/index.ts';
import { Lattice, makeStructure } from '../../src/structure/index.ts';

/** Two Cu in a 20 Å box: a linear O–Cu–O (1.85 Å) at one corner, a square-planar CuO4 (1.95 Å) 10 Å away. */
function twoSites() {
  const linear = [[5, 5, 5], [6.85, 5, 5], [3.15, 5, 5]];
  const planar = [[15, 15, 15], [16.95, 15, 15], [13.05, 15, 15], [15, 16.95, 15], [15, 13.05, 15]];
  return makeStructure({
    lattice: Lattice.cubic(20),
    species: ['Cu', 'O', 'O', 'Cu', 'O', 'O', 'O', 'O'],
    cartCoords: [...linear, ...planar].flat(),
  });
}

describe('absorberChemistry', () => {
  it('reads every inequivalent site, with a multiplicity-weighted mean BVS and a summary', () => {
    const a = absorberChemistry(twoSites(), 'cu');
    expect(a.element).toBe('Cu');
    expect(a.sites.map((s) => [s.index, s.multiplicity, s.label])).toEqual([
      [0, 1, 'Cu(I), 2-coordinate O'],
      [3, 1, 'Cu(II), 4-coordinate O'],
    ]);
    expect(a.meanBvs).toBeCloseTo((a.sites[0]!.bvs! + a.sites[1]!.bvs!) / 2, 12);
    expect(a.summary).toBe('Cu(I), 2-coordinate O ×1; Cu(II), 4-coordinate O ×1');
  });

  it('uses the sites it is given (e.g. a predictor\'s), with their multiplicities', () => {
    const a = absorberChemistry(twoSites(), 'Cu', { sites: [{ index: 3, multiplicity: 3 }] });
    expect(a.sites.map((s) => [s.index, s.multiplicity, s.oxidationState])).toEqual([[3, 3, 2]]);
    expect(a.summary).toBe('Cu(II), 4-coordinate O');
  });

  it('has no sites for an element that is absent, and rejects an unknown one', () => {
    expect(absorberChemistry(twoSites(), 'Fe')).toMatchObject({ sites: [], meanBvs: null, summary: 'no absorber site' });
    expect(() => absorberChemistry(twoSites(), 'Xx')).toThrow(/unknown element/);
  });

  it('summarizeSites merges equal labels and puts the most frequent first', () => {
    expect(summarizeSites([{ label: 'A', multiplicity: 2 }, { label: 'B', multiplicity: 8 }, { label: 'A', multiplicity: 4 }])).toBe('B ×8; A ×6');
  });
});
