import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cnnConfig, initCnnWeights, type CnnConfig } from '../../src/inverse/index.ts';
import { trainModel, predictCnn } from '../../lab/inverse/index.ts';
import { seededRng, type ModelWeights } from '../../src/learn/index.ts';
import { ensembleStats, nestPredictions } from '../../src/ensemble/index.ts';
import { cnnToOnnx, ensembleToOnnx } from '../../lab/inverse/index.ts';
import { decodeOnnxModel, createSession, runModel, runModelOutputs, disposeSession, type OnnxSession } from '../../src/onnx/index.ts';
import { writeFileAtomic } from '../../src/io/index.ts';
import { syntheticPeaks } from '../inverse/synthetic-data.ts';

const sessions: OnnxSession[] = [];
afterAll(async () => {
  for (const s of sessions) await disposeSession(s);
});

function randomInputs(n: number, L: number, seed: number): Float32Array {
  const rng = seededRng(seed);
  return Float32Array.from({ length: n * L }, () => rng.normal());
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

async function trained(config: CnnConfig, seed: number): Promise<ModelWeights<CnnConfig>> {
  const data = syntheticPeaks(64, config.inputLength, config.outputLength, seed);
  return (await trainModel(data, config, { epochs: 2, batchSize: 16, seed })).model;
}

describe('cnnToOnnx', () => {
  for (const padding of ['valid', 'same'] as const) {
    it(`matches tfjs to 1e-5 (${padding} padding), dynamic batch`, async () => {
      const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [3, 5, 4], hidden: [16, 8], padding });
      const model = await trained(config, 3);
      const bytes = cnnToOnnx(model, { metadata: { grid: 'test' } });
      const session = await createSession(bytes);
      sessions.push(session);
      expect(session.inputNames).toEqual(['spectrum']);
      expect(session.outputNames).toEqual(['g2']);
      for (const n of [1, 7]) {
        const x = randomInputs(n, 64, 10 + n);
        const viaOnnx = await runModel(session, x, [n, 64]);
        const viaTf = await predictCnn(model, x, n);
        expect(viaOnnx.length).toBe(n * 6);
        expect(maxAbsDiff(viaOnnx, viaTf)).toBeLessThan(1e-5);
        // Non-trivial outputs (the comparison would be vacuous on zeros).
        expect(Math.max(...viaTf.map(Math.abs))).toBeGreaterThan(1e-2);
      }
    });
  }

  it('writes a well-formed ModelProto (opset 13, IR 7, symbolic batch, metadata)', async () => {
    const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [2, 2, 2], hidden: [4] });
    const model = { config, weights: initCnnWeights(config, 1) };
    const decoded = decodeOnnxModel(cnnToOnnx(model, { metadata: { preprocessing: '{"e0":7112}' } }));
    expect(decoded.ir_version).toBe(7);
    expect(decoded.opset_import).toEqual([{ domain: '', version: 13 }]);
    expect(decoded.metadata_props).toEqual([{ key: 'preprocessing', value: '{"e0":7112}' }]);
    const inputDims = decoded.graph.input[0]!.type.tensor_type.shape.dim;
    expect(inputDims).toEqual([{ dim_param: 'N' }, { dim_value: 64 }]);
    expect(decoded.graph.node.map((n) => n.op_type)).toEqual([
      'Reshape', 'Conv', 'Relu', 'Conv', 'Relu', 'Conv', 'Relu', 'Transpose', 'Flatten', 'Gemm', 'Relu', 'Gemm',
    ]);
    const w0 = decoded.graph.initializer.find((t) => t.name === 'conv0.W')!;
    expect(w0.dims).toEqual([2, 1, 8]);
  });

  it('reports a model file that is not ONNX and bad input sizes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-onnx-'));
    writeFileSync(join(dir, 'junk.onnx'), 'not a model');
    await expect(createSession(join(dir, 'junk.onnx'))).rejects.toThrow(/junk\.onnx: cannot load ONNX model/);
    const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [2, 2, 2], hidden: [4] });
    const session = await createSession(cnnToOnnx({ config, weights: initCnnWeights(config, 1) }));
    sessions.push(session);
    await expect(runModel(session, new Float32Array(10), [1, 64])).rejects.toThrow(/need 64/);
    await expect(runModel(session, new Float32Array(60), [1, 60])).rejects.toThrow(/ONNX inference failed/);
    await expect(runModel(session, new Float32Array(64), [1, 64], 'nope')).rejects.toThrow(/outputs are: g2/);
  });
});

