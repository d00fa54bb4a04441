/**
 * A library of the project's own FEFF spectra (the absorbers no forward model covers): only
 * structures with every site computed become entries, the stored spectra are what the records say,
 * the library ranks as its own predictor (the right structure first for a spectrum made from its
 * FEFF spectrum), and a structure outside it is refused with the reason.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary } from '../../lab/library/build.ts';
import { readLibrary } from '../../src/library/index.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { feffLibraryPredictor, feffRecordsOnGrid, isFeffLibrary, libraryCandidates, predictorForLibrary, screenCandidates } from '../../src/screen/index.ts';
import type { SpectrumPredictor } from '../../src/screen/types.ts';
import { parseStructure } from '../../src/structure/index.ts';
import { runCli } from '../helpers/cli.ts';
import { dataPath } from '../helpers/data.ts';

const root = mkdtempSync(join(tmpdir(), 'xasinv-feff-library-'));
const structures = join(root, 'structures');
const out = join(root, 'library');
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Three Mn–O molecules: two computed by the "batch", one not. */
const XYZ = {
  short: '3\nMnO2 short\nMn 0 0 0\nO 1.9 0 0\nO -1.9 0 0\n',
  long: '3\nMnO2 long\nMn 0 0 0\nO 2.3 0 0\nO 0 2.3 0\n',
  none: '3\nMnO2 bent\nMn 0 0 0\nO 2.0 0 0\nO 0 2.0 0.5\n',
};
const sha = (text: string) => createHash('sha256').update(text).digest('hex');
const MN_K = 6539;
/** An edge at E_K + 15 eV, a step of 1 with a white line of height `wl` 4 eV above it. */
const muAt = (e: number, wl: number) => {
  const x = e - MN_K - 15;
  return 0.5 + Math.atan(x / 1.5) / Math.PI + wl * Math.exp(-(((x - 4) / 3) ** 2));
};
const spectrum = (wl: number) => {
  const energyEv = Array.from({ length: 300 }, (_, i) => MN_K + 5 + i * 0.3);
  return { energyEv, mu: energyEv.map((e) => muAt(e, wl)), e0FeffEv: MN_K + 15 };
};
const record = (text: string, wl: number, cardsSha256 = 'c') => ({
  status: 'ok', source: 'x.xyz', structureSha256: sha(text), absorber: 'Mn', site: 0, multiplicity: 1, preset: 'scf-lite', cardsSha256, finishedAt: '2026-12-07T00:00:00Z',
  formula: 'MnO2', cards: {}, radiusAngstrom: 7, clusterAtoms: 3, feffVersion: '10', wallTimeS: 1, cpuTimeS: 1, warnings: [], spectrum: spectrum(wl),
});
const recordsFile = join(root, 'records.jsonl');
const build = (feffRecords: string[]) =>
  buildLibrary({ absorber: 'Mn', feffRecords, paths: [structures], dataDir: root, repoRoot: REPO_ROOT, forwardModelDir: join(REPO_ROOT, 'models', 'forward', 'universal-k-v3'), outDir: out, command: 'test', provenance: {} });

beforeAll(async () => {
  mkdirSync(structures);
  for (const [name, text] of Object.entries(XYZ)) writeFileSync(join(structures, `${name}.xyz`), text);
  writeFileSync(recordsFile, [record(XYZ.short, 0.8), record(XYZ.long, 0)].map((r) => JSON.stringify(r)).join('\n') + '\n');
  await build([recordsFile]);
}, 120_000);

