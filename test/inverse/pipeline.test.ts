/**
 * End to end on a tiny model: train:inverse (2 members, 2 epochs, 40 pairs per split) → ONNX +
 * manifest → `xasinv rdf --json` on a measured spectrum. The shipped models are trained by the
 * same script with the full data (see README).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { dataPath, DATA_DIR } from '../helpers/data.ts';
import { runCli } from '../helpers/cli.ts';

let root: string;
let firstRun: { status: number | null; stderr: string };

function train(extra: string[] = []): { status: number | null; stderr: string } {
  const args = ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'train-inverse.ts'), '--element', 'Fe', '--data', DATA_DIR, '--limit', '40', '--members', '2', '--epochs', '2', '--out', join(root, 'models', 'inverse', 'fe-k'), '--run-dir', join(root, 'run'), ...extra];
  const r = spawnSync(process.execPath, args, { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-inv-'));
  firstRun = train(['--workers', '2']);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('train:inverse → rdf', () => {
  it('writes an ONNX ensemble and a complete manifest', () => {
    expect(existsSync(join(root, 'models', 'inverse', 'fe-k', 'ensemble.onnx'))).toBe(true);
    const m = JSON.parse(readFileSync(join(root, 'models', 'inverse', 'fe-k', 'manifest.json'), 'utf8')) as InverseManifest;
    expect(m.element).toBe('Fe');
    expect(m.members).toBe(2);
    expect(m.g2.r).toHaveLength(50);
    expect(m.recipe.grid.n).toBe(111);
    expect(m.training.dataHash).toMatch(/^[0-9a-f]{64}$/);
    expect(m.calibration.perBinScale).toHaveLength(50);
    expect(m.calibration.coverageAfter).toBeGreaterThan(m.calibration.coverageBefore);
    expect(Number.isFinite(m.metrics.medianMse)).toBe(true);
    expect(m.errorModel?.weights).toHaveLength(4);
    expect(m.errorModel?.reference.n).toBe(m.training.samples.train);
    expect(existsSync(join(root, 'models', 'inverse', 'fe-k', m.errorModel!.reference.file))).toBe(true);
  });

  it('calibrate:inverse refits the same error model and calibration on the trained model', () => {
    const dir = join(root, 'models', 'inverse', 'fe-k');
    const before = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as InverseManifest;
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'calibrate-inverse.ts'), '--element', 'Fe', '--data', DATA_DIR, '--limit', '40', '--models', join(root, 'models')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/test: coverage [0-9.]+ → [0-9.]+, Pearson/);
    const after = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as InverseManifest;
    after.errorModel!.weights.forEach((w, i) => expect(w).toBeCloseTo(before.errorModel!.weights[i]!, 4));
    expect(after.calibration.scale).toBeCloseTo(before.calibration.scale, 4);
    const bad = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'calibrate-inverse.ts'), '--element', 'Co', '--models', join(root, 'models')], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no trained Co inverse model/);
  }, 60_000);

  it('trains with progress lines and resumes without retraining finished members', () => {
    expect(firstRun.status).toBe(0);
    expect(firstRun.stderr).toMatch(/member 2\/2 epoch 2\/2 loss [0-9.]+ val [0-9.]+ ETA/);
    const again = train();
    expect(again.status).toBe(0);
    expect(again.stderr).not.toMatch(/member \d+\/2 epoch/);
    expect(again.stderr).toMatch(/wrote/);
    // Other settings: the finished members are not mixed in; one error line, exit 2, nothing trained.
    const other = train(['--epochs', '3']);
    expect(other.status).toBe(2);
    expect(other.stderr).toMatch(/^error: run folder .* holds members trained with other settings \(epochs\); rerun with --fresh/m);
    expect(other.stderr).not.toMatch(/member \d+\/2 epoch/);
  }, 120_000);

  it('rdf --json gives the documented shape for a measured Fe spectrum', async () => {
    const { code, out } = await runCli(['rdf', dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi'), '--models', join(root, 'models'), '--json']);
    expect(code).toBe(0);
    const rdf = JSON.parse(out);
    expect(rdf.element).toBe('Fe');
    expect(rdf.edge).toBe('K');
    expect(rdf.r).toHaveLength(50);
    for (const key of ['mean', 'sigma', 'lower', 'upper']) expect(rdf.g2[key]).toHaveLength(50);
    expect(rdf.coverage).toBe(0.95);
    expect(rdf.members).toBe(2);
    expect(rdf.model.id).toBe('fe-k');
    expect(rdf.g2.sigma.every((s: number) => s >= 0)).toBe(true);
    expect(rdf.g2.lower[10]).toBeLessThanOrEqual(rdf.g2.upper[10]);
    expect(Array.isArray(rdf.warnings)).toBe(true);
  });

  it('says clearly when no model covers the element', async () => {
    const { code, err } = await runCli(['rdf', dataPath('experimental', 'larch', 'xafsdata', 'cu_metal_rt.xdi'), '--models', join(root, 'models')]);
    expect(code).toBe(2);
    expect(err).toMatch(/no inverse model for Cu K-edge spectra \(models exist for: Fe\)/);
  });
});