describe('ensembleToOnnx', () => {
  it('gives every member, the mean and sigma in one graph', async () => {
    const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [3, 4, 4], hidden: [16, 8] });
    const members = [await trained(config, 1), await trained(config, 2), await trained(config, 3)];
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-onnx-'));
    const path = join(dir, 'ensemble.onnx');
    writeFileAtomic(path, ensembleToOnnx(members));
    const session = await createSession(path);
    sessions.push(session);
    const n = 5;
    const x = randomInputs(n, 64, 99);
    const out = await runModelOutputs(session, x, [n, 64]);
    expect(out['members']!.dims).toEqual([3, n, 6]);
    expect(out['mean']!.dims).toEqual([n, 6]);
    const perMember = await Promise.all(members.map((m) => predictCnn(m, x, n)));
    perMember.forEach((p, m) => expect(maxAbsDiff(out['members']!.data.subarray(m * n * 6, (m + 1) * n * 6), p)).toBeLessThan(1e-5));
    const stats = ensembleStats(nestPredictions(out['members']!.data, 3, n, 6));
    expect(maxAbsDiff(out['mean']!.data, stats.mean.flatMap((r) => Array.from(r)))).toBeLessThan(1e-5);
    expect(maxAbsDiff(out['sigma']!.data, stats.sigma.flatMap((r) => Array.from(r)))).toBeLessThan(1e-5);
    expect(Math.max(...out['sigma']!.data)).toBeGreaterThan(1e-3);
  });

  it('rejects members with different shapes', () => {
    const a = cnnConfig({ inputLength: 64, outputLength: 6, filters: [2, 2, 2], hidden: [4] });
    const b = cnnConfig({ inputLength: 64, outputLength: 5, filters: [2, 2, 2], hidden: [4] });
    expect(() => ensembleToOnnx([{ config: a, weights: initCnnWeights(a, 1) }, { config: b, weights: initCnnWeights(b, 1) }])).toThrow(
      /member 1 maps 64 → 5/,
    );
  });
});

describe('cnnMembersFromOnnx', () => {
  it('reads the members of an ensemble graph back with the tfjs weights they were exported from', async () => {
    const { cnnMembersFromOnnx } = await import('../../lab/inverse/import-cnn.ts');
    const config = cnnConfig({ inputLength: 64, outputLength: 6, filters: [3, 5, 4], hidden: [16, 8] });
    const members = [1, 2, 3].map((seed) => ({ config, weights: initCnnWeights(config, seed) }));
    const back = cnnMembersFromOnnx(ensembleToOnnx(members), config);
    expect(back).toHaveLength(3);
    back.forEach((m, i) => {
      expect(m.weights.map((w) => w.name)).toEqual(members[i]!.weights.map((w) => w.name));
      m.weights.forEach((w, j) => {
        expect(w.shape).toEqual(members[i]!.weights[j]!.shape);
        expect(Array.from(w.data)).toEqual(Array.from(members[i]!.weights[j]!.data));
      });
    });
    // Another architecture than the graph's is refused with the tensor named.
    expect(() => cnnMembersFromOnnx(ensembleToOnnx(members), { ...config, filters: [3, 6, 4] }, 'fe.onnx')).toThrow(/fe\.onnx.*m0\/conv1\.W/);
  });
});

describe('shipped inverse ensembles through tfjs', () => {
  it('members read back from models/inverse/*/ensemble.onnx give the ONNX Runtime member outputs within 1e-5', async () => {
    const { cnnMembersFromOnnx } = await import('../../lab/inverse/import-cnn.ts');
    const { readFileSync } = await import('node:fs');
    const { MODELS_DIR } = await import('../../src/paths.ts');
    const { listInverseModels, readInverseManifest } = await import('../../src/inverse/ensemble-model.ts');
    const { runModelOutputs, disposeSession } = await import('../../src/onnx/session.ts');
    const models = listInverseModels(MODELS_DIR);
    expect(models.size).toBeGreaterThan(0);
    for (const dir of models.values()) {
      const manifest = readInverseManifest(dir);
      const bytes = readFileSync(join(dir, 'ensemble.onnx'));
      const members = cnnMembersFromOnnx(bytes, manifest.architecture);
      expect(members).toHaveLength(manifest.members);
      const L = manifest.architecture.inputLength;
      const K = manifest.architecture.outputLength;
      const rng = seededRng(3);
      const n = 3;
      const x = Float32Array.from({ length: n * L }, (_, i) => Math.min(1.6, Math.max(0, ((i % L) / L) * 1.5 + 0.1 * rng.normal())));
      const session = await createSession(bytes);
      const out = await runModelOutputs(session, x, [n, L]);
      await disposeSession(session);
      for (const m of [0, members.length - 1]) {
        const tf = await predictCnn(members[m]!, x, n);
        let worst = 0;
        for (let i = 0; i < n * K; i++) worst = Math.max(worst, Math.abs(tf[i]! - out.members!.data[m * n * K + i]!));
        expect(worst).toBeLessThan(1e-5);
      }
    }
  }, 60_000);
});