describe('a FEFF library', () => {
  it('keeps the structures whose every site is computed, with the records as its spectra', () => {
    const lib = readLibrary('Mn', out);
    expect(isFeffLibrary(lib)).toBe(true);
    expect(lib.meta.entries.map((e) => e.id)).toEqual(['long', 'short']);
    expect(lib.meta.leftOut).toEqual([{ file: 'structures/none.xyz', reason: 'no FEFF spectrum yet: 0 of 1 Mn sites computed' }]);
    expect(lib.meta.predictions).toMatchObject({ spectra: 'feff', model: { id: 'feff10-scf-lite' }, feff: { preset: 'scf-lite', sites: 2, records: ['records.jsonl'] } });
    const grid = feffRecordsOnGrid([record(XYZ.short, 0.8), record(XYZ.long, 0)] as never);
    const K = grid.gridRelEv.length;
    expect(lib.meta.predictions!.gridLength).toBe(K);
    const short = [...grid.spectra.values()][0]!;
    const stored = lib.predictions!.subarray(2 * K, 3 * K); // entry 1 ('short'): μ
    for (let k = 0; k < K; k += 17) expect(stored[k]).toBeCloseTo(short[k]!, 5);
    expect(Math.max(...lib.predictions!.subarray(3 * K, 4 * K))).toBe(0); // FEFF has no σ
  });

  it('is ranked with its own spectra: the structure whose FEFF spectrum was measured comes first', async () => {
    const lib = readLibrary('Mn', out);
    const forward = { id: 'forward' } as SpectrumPredictor;
    const predictor = predictorForLibrary(lib, forward);
    expect(predictor.id).toBe(lib.meta.predictions!.predictorId);
    expect(predictor.absorbers).toEqual(['Mn']);
    // A "measured" spectrum of the short molecule: its white line, a pre-edge and a long tail.
    const energies = Array.from({ length: 500 }, (_, i) => MN_K - 60 + i * 0.5);
    const measured = join(root, 'measured.dat');
    writeFileSync(measured, `# energy mu\n${energies.map((e) => `${e.toFixed(2)} ${(0.1 + muAt(e + 3, 0.8)).toFixed(6)}`).join('\n')}\n`);
    const prepared = prepareMeasured(measured, { element: 'Mn' });
    const result = await screenCandidates(prepared, [], { predictor, library: await libraryCandidates(lib, predictor), absorber: 'Mn', inverseModelsDir: false, top: 0, sigmaTop: 0, poolFit: null });
    expect(result.candidates.map((c) => c.id)).toEqual(['short', 'long']);
    expect(result.warnings.join('\n')).toMatch(/no theory → experiment energy calibration/);
  });

  it('refuses a structure that is not in it, saying why', async () => {
    const p = feffLibraryPredictor(readLibrary('Mn', out));
    const file = join(structures, 'none.xyz');
    await expect(p.predict(parseStructure(XYZ.none, { name: file }), 'Mn', { file })).rejects.toThrow(/no forward model covers Mn yet: Mn is ranked against the FEFF10 spectra of its library's 2 structures, and this file is not one of them/);
    const ok = join(structures, 'short.xyz');
    expect((await p.predict(parseStructure(XYZ.short, { name: ok }), 'Mn', { file: ok })).sites).toEqual([{ index: 0, multiplicity: 1 }]);
  });

  it('refuses records of two card sets', async () => {
    const mixed = join(root, 'mixed.jsonl');
    writeFileSync(mixed, [record(XYZ.short, 0.8), record(XYZ.long, 0, 'd')].map((r) => JSON.stringify(r)).join('\n') + '\n');
    await expect(build([mixed])).rejects.toThrow(/the Mn FEFF records mix 2 card sets/);
    // Nothing to hold (no structure has its sites computed): no library is written.
    const other = join(root, 'other.jsonl');
    writeFileSync(other, JSON.stringify(record('3\nelsewhere\nMn 0 0 0\nO 2 0 0\nO 0 0 2\n', 0.5)) + '\n');
    await expect(build([other])).rejects.toMatchObject({ code: 'EMPTY_LIBRARY', message: expect.stringMatching(/^Mn: no structure has every Mn site computed by FEFF yet \(3 files read, 3 left out\): no library written$/) });
  });
});

describe('the shipped Zn library (FEFF10 spectra)', () => {
  it('xasinv rank of a measured Zn spectrum ranks it with its own spectra and calibration; the pool fit is not judged', async () => {
    const spectrum = dataPath('experimental', 'xaslib', 'Zn', 'zn_znse_rt.xdi');
    const { code, out: stdout, err } = await runCli(['rank', spectrum, '--top', '3', '--cache', 'none', '--quiet', '--json']);
    expect(code, err).toBe(0);
    const r = JSON.parse(stdout);
    const lib = readLibrary('Zn');
    expect(r.absorber).toBe('Zn');
    expect(r.model.forward.id).toBe(lib.meta.predictions!.model.id);
    expect(r.candidates.length).toBe(lib.meta.entries.length);
    expect(r.candidates[0].source.file).toMatch(/\.cif$/);
    // The library's own calibration (it names the library's predictor), not the E0-anchored fallback.
    expect(r.alignment.description).toMatch(/calibrated on \d+ measured references/);
    expect(r.poolFit).toMatchObject({ verdict: 'not-judged', reasons: [expect.stringMatching(/not judged/)] });
  }, 120_000);

  it('predict on a Zn structure (no forward model for Zn) points to the ranking', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-zno-'));
    try {
      const zno = join(dir, 'zno.xyz');
      writeFileSync(zno, '2\nZnO\nZn 0 0 0\nO 1.95 0 0\n');
      const { code, err } = await runCli(['predict', zno]);
      expect(code).not.toBe(0);
      expect(err).toMatch(/none of the model's absorbers \([A-Za-z, ]+\) is in the structure \(it holds Zn, O\); Zn K spectra can still be ranked against the shipped Zn library/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('rdf on a Zn spectrum (no inverse model) points to the ranking', async () => {
    const { code, err } = await runCli(['rdf', dataPath('experimental', 'xaslib', 'Zn', 'zn_znse_rt.xdi')]);
    expect(code).not.toBe(0);
    expect(err).toMatch(/no inverse model for Zn K-edge spectra \(models exist for: [A-Za-z, ]+\); Zn K spectra can still be ranked against the shipped Zn library of candidate structures \(xasinv rank <spectrum>/);
  }, 60_000);
});
