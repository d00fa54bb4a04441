/**
 * End to end on a tiny model: train:inverse (2 members, 2 epochs, 40 pairs per split) →
 * fit-confidence → `xasinv check` and `xasinv rdf --json` carry a verdict with reasons.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessInput, assessSpectra, oodIsCurrent, readOodFile, sigmaFingerprint, type Confidence } from '../../src/confidence/index.ts';
import type { InverseManifest } from '../../src/inverse/manifest.ts';
import { loadInverseModel } from '../../src/inverse/ensemble-model.ts';
import { readSpectrum } from '../../src/io/index.ts';
import { prepareMeasured, prepareSpectrum } from '../../src/measured/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath, DATA_DIR } from '../helpers/data.ts';

let root: string;
const FE2O3 = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const CUO = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');

function script(name: string, args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', name), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-conf-'));
  const models = join(root, 'models');
  const t = script('train-inverse.ts', ['--element', 'Fe', '--data', DATA_DIR, '--limit', '40', '--members', '2', '--epochs', '2', '--workers', '1', '--out', join(models, 'inverse', 'fe-k'), '--run-dir', join(root, 'run')]);
  if (t.status !== 0) throw new Error(t.stderr);
  const f = script('fit-confidence.ts', ['--data', DATA_DIR, '--models', models, '--limit', '40']);
  if (f.status !== 0) throw new Error(f.stderr);
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('fit-confidence', () => {
  it('writes a small ood.json with thresholds from the held-out split, and mirrors them in the manifest', () => {
    const dir = join(root, 'models', 'inverse', 'fe-k');
    const ood = readOodFile(dir)!;
    expect(statSync(join(dir, 'ood.json')).size).toBeLessThan(1_000_000);
    expect(ood.pca.components).toHaveLength(30);
    expect(ood.reference.weights).toHaveLength(30);
    expect(ood.pca.components[0]).toHaveLength(111);
    expect(ood.reference.points).toHaveLength(ood.reference.trainingSamples);
    for (const key of ['distance', 'spread', 'sensitivity'] as const) {
      expect(ood.quantiles[key]).toHaveLength(101);
      expect(ood.thresholds[key].unreliable).toBeGreaterThanOrEqual(ood.thresholds[key].caution);
    }
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.confidence.thresholds).toEqual(ood.thresholds);
    expect(ood.model.created).toBe(manifest.created);
  });

  it('is idempotent', () => {
    const again = script('fit-confidence.ts', ['--data', DATA_DIR, '--models', join(root, 'models'), '--limit', '40']);
    expect(again.status).toBe(0);
    expect(again.stderr).toMatch(/is up to date/);
  });

  it('sees a changed σ calibration as stale (fingerprint), so a refit is not skipped', () => {
    const dir = join(root, 'models', 'inverse', 'fe-k');
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as InverseManifest;
    const ood = readOodFile(dir)!;
    expect(ood.model.sigma).toBe(sigmaFingerprint(manifest));
    expect(oodIsCurrent(ood, manifest)).toBe(true);
    const recalibrated = { ...manifest, calibration: { ...manifest.calibration, scale: manifest.calibration.scale * 1.1 } };
    expect(oodIsCurrent(ood, recalibrated)).toBe(false);
    expect(oodIsCurrent(ood, { ...manifest, errorModel: undefined })).toBe(false);
  });
});

describe('xasinv check', () => {
  it('gives one verdict with data-driven reasons for a measured Fe spectrum', async () => {
    const { code, out } = await runCli(['check', FE2O3, '--models', join(root, 'models'), '--json']);
    expect(code).toBe(0);
    const c = JSON.parse(out) as Confidence & { file: string };
    expect(c.file).toBe(FE2O3);
    expect(['ok', 'caution', 'unreliable']).toContain(c.verdict);
    expect(c.score).toBeGreaterThanOrEqual(0);
    expect(c.score).toBeLessThanOrEqual(1);
    const checks = c.reasons.map((r) => r.check);
    for (const k of ['element', 'e0', 'energy-range', 'noise', 'training-distance', 'ensemble-spread', 'sensitivity']) expect(checks).toContain(k);
    for (const r of c.reasons) for (const key of ['check', 'value', 'threshold', 'message']) expect(r).toHaveProperty(key);
    const dist = c.reasons.find((r) => r.check === 'training-distance')!;
    expect(dist.percentile).toBeGreaterThanOrEqual(0);
    expect(dist.percentile).toBeLessThanOrEqual(1);
  });

  it('triages several files at once, unreadable and unmodelled ones included', async () => {
    const { code, out, err } = await runCli(['check', FE2O3, CUO, join(root, 'missing.xdi'), '--models', join(root, 'models'), '--json']);
    // The others are checked; the status says one could not be read (issue 27).
    expect(code).toBe(1);
    expect(err).toMatch(/check: 1 of 3 spectra could not be read \(.*missing\.xdi: no such file\)/);
    const rows = JSON.parse(out) as (Confidence & { file: string })[];
    expect(rows).toHaveLength(3);
    expect(rows[1]!.verdict).toBe('unreliable');
    expect(rows[1]!.reasons[0]!.message).toMatch(/no inverse model for Cu/);
    expect(rows[2]).toMatchObject({ verdict: 'unreliable', score: 0 });
    expect(rows[2]!.reasons[0]!.check).toBe('read');
    const text = await runCli(['check', CUO, '--element', 'Fe', '--models', join(root, 'models')]);
    expect(text.out).toMatch(/: unreliable \(score 0\.\d\d\)\n  unreliable: the edge sits at 8990\.\d eV, which matches Cu K/);
  });
});

describe('confidence on predictions', () => {
  it('rdf --json carries confidence', async () => {
    const { code, out } = await runCli(['rdf', FE2O3, '--models', join(root, 'models'), '--json']);
    expect(code).toBe(0);
    const rdf = JSON.parse(out);
    expect(['ok', 'caution', 'unreliable']).toContain(rdf.confidence.verdict);
    expect(rdf.confidence.reasons.length).toBeGreaterThan(8);
  });

  it('assessSpectra: one batch gives the verdicts assessInput gives, and counts spectra it cannot align', async () => {
    const model = await loadInverseModel('Fe', join(root, 'models'));
    const fe = readSpectrum(FE2O3);
    const cu = readSpectrum(CUO);
    const cut = fe.energyEv.findIndex((e) => e > 7115); // stops at the edge: cannot be put on the model grid
    const short = { ...fe, energyEv: fe.energyEv.slice(0, cut), mu: fe.mu.slice(0, cut) };
    const { rows, x, failed } = await assessSpectra(model, readOodFile(model.dir)!, [fe, short, cu]);
    expect(failed).toBe(1);
    expect(rows).toHaveLength(2);
    expect(x).toHaveLength(2 * 111);
    for (const [row, spectrum] of [[rows[0]!, fe], [rows[1]!, cu]] as const) {
      const single = await assessInput(prepareSpectrum(spectrum), model);
      expect(row.confidence.verdict).toBe(single.verdict);
      expect(row.confidence.score).toBeCloseTo(single.score, 10);
      expect(row.distance).toBeCloseTo(single.statistics!.distance, 10);
      expect(row.dataOnly.reasons.map((r) => r.check)).toEqual(['training-distance', 'ensemble-spread', 'sensitivity']);
    }
    expect(rows[1]!.confidence.verdict).toBe('unreliable'); // a Cu spectrum on the Fe model
  });

  it('calls an input unlike any training spectrum unreliable by distance alone', async () => {
    const model = await loadInverseModel('Fe', join(root, 'models'));
    const prepared = prepareMeasured(FE2O3);
    const ramp = Float32Array.from({ length: 111 }, (_, i) => (i < 20 ? 0 : 2.5 * Math.sin(i / 3)));
    const c = await assessInput(prepared, model, ramp);
    expect(c.reasons.find((r) => r.check === 'training-distance')).toMatchObject({ status: 'unreliable', percentile: 1 });
    expect(c.verdict).toBe('unreliable');
  });
});
