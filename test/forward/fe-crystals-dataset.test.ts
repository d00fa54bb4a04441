import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feffCrystalMaterialKey, feffCrystalSplit } from '../../src/data/fe-feff-crystals.ts';
import { buildForwardDataset, forwardDataHash, forwardPairs } from '../../src/forward/dataset.ts';
import { DESCRIPTOR_DEFAULTS } from '../../src/forward/descriptor.ts';
import { forwardGrid } from '../../src/forward/grid.ts';
import { defaultForwardModelDir, portableDataHashOf, readForwardManifest, trainingSourcesOf } from '../../src/forward/manifest.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { DATA_DIR } from '../helpers/data.ts';
import { namesInSplit, writeFixture } from '../helpers/fe-feff-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-fe-crystals-ds-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const grid = forwardGrid();
const trainNames = namesInSplit('train', 8);
const records = join(dir, 'records.jsonl');
// Eight training materials with edges at 7124…7131 eV: the median E0 − 7112 is ≈ 15.5 eV.
writeFixture(dir, records, trainNames.map((n, i) => ({ source: `structures/fe-standards/${n}_COD-1.xyz`, e0Ev: 7124 + i, rAngstrom: 1.9 + 0.02 * i })));
const build = (path = records) => buildForwardDataset(dir, { gridEv: grid.energyEv, descriptor: { ...DESCRIPTOR_DEFAULTS }, absorbers: ['Fe'], sources: ['fe-k-feff-crystals'], feRecordsPath: path });

describe('forward dataset with fe-k-feff-crystals', () => {
  it('puts the inline FEFF spectra on the relative grid: offset from the training rows, edge-step normalised, NaN beyond the data; its own split (no 10 % moved to validation)', () => {
    const ds = build();
    expect(ds.rows).toHaveLength(8);
    expect(ds.rows.map((r) => r.split)).toEqual(ds.rows.map((r) => feffCrystalSplit(feffCrystalMaterialKey(r.structurePath))));
    expect(ds.rows.every((r) => r.split === 'train' && r.source === 'fe-k-feff-crystals' && r.absorber === 'Fe')).toBe(true);
    expect(ds.offsetsEv['fe-k-feff-crystals']).toBeCloseTo(15.5, 0);
    const K = ds.outputLength;
    expect(K).toBe(grid.n);
    const off = ds.offsetsEv['fe-k-feff-crystals']!;
    for (let s = 0; s < ds.rows.length; s++) {
      const y = ds.y.subarray(s * K, (s + 1) * K);
      const win = grid.energyEv.map((e, k) => (e >= 20 && e <= 30 ? y[k]! : NaN)).filter(Number.isFinite);
      expect(win.reduce((a, b) => a + b, 0) / win.length).toBeCloseTo(1, 5);
      // Data end at 7180 eV: NaN beyond 7180 − 7112 − offset + 3 eV (clamp), finite before.
      const lastEv = 7180 - 7112 - off;
      expect(ds.rows[s]!.dataRangeEv[1]).toBeCloseTo(lastEv, 3);
      grid.energyEv.forEach((e, k) => expect(Number.isFinite(y[k]!)).toBe(e <= lastEv + 3));
    }
    // The pre-edge starts at −10 eV with data (7100 eV is below it): no NaN there.
    expect(Number.isFinite(ds.y[0]!)).toBe(true);
  });

  it('hashes the inline spectra: another μ gives another data hash', () => {
    const a = build().dataHash;
    const changed = join(dir, 'records-changed.jsonl');
    const lines = readFileSync(records, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { spectrum: { mu: number[] } });
    lines[0]!.spectrum.mu[100]! += 0.01;
    const text = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
    rmSync(changed, { force: true });
    writeFileSync(changed, text);
    expect(build(changed).dataHash).not.toBe(a);
  });

  it('hashes the data the same wherever the data folder sits (the files are named by their paths inside it)', () => {
    const link = join(dir, 'data-elsewhere');
    symlinkSync(DATA_DIR, link);
    const sources = ['co-k-fdmnes-distortions'] as const;
    const here = forwardPairs(DATA_DIR, sources);
    const there = forwardPairs(link, sources);
    expect(there[0]!.structurePath.startsWith(link)).toBe(true);
    expect(forwardDataHash(there, link)).toBe(forwardDataHash(here, DATA_DIR));
    // …but another file list does give another hash.
    expect(forwardDataHash(here.slice(1), DATA_DIR)).not.toBe(forwardDataHash(here, DATA_DIR));
  });

  it("reproduces the shipped model's data hash from the data beside the checkout (its five sources and data/feff-fe-crystals)", () => {
    const m = readForwardManifest(defaultForwardModelDir());
    // The batch goes on appending to the records file: the model read its first bytes.
    const { path, bytes } = m.training.feRecords as { path: string; bytes: number };
    const feRecordsPath = join(REPO_ROOT, path);
    expect(forwardDataHash(forwardPairs(DATA_DIR, trainingSourcesOf(m), { feRecordsPath, feRecordsBytes: bytes }), DATA_DIR)).toBe(portableDataHashOf(m));
  });
});
