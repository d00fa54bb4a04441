/** `xasinv models`: one row per element, the 3d gaps shown, numbers read off the shipped models. */
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readForwardManifest } from '../../src/forward/index.ts';
import { defaultForwardModelDir } from '../../src/forward/manifest.ts';
import { readLibrary } from '../../src/library/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { elementSupport, type ElementSupport } from '../../src/support/index.ts';
import { runCli } from '../helpers/cli.ts';

describe('xasinv models', () => {
  it('lists every 3d element, with the shipped models where there are some', async () => {
    const { code, out } = await runCli(['models', '--json']);
    expect(code).toBe(0);
    const rows = JSON.parse(out) as ElementSupport[];
    expect(rows.map((r) => r.element)).toEqual(expect.arrayContaining(['Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn']));
    const byEl = Object.fromEntries(rows.map((r) => [r.element, r]));
    const manifest = readForwardManifest(defaultForwardModelDir());
    for (const el of manifest.elements) expect(byEl[el]!.forward?.eta).toBeCloseTo((manifest.metrics as { validation: Record<string, { eta: number }> }).validation[el]!.eta, 6);
    expect(byEl['Fe']!.inverse?.firstShellMedianAngstrom).toBeGreaterThan(0);
    expect(byEl['Fe']!.library?.structures).toBeGreaterThan(100);
    // How well it ranks measured spectra: the benchmark's frozen test half, with the random base rate.
    const fe = byEl['Fe']!.ranking!;
    expect(fe.spectra).toBeGreaterThan(0);
    expect(fe.top5).toBeLessThanOrEqual(fe.spectra);
    expect(fe.top5Random).toBeGreaterThanOrEqual(0);
    // Zn: no model yet, a library of the project's FEFF10 spectra with its own calibration.
    if (!manifest.elements.includes('Zn')) expect(byEl['Zn']).toMatchObject({ forward: null, inverse: null, library: { spectra: 'feff', structures: expect.any(Number) }, calibration: { score: expect.any(String) } });
    const text = await runCli(['models']);
    expect(text.out).toMatch(/^Zn\s+no model\s+no model; a library phase.s FEFF10 spectrum\s+\d+ structures \(FEFF10 spectra\)/m);
    expect(text.out).toMatch(new RegExp(`^Fe .* ${fe.top5}/${fe.spectra} \\(${fe.top5Random.toFixed(1)}\\); `, 'm'));
  });

  it('an empty models folder lists the 3d elements with nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-models-'));
    try {
      const { code, out } = await runCli(['models', '--models', dir, '--json']);
      expect(code).toBe(0);
      const rows = JSON.parse(out) as ElementSupport[];
      expect(rows).toHaveLength(9);
      expect(rows.every((r) => r.forward === null && r.inverse === null && r.library === null && r.calibration === null && r.ranking === null)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shows a benchmark result only for the library it was measured on', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-models-'));
    try {
      cpSync(join(MODELS_DIR, 'library', 'Zn'), join(dir, 'library', 'Zn'), { recursive: true });
      mkdirSync(join(dir, 'screen'));
      const id = readLibrary('Zn').meta.predictions!.predictorId;
      const result = { spectra: 10, compounds: 3, pool: 13, top5: 7, top5Random: 7, valenceRight: 10, valenceScored: 10, valenceRandom: 9.2 };
      const write = (predictor: string) => writeFileSync(join(dir, 'screen', 'ranking-benchmark.json'), JSON.stringify({ elements: { Zn: { ...result, predictor } } }));
      write(id);
      expect(elementSupport(dir).find((r) => r.element === 'Zn')!.ranking).toEqual(result);
      write('feff-library:Zn@000000000000');
      expect(elementSupport(dir).find((r) => r.element === 'Zn')!.ranking).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
