import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { forwardModelDirs, recordConfidenceInManifest, writeOodFile, type OodFile } from '../../src/confidence/index.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-conf-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const threshold = (caution: number) => ({ caution, unreliable: 2 * caution, cautionPercentile: 0.9, unreliablePercentile: 0.99 });
const ood: OodFile = {
  version: 1,
  kind: 'inverse-confidence',
  model: { id: 'fe-k', created: '2026-01-01T00:00:00Z', dataHash: 'h' },
  fitted: '2026-02-02T00:00:00Z',
  command: 'test',
  pca: { dim: 1, mean: [0], components: [[1]], variance: [1] } as unknown as OodFile['pca'],
  reference: { k: 1, trainingSamples: 1, points: [[0]], residuals: [0], weights: [1], residualWeight: 1, noiseFloor: 0, seed: 0 },
  quantiles: { trainingDistance: [], distance: [], spread: [], sensitivity: [] },
  heldOut: { split: 'calibration', samples: 12 },
  // 1.234567 is stored at 5 significant digits in ood.json; the manifest gets the stored value.
  thresholds: { distance: threshold(1.234567), spread: threshold(0.5), sensitivity: threshold(0.1) },
};

describe('recordConfidenceInManifest', () => {
  it('sets only the confidence key of the manifest, with the thresholds as ood.json stores them', () => {
    const dir = join(root, 'inverse', 'fe-k');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ id: 'fe-k', metrics: { medianMse: 0.1 }, confidence: { old: true } }));
    writeOodFile(dir, ood);
    recordConfidenceInManifest(dir, ood);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(m.id).toBe('fe-k');
    expect(m.metrics).toEqual({ medianMse: 0.1 });
    expect(m.confidence).toEqual({ file: 'ood.json', fitted: ood.fitted, heldOut: ood.heldOut, thresholds: { ...ood.thresholds, distance: { ...threshold(1.2346), unreliable: 2.4691 } } });
    expect(readdirSync(dir).sort()).toEqual(['manifest.json', 'ood.json']); // no tmp file left
  });
  it('leaves a folder without manifest alone', () => {
    const dir = join(root, 'bare');
    mkdirSync(dir, { recursive: true });
    writeOodFile(dir, ood);
    recordConfidenceInManifest(dir, ood);
    expect(readdirSync(dir)).toEqual(['ood.json']);
  });
});

describe('forwardModelDirs', () => {
  it('lists the forward model folders holding the file; none without a forward folder', () => {
    const models = join(root, 'models');
    for (const [id, files] of [['a', ['manifest.json', 'ood.json']], ['b', ['manifest.json']], ['c', []]] as const) {
      mkdirSync(join(models, 'forward', id), { recursive: true });
      for (const f of files) writeFileSync(join(models, 'forward', id, f), '{}');
    }
    expect(forwardModelDirs(models, 'manifest.json')).toEqual([join(models, 'forward', 'a'), join(models, 'forward', 'b')]);
    expect(forwardModelDirs(models, 'ood.json')).toEqual([join(models, 'forward', 'a')]);
    expect(forwardModelDirs(join(root, 'nothing'), 'ood.json')).toEqual([]);
  });
});
