/**
 * The FEFF-records predictor: multiplicity-weighted site averages looked up by file content, the
 * measured offset and valid range, and clear rejections for structures the batch did not compute.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { feffRecordsPredictor } from '../../src/screen/index.ts';
import { parseStructure } from '../../src/structure/index.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-feff-records-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const XYZ = '3\nFe2O\nFe 0 0 0\nFe 2.5 0 0\nO 1.25 1.2 0\n';
const file = join(root, 'fe2o.xyz');
writeFileSync(file, XYZ);
const sha = createHash('sha256').update(XYZ).digest('hex');
/** An edge at 7112 + 15 + shift eV, then a step of 1 with a white line of `wl`. */
const spectrum = (shift: number, wl: number) => {
  const energyEv = Array.from({ length: 300 }, (_, i) => 7112 + 5 + i * 0.3);
  const mu = energyEv.map((e) => {
    const x = e - 7112 - 15 - shift;
    return 0.5 + Math.atan(x / 1.5) / Math.PI + wl * Math.exp(-(((x - 4) / 3) ** 2));
  });
  return { energyEv, mu, e0FeffEv: 7127 };
};
const record = (site: number, multiplicity: number, wl: number) => ({
  status: 'ok', source: 'fe2o.xyz', structureSha256: sha, absorber: 'Fe', site, multiplicity, preset: 'noscf', cardsSha256: 'c', finishedAt: '2026-12-02T00:00:00Z',
  formula: 'Fe2O', cards: {}, radiusAngstrom: 6, clusterAtoms: 3, feffVersion: '10', wallTimeS: 1, cpuTimeS: 1, warnings: [], spectrum: spectrum(0, wl),
});
const recordsFile = join(root, 'records.jsonl');
writeFileSync(recordsFile, [record(0, 1, 0.6), record(1, 1, 0.2), { ...record(0, 1, 0), status: 'failed', structureSha256: 'other', error: 'pot failed' }].map((r) => JSON.stringify(r)).join('\n') + '\n');

describe('feffRecordsPredictor', () => {
  const p = feffRecordsPredictor([recordsFile]);
  it('measures the offset (E0 − E_K) and a valid range that ends with the data', () => {
    expect(p.absorbers).toEqual(['Fe']);
    expect(p.model.version).toMatch(/^2 sites, offset 1[45]\.\d+ eV$/);
    const [lo, hi] = p.validRangeEv!('Fe');
    expect(lo).toBe(-10);
    expect(hi).toBeGreaterThan(60);
    expect(hi).toBeLessThan(80);
  });

  it('averages the sites of the file with their multiplicities', async () => {
    const s = parseStructure(XYZ, { name: file });
    const r = await p.predict(s, 'Fe', { file });
    expect(r.sites).toEqual([{ index: 0, multiplicity: 1 }, { index: 1, multiplicity: 1 }]);
    // Sites with white lines 0.6 and 0.2 average to one with 0.4 (μ is linear in it; the +20…+30 eV
    // normalisation sees no white line), on the same relative axis (offset given to both).
    const mean = join(root, 'mean.jsonl');
    writeFileSync(mean, JSON.stringify(record(0, 2, 0.4)) + '\n');
    const offsetEv = 15;
    const both = await feffRecordsPredictor([recordsFile], { offsetEv }).predict(s, 'Fe', { file });
    const expected = await feffRecordsPredictor([mean], { offsetEv }).predict(s, 'Fe', { file });
    for (let k = 0; k < both.mu.length; k++) expect(both.mu[k]).toBeCloseTo(expected.mu[k]!, 9);
    expect(r.mu[Math.round((25 + 10) / 0.25)]).toBeCloseTo(1, 1);
    expect(r.warnings).toEqual([]);
    // A batch that computed only one of the two Fe sites says so.
    const half = join(root, 'half.jsonl');
    writeFileSync(half, JSON.stringify(record(0, 1, 0.6)) + '\n');
    expect((await feffRecordsPredictor([half]).predict(s, 'Fe', { file })).warnings?.[0]).toMatch(/FEFF spectra for 1 of the 2 Fe atoms/);
  });

  it('rejects a structure the batch did not compute, and another absorber', async () => {
    const other = XYZ.replace('Fe 2.5', 'Fe 2.6');
    const f2 = join(root, 'other.xyz');
    writeFileSync(f2, other);
    await expect(p.predict(parseStructure(other, { name: f2 }), 'Fe', { file: f2 })).rejects.toThrow(/no FEFF spectrum was computed for this structure/);
    await expect(p.predict(parseStructure(XYZ, { name: file }), 'Cu', { file })).rejects.toThrow(/hold Fe spectra, not Cu/);
    expect(() => feffRecordsPredictor([join(root, 'missing.jsonl')])).toThrow(/missing\.jsonl: FEFF records file not found/);
  });

  it('reads a records file a batch is appending to without touching it (the torn last line is left out, not cut off)', () => {
    const live = join(root, 'live.jsonl');
    const text = `${JSON.stringify(record(0, 1, 0.6))}\n${JSON.stringify(record(1, 1, 0.2)).slice(0, 200)}`;
    writeFileSync(live, text);
    expect(feffRecordsPredictor([live]).model.version).toMatch(/^1 sites?, /);
    expect(readFileSync(live, 'utf8')).toBe(text);
  });
});
