/**
 * The measured benchmark's catalogue against the shared data: every spectrum file exists, reads
 * with src/io and holds its absorber's edge; every structure parses and holds the absorber; the
 * catalogue, the excluded list and the "not spectra" list together account for every candidate of
 * the inventory, once; and the rules still decide each entry as it was built.
 */
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPOUNDS } from '../../lab/benchmark/compounds.ts';
import { decide, inventory, refKey } from '../../lab/benchmark/inventory.ts';
import { loadBenchmark, readBenchmarkSpectrum, readCatalogue, readExcluded, structurePath } from '../../lab/benchmark/load.ts';
import type { CatalogueEntry } from '../../lab/benchmark/schema.ts';
import { allRules } from '../../lab/benchmark/sources.ts';
import { edgeEnergy, type EdgeName } from '../../src/elements/index.ts';
import { defaultDataDir } from '../../src/paths.ts';
import { normalize } from '../../src/spectrum/index.ts';
import { parseStructure } from '../../src/structure/index.ts';

const dataDir = defaultDataDir();
const catalogue = readCatalogue();
const excluded = readExcluded();

describe('catalogue.json', () => {
  it('validates and is not empty; every 3d element Ti–Zn is present', () => {
    expect(catalogue.entries.length).toBeGreaterThan(150);
    const els = new Set(catalogue.entries.map((e) => e.element));
    for (const el of ['Ti', 'V', 'Cr', 'Mn', 'Fe', 'Co', 'Ni', 'Cu', 'Zn']) expect(els.has(el), el).toBe(true);
  });

  it('every entry matches its compound definition (formula, valence of its absorber, structures)', () => {
    for (const e of catalogue.entries) {
      const def = COMPOUNDS[e.compound];
      expect(def, e.id).toBeDefined();
      expect(e.formula).toBe(def!.formula);
      expect(e.valence).toEqual(def!.valence[e.element]);
      expect(e.structures).toEqual(def!.structures);
    }
  });

  it('the rules still decide every entry as built (the catalogue is not stale)', () => {
    const rules = allRules();
    for (const e of catalogue.entries) {
      const r = decide(rules, e.spectrum);
      expect(r && 'compound' in r ? r.compound : r, e.id).toBe(e.compound);
    }
  });
});

describe.each(catalogue.entries.map((e) => [e.id, e] as [string, CatalogueEntry]))('%s', (_id, entry) => {
  it('the spectrum reads with src/io and the absorber edge lies inside it, with a rising edge', () => {
    const s = readBenchmarkSpectrum(entry.spectrum, dataDir);
    const e = s.energyEv;
    const edge = edgeEnergy(entry.element, entry.edge as EdgeName);
    expect(edge).toBeGreaterThan(e[0]!);
    expect(edge).toBeLessThan(e[e.length - 1]!);
    expect(normalize(e, s.mu).edgeStep).toBeGreaterThan(0);
  });

  it('every structure file parses and holds the absorber', () => {
    for (const ref of entry.structures) {
      const p = structurePath(ref, dataDir);
      expect(existsSync(p), p).toBe(true);
      const st = parseStructure(readFileSync(p, 'utf8'), { name: ref.path });
      expect(st.species, ref.path).toContain(entry.element);
    }
  });
});

describe('nothing is silently dropped', () => {
  let candidates: ReturnType<typeof inventory>;
  beforeAll(() => {
    candidates = inventory(dataDir);
  });

  it('catalogue + excluded + not-spectra account for every candidate of the inventory, each once', () => {
    const accounted = new Map<string, number>();
    const add = (k: string) => accounted.set(k, (accounted.get(k) ?? 0) + 1);
    for (const e of catalogue.entries) add(refKey(e.spectrum));
    for (const x of excluded.spectra) add(refKey(x.spectrum));
    for (const n of excluded.notSpectra) add(n.path);
    const keys = candidates.map((c) => refKey(c.ref));
    expect([...accounted.entries()].filter(([, n]) => n > 1).map(([k]) => k)).toEqual([]);
    expect(keys.filter((k) => !accounted.has(k))).toEqual([]);
    const inv = new Set(keys);
    expect([...accounted.keys()].filter((k) => !inv.has(k))).toEqual([]);
  });

  it('every exclusion states a reason, and duplicates name an entry that is in the catalogue', () => {
    const ids = new Set(catalogue.entries.map((e) => e.id));
    for (const x of excluded.spectra) {
      expect(x.reason.length).toBeGreaterThan(10);
      if (x.category === 'duplicate' && !x.spectrum.path.includes('maml-rfxas')) {
        const id = /catalogue entry (\S+):/.exec(x.reason)?.[1];
        expect(id && ids.has(id), x.reason).toBe(true);
      }
    }
  });
});

describe('loadBenchmark', () => {
  it('filters by element and resolves absolute paths that exist', () => {
    const fe = loadBenchmark({ dataDir, elements: ['Fe'] });
    expect(fe.length).toBeGreaterThan(10);
    expect(fe.every((e) => e.element === 'Fe')).toBe(true);
    for (const e of fe) {
      expect(existsSync(e.spectrumFile)).toBe(true);
      for (const p of e.structureFiles) expect(existsSync(p)).toBe(true);
    }
  });

  it('says what to do when the data folder is missing', () => {
    expect(() => loadBenchmark({ dataDir: '/nonexistent/shared/data' })).toThrow(/does not exist: pass dataDir/);
  });
});
