/**
 * A candidate library built from structure files gives the same screening features as the files
 * themselves: stored predictions (same predictor id), predictions from the stored descriptors
 * (another id), G2 and chemistry; a damaged or foreign library is refused with the reason.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLibrary, LIBRARY_G2 } from '../../lab/library/build.ts';
import { ParseError, UnsupportedError } from '../../src/errors.ts';
import { listLibraries, readLibrary } from '../../src/library/index.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { candidateG2 } from '../../src/screen/rdf-vote.ts';
import { forwardPredictor } from '../../src/screen/forward-predictor.ts';
import { libraryCandidates } from '../../src/screen/library-candidates.ts';
import type { SpectrumPredictor } from '../../src/screen/types.ts';
import { parseStructure } from '../../src/structure/index.ts';
import { DATA_DIR, dataPath } from '../helpers/data.ts';

const FILES = ['Hematite_AMCSD-0000143.cif', 'Magnetite_COD-9007644.cif', 'Siderite_COD-5000036.cif'].map((f) => dataPath('structures', 'fe-standards', f));
let out: string;
let predictor: SpectrumPredictor;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'xasinv-library-'));
  await buildLibrary({ absorber: 'Fe', paths: [...FILES, FILES[0]!], dataDir: DATA_DIR, repoRoot: REPO_ROOT, forwardModelDir: join(REPO_ROOT, 'models', 'forward', 'universal-k-v3'), outDir: out, command: 'test', provenance: {} });
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
      for (const c of [stored[i]!, fresh[i]!]) {
        expect(c.features.sites).toEqual(p.sites);
        expect(Math.max(...Array.from(c.features.mu!, (v, k) => Math.abs(v - p.mu[k]!)))).toBeLessThan(1e-5);
        expect(Math.max(...Array.from(c.features.sigma!, (v, k) => Math.abs(v - p.sigma[k]!)))).toBeLessThan(1e-5);
      }
      const g2 = candidateG2(structure, p.sites, LIBRARY_G2);
      const key = lib.meta.g2!.key;
      expect(Math.max(...Array.from(stored[i]!.features.g2![key]!, (v, k) => Math.abs(v - g2[k]!)))).toBeLessThan(1e-5);
    }
  }, 120_000);

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
      writeFileSync(join(dir, 'descriptors.f32.gz'), gzipSync(Buffer.alloc(8)));
      expect(() => readLibrary('Fe', bad)).toThrow(ParseError);
      expect(() => readLibrary('Fe', bad)).toThrow(/descriptors holds 2 floats/);
      writeFileSync(join(dir, 'library.json'), '{"format": 99}');
      expect(() => readLibrary('Fe', bad)).toThrow(/library format 99; this xasinv reads format 1/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});
