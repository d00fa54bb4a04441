/**
 * Forward-model confidence on a tiny model: train:forward (--limit 20, 2 members, 2 epochs) →
 * fit-confidence (per-absorber references) → assessForward on a real and an absurd Cu environment.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessForward, forwardSpread, MIN_VALIDATION_ETA, modelAccuracyReason, readForwardOod } from '../../src/confidence/index.ts';
import { descriptorParamsOf, readPairStructure, siteDescriptor, validGridIndices } from '../../src/forward/index.ts';
import { closeForwardModel, loadForwardModel, predictStructure, type ForwardModel } from '../../src/forward/predict.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { makeStructure, readStructure } from '../../src/structure/index.ts';
import { dataPath, DATA_DIR } from '../helpers/data.ts';

let root: string;
let dir: string;
let model: ForwardModel;

function script(name: string, args: string[]): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts', name), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-conf-fwd-'));
  dir = join(root, 'models', 'forward', 'tiny');
  script('train-forward.ts', ['--data', DATA_DIR, '--limit', '20', '--members', '2', '--epochs', '2', '--hidden', '16', '--out', dir]);
  script('fit-confidence.ts', ['--data', DATA_DIR, '--models', join(root, 'models'), '--skip-inverse', '--limit', '20']);
  model = await loadForwardModel(dir);
}, 180_000);

afterAll(async () => {
  if (model) await closeForwardModel(model);
  rmSync(root, { recursive: true, force: true });
});

describe('forward confidence', () => {
  it('stores one reference per trained absorber with thresholds from validation sites', () => {
    const ood = readForwardOod(dir)!;
    expect(ood.model.created).toBe(model.manifest.created);
    for (const el of ['Co', 'Cu', 'Fe']) {
      const a = ood.absorbers[el]!;
      expect(a.standardise.mean).toHaveLength(model.manifest.descriptor.length);
      expect(a.thresholds.distance.unreliable).toBeGreaterThanOrEqual(a.thresholds.distance.caution);
      expect(a.quantiles.spread).toHaveLength(101);
    }
  });

  it('gives a CuO prediction distance and spread reasons, and calls a squeezed Cu–O environment unreliable', async () => {
    const ood = readForwardOod(dir);
    const cuo = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    const c = assessForward(cuo, await predictStructure(model, cuo), model, ood);
    expect(c.reasons.map((r) => r.check)).toEqual(expect.arrayContaining(['environment-distance', 'ensemble-spread', 'model-accuracy']));
    expect(c.score).toBeGreaterThanOrEqual(0);
    // Cu with six O at 0.9 Å: no oxide looks like this.
    const d = 0.9;
    const squeezed = makeStructure({ species: ['Cu', 'O', 'O', 'O', 'O', 'O', 'O'], cartCoords: [0, 0, 0, d, 0, 0, -d, 0, 0, 0, d, 0, 0, -d, 0, 0, 0, d, 0, 0, -d], name: 'squeezed' });
    const bad = assessForward(squeezed, await predictStructure(model, squeezed), model, ood);
    expect(bad.reasons.find((r) => r.check === 'environment-distance')).toMatchObject({ status: 'unreliable', percentile: 1 });
    expect(bad.verdict).toBe('unreliable');
  });

  it('measures the ensemble spread of a reference site on the bins a prediction returns (the absorber\'s valid range)', async () => {
    // The tiny model is on the wide grid: Fe is valid to ≈ +49 eV of +127.5.
    const { from, to } = validGridIndices(model.manifest, 'Fe');
    expect(to - from).toBeLessThan(model.manifest.grid.n);
    const fe = readPairStructure(join(dataPath('pairs', 'fe-k-fdmnes-molecules', 'xyz_test'), readdirSync(dataPath('pairs', 'fe-k-fdmnes-molecules', 'xyz_test')).sort()[0]!));
    const p = await predictStructure(model, fe, { site: 0 });
    const fromPrediction = p.sites[0]!.sigma.reduce((a, b) => a + b, 0) / p.sites[0]!.sigma.length;
    const [spread] = await forwardSpread(model, siteDescriptor(fe, 0, model.manifest.elements, descriptorParamsOf(model.manifest)), 1, 'Fe');
    expect(spread).toBeCloseTo(fromPrediction, 6);
  });

  it('cautions for an absorber the model barely beats the mean spectrum on, from the manifest metrics', () => {
    const metrics = { validation: { S: { eta: 1.38 }, Cu: { eta: 6.9 } } };
    expect(modelAccuracyReason(metrics, 'S')).toMatchObject({ check: 'model-accuracy', status: 'caution', value: 1.38, threshold: MIN_VALIDATION_ETA });
    expect(modelAccuracyReason(metrics, 'S')!.message).toMatch(/barely better than the average S training spectrum/);
    expect(modelAccuracyReason(metrics, 'Cu')).toMatchObject({ status: 'ok', value: 6.9 });
    expect(modelAccuracyReason(metrics, 'Fe')).toBeUndefined();
    expect(modelAccuracyReason({}, 'S')).toBeUndefined();
  });

  it('says so when the reference belongs to another version of the model', async () => {
    const cuo = readStructure(dataPath('pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR'));
    const ood = readForwardOod(dir)!;
    const c = assessForward(cuo, await predictStructure(model, cuo), model, { ...ood, model: { ...ood.model, created: '2000-01-01T00:00:00Z' } });
    expect(c).toMatchObject({ verdict: 'caution', reasons: [{ check: 'calibration' }] });
  });
});
