import { describe, it, expect } from 'vitest';
import { mkdtempSync, readFileSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrapIndices, outOfBagIndices, repeatRows } from '../../src/ensemble/index.ts';
import { trainEnsemble, loadEnsemble, memberBasePath, runMemberJob } from '../../lab/inverse/index.ts';
import { type EnsembleProgress } from '../../lab/ensemble/index.ts';
import { cnnConfig, initCnnWeights } from '../../src/inverse/index.ts';
import { trainModel } from '../../lab/inverse/index.ts';
import { saveModelWeights } from '../../src/learn/index.ts';
import { writeDatasetFile } from '../../lab/inverse/dataset-file.ts';
import { syntheticPeaks } from '../inverse/synthetic-data.ts';

const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [2, 4, 4], hidden: [16, 8] });

describe('trainEnsemble', () => {
  it('trains missing members in 2 worker processes and resumes after a "crash"', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xasinv-ens-'));
    const data = syntheticPeaks(48, 64, 6, 1);
    // Pretend a previous run finished member 1 (and left a stray tmp file of member 0).
    saveModelWeights(memberBasePath(outDir, 1), { config, weights: initCnnWeights(config, 1), meta: { marker: 'pre-existing' } });
    writeFileSync(join(outDir, 'member-00.json.tmp-99999'), '{');
    const before = statSync(`${memberBasePath(outDir, 1)}.json`).mtimeMs;
    const progress: EnsembleProgress[] = [];
    const run = await trainEnsemble(data, {
      outDir,
      config,
      members: 3,
      workers: 2,
      epochs: 2,
      batchSize: 16,
      seed: 4,
      validation: 'out-of-bag',
      onProgress: (p) => progress.push(p),
    });
    expect(run.skipped).toEqual([1]);
    expect(run.trained.map((t) => t.index)).toEqual([0, 2]);
    expect(statSync(`${memberBasePath(outDir, 1)}.json`).mtimeMs).toBe(before);
    expect(progress.filter((p) => p.member === 2)).toHaveLength(0);
    expect(progress.filter((p) => p.member === 1).map((p) => p.epoch)).toEqual([1, 2]);
    expect(progress.filter((p) => p.member === 3).map((p) => p.epoch)).toEqual([1, 2]);
    expect(progress.every((p) => p.valLoss !== undefined && p.etaSeconds !== undefined && p.members === 3)).toBe(true);

    const members = loadEnsemble(outDir);
    expect(members).toHaveLength(3);
    expect(members[1]!.meta).toEqual({ marker: 'pre-existing' });
    expect(members[0]!.meta!['seed']).toBe(4000);
    expect(members[2]!.meta!['seed']).toBe(4002);
    expect((members[0]!.meta!['history'] as unknown[]).length).toBe(2);
    // Different bootstrap + seed → different weights.
    expect(members[0]!.weights[6]!.data).not.toEqual(members[2]!.weights[6]!.data);
    expect(readdirSync(outDir).filter((f) => f.includes('.tmp-') && !f.endsWith('99999'))).toEqual([]);

    // Everything done → a rerun trains nothing.
    const again = await trainEnsemble(data, { outDir, config, members: 3, epochs: 2, onProgress: () => {} });
    expect(again.trained).toEqual([]);
    expect(again.skipped).toEqual([0, 1, 2]);
  });

  it('a worker process gives the same member as training in-process', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xasinv-ens-'));
    const data = syntheticPeaks(32, 64, 6, 2);
    await trainEnsemble(data, { outDir, config, members: 1, workers: 1, epochs: 2, batchSize: 8, seed: 7, bootstrap: false, onProgress: () => {} });
    const viaWorker = loadEnsemble(outDir)[0]!;
    const local = await trainModel(data, config, { epochs: 2, batchSize: 8, seed: 7000 });
    expect(viaWorker.weights.map((w) => Array.from(w.data))).toEqual(local.model.weights.map((w) => Array.from(w.data)));
  });

  it('reports failing members with a resumable error', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xasinv-ens-'));
    const data = syntheticPeaks(8, 64, 6, 3);
    const err = await trainEnsemble(data, {
      outDir,
      config,
      members: 1,
      epochs: 1,
      onProgress: () => {},
      lossWeights: new Float32Array(2), // wrong length: the worker's trainModel rejects it
    }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(/1 of 1 ensemble members failed .*\n.*member 0: lossWeights has 2 entries/);
  });

  it('oversamples rows after the bootstrap draw: the member equals one trained on the repeated draw, validated on the plain draw\'s out-of-bag rows', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xasinv-ens-'));
    const data = syntheticPeaks(24, 64, 6, 6);
    const rowRepeats = Array.from({ length: 24 }, (_, i) => (i < 4 ? 5 : 1));
    await trainEnsemble(data, { outDir, config, members: 1, workers: 1, epochs: 2, batchSize: 8, seed: 3, validation: 'out-of-bag', rowRepeats, onProgress: () => {} });
    const member = loadEnsemble(outDir)[0]!;
    const drawn = bootstrapIndices(24, 3000);
    const oob = outOfBagIndices(drawn, 24);
    const pick = (rows: Uint32Array) => ({ x: Float32Array.from(Array.from(rows).flatMap((r) => Array.from(data.x.subarray(r * 64, (r + 1) * 64)))), y: Float32Array.from(Array.from(rows).flatMap((r) => Array.from(data.y.subarray(r * 6, (r + 1) * 6)))), n: rows.length, inputLength: 64, outputLength: 6 });
    const local = await trainModel(data, config, { epochs: 2, batchSize: 8, seed: 3000, indices: repeatRows(drawn, rowRepeats), validation: pick(oob) });
    expect(member.weights.map((w) => Array.from(w.data))).toEqual(local.model.weights.map((w) => Array.from(w.data)));
    await expect(trainEnsemble(data, { outDir: mkdtempSync(join(tmpdir(), 'xasinv-ens-')), config, members: 1, rowRepeats: [1, 2], onProgress: () => {} })).rejects.toThrow(/rowRepeats has 2 entries for 24 training rows/);
  });

  it('runMemberJob writes member files in-process', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'xasinv-ens-'));
    writeDatasetFile(join(outDir, 'dataset'), syntheticPeaks(16, 64, 6, 4), syntheticPeaks(4, 64, 6, 5));
    const r = await runMemberJob({
      datasetPath: join(outDir, 'dataset'),
      outDir,
      index: 5,
      seed: 1,
      config,
      train: { epochs: 1, batchSize: 8, learningRate: 2e-3, restoreBest: true },
      bootstrap: true,
      validation: 'given',
    });
    expect(r.index).toBe(5);
    expect(r.bestValLoss).toBeGreaterThan(0);
    const header = JSON.parse(readFileSync(join(outDir, 'member-05.json'), 'utf8'));
    expect(header.meta.validation).toBe('given');
  });
});
