import { afterAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FEFF_3D_CRYSTAL_SOURCES, feFeffCrystalPairs, feffCrystalPairs, feffCrystalMaterialKey, feffCrystalSplit, matchSite } from '../../src/data/fe-feff-crystals.ts';
import { forwardDataHash } from '../../src/forward/dataset.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { DATA_DIR } from '../helpers/data.ts';
import { listPairs, type PairSource } from '../../src/data/pairs.ts';
import { InputError, ParseError } from '../../src/errors.ts';
import { namesInSplit, writeFixture } from '../helpers/fe-feff-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-fe-feff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fe-k-feff-crystals split', () => {
  it('keys a mineral by its name in either file-name layout, case- and punctuation-insensitively; unknown AMCSD files by their own stem', () => {
    expect(feffCrystalMaterialKey('structures/fe-standards/Pyrite_COD-5000115.cif')).toBe('pyrite');
    expect(feffCrystalMaterialKey('structures/amcsd/cif/amcsd_0000006_Pyrite.cif')).toBe('pyrite');
    expect(feffCrystalMaterialKey('structures/fe-standards/Ferro-actinolite_AMCSD-0001999.cif')).toBe(feffCrystalMaterialKey('amcsd_0000099_FERROACTINOLITE.cif'));
    expect(feffCrystalMaterialKey('structures/fe-standards/Troilite_AMCSD-KingPrewitt1982-393K.cif')).toBe(feffCrystalMaterialKey('structures/fe-standards/Troilite_AMCSD-0004158.cif'));
    expect(feffCrystalMaterialKey('amcsd_0000009_unknown.cif')).not.toBe(feffCrystalMaterialKey('amcsd_0000010_unknown.cif'));
  });

  it('is seeded and stable, ≈ 70 / 10 / 20 over many materials', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `mineral${i}`);
    const first = keys.map(feffCrystalSplit);
    expect(keys.map(feffCrystalSplit)).toEqual(first);
    const share = (s: string): number => first.filter((x) => x === s).length / keys.length;
    expect(share('train')).toBeGreaterThan(0.67);
    expect(share('train')).toBeLessThan(0.73);
    expect(share('val')).toBeGreaterThan(0.08);
    expect(share('val')).toBeLessThan(0.12);
    expect(share('test')).toBeGreaterThan(0.17);
    expect(share('test')).toBeLessThan(0.23);
  });
});

describe('feFeffCrystalPairs', () => {
  const [testName] = namesInSplit('test', 1);
  const records = join(dir, 'records.jsonl');
  writeFixture(
    dir,
    records,
    [
      { source: `structures/fe-standards/${testName}_COD-5000115.xyz`, e0Ev: 7126 },
      { source: `structures/amcsd/cif/amcsd_0000006_${testName}.xyz`, e0Ev: 7125, rAngstrom: 2.1 },
      { source: 'structures/fe-standards/Hematite_AMCSD-1.xyz', e0Ev: 7127, status: 'failed' },
      { source: 'structures/fe-standards/Hematite_AMCSD-1.xyz', e0Ev: 7127 },
      { source: 'structures/fe-standards/Hematite_AMCSD-1.xyz', e0Ev: 7128 }, // rerun: the last record counts
      { source: 'structures/fe-standards/Wrong_AMCSD-1.xyz', site: 3, e0Ev: 7126 }, // atom 3 is O
    ],
    '{"status":"ok","source":"torn', // a record being written right now
  );

  it('gives one pair per ok site with its spectrum inline; duplicates of a mineral share a split; reruns and unmatched sites handled', () => {
    const skipped: string[] = [];
    const pairs = feFeffCrystalPairs(dir, records, { onSkip: (m) => skipped.push(m) });
    expect(pairs.map((p) => p.id).sort()).toEqual(['Hematite_AMCSD-1_000', `${testName}_COD-5000115_000`, `amcsd_0000006_${testName}_000`].sort());
    const dup = pairs.filter((p) => p.id.includes(testName!));
    expect(dup.map((p) => p.split)).toEqual(['test', 'test']);
    const hem = pairs.find((p) => p.id.startsWith('Hematite'))!;
    expect(hem.split).toBe(feffCrystalSplit('hematite'));
    expect(hem.spectrum!.mu.length).toBe(161);
    expect(hem.spectrumPath).toBe(`${records}#L5`);
    expect(hem).toMatchObject({ source: 'fe-k-feff-crystals', absorber: 'Fe', siteIndex: 0, materialId: 'Hematite_AMCSD-1', structurePath: join(dir, 'structures/fe-standards/Hematite_AMCSD-1.xyz') });
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatch(/line 6: structures\/fe-standards\/Wrong_AMCSD-1\.xyz site 3 is not an Fe site .* atom 3 is O/);
    expect(listPairs(dir, 'fe-k-feff-crystals', { feRecordsPath: records }).map((p) => p.id)).toEqual(pairs.map((p) => p.id));
  });

  it('reads only the first bytes of the file when asked (the snapshot a model was trained on), and refuses a cut that is not one', () => {
    const text = readFileSync(records, 'utf8');
    const lines = text.split('\n');
    const firstTwo = Buffer.byteLength(`${lines[0]}\n${lines[1]}\n`);
    const prefix = feFeffCrystalPairs(dir, records, { bytes: firstTwo });
    expect(prefix.map((p) => p.id).sort()).toEqual([`${testName}_COD-5000115_000`, `amcsd_0000006_${testName}_000`].sort());
    expect(listPairs(dir, 'fe-k-feff-crystals', { feRecordsPath: records, feRecordsBytes: firstTwo }).map((p) => p.id)).toEqual(prefix.map((p) => p.id));
    expect(feFeffCrystalPairs(dir, records, { bytes: 0 })).toEqual([]);
    expect(() => feFeffCrystalPairs(dir, records, { bytes: firstTwo - 1 })).toThrow(/byte \d+ does not end a record/);
    expect(() => feFeffCrystalPairs(dir, records, { bytes: Buffer.byteLength(text) + 1 })).toThrow(/fewer than the \d+ of the snapshot/);
  });

  it('matches a site by label when the index moved, and says why when it cannot', () => {
    const s = { species: ['O', 'Fe', 'Fe'], labels: ['O1', 'Fe1', 'Fe2'] };
    expect(matchSite(s, { site: 2, label: 'Fe2' })).toBe(2);
    expect(matchSite(s, { site: 0, label: 'Fe2' })).toBe(2);
    expect(matchSite(s, { site: 0, label: 'Fe3' })).toMatch(/atom 0 is O \(O1\), and no Fe atom is labelled Fe3/);
    expect(matchSite(s, { site: 9 })).toMatch(/the structure has 3 atoms/);
  });

  it('refuses a structure that changed since FEFF ran, a malformed line, and a missing records file', () => {
    const d2 = mkdtempSync(join(dir, 'changed-'));
    const r2 = join(d2, 'records.jsonl');
    writeFixture(d2, r2, [{ source: 'structures/fe-standards/Siderite_COD-1.xyz', e0Ev: 7126 }]);
    writeFileSync(join(d2, 'structures/fe-standards/Siderite_COD-1.xyz'), '1\nx\nFe 0 0 0\n');
    expect(() => feFeffCrystalPairs(d2, r2)).toThrow(/line 1: .*Siderite_COD-1\.xyz changed since FEFF ran/);
    writeFileSync(r2, 'not json\n');
    expect(() => feFeffCrystalPairs(d2, r2)).toThrow(ParseError);
    expect(() => feFeffCrystalPairs(d2, r2)).toThrow(/records.jsonl:1: not a JSON record/);
    expect(() => feFeffCrystalPairs(d2, join(d2, 'none.jsonl'))).toThrow(InputError);
  });
});

