import { describe, expect, it } from 'vitest';
import { isAnionAtom, siteChemistry } from '../../src/chemistry/index.ts';
import { Lattice, makeStructure, type Structure } from '../../src/structure/index.ts';

const B = 0.37;
const s = (r0: number, r: number) => Math.exp((r0 - r) / B);

/** A cluster in a 20 Å cubic box (periodic, images far away): a centre atom and its ligands (Cartesian Å). */
function cluster(centre: string, ligands: [string, number, number, number][], occupancy?: number[]): Structure {
  const c = 10;
  return makeStructure({
    lattice: Lattice.cubic(20),
    species: [centre, ...ligands.map((l) => l[0])],
    cartCoords: [c, c, c, ...ligands.flatMap(([, x, y, z]) => [c + x, c + y, c + z])],
    ...(occupancy ? { occupancy: [1, ...occupancy] } : {}),
  });
}

const squarePlanar = (el: string, r: number): [string, number, number, number][] => [
  [el, r, 0, 0],
  [el, -r, 0, 0],
  [el, 0, r, 0],
  [el, 0, -r, 0],
];
const octahedron = (el: string, r: number): [string, number, number, number][] => [...squarePlanar(el, r), [el, 0, 0, r], [el, 0, 0, -r]];

describe('siteChemistry: hand-built clusters', () => {
  it('square-planar CuO4 at 1.95 Å: Cu(II), 4-coordinate O, BVS = 4·exp((1.679 − 1.95)/0.37) ≈ 1.92', () => {
    const cu = siteChemistry(cluster('Cu', squarePlanar('O', 1.95)), 0);
    expect(cu.bvs).toBeCloseTo(4 * s(1.679, 1.95), 10);
    expect(cu.bvs).toBeCloseTo(1.923, 3);
    expect(cu).toMatchObject({ oxidationState: 2, ambiguous: false, between: null, coordinationNumber: 4, ligands: { O: 4 } });
    expect(cu.label).toBe('Cu(II), 4-coordinate O');
    // Cu(I) parameters give a sum far from 1: 4·exp((1.610 − 1.95)/0.37) ≈ 1.59.
    expect(cu.candidates.find((c) => c.state === 1)!.bvs).toBeCloseTo(4 * s(1.61, 1.95), 10);
  });

  it('linear O–Cu–O at 1.85 Å: Cu(I), 2-coordinate O, BVS ≈ 1.05 (Cu(I)–O R0 = 1.610)', () => {
    const cu = siteChemistry(cluster('Cu', [['O', 1.85, 0, 0], ['O', -1.85, 0, 0]]), 0);
    expect(cu.bvs).toBeCloseTo(2 * s(1.61, 1.85), 10);
    expect(cu.bvs).toBeCloseTo(1.046, 3);
    expect(cu.label).toBe('Cu(I), 2-coordinate O');
  });

  it('works on molecules (no lattice) the same way', () => {
    const mol = makeStructure({ species: ['Cu', 'O', 'O'], cartCoords: [0, 0, 0, 1.85, 0, 0, -1.85, 0, 0] });
    expect(siteChemistry(mol, 0).label).toBe('Cu(I), 2-coordinate O');
  });

  it('apical O at 2.78 Å (as in tenorite) add to the sum but not to the first shell', () => {
    const cu = siteChemistry(cluster('Cu', [...squarePlanar('O', 1.95), ['O', 0, 0, 2.78], ['O', 0, 0, -2.78]]), 0);
    expect(cu.bvs).toBeCloseTo(4 * s(1.679, 1.95) + 2 * s(1.679, 2.78), 10);
    expect(cu.coordinationNumber).toBe(4);
    expect(cu.bonds.map((b) => b.firstShell)).toEqual([true, true, true, true, false, false]);
  });

  it('octahedral Fe: 6 O at 2.14 Å is Fe(II); 3 + 3 O at 1.945 / 2.116 Å (hematite) is Fe(III)', () => {
    const siderite = siteChemistry(cluster('Fe', octahedron('O', 2.14)), 0);
    expect(siderite.bvs).toBeCloseTo(6 * s(1.734, 2.14), 10);
    expect(siderite.label).toBe('Fe(II), 6-coordinate O');
    const hem = siteChemistry(
      cluster('Fe', [['O', 1.945, 0, 0], ['O', 0, 1.945, 0], ['O', 0, 0, 1.945], ['O', -2.116, 0, 0], ['O', 0, -2.116, 0], ['O', 0, 0, -2.116]]),
      0,
    );
    expect(hem.bvs).toBeCloseTo(3 * s(1.759, 1.945) + 3 * s(1.759, 2.116), 10);
    expect(hem.label).toBe('Fe(III), 6-coordinate O');
  });

  it('6 O at 2.06 Å (octahedral Fe of magnetite): between Fe(II) and Fe(III), flagged ambiguous', () => {
    const fe = siteChemistry(cluster('Fe', octahedron('O', 2.06)), 0);
    // BVS_2 = 2.49 (0.51 from 2), BVS_3 = 2.66 (0.34 from 3): state 3 is closer, but beyond 0.3 v.u.
    expect(fe.candidates.map((c) => [c.state, +c.bvs.toFixed(2)])).toEqual([[2, 2.49], [3, 2.66]]);
    expect(fe).toMatchObject({ oxidationState: 3, ambiguous: true, between: [2, 3], oxidationLabel: 'Fe(II/III)' });
  });

  it('a metal with no anion neighbour is state 0 without a BVS (fcc Cu)', () => {
    const foil = makeStructure({ lattice: Lattice.cubic(3.615), species: ['Cu', 'Cu', 'Cu', 'Cu'], fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5] });
    const cu = siteChemistry(foil, 0);
    expect(cu).toMatchObject({ oxidationState: 0, bvs: null, coordinationNumber: 0, label: 'Cu(0), no anion bonds' });
    expect(cu.notes.join()).toMatch(/metallic or intermetallic/);
  });

  it('anions beyond bonding distance (12 O at 3.41 Å around Cu) are no bonds: state 0, no BVS, no first shell', () => {
    const cage = cluster('Cu', [-1, 1].flatMap((u) => [-1, 1].flatMap((v) => [['O', 0, u, v], ['O', u, 0, v], ['O', u, v, 0]] as [string, number, number, number][])).map(([el, x, y, z]) => [el, (x * 3.41) / Math.SQRT2, (y * 3.41) / Math.SQRT2, (z * 3.41) / Math.SQRT2] as [string, number, number, number]));
    expect(cage.species.length).toBe(13);
    const cu = siteChemistry(cage, 0);
    expect(cu).toMatchObject({ oxidationState: 0, bvs: null, coordinationNumber: 0, label: 'Cu(0), no anion bonds' });
    expect(cu.notes.join()).toMatch(/nearest anion \(O at 3.41 Å\) is beyond bonding distance/);
  });

  it('notes an atom sharing the site (mixed occupancy)', () => {
    const mixed = cluster('Fe', [...octahedron('O', 2.1), ['Mg', 0, 0, 0]], [1, 1, 1, 1, 1, 1, 0.6]);
    const fe = siteChemistry(mixed, 0);
    expect(fe.sharedWith).toEqual([{ element: 'Mg', occupancy: 0.6 }]);
    expect(fe.notes.join()).toMatch(/shares its position with Mg \(occupancy 0.60\)/);
    expect(fe.label).toBe('Fe(II), 6-coordinate O');
  });

  it('metal neighbours are not bonds: 2 O + 4 Cu around Cu is Cu(I), 2-coordinate O', () => {
    const cu = siteChemistry(cluster('Cu', [['O', 1.85, 0, 0], ['O', -1.85, 0, 0], ...squarePlanar('Cu', 2.5).map(([, x, y]) => ['Cu', 0, x, y] as [string, number, number, number])]), 0);
    expect(cu.label).toBe('Cu(I), 2-coordinate O');
    expect(cu.bonds.every((b) => b.element === 'O')).toBe(true);
  });

  it('rock-salt FeO (periodic, a = 4.30 Å): Fe(II), 6-coordinate O from lattice images', () => {
    const feo = makeStructure({
      lattice: Lattice.cubic(4.3),
      species: ['Fe', 'Fe', 'Fe', 'Fe', 'O', 'O', 'O', 'O'],
      fracCoords: [0, 0, 0, 0.5, 0.5, 0, 0.5, 0, 0.5, 0, 0.5, 0.5, 0.5, 0, 0, 0, 0.5, 0, 0, 0, 0.5, 0.5, 0.5, 0.5],
    });
    const fe = siteChemistry(feo, 0);
    expect(fe.bvs).toBeCloseTo(6 * s(1.734, 2.15), 10);
    expect(fe.label).toBe('Fe(II), 6-coordinate O');
  });

  it('weights bonds by the anion occupancy', () => {
    const full = siteChemistry(cluster('Cu', squarePlanar('O', 1.95)), 0);
    const half = siteChemistry(cluster('Cu', squarePlanar('O', 1.95), [0.5, 0.5, 0.5, 0.5]), 0);
    expect(half.candidates[1]!.bvs).toBeCloseTo(full.candidates[1]!.bvs / 2, 10);
    expect(half.coordinationNumber).toBe(2);
  });

  it('the S of a sulfate is not a ligand; a sulfide S is', () => {
    // Cu–O 1.95 Å, O–S 1.47 Å at a Cu–O–S angle of 120°: Cu···S = 2.97 Å (a Cu(II)–S bond valence of 0.08 if it counted).
    const angle = (120 * Math.PI) / 180;
    const sulfateS: [string, number, number, number] = ['S', 1.95 - 1.47 * Math.cos(angle), 1.47 * Math.sin(angle), 0];
    const withSulfate = cluster('Cu', [...squarePlanar('O', 1.95), sulfateS]);
    expect(Math.hypot(sulfateS[1], sulfateS[2])).toBeCloseTo(2.97, 2);
    expect(isAnionAtom(withSulfate, 5)).toBe(false);
    const cu = siteChemistry(withSulfate, 0);
    expect(cu.bvs).toBeCloseTo(4 * s(1.679, 1.95), 10);
    expect(cu.bonds.map((b) => b.element)).toEqual(['O', 'O', 'O', 'O']);

    const sulfide = cluster('Cu', [['S', 2.3, 0, 0], ['S', -2.3, 0, 0], ['S', 0, 2.3, 0], ['S', 0, -2.3, 0]]);
    expect(isAnionAtom(sulfide, 1)).toBe(true);
    const cuS = siteChemistry(sulfide, 0);
    expect(cuS.bvs).toBeCloseTo(4 * s(2.054, 2.3), 10);
    expect(cuS.label).toBe('Cu(II), 4-coordinate S');
  });

  it('cyanide C stays a ligand; carbonate C does not', () => {
    const cyanide = makeStructure({ species: ['C', 'N'], cartCoords: [0, 0, 0, 1.15, 0, 0] });
    expect(isAnionAtom(cyanide, 0)).toBe(true);
    const carbonate = makeStructure({ species: ['C', 'O'], cartCoords: [0, 0, 0, 1.28, 0, 0] });
    expect(isAnionAtom(carbonate, 0)).toBe(false);
    expect(isAnionAtom(carbonate, 1)).toBe(true);
  });

  it('mixed ligands: a state without a parameter for one of them (Cu(I)–N) is set aside', () => {
    const cu = siteChemistry(cluster('Cu', [['O', 1.95, 0, 0], ['O', -1.95, 0, 0], ['N', 0, 2.0, 0], ['N', 0, -2.0, 0]]), 0);
    expect(cu.candidates[0]).toMatchObject({ state: 1, missing: ['N'] });
    expect(cu.oxidationState).toBe(2);
    expect(cu.bvs).toBeCloseTo(2 * s(1.679, 1.95) + 2 * s(1.61, 2.0), 10);
    expect(cu.coordinationLabel).toBe('4-coordinate (2 N, 2 O)');
  });

  it('a cation without parameters gets no state; its first shell is a 0.51 Å distance window', () => {
    const ga = siteChemistry(cluster('Ga', [...squarePlanar('O', 1.9), ['O', 0, 0, 2.3], ['O', 0, 0, -2.6]]), 0);
    expect(ga).toMatchObject({ oxidationState: null, bvs: null, oxidationLabel: 'Ga(?)', coordinationNumber: 5 });
    expect(ga.notes.join()).toMatch(/no bond valence parameters for Ga/);
  });

  it('skips anions implausibly close to the cation, with a note', () => {
    const cu = siteChemistry(cluster('Cu', [['O', 1.85, 0, 0], ['O', -1.85, 0, 0], ['O', 0, 0.4, 0]], [1, 1, 0.1]), 0);
    expect(cu.label).toBe('Cu(I), 2-coordinate O');
    expect(cu.notes.join()).toMatch(/closer than 1.3 Å skipped/);
  });
});
