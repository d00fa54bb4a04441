/** Series inputs: Athena groups, folders in natural order, unreadable scans kept as errors; the axis from headers or labels. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseTemperatureK, seriesAxis, seriesEntries, seriesFilesFromPaths } from '../../src/series/index.ts';
import { dataPath } from '../helpers/data.ts';

const CU_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'cu.prj');
const CU = (f: string) => dataPath('experimental', 'xaslib', 'Cu', f);
const dir = mkdtempSync(join(tmpdir(), 'xasinv-series-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** An Athena JSON project whose groups all hold χ(k), i.e. nothing a series can use. */
function chiProject(): string {
  const x = Array.from({ length: 20 }, (_, i) => i * 0.5);
  return JSON.stringify({ _____order: ['a', 'b'], a: { args: { label: 'scan1', is_chi: 1 }, x, y: x }, b: { args: { label: 'scan2', datatype: 'chi' }, x, y: x } });
}

describe('seriesEntries', () => {
  it('gives one entry per Athena group, labelled as in the project', () => {
    const entries = seriesEntries([{ name: 'cu.prj', bytes: readFileSync(CU_PRJ) }]);
    expect(entries.map((e) => e.label)).toEqual(['cu010k.dat', 'cu050k.dat', 'cu150k.dat']);
    expect(entries.map((e) => e.group)).toEqual([0, 1, 2]);
    expect(entries.every((e) => e.spectrum && !e.error)).toBe(true);
  });

  it('keeps an unreadable file as an entry with its error, and the others', () => {
    const entries = seriesEntries([
      { name: 'a.xdi', bytes: readFileSync(CU('cu_metal_rt.xdi')) },
      { name: 'broken.dat', bytes: new TextEncoder().encode('not a spectrum\n1 2\n') },
    ]);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.spectrum).toBeDefined();
    expect(entries[1]!.error).toMatch(/broken\.dat/);
  });

  it('a series file with no readable groups is one clear InputError naming the file and the reasons', () => {
    const bytes = new TextEncoder().encode(chiProject());
    expect(() => seriesEntries([{ name: 'chi.prj', bytes }])).toThrow(InputError);
    expect(() => seriesEntries([{ name: 'chi.prj', bytes }])).toThrow(/none of the 2 spectra could be read \(chi\.prj \[scan1\]: .*χ\(k\)/);
  });

  it('reads a folder in natural order, skipping hidden files and notes', () => {
    const sub = join(dir, 'scans');
    const text = readFileSync(CU('cu_metal_rt.xdi'));
    for (const n of ['scan10.xdi', 'scan2.xdi', 'scan1.xdi']) writeFileSync(join(dir, n), text);
    writeFileSync(join(dir, '.hidden.xdi'), text);
    writeFileSync(join(dir, 'README.md'), '# notes');
    expect(seriesFilesFromPaths([dir]).map((f) => f.name.split('/').pop())).toEqual(['scan1.xdi', 'scan2.xdi', 'scan10.xdi']);
    expect(() => seriesFilesFromPaths([sub])).toThrow(/no such file or folder/);
  });
});

describe('seriesAxis', () => {
  it('reads temperatures from Athena labels (cu010k.dat → 10 K)', () => {
    const axis = seriesAxis(seriesEntries([{ name: 'cu.prj', bytes: readFileSync(CU_PRJ) }]));
    expect(axis.kind).toBe('temperature');
    expect(axis.values).toEqual([10, 50, 150]);
  });

  it('prefers the scan start time of XDI files, in seconds since the first scan', () => {
    const files = ['CuO_tenorite_13K_01.xdi', 'Cu2S_13K_01.xdi'].map((f) => ({ name: f, bytes: readFileSync(CU(f)) }));
    const entries = seriesEntries(files);
    const axis = seriesAxis(entries);
    expect(axis.kind).toBe('time');
    const t = entries.map((e) => Date.parse(e.spectrum!.meta.headers['Scan.start_time']!.replace(' ', 'T') + 'Z'));
    expect(axis.values).toEqual(t.map((v) => (v - Math.min(...t)) / 1000));
  });

  it('falls back to the index when a value is missing or all values are equal', () => {
    const same = ['CuO_tenorite_13K_01.xdi', 'CuS_covellite_13K_01.xdi'].map((f) => ({ name: f, bytes: readFileSync(CU(f)) }));
    const entries = seriesEntries(same);
    entries[1]!.spectrum!.meta.headers['Scan.start_time'] = 'yesterday';
    // Both say 13K: no temperature axis either.
    expect(seriesAxis(entries)).toMatchObject({ kind: 'index', values: [0, 1] });
  });

  it('parses temperatures with units and refuses words', () => {
    expect(parseTemperatureK('10K')).toBe(10);
    expect(parseTemperatureK('100 K')).toBe(100);
    expect(parseTemperatureK('25 C')).toBeCloseTo(298.15, 6);
    expect(parseTemperatureK('room temperature')).toBeUndefined();
  });
});