describe('feffCrystalPairs of the other 3d absorbers', () => {
  it('reads a Zn records file: structures in the data folder or the repository, the zn source, the same split key as Fe', () => {
    const d = mkdtempSync(join(dir, 'zn-'));
    const records = join(d, 'records.jsonl');
    const zincite = 'structures/amcsd/cif/amcsd_0000001_Zincite.xyz';
    const zincText = '5\nZnO4\nZn 0 0 0\nO 1.98 0 0\nO -1.98 0 0\nO 0 1.98 0\nO 0 -1.98 0\n';
    mkdirSync(join(d, 'structures/amcsd/cif'), { recursive: true });
    writeFileSync(join(d, zincite), zincText);
    const repoFile = 'data/structures/reference-phases/ZnSe_stilleite.cif';
    const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
    const spectrum = { energyEv: Array.from({ length: 40 }, (_, i) => 9650 + i), mu: Array.from({ length: 40 }, (_, i) => (i < 10 ? 0 : 1)) };
    const rec = (source: string, structureSha256: string, label?: string) => JSON.stringify({ status: 'ok', source, structureSha256, absorber: 'Zn', site: 0, multiplicity: 1, ...(label ? { label } : {}), preset: 'test', cardsSha256: 'c'.repeat(64), finishedAt: '2026-12-07T00:00:00Z', spectrum });
    writeFileSync(records, `${rec(zincite, sha(zincText))}\n${rec(repoFile, sha(readFileSync(join(REPO_ROOT, repoFile))), 'Zn1')}\n`);
    const pairs = feffCrystalPairs(d, { absorber: 'Zn', recordsPath: records });
    expect(pairs.map((p) => [p.id, p.source, p.absorber])).toEqual([
      ['ZnSe_stilleite_000', 'zn-k-feff-crystals', 'Zn'],
      ['amcsd_0000001_Zincite_000', 'zn-k-feff-crystals', 'Zn'],
    ]);
    expect(pairs[0]!.structurePath).toBe(join(REPO_ROOT, repoFile));
    expect(pairs[1]!.split).toBe(feffCrystalSplit('zincite'));
    // The data hash names the repository's file from the repository, not by a path that depends on where the checkout sits.
    expect(forwardDataHash(pairs, d)).toMatch(/^[0-9a-f]{64}$/);
    expect(() => feffCrystalPairs(d, { absorber: 'Fe', recordsPath: records })).not.toThrow();
    expect(feffCrystalPairs(d, { absorber: 'Fe', recordsPath: records })).toHaveLength(0);
    // Cu's project records have no source of their own (cu-k-feff-crystals is the OmniXAS set): refused, not mislabelled.
    expect(() => feffCrystalPairs(d, { absorber: 'Cu', recordsPath: records })).toThrow(/no FEFF crystal source for Cu/);
  });

  it("lists the repository's records of each 3d absorber through listPairs", () => {
    for (const [source, absorber] of Object.entries(FEFF_3D_CRYSTAL_SOURCES)) {
      const pairs = listPairs(DATA_DIR, source as PairSource);
      expect(pairs.every((p) => p.absorber === absorber && p.source === source && p.spectrum !== undefined), source).toBe(true);
    }
    expect(listPairs(DATA_DIR, 'zn-k-feff-crystals').length).toBeGreaterThan(10);
  });
});
