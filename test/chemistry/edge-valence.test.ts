import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { edgeValencePenalty, fitEdgeValence, readEdgeValence, valenceFromEdge, type EdgeValencePoint } from '../../src/chemistry/index.ts';
import { InputError, ParseError } from '../../src/errors.ts';

const point = (compound: string, oxidationState: number, edgeEv: number, ligand = 'O'): EdgeValencePoint => ({ name: compound, compound, spectrum: `${compound}.xdi`, oxidationState, ligand, edgeEv });
// E½ = 7111 + 4·v with ±0.5 eV scatter.
const POINTS = [point('a', 2, 7118.5), point('b', 2, 7119.5), point('c', 3, 7122.5), point('d', 3, 7123.5)];
const dir = mkdtempSync(join(tmpdir(), 'xasinv-edge-valence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fitEdgeValence', () => {
  it('fits E½ = a + b·v by least squares with the residual standard deviation (n − 2 degrees of freedom)', () => {
    const c = fitEdgeValence('Fe', POINTS);
    expect(c.slopeEvPerValence).toBeCloseTo(4, 10);
    expect(c.interceptEv).toBeCloseTo(7111, 10);
    expect(c.residualSdEv).toBeCloseTo(Math.sqrt((4 * 0.25) / 2), 10);
    expect(c.points.map((p) => p.residualEv)).toEqual([-0.5, 0.5, -0.5, 0.5].map((r) => expect.closeTo(r, 10)));
  });

  it('fits only the references with the calibration\'s ligands (O by default) and records them', () => {
    const withSulfide = [...POINTS, point('pyrite', 2, 7117.5, 'S')];
    const c = fitEdgeValence('Fe', withSulfide);
    expect(c.ligands).toEqual(['O']);
    expect(c.points.map((p) => p.compound)).toEqual(['a', 'b', 'c', 'd']);
    expect(c.slopeEvPerValence).toBeCloseTo(4, 10);
    expect(fitEdgeValence('Fe', withSulfide, { ligands: ['O', 'S'] }).points).toHaveLength(5);
  });

  it('leaves out a state with fewer than two compounds (two spectra of one compound are one)', () => {
    const c = fitEdgeValence('Fe', [...POINTS, point('e', 4, 7127.1), { ...point('e', 4, 7127.3), name: 'e again' }]);
    expect(c.points.map((p) => p.compound)).toEqual(['a', 'b', 'c', 'd']);
    expect(fitEdgeValence('Fe', [...POINTS, point('e', 4, 7127.1), point('f', 4, 7126.9)]).points).toHaveLength(6);
  });

  it('refuses references that do not span two oxidation states, or an edge that falls with the valence, naming what it got', () => {
    expect(() => fitEdgeValence('Fe', POINTS.filter((p) => p.oxidationState === 3))).toThrow(/two oxidation states with at least 2 O-coordinated reference compounds each; compounds per state: Fe\(III\) 2$/);
    expect(() => fitEdgeValence('Fe', POINTS.slice(1, 3))).toThrow(InputError);
    expect(() => fitEdgeValence('Fe', POINTS.map((p) => ({ ...p, edgeEv: 14240 - p.edgeEv })))).toThrow(/does not rise with the oxidation state/);
  });
});

describe('valenceFromEdge and edgeValencePenalty', () => {
  const c = fitEdgeValence('Fe', POINTS);
  it('reads the valence off the line, with a label that says when it lies between two states', () => {
    expect(valenceFromEdge(7123, c)).toMatchObject({ valence: 3, label: 'Fe(III)', references: 4 });
    expect(valenceFromEdge(7123, c).sigma).toBeCloseTo(c.residualSdEv / 4, 10);
    expect(valenceFromEdge(7121.4, c).label).toBe('Fe(II/III)');
    expect(valenceFromEdge(7119.2, c).label).toBe('Fe(II)');
  });

  it('is zero on the line, ½ at one σ (σ² = s² + (b·σ_BVS)²) and far larger for the other valence', () => {
    expect(edgeValencePenalty(7123, 3, c)).toBeCloseTo(0, 12);
    const sigma = Math.sqrt(c.residualSdEv ** 2 + (4 * c.bvsSigma) ** 2);
    expect(edgeValencePenalty(7123 + sigma, 3, c)).toBeCloseTo(0.5, 10);
    expect(edgeValencePenalty(7123, 2, c)).toBeGreaterThan(5);
  });
});

describe('readEdgeValence', () => {
  it('reads the shipped calibration: Fe, rising by ≈ 4 eV per valence unit, O-coordinated references only', () => {
    const shipped = readEdgeValence();
    expect(Object.keys(shipped)).toEqual(['Fe']);
    expect(shipped.Fe!.slopeEvPerValence).toBeGreaterThan(3);
    expect(shipped.Fe!.slopeEvPerValence).toBeLessThan(5);
    expect(shipped.Fe!.ligands).toEqual(['O']);
    expect(shipped.Fe!.points.every((p) => p.ligand === 'O')).toBe(true);
    // Refitted without the measured benchmark's test-half compounds (npm run eval:benchmark -- --write-calibration).
    expect(shipped.Fe!.points.length).toBeGreaterThanOrEqual(20);
    expect(shipped.Fe!.points.some((p) => p.compound === 'hematite' || p.compound === 'wustite')).toBe(false);
    expect(shipped.Fe!.command).toMatch(/^npm run (calibrate:edge-valence|eval:benchmark)/);
  });

  it('is empty without a file and names the file when it is broken', () => {
    expect(readEdgeValence(join(dir, 'none.json'))).toEqual({});
    writeFileSync(join(dir, 'bad.json'), '{"absorbers": ');
    expect(() => readEdgeValence(join(dir, 'bad.json'))).toThrow(ParseError);
    writeFileSync(join(dir, 'flat.json'), JSON.stringify({ absorbers: { Fe: { interceptEv: 7111, slopeEvPerValence: 0, residualSdEv: 1, bvsSigma: 0.2 } } }));
    expect(() => readEdgeValence(join(dir, 'flat.json'))).toThrow(/flat\.json.*slopeEvPerValence > 0/);
    const good = { interceptEv: 7111, slopeEvPerValence: 4, residualSdEv: 0.5, bvsSigma: 0.2, ligands: ['O'], points: [{ oxidationState: 2, edgeEv: 7119 }] };
    for (const [name, content] of [
      ['null.json', 'null'],
      ['entry-null.json', JSON.stringify({ absorbers: { Fe: null } })],
      ['no-points.json', JSON.stringify({ absorbers: { Fe: { ...good, points: [] } } })],
      ['bad-point.json', JSON.stringify({ absorbers: { Fe: { ...good, points: [{ edgeEv: 7119 }] } } })],
      ['no-spread.json', JSON.stringify({ absorbers: { Fe: { ...good, residualSdEv: 0, bvsSigma: 0 } } })],
    ] as const) {
      writeFileSync(join(dir, name), content);
      expect(() => readEdgeValence(join(dir, name)), name).toThrow(ParseError);
    }
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ absorbers: { Fe: good } }));
    expect(readEdgeValence(join(dir, 'good.json')).Fe!.slopeEvPerValence).toBe(4);
    // Read once per change of the file: a rewrite (newer mtime) is read again.
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ absorbers: { Fe: { ...good, slopeEvPerValence: 5 } } }));
    utimesSync(join(dir, 'good.json'), new Date(), new Date(Date.now() + 60_000));
    expect(readEdgeValence(join(dir, 'good.json')).Fe!.slopeEvPerValence).toBe(5);
  });
});
