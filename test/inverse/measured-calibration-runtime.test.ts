/**
 * The runtime applies a model folder's measured-calibration.json (src/inverse/measured-calibration.ts):
 * G2 σ and the first-shell σ are widened as the file says, the result says what they mean, a file
 * fitted for another version of the model is not applied (with a warning), a malformed one is an
 * error naming the file. Tiny seeded models in a temp folder; one measured Fe spectrum.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { loadInverseModelDir, predictRdf, rdfBand, readInverseManifest, sigmaFingerprint, writeMeasuredCalibration, type MeasuredCalibration } from '../../src/inverse/index.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { runSeries, seriesEntries } from '../../src/series/index.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath } from '../helpers/data.ts';
import { writeTinyInverseModel } from '../server/tiny-model.ts';

const tmp = mkdtempSync(join(tmpdir(), 'xasinv-measured-cal-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const SPECTRUM = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');

/** A models folder with the tiny Fe model (a fresh folder per case: models are cached by folder). */
function modelsFolder(name: string): { modelsDir: string; dir: string } {
  const modelsDir = join(tmp, name);
  return { modelsDir, dir: writeTinyInverseModel(modelsDir) };
}

function calibration(dir: string, over: Partial<MeasuredCalibration> = {}): MeasuredCalibration {
  const m = readInverseManifest(dir);
  const count = { covered: 1, of: 1 };
  return {
    version: 1,
    kind: 'inverse-measured-calibration',
    element: 'Fe',
    model: { id: m.id, version: m.version, created: m.created, sigma: sigmaFingerprint(m) },
    k: 2,
    statedCoverage: 0.95,
    g2: { scale: 3, devCoverage: { before: 0.5, after: 0.95 }, testCoverage: { before: 0.5, after: 0.9 } },
    firstShell: { form: 'scale+floor', scale: 2, floorAngstrom: 0.05, dev: { spectra: count, compounds: count }, test: { spectra: count, compounds: count } },
    sigmaMeaning: 'test σ meaning: ×3',
    firstShellMeaning: 'test first-shell meaning',
    dev: { compounds: ['a'], spectra: 1 },
    test: { compounds: ['b'], spectra: 1 },
    split: { file: 'split.json', version: 1, testSha256: '0'.repeat(64) },
    provenance: { script: 'test', command: 'test', created: '2026-01-01T00:00:00Z', codeCommit: null },
    ...over,
  };
}

