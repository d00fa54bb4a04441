import { describe, expect, it } from 'vitest';
import { Lattice, buildCellList, makeStructure, neighborsOf, neighborsOfBruteForce, readStructure, type NeighborList, type Structure } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

function randomCrystal(seed: number, lattice: Lattice, n: number, spread = 1): Structure {
  const rnd = seededRandom(seed);
  const species = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'Fe' : 'O'));
  // Fractional coordinates deliberately outside [0, 1) too (spread > 1).
  const frac = Array.from({ length: 3 * n }, () => (rnd() - 0.5) * spread + 0.5);
  return makeStructure({ lattice, species, fracCoords: frac });
}

function expectSameList(fast: NeighborList, slow: NeighborList): void {
  expect(fast.indices.length).toBe(slow.indices.length);
  expect(Array.from(fast.indices)).toEqual(Array.from(slow.indices));
  expect(Array.from(fast.images)).toEqual(Array.from(slow.images));
  fast.distances.forEach((d, k) => expect(d).toBeCloseTo(slow.distances[k]!, 10));
  fast.vectors.forEach((v, k) => expect(v).toBeCloseTo(slow.vectors[k]!, 10));
}

describe('neighborsOf (cell lists) vs brute force', () => {
  const cases: [string, Lattice, number, number, number][] = [
    ['cubic 10 Å, 40 sites, r 4', Lattice.cubic(10), 40, 4, 1],
    ['triclinic, r 6', Lattice.fromParameters(7.1, 8.3, 9.2, 71, 103, 118), 30, 6, 1],
    ['very skewed small cell (γ = 20°), r 7 ≫ widths', Lattice.fromParameters(3.0, 3.2, 2.5, 88, 95, 20), 3, 7, 1],
    ['tiny cubic cell 1.5 Å, r 5 (many images)', Lattice.cubic(1.5), 2, 5, 3],
    ['sheared cell from raw vectors', new Lattice([[4, 0, 0], [3.9, 0.8, 0], [-3.5, 0.3, 2]]), 6, 5.5, 2],
  ];
  it.each(cases)('%s', (_name, lattice, n, r, spread) => {
    const s = randomCrystal(n * 7919 + Math.round(r * 10), lattice, n, spread);
    for (let i = 0; i < n; i++) {
      const fast = neighborsOf(s, i, r);
      const slow = neighborsOfBruteForce(s, i, r);
      expect(slow.indices.length).toBeGreaterThan(0);
      expectSameList(fast, slow);
      for (let k = 1; k < fast.distances.length; k++) expect(fast.distances[k]!).toBeGreaterThanOrEqual(fast.distances[k - 1]!);
      for (const d of fast.distances) expect(d).toBeLessThanOrEqual(r);
    }
  });

  it('molecules: cell list equals brute force and vectors are r_j − r_i', () => {
    const rnd = seededRandom(42);
    const n = 60;
    const s = makeStructure({ species: Array(n).fill('C'), cartCoords: Array.from({ length: 3 * n }, () => rnd() * 12 - 6) });
    for (const i of [0, 17, 59]) {
      const fast = neighborsOf(s, i, 3.5);
      expectSameList(fast, neighborsOfBruteForce(s, i, 3.5));
      fast.indices.forEach((j, k) => {
        for (let c = 0; c < 3; c++) expect(fast.vectors[3 * k + c]).toBeCloseTo(s.cartCoords[3 * j + c]! - s.cartCoords[3 * i + c]!, 12);
      });
      expect(Array.from(fast.images).every((x) => x === 0)).toBe(true);
    }
  });

  it('simple cubic: 6 nearest neighbours are the site’s own images, then 12 at a√2', () => {
    const s = makeStructure({ lattice: Lattice.cubic(2), species: ['Cu'], fracCoords: [0, 0, 0] });
    const nb = neighborsOf(s, 0, 3);
    expect(nb.indices.length).toBe(6 + 12);
    expect(Array.from(nb.distances.subarray(0, 6))).toEqual(Array(6).fill(2));
    expect(nb.distances[6]).toBeCloseTo(2 * Math.SQRT2, 12);
    expect(Array.from(nb.indices).every((j) => j === 0)).toBe(true);
  });

  it('CuO mp-1692: Cu has 4 O at 1.949 Å (square planar)', () => {
    const s = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    const nb = neighborsOf(s, 0, 2.2);
    expect(nb.indices.length).toBe(4);
    for (const j of nb.indices) expect(s.species[j]).toBe('O');
    for (const d of nb.distances) expect(d).toBeCloseTo(Math.hypot(2.93311 / 2, 5.133987 / 4), 6);
  });

  it('neighboursOfPoint and r = 0 edge cases', () => {
    const s = makeStructure({ lattice: Lattice.cubic(3), species: ['Na', 'Cl'], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5] });
    // Face centre of the cube: Cl above and below at 1.5 Å, the 4 Na corners of the face at 2.12 Å.
    const nb = buildCellList(s, 2.2).neighborsOfPoint([1.5, 1.5, 0]);
    expect(Array.from(nb.indices)).toEqual([1, 1, 0, 0, 0, 0]);
    expect(nb.distances[0]).toBeCloseTo(1.5, 12);
    expect(nb.distances[5]).toBeCloseTo(1.5 * Math.SQRT2, 12);
    expect(neighborsOfBruteForce(s, 0, 0).indices.length).toBe(0);
    expect(() => neighborsOf(s, 5, 2)).toThrow(/site index 5 out of range/);
    expect(() => neighborsOf(s, 0, -1)).toThrow(/rMaxAngstrom/);
  });

  it('one cell list serves every site of a 500-site triclinic cell within 6 Å, as brute force finds them', () => {
    const s = randomCrystal(7, Lattice.fromParameters(20, 21, 22, 85, 95, 100), 500);
    const cells = buildCellList(s, 6);
    let total = 0;
    for (let i = 0; i < 500; i++) total += cells.neighborsOf(i).indices.length;
    expect(total).toBeGreaterThan(500 * 30);
    for (const i of [0, 123, 499]) expect(cells.neighborsOf(i).indices.length).toBe(neighborsOfBruteForce(s, i, 6).indices.length);
  });
});
