/**
 * The inverse model's extra training source (FEFF Fe crystal sites, inline spectra): splits, model
 * inputs, targets, data hash, oversampling and the train:inverse option, on a tiny records fixture
 * built here (FeO6 "crystals" beside a link to the shared molecule pairs).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildInverseDataset, hashPairs } from '../../src/inverse/dataset.ts';
import { readInverseManifest } from '../../src/inverse/ensemble-model.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { theoryToModelInput } from '../../src/inverse/model-input.ts';
import { INVERSE_TARGETS, targetSplits } from '../../src/inverse/targets.ts';
import { buildSourcesDataset, inverseSourceSplits, modelSourceSplits, rowRepeatsOf, sourceRecipe, sourceSplitsHash } from '../../src/inverse/training-sources.ts';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { readStructure, wacsfG2 } from '../../src/structure/index.ts';
import { DATA_DIR } from '../helpers/data.ts';
import { namesInSplit, writeFixture } from '../helpers/fe-feff-records.ts';

const Fe = INVERSE_TARGETS.Fe!;
const dir = mkdtempSync(join(tmpdir(), 'xasinv-inv-sources-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// The data folder: the shared molecule pairs (linked) and three train, one val and one test "mineral".
symlinkSync(join(DATA_DIR, 'pairs'), join(dir, 'pairs'));
const train = namesInSplit('train', 3);
const [val] = namesInSplit('val', 1);
const [test] = namesInSplit('test', 1);
const records = join(dir, 'records.jsonl');
const sites = [...train, val!, test!].map((n, i) => ({ source: `structures/fe-standards/${n}_AMCSD-1.xyz`, e0Ev: 7122 + i, rAngstrom: 1.9 + 0.05 * i }));
writeFixture(dir, records, sites);

describe('inverseSourceSplits', () => {
  it("keeps the main source's splits and adds the crystals by their own material-level split (val → calibration)", () => {
    const splits = inverseSourceSplits(dir, Fe, ['fe-k-feff-crystals'], { feRecordsPath: records });
    expect(splits.map((s) => s.source)).toEqual(['fe-k-fdmnes-molecules', 'fe-k-feff-crystals']);
    const main = targetSplits(dir, Fe);
    expect(splits[0]!.train.map((p) => p.id)).toEqual(main.train.map((p) => p.id));
    expect(splits[0]!.test).toHaveLength(main.test.length);
    const c = splits[1]!;
    expect(c.train.map((p) => p.materialId)).toEqual(train.map((n) => `${n}_AMCSD-1`));
    expect(c.calibration.map((p) => p.materialId)).toEqual([`${val}_AMCSD-1`]);
    expect(c.test.map((p) => p.materialId)).toEqual([`${test}_AMCSD-1`]);
  });

  it('refuses a source the target does not allow, naming the allowed ones', () => {
    expect(() => inverseSourceSplits(dir, Fe, ['cu-k-feff-crystals'])).toThrow(/Fe inverse models cannot train on cu-k-feff-crystals; extra sources: fe-k-feff-crystals/);
  });
});

describe('buildSourcesDataset', () => {
  it('stacks the sources in order; crystal rows are prepared with the FEFF settings (no arctangent) and carry the G2 of their Fe site', () => {
    const splits = inverseSourceSplits(dir, Fe, ['fe-k-feff-crystals'], { feRecordsPath: records }).map((s) => ({ ...s, train: s.train.slice(0, 3) }));
    const { dataset, parts } = buildSourcesDataset(splits, 'train', Fe, { hooks: { cache: false } });
    expect(parts).toEqual([{ source: 'fe-k-fdmnes-molecules', n: 3 }, { source: 'fe-k-feff-crystals', n: 3 }]);
    expect(dataset.n).toBe(6);
    const L = dataset.inputLength;
    const K = dataset.outputLength;
    const feff = sourceRecipe(Fe, 'fe-k-feff-crystals');
    expect(feff.theory).toMatchObject({ code: 'feff', gaussianFwhmEv: 1 });
    expect(feff.theory.arctan).toBeUndefined();
    expect(feff.grid).toEqual(Fe.recipe.grid);
    splits[1]!.train.forEach((p, i) => {
      const e = Float64Array.from(p.spectrum!.energyEv);
      const mu = Float64Array.from(p.spectrum!.mu);
      const row = dataset.x.subarray((3 + i) * L, (4 + i) * L);
      expect(Array.from(row)).toEqual(Array.from(theoryToModelInput(e, mu, feff).x));
      // The molecules' FDMNES recipe (arctangent broadening) would give another input.
      expect(Array.from(row)).not.toEqual(Array.from(theoryToModelInput(e, mu, Fe.recipe).x));
      expect(Array.from(dataset.y.subarray((3 + i) * K, (4 + i) * K))).toEqual(Array.from(Float32Array.from(wacsfG2(readStructure(p.structurePath), 0))));
    });
    expect(dataset.ids.slice(3)).toEqual(splits[1]!.train.map((p) => p.id));
    expect(rowRepeatsOf(parts, { 'fe-k-feff-crystals': 8 })).toEqual([1, 1, 1, 8, 8, 8]);
  });

  it('does not reuse a cached dataset when an inline spectrum changed under the same records path', () => {
    const path = join(dir, 'records-cache.jsonl');
    writeFixture(dir, path, sites.slice(0, 1));
    const first = buildInverseDataset(inverseSourceSplits(dir, Fe, ['fe-k-feff-crystals'], { feRecordsPath: path })[1]!.train, sourceRecipe(Fe, 'fe-k-feff-crystals'));
    const rec = JSON.parse(readFileSync(path, 'utf8')) as { spectrum: { mu: number[] } };
    rec.spectrum.mu = rec.spectrum.mu.map((v, i) => (i > 80 ? v * 1.2 : v));
    writeFileSync(path, `${JSON.stringify(rec)}\n`);
    const second = buildInverseDataset(inverseSourceSplits(dir, Fe, ['fe-k-feff-crystals'], { feRecordsPath: path })[1]!.train, sourceRecipe(Fe, 'fe-k-feff-crystals'));
    expect(Array.from(second.x)).not.toEqual(Array.from(first.x));
  });
});

describe('hashPairs', () => {
  it('covers inline spectra: another μ under the same records path gives another hash', () => {
    const pairsOf = (path: string) => inverseSourceSplits(dir, Fe, ['fe-k-feff-crystals'], { feRecordsPath: path })[1]!.train;
    const a = hashPairs(pairsOf(records));
    const changed = join(dir, 'records-changed.jsonl');
    const lines = readFileSync(records, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { spectrum: { mu: number[] } });
    lines[0]!.spectrum.mu[100]! += 0.01;
    writeFileSync(changed, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    expect(hashPairs(pairsOf(changed))).not.toBe(a);
    expect(hashPairs(pairsOf(records))).toBe(a);
  });

  it("reproduces the shipped Fe model's data hash from its own sources", () => {
    const m = readInverseManifest(join(MODELS_DIR, 'inverse', 'fe-k'));
    expect(sourceSplitsHash(modelSourceSplits(DATA_DIR, Fe, m).splits)).toBe(m.training.dataHash);
  });
});

describe('train:inverse --sources', () => {
  const run = (extra: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'train-inverse.ts'), '--element', 'Fe', '--data', dir, '--fe-records', records, '--limit', '40', '--members', '2', '--epochs', '1', '--workers', '1', '--out', join(dir, 'models', 'inverse', 'fe-k'), '--run-dir', join(dir, 'run'), ...extra], { cwd: REPO_ROOT, encoding: 'utf8' });

  it('trains on the molecules plus the crystal training sites (oversampled), calibrates on both, scores the held-out crystal sites and records it all in the manifest', () => {
    const r = run(['--sources', 'fe-k-fdmnes-molecules,fe-k-feff-crystals', '--repeat', 'fe-k-feff-crystals=4']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/fe-k-feff-crystals: 3 train, 1 calibration, 1 test pairs, training rows ×4/);
    expect(r.stderr).toMatch(/oversampling \{"fe-k-feff-crystals":4\}: 52 training rows per epoch from 43/);
    const m = JSON.parse(readFileSync(join(dir, 'models', 'inverse', 'fe-k', 'manifest.json'), 'utf8')) as InverseManifest;
    expect(m.training.data).toBe('fe-k-fdmnes-molecules+fe-k-feff-crystals');
    expect(m.training.samples).toMatchObject({ train: 43, calibration: 41, test: 40 });
    expect(m.training.extraSources).toHaveLength(1);
    expect(m.training.extraSources![0]).toMatchObject({ source: 'fe-k-feff-crystals', repeat: 4, recordsPath: records, samples: { train: 3, calibration: 1, test: 1 }, theory: { code: 'feff' } });
    expect(m.training.command).toBe('npm run train:inverse -- --element Fe --members 2 --epochs 1 --sources fe-k-fdmnes-molecules,fe-k-feff-crystals --repeat fe-k-feff-crystals=4');
    expect(m.errorModel?.reference.n).toBe(43);
    expect(m.metrics['fe-k-feff-crystals.testSamples']).toBe(1);
    // The hash covers the crystal spectra: the molecules alone hash differently.
    const { splits } = modelSourceSplits(dir, Fe, m, { limit: 40 });
    expect(sourceSplitsHash(splits)).toBe(m.training.dataHash);
    expect(sourceSplitsHash(splits.slice(0, 1))).not.toBe(m.training.dataHash);
  }, 240_000);

  it('refuses a source the target does not allow and a --repeat of a source not in the run', () => {
    const bad = run(['--sources', 'fe-k-fdmnes-molecules,cu-k-feff-crystals']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^error: --sources: cu-k-feff-crystals not allowed for Fe; extra sources: fe-k-feff-crystals$/m);
    const rep = run(['--repeat', 'fe-k-feff-crystals=4']);
    expect(rep.status).toBe(2);
    expect(rep.stderr).toMatch(/^error: --repeat: "fe-k-feff-crystals=4" is not <source of this run>=<whole number ≥ 1>; sources: fe-k-fdmnes-molecules$/m);
  }, 60_000);
});