describe('measured calibration at run time', () => {
  it("without a file: σ is the theory σ, the first-shell ± is the members' spread, and the result says so", async () => {
    const { modelsDir } = modelsFolder('none');
    const rdf = await predictRdf(prepareMeasured(SPECTRUM), { modelsDir });
    expect(rdf.uncertainty.calibration).toBe('theory');
    expect(rdf.uncertainty.firstShellMeaning).toMatch(/spread .* not a calibrated error/);
    expect(rdf.firstShell.sigmaKind).toBe('member-spread');
    expect(rdf.g2.sigma).toEqual(rdf.g2.sigmaTheory);
    if (Number.isFinite(rdf.firstShell.spread)) expect(rdf.firstShell.sigma).toBe(rdf.firstShell.spread);
  });

  it('with a file for this model: σ × scale, first-shell σ = √((a·spread)² + b²), and its meaning', async () => {
    const { modelsDir, dir } = modelsFolder('calibrated');
    writeMeasuredCalibration(dir, calibration(dir));
    const rdf = await predictRdf(prepareMeasured(SPECTRUM), { modelsDir });
    expect(rdf.uncertainty).toMatchObject({ calibration: 'measured', sigmaMeaning: 'test σ meaning: ×3', firstShellMeaning: 'test first-shell meaning', g2Scale: 3, firstShell: { form: 'scale+floor', scale: 2, floorAngstrom: 0.05 } });
    expect(rdf.firstShell.sigmaKind).toBe('measured-calibrated');
    rdf.g2.sigma.forEach((s, i) => {
      expect(s).toBeCloseTo(3 * rdf.g2.sigmaTheory[i]!, 6);
      expect(rdf.g2.upper[i]! - rdf.g2.mean[i]!).toBeCloseTo(2 * s, 6);
    });
    expect(rdf.g2.sigmaTheory.some((s) => s > 0)).toBe(true);
    // (The untrained members rarely have a first shell: the formula is checked on rdfBand below.)
    if (Number.isFinite(rdf.firstShell.spread)) expect(rdf.firstShell.sigma).toBeCloseTo(Math.hypot(2 * rdf.firstShell.spread, 0.05), 9);
    expect(rdf.coverage).toBe(0.95);

    // The CLI prints the kind of ± and the meanings; --json carries the new fields.
    const text = await runCli(['rdf', SPECTRUM, '--models', modelsDir]);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/first shell: .* ± (?:[0-9.]+|—) Å \(1σ, calibrated on measured spectra\)/);
    expect(text.out).toContain('test first-shell meaning');
    expect(text.out).toContain('σ: test σ meaning: ×3');
    const json = JSON.parse((await runCli(['rdf', SPECTRUM, '--models', modelsDir, '--json'])).out);
    expect(json.uncertainty.calibration).toBe('measured');
    expect(json.firstShell.sigmaKind).toBe('measured-calibrated');
    json.g2.sigma.forEach((v: number, i: number) => expect(v).toBeCloseTo(3 * json.g2.sigmaTheory[i], 4));

    // A series row equals rdf of the same spectrum, calibration included.
    const series = await runSeries(seriesEntries([{ name: 'Fe2O3_rt_01.xdi', bytes: new Uint8Array(await import('node:fs').then((fs) => fs.readFileSync(SPECTRUM))) }]), { modelsDir });
    expect(series.uncertainty.calibration).toBe('measured');
    expect(series.rows[0]!.firstShell.sigma).toEqual(Number.isFinite(rdf.firstShell.sigma) ? expect.closeTo(rdf.firstShell.sigma, 6) : null);
    series.rows[0]!.g2.sigma.forEach((s, i) => expect(s).toBeCloseTo(rdf.g2.sigma[i]!, 6));

    // rdfBand on a prediction with known members: first shells 1.9, 2.0, 2.1 Å (spread 0.1 Å).
    const model = await loadInverseModelDir(dir);
    const r = model.manifest.g2.r;
    const peak = (at: number) => Float32Array.from(r, (x) => Math.exp(-((x - at) ** 2) / 0.02));
    const members = [1.9, 2.0, 2.1].map(peak);
    const mean = Float32Array.from(r, (_, i) => (members[0]![i]! + members[1]![i]! + members[2]![i]!) / 3);
    const sigma = Float32Array.from(r, () => 0.01);
    const band = rdfBand(model, { n: 1, k: r.length, members, mean, sigmaRaw: sigma, sigmaModel: sigma, sigma });
    expect(band.firstShell.spread).toBeCloseTo(0.1, 2);
    expect(band.firstShell.sigma).toBeCloseTo(Math.hypot(2 * band.firstShell.spread, 0.05), 9);
    expect(band.firstShell.sigma).toBeGreaterThan(0.2);
    band.sigma.forEach((s) => expect(s).toBeCloseTo(0.03, 6));
    const bare = rdfBand({ ...model, measuredCalibration: undefined }, { n: 1, k: r.length, members, mean, sigmaRaw: sigma, sigmaModel: sigma, sigma });
    expect(bare.firstShell.sigma).toBe(bare.firstShell.spread);
    expect(bare.firstShell.sigmaKind).toBe('member-spread');
  });

  it('a file fitted for another version of the model is not applied, with a warning', async () => {
    const { modelsDir, dir } = modelsFolder('stale');
    const c = calibration(dir);
    writeMeasuredCalibration(dir, { ...c, model: { ...c.model, created: '2025-01-01T00:00:00Z' } });
    const rdf = await predictRdf(prepareMeasured(SPECTRUM), { modelsDir });
    expect(rdf.uncertainty.calibration).toBe('theory');
    expect(rdf.g2.sigma).toEqual(rdf.g2.sigmaTheory);
    expect(rdf.warnings.join('\n')).toMatch(/measured-calibration\.json was fitted for another version .* not applied/);
  });

  it('a malformed file is an error naming it', async () => {
    const { dir } = modelsFolder('malformed');
    writeFileSync(join(dir, 'measured-calibration.json'), JSON.stringify({ ...calibration(dir), g2: { scale: -1 } }));
    await expect(loadInverseModelDir(dir)).rejects.toThrow(ParseError);
    await expect(loadInverseModelDir(dir)).rejects.toThrow(/measured-calibration\.json.*g2\.scale/);
  });
});
