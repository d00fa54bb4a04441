import { describe, expect, it } from 'vitest';
import { buildCluster, feffInput, feffPreset, FEFF_PRESETS } from '../../src/feff/index.ts';
import { Lattice, makeStructure } from '../../src/structure/index.ts';

/** Rock-salt FeO, a = 4.3 Å, conventional cell: Fe on the fcc sites, O on the octahedral holes. */
const feo = () =>
  makeStructure({
    lattice: Lattice.cubic(4.3),
    species: ['Fe', 'Fe', 'Fe', 'Fe', 'O', 'O', 'O', 'O'],
    fracCoords: [0, 0, 0, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0, 0.5, 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5],
    name: 'FeO',
  });

describe('feffInput', () => {
  it('writes the hand-checked 2.2 Å FeO cluster: Fe at the origin, six O at a/2 on the axes', () => {
    const inp = feffInput(feo(), 0, feffPreset('noscf', { radiusAngstrom: 2.2 }));
    expect(inp.text).toBe(
      [
        'TITLE FeO site 0 Fe K',
        'TITLE xasinv preset noscf, cluster radius 2.2 A, 7 atoms',
        '',
        'EDGE K',
        'S02 0',
        'CONTROL 1 1 1 1 1 1',
        'COREHOLE RPA',
        'EXCHANGE 0 0.0 0.0 2',
        'RPATH -1',
        'XANES 4 0.05 0.1',
        'FMS 6.0 0',
        '',
        'POTENTIALS',
        '*   ipot   Z  tag   lmax1  lmax2  xnatph',
        '       0  26  Fe      -1     -1       1',
        '       1   8  O       -1     -1       6',
        '',
        'ATOMS',
        '*        x          y          z     ipot  tag      distance   site',
        '    0.00000    0.00000    0.00000    0  Fe       0.00000      0',
        '   -2.15000    0.00000    0.00000    1  O        2.15000      5',
        '    2.15000    0.00000    0.00000    1  O        2.15000      5',
        '    0.00000   -2.15000    0.00000    1  O        2.15000      6',
        '    0.00000    2.15000    0.00000    1  O        2.15000      6',
        '    0.00000    0.00000   -2.15000    1  O        2.15000      7',
        '    0.00000    0.00000    2.15000    1  O        2.15000      7',
        '',
        'END',
        '',
      ].join('\n'),
    );
    expect(inp.warnings).toEqual([]);
  });

  it('3.1 Å adds the twelve Fe at a/√2 = 3.0406 Å as a second Fe potential (ipot 1), O becomes ipot 2', () => {
    const inp = feffInput(feo(), 2, feffPreset('noscf', { radiusAngstrom: 3.1 }));
    expect(inp.potentials).toEqual([
      { ipot: 0, z: 26, symbol: 'Fe', count: 1 },
      { ipot: 1, z: 26, symbol: 'Fe', count: 12 },
      { ipot: 2, z: 8, symbol: 'O', count: 6 },
    ]);
    const d = Array.from(inp.cluster.distanceAngstrom);
    expect(d.slice(7).every((x) => Math.abs(x - 4.3 / Math.SQRT2) < 1e-9)).toBe(true);
    // Every neighbour vector of an fcc Fe is a permutation of (±a/2, ±a/2, 0).
    for (let k = 7; k < 19; k++) {
      const v = Array.from(inp.cluster.xyzAngstrom.subarray(3 * k, 3 * k + 3), (x) => Math.abs(x)).sort((a, b) => a - b);
      expect(v[0]).toBeCloseTo(0, 9);
      expect(v[1]).toBeCloseTo(2.15, 9);
      expect(v[2]).toBeCloseTo(2.15, 9);
    }
    expect(Array.from(inp.ipot.slice(7))).toEqual(Array(12).fill(1));
  });

  it('the presets carry the cards the issue measured (SCF 4.5/FMS 6 for cu-train; Lightshow MP cards; no SCF card in noscf)', () => {
    expect(FEFF_PRESETS['cu-train']!.cards).toMatchObject({ SCF: '4.5 0 100 0.2 3', FMS: '6.0 0', COREHOLE: 'RPA', XANES: '4 0.05 0.1' });
    expect(FEFF_PRESETS['cu-train']!.radiusAngstrom).toBe(8);
    expect(FEFF_PRESETS['mp-xanes']!.cards).toEqual({ S02: '0', CONTROL: '1 1 1 1 1 1', COREHOLE: 'RPA', EXCHANGE: '0 0.0 0.0 2', RPATH: '-1', XANES: '4 0.04 0.1', SCF: '7.0 0 100 0.2 3', FMS: '9.0 0' });
    expect(FEFF_PRESETS['mp-xanes']!.radiusAngstrom).toBe(9);
    expect(FEFF_PRESETS.noscf!.cards.SCF).toBeUndefined();
    expect(feffInput(feo(), 0, 'noscf').text).not.toMatch(/^SCF/m);
    expect(feffInput(feo(), 0, 'cu-train').text).toMatch(/^SCF 4\.5 0 100 0\.2 3$/m);
  });

  it('card overrides add, replace and remove; reserved cards and unknown presets are named errors', () => {
    const p = feffPreset('cu-train', { cards: { scf: '4.0', DEBYE: '300 400', COREHOLE: null } });
    expect(p.cards.SCF).toBe('4.0');
    expect(p.cards.DEBYE).toBe('300 400');
    expect(p.cards.COREHOLE).toBeUndefined();
    expect(FEFF_PRESETS['cu-train']!.cards.SCF).toBe('4.5 0 100 0.2 3');
    expect(() => feffPreset('cu-train', { cards: { ATOMS: 'x' } })).toThrow(/ATOMS is written by xasinv/);
    expect(() => feffPreset('fast')).toThrow(/unknown FEFF preset "fast"; expected one of: mp-xanes, cu-train, scf-lite, noscf/);
  });

  it('a site out of range and a bad radius are InputErrors naming the problem', () => {
    expect(() => feffInput(feo(), 8, 'noscf')).toThrow(/site index 8 out of range 0…7/);
    expect(() => buildCluster(feo(), 0, 0)).toThrow(/cluster radius must be a positive number/);
  });

  it('a molecule (no lattice) gives its own atoms only; the absorber element alone gets no second potential', () => {
    const fecl4 = makeStructure({
      species: ['Fe', 'Cl', 'Cl', 'Cl', 'Cl'],
      cartCoords: [0, 0, 0, 1.27, 1.27, 1.27, -1.27, -1.27, 1.27, -1.27, 1.27, -1.27, 1.27, -1.27, -1.27],
    });
    const inp = feffInput(fecl4, 0, 'noscf');
    expect(inp.cluster.species).toEqual(['Fe', 'Cl', 'Cl', 'Cl', 'Cl']);
    expect(inp.potentials.map((p) => `${p.ipot}:${p.symbol}:${p.count}`)).toEqual(['0:Fe:1', '1:Cl:4']);
    expect(Array.from(inp.cluster.distanceAngstrom.slice(1), (d) => d.toFixed(4))).toEqual(Array(4).fill((1.27 * Math.sqrt(3)).toFixed(4)));
  });

  it('a mixed site keeps the absorber at the origin and the more occupied species elsewhere, and says so', () => {
    // Fe0.3Mg0.7 on the cation site of rock salt (one Fe and one Mg per position), O on the anion site.
    const species = ['Fe', 'Mg', 'O'];
    const s = makeStructure({ lattice: Lattice.cubic(4.2), species, fracCoords: [0, 0, 0, 0, 0, 0, 0.5, 0.5, 0.5], occupancy: [0.3, 0.7, 1] });
    const c = buildCluster(s, 0, 4.3);
    expect(c.species[0]).toBe('Fe');
    expect(c.distanceAngstrom[0]).toBe(0);
    // Simple cubic cations at a = 4.2 Å: 6 at 4.2 Å; anions (body centres) at 3.637 Å: 8.
    expect(c.species.slice(1).filter((x) => x === 'Mg')).toHaveLength(6);
    expect(c.species.slice(1).filter((x) => x === 'O')).toHaveLength(8);
    expect(c.species.includes('Fe', 1)).toBe(false);
    expect(c.warnings.join('\n')).toMatch(/mixed site: Mg \(site 1, occupancy 0\.7\) shares a position with Fe \(site 0, occupancy 0\.3\); kept Fe/);
    expect(c.warnings.join('\n')).toMatch(/mixed site: Fe \(site 0, occupancy 0\.3\) shares a position with Mg \(site 1, occupancy 0\.7\); kept Mg \(6 copies in the cluster\)/);
    expect(c.warnings.join('\n')).toMatch(/partially occupied sites taken as fully occupied: Fe site 0 \(0\.3\), Mg site 1 \(0\.7\)/);
  });

  it('a split position (two half atoms 0.4 Å apart) is an error naming both sites and the distance', () => {
    const s = makeStructure({ lattice: Lattice.cubic(5), species: ['Fe', 'Na', 'Na'], fracCoords: [0, 0, 0, 0.5, 0.5, 0.46, 0.5, 0.5, 0.54], occupancy: [1, 0.5, 0.5] });
    expect(() => buildCluster(s, 0, 5)).toThrow(/sites 1 \(Na\) and 2 \(Na\) are 0\.400 Å apart in the cluster of site 0 \(a split or disordered position\?\)/);
  });
});
