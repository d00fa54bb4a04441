/**
 * Structures of absorbers no forward model covers: the same phase's FEFF10 spectrum from the
 * shipped library (a lookup, said as such), or the reason there is none.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLibrary } from '../../src/library/index.ts';
import { samePhaseSpectrum, SAME_PHASE_DEFAULTS, type SamePhasePrediction } from '../../src/screen/index.ts';
import { parseStructure, readStructure } from '../../src/structure/index.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath } from '../helpers/data.ts';

const ZNO = dataPath('structures', 'larch-struct2xas', 'ZnO_mp-2133.cif');
const HEMATITE = dataPath('structures', 'fe-standards', 'Hematite_AMCSD-0000143.cif');

describe('samePhaseSpectrum', () => {
  it("returns the library entry's stored FEFF10 spectrum for the same phase, σ 0, with where it came from", () => {
    const r = samePhaseSpectrum(readStructure(ZNO), 'Zn') as SamePhasePrediction;
    expect(r.source).toMatchObject({ kind: 'feff-library', library: 'Zn', entry: { id: 'ZnO_mp-2133', formula: 'ZnO' } });
    expect(r.source.g2Cosine).toBeGreaterThan(0.999);
    const lib = readLibrary('Zn');
    const i = lib.meta.entries.findIndex((e) => e.id === 'ZnO_mp-2133');
    const K = lib.meta.predictions!.gridLength;
    const stored = Array.from(lib.predictions!.subarray(2 * i * K, 2 * i * K + K)).filter(Number.isFinite);
    expect(r.average.mu).toEqual(stored);
    expect(r.grid.energy).toHaveLength(stored.length);
    expect(r.grid.energy[1]! - r.grid.energy[0]!).toBeCloseTo(lib.meta.predictions!.grid!.stepEv, 12);
    expect(r.average.sigma.every((s) => s === 0)).toBe(true);
    expect(r.confidence.verdict).toBe('caution');
  });

  it('says why when no entry is the same phase: the closest entry of the formula, or none of it', () => {
    const dimer = parseStructure('2\nZnO dimer\nZn 0 0 0\nO 1.7 0 0\n', { name: 'zno.xyz' });
    const miss = samePhaseSpectrum(dimer, 'Zn');
    expect(miss).toMatchObject({ absorber: 'Zn', formula: 'ZnO', closest: { id: expect.any(String) } });
    expect((miss as { closest: { g2Cosine: number } }).closest.g2Cosine).toBeLessThan(SAME_PHASE_DEFAULTS.minCosine);
    const other = parseStructure('2\nZnCl\nZn 0 0 0\nCl 2.2 0 0\n', { name: 'zncl.xyz' });
    expect(samePhaseSpectrum(other, 'Zn')).toEqual({ absorber: 'Zn', formula: 'ZnCl', closest: null });
    // A library of forward predictions is no lookup table: the forward model predicts those.
    expect(samePhaseSpectrum(readStructure(HEMATITE), 'Fe')).toBeNull();
  });
});

describe('xasinv predict on an absorber no forward model covers', () => {
  it('prints the same phase from the library (text and JSON), refuses --site, and names the closest entry when none matches', async () => {
    const text = await runCli(['predict', ZNO]);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/no forward model covers Zn; the Zn library's .* \(ZnO_mp-2133, .*\) is the same phase \(G2 cosine 1\.000\): its FEFF10 spectrum/);
    const json = await runCli(['predict', ZNO, '--json']);
    expect(JSON.parse(json.out)).toMatchObject({ absorber: 'Zn', sites: [], source: { entry: { id: 'ZnO_mp-2133' } }, confidence: { verdict: 'caution' } });
    const site = await runCli(['predict', ZNO, '--site', '0']);
    expect(site.code).toBe(2);
    expect(site.err).toMatch(/site 0: no forward model covers Zn; the Zn library's spectrum of this phase is the whole structure's/);
    // A TiO2 molecule (built here: the library grows, any crystal may join it) is no library phase.
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-same-phase-'));
    try {
      const molecule = join(dir, 'tio2.xyz');
      writeFileSync(molecule, '3\nbent TiO2 molecule\nTi 0 0 0\nO 1.65 0 0\nO -0.5 1.57 0\n');
      const miss = await runCli(['predict', molecule]);
      expect(miss.code).toBe(2);
      expect(miss.err).toMatch(/Ti K spectra can still be ranked .*; no computed spectrum of this phase either: the Ti library's closest TiO2 \(.*\) has G2 cosine 0\.\d+ < 0\.98/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
