import { describe, it, expect, afterAll } from 'vitest';
import { mlpConfig, initMlpWeights, predictMlp, widenMlpInput, type MlpModel } from '../../lab/forward/index.ts';
import { memberStats } from '../../src/ensemble/index.ts';
import { mlpEnsembleToOnnx } from '../../lab/forward/mlp-to-onnx.ts';
import { createSession, runModelOutputs, disposeSession, decodeOnnxModel, type OnnxSession } from '../../src/onnx/index.ts';
import { seededRng } from '../../src/learn/index.ts';
import { InputError } from '../../src/errors.ts';

const sessions: OnnxSession[] = [];
afterAll(async () => {
  for (const s of sessions) await disposeSession(s);
});

function member(seed: number, mean: Float32Array, scale: Float32Array): MlpModel {
  const config = mlpConfig({ inputLength: 12, outputLength: 9, hidden: [16, 8] });
  return { config, weights: initMlpWeights(config, seed, Array.from({ length: 9 }, (_, k) => 0.2 + 0.1 * k)), featureMean: mean, featureScale: scale };
}

describe('forward MLP ensemble → ONNX', () => {
  const rng = seededRng(21);
  const mean = Float32Array.from({ length: 12 }, () => rng.normal());
  const scale = Float32Array.from({ length: 12 }, () => 0.3 + rng.uniform());
  const members = [1, 2, 3, 4, 5].map((s) => member(s, mean, scale));
  const n = 7;
  const x = Float32Array.from({ length: n * 12 }, () => 2 * rng.normal());

  it('onnxruntime members/mean/sigma agree with tfjs within 1e-5', async () => {
    const bytes = mlpEnsembleToOnnx(members);
    const decoded = decodeOnnxModel(bytes);
    expect(decoded.graph.output.map((o) => o.name)).toEqual(['members', 'mean', 'sigma']);
    const session = await createSession(bytes);
    sessions.push(session);
    const out = await runModelOutputs(session, x, [n, 12]);
    expect(out.members!.dims).toEqual([5, n, 9]);
    expect(out.mean!.dims).toEqual([n, 9]);
    const tf = await Promise.all(members.map((m) => predictMlp(m, x, n)));
    const { mean: mu, sigma } = memberStats(tf);
    let d = 0;
    for (let m = 0; m < 5; m++) for (let i = 0; i < n * 9; i++) d = Math.max(d, Math.abs(out.members!.data[m * n * 9 + i]! - tf[m]![i]!));
    for (let i = 0; i < n * 9; i++) {
      d = Math.max(d, Math.abs(out.mean!.data[i]! - mu[i]!), Math.abs(out.sigma!.data[i]! - sigma[i]!));
      expect(out.mean!.data[i]).toBeGreaterThanOrEqual(0);
      expect(out.sigma!.data[i]).toBeGreaterThan(0);
    }
    expect(d).toBeLessThan(1e-5);
  });

  it('reads members trained on part of the descriptor through one shared Gather, with the same numbers as tfjs and a smaller file', async () => {
    const cols = [0, 2, 3, 7];
    const narrowConfig = mlpConfig({ inputLength: cols.length, outputLength: 9, hidden: [16, 8] });
    const narrow = (seed: number): MlpModel => widenMlpInput(
      { config: narrowConfig, weights: initMlpWeights(narrowConfig, seed, Array.from({ length: 9 }, () => 0.5)), featureMean: Float32Array.from(cols, (c) => mean[c]!), featureScale: Float32Array.from(cols, (c) => scale[c]!) },
      cols,
      { mean, scale },
    );
    const mixed = [...members.slice(0, 3), narrow(11), narrow(12)];
    const bytes = mlpEnsembleToOnnx(mixed);
    const gathers = decodeOnnxModel(bytes).graph.node.filter((nd) => nd.op_type === 'Gather');
    expect(gathers).toHaveLength(1);
    expect(bytes.length).toBeLessThan(mlpEnsembleToOnnx(members).length);
    const session = await createSession(bytes);
    sessions.push(session);
    const out = await runModelOutputs(session, x, [n, 12]);
    const tf = await Promise.all(mixed.map((m) => predictMlp(m, x, n)));
    let d = 0;
    for (let m = 0; m < mixed.length; m++) for (let i = 0; i < n * 9; i++) d = Math.max(d, Math.abs(out.members!.data[m * n * 9 + i]! - tf[m]![i]!));
    expect(d).toBeLessThan(1e-5);
  });

  it('at the shipped sizes of the wide model (1354 features → [256, 256] → 551 grid points) onnxruntime agrees with tfjs within 1e-5', async () => {
    const F = 1354;
    const K = 551;
    const r = seededRng(5);
    const fm = Float32Array.from({ length: F }, () => r.normal());
    const fs = Float32Array.from({ length: F }, () => 0.5 + r.uniform());
    const config = mlpConfig({ inputLength: F, outputLength: K, hidden: [256, 256] });
    const big = [31, 32, 33].map((seed) => ({ config, weights: initMlpWeights(config, seed, Array.from({ length: K }, (_, k) => 0.3 + k / K)), featureMean: fm, featureScale: fs }));
    const rows = 4;
    const xb = Float32Array.from({ length: rows * F }, () => r.normal());
    const session = await createSession(mlpEnsembleToOnnx(big));
    sessions.push(session);
    const out = await runModelOutputs(session, xb, [rows, F]);
    expect(out.mean!.dims).toEqual([rows, K]);
    const tf = await Promise.all(big.map((m) => predictMlp(m, xb, rows)));
    const { mean: mu, sigma } = memberStats(tf);
    let d = 0;
    for (let i = 0; i < rows * K; i++) d = Math.max(d, Math.abs(out.mean!.data[i]! - mu[i]!), Math.abs(out.sigma!.data[i]! - sigma[i]!));
    expect(d).toBeLessThan(1e-5);
  });

  it('refuses members with different standardisation or shapes', () => {
    const other = member(9, Float32Array.from(mean, (v) => v + 1), scale);
    expect(() => mlpEnsembleToOnnx([members[0]!, other])).toThrow(InputError);
    expect(() => mlpEnsembleToOnnx([])).toThrow(/at least one member/);
  });
});
