/**
 * A candidate library built from structure files gives the same screening features as the files
 * themselves: stored predictions (same predictor id), predictions from the stored descriptors
 * (another id), G2 and chemistry; a damaged or foreign library is refused with the reason.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary, LIBRARY_G2 } from '../../lab/library/build.ts';
import { ParseError, UnsupportedError } from '../../src/errors.ts';
import { fromHalf, listLibraries, packHalf, readLibrary, toHalf, unpackHalf } from '../../src/library/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { candidateG2 } from '../../src/screen/rdf-vote.ts';
import { forwardPredictor } from '../../src/screen/forward-predictor.ts';
import { libraryCandidates } from '../../src/screen/library-candidates.ts';
import type { SpectrumPredictor } from '../../src/screen/types.ts';
import { parseStructure } from '../../src/structure/index.ts';
import { runCli } from '../helpers/cli.ts';
import { DATA_DIR, dataPath } from '../helpers/data.ts';

const FILES = ['Hematite_AMCSD-0000143.cif', 'Magnetite_COD-9007644.cif', 'Siderite_COD-5000036.cif'].map((f) => dataPath('structures', 'fe-standards', f));
let out: string;
let predictor: SpectrumPredictor;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'xasinv-library-'));
  await buildLibrary({ absorber: 'Fe', paths: [...FILES, FILES[0]!], dataDir: DATA_DIR, repoRoot: REPO_ROOT, forwardModelDir: join(REPO_ROOT, 'models', 'forward', 'universal-k-v3'), outDir: out, command: 'test', provenance: {}, storeDescriptors: true });
  predictor = await forwardPredictor();
}, 300_000);
afterAll(async () => {
  await predictor?.close?.();
  rmSync(out, { recursive: true, force: true });
});

describe('candidate library', () => {
  it('holds one entry per distinct file, with source, licence and chemistry', () => {
    expect(listLibraries(out)).toEqual(['Fe']);
    const lib = readLibrary('Fe', out);
    expect(lib.meta.entries.map((e) => e.id)).toEqual(['amcsd-0000143', 'cod-9007644', 'cod-5000036']);
    expect(lib.meta.entries.map((e) => e.name)).toEqual(['Hematite (alpha-Fe2O3)', 'Magnetite', 'Siderite']);
    expect(lib.meta.entries[1]!.sites).toHaveLength(2);
    expect(lib.meta.entries[0]!.source.file).toBe('structures/fe-standards/Hematite_AMCSD-0000143.cif');
    expect(lib.meta.entries[0]!.chemistry?.summary).toMatch(/^Fe\(III\), 6-coordinate O/);
    expect(lib.meta.sources['AMCSD']?.count).toBe(1);
    expect(lib.meta.sources['COD']?.count).toBe(2);
  });

  it('gives the features of the files themselves, from stored predictions and from descriptors', async () => {
    const lib = readLibrary('Fe', out);
    const stored = await libraryCandidates(lib, predictor);
    const other: SpectrumPredictor = { ...predictor, id: `${predictor.id}-other` };
    const fresh = await libraryCandidates(lib, other);
    for (let i = 0; i < FILES.length; i++) {
      const structure = parseStructure(readFileSync(FILES[i]!, 'utf8'), { name: FILES[i]! });
      const p = await predictor.predict(structure, 'Fe', { file: FILES[i]! });
      // Stored predictions: float32 of the files' own. From the half-precision descriptors: within 1e-3 of normalised μ.
      for (const [c, tol] of [[stored[i]!, 1e-5], [fresh[i]!, 1e-3]] as const) {
        expect(c.features.sites).toEqual(p.sites);
        expect(Math.max(...Array.from(c.features.mu!, (v, k) => Math.abs(v - p.mu[k]!)))).toBeLessThan(tol);
        expect(Math.max(...Array.from(c.features.sigma!, (v, k) => Math.abs(v - p.sigma[k]!)))).toBeLessThan(tol);
      }
      const g2 = candidateG2(structure, p.sites, LIBRARY_G2);
      const key = lib.meta.g2!.key;
      expect(Math.max(...Array.from(stored[i]!.features.g2![key]!, (v, k) => Math.abs(v - g2[k]!)))).toBeLessThan(1e-5);
    }
  }, 120_000);

  it('stores predictions in half precision on request: half the file, the same features within 2e-3', async () => {
    const halfOut = mkdtempSync(join(tmpdir(), 'xasinv-library-f16-'));
    try {
      await buildLibrary({ absorber: 'Fe', paths: FILES, dataDir: DATA_DIR, repoRoot: REPO_ROOT, forwardModelDir: join(REPO_ROOT, 'models', 'forward', 'universal-k-v3'), outDir: halfOut, command: 'test', provenance: {}, predictionsPrecision: 'f16' });
      const half = readLibrary('Fe', halfOut);
      expect(half.meta.predictions).toMatchObject({ precision: 'f16', predictorId: predictor.id });
      expect(existsSync(join(halfOut, 'Fe', 'predictions.f16.gz'))).toBe(true);
      expect(existsSync(join(halfOut, 'Fe', 'predictions.f32.gz'))).toBe(false);
      // Predictions stored, so no descriptors by default (and the metadata gzip-compressed): another
      // forward model cannot rank it and is told to rebuild.
      expect(half.descriptors).toBeNull();
      expect(existsSync(join(halfOut, 'Fe', 'descriptors.f16.gz'))).toBe(false);
      expect(existsSync(join(halfOut, 'Fe', 'library.json.gz'))).toBe(true);
      await expect(libraryCandidates(half, { ...predictor, id: `${predictor.id}-other` })).rejects.toThrow(/stores no descriptors to predict from with .*-other; rebuild it with: test/);
      const full = readLibrary('Fe', out);
      expect(half.predictions!.length).toBe(full.predictions!.length);
      expect(Math.max(...Array.from(half.predictions!, (v, k) => Math.abs(v - full.predictions![k]!)))).toBeLessThan(2e-3);
    } finally {
      rmSync(halfOut, { recursive: true, force: true });
    }
  }, 300_000);

  it('refuses a predictor that can neither use the stored predictions nor the descriptors, naming the rebuild command', async () => {
    const lib = readLibrary('Fe', out);
    const { predictDescriptors: _, ...bare } = { ...predictor, id: 'fake@1' };
    await expect(libraryCandidates(lib, bare)).rejects.toThrow(/rebuild it with: test/);
  });

  it('says which libraries exist when one is missing, and names a damaged file', () => {
    expect(() => readLibrary('Zn', out)).toThrow(UnsupportedError);
    expect(() => readLibrary('Zn', out)).toThrow(/no candidate library for Zn \(libraries exist for: Fe\)/);
    const bad = mkdtempSync(join(tmpdir(), 'xasinv-library-bad-'));
    try {
      const dir = join(bad, 'Fe');
      rmSync(dir, { recursive: true, force: true });
      cpSync(join(out, 'Fe'), dir, { recursive: true });
      writeFileSync(join(dir, 'descriptors.f16.gz'), gzipSync(Buffer.alloc(8)));
      expect(() => readLibrary('Fe', bad)).toThrow(ParseError);
      expect(() => readLibrary('Fe', bad)).toThrow(/descriptors holds 4 floats/);
      writeFileSync(join(dir, 'library.json.gz'), gzipSync('{"format": 99}'));
      expect(() => readLibrary('Fe', bad)).toThrow(/library format 99; this xasinv reads format 2/);
      // A plain library.json (as libraries were written before) is read the same way.
      rmSync(join(dir, 'library.json.gz'));
      writeFileSync(join(dir, 'library.json'), '{"format": 98}');
      expect(() => readLibrary('Fe', bad)).toThrow(/library format 98; this xasinv reads format 2/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe('the shipped libraries', () => {
  it('rank with no candidate ranks the absorber\'s library; --json entries carry id, formula, name and source', async () => {
    const spectrum = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
    const { code, out: stdout, err } = await runCli(['rank', spectrum, '--top', '3', '--models', 'none', '--cache', 'none', '--quiet', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as { candidates: { id: string; formula: string; name?: string; source?: { database: string; file: string } }[] };
    expect(result.candidates.length).toBe(readLibrary('Fe').meta.entries.length);
    expect(new Set(result.candidates.map((c) => c.id)).size).toBe(result.candidates.length);
    for (const c of result.candidates) {
      expect(c.formula).not.toBe('');
      expect(c.name).toBeTruthy();
      expect(c.source?.file).toBeTruthy();
    }
  }, 300_000);
});

describe('half precision', () => {
  it('round-trips within 2^-11 relative, keeps 0, signs, subnormals and saturates', () => {
    const xs = [0, 1, -1, 0.1, 3.14159, 1e-3, -2.5e-5, 6.1e-5, 1e-7, 65504, 1e6, -1e6, 12345.678];
    const back = unpackHalf(packHalf(xs));
    xs.forEach((x, i) => {
      if (Math.abs(x) > 65504) expect(back[i]).toBe(Math.sign(x) * 65504);
      else if (Math.abs(x) >= 6.2e-5) expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(Math.abs(x) * 2 ** -11);
      else expect(Math.abs(back[i]! - x)).toBeLessThanOrEqual(2 ** -25);
    });
    expect(toHalf(1)).toBe(0x3c00);
    expect(fromHalf(0xc000)).toBe(-2);
    expect(Number.isNaN(fromHalf(toHalf(Number.NaN)))).toBe(true);
  });
});
