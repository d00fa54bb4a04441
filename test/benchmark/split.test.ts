/**
 * The frozen dev/test split: its file and hash must not change (a new version is a deliberate edit
 * of FROZEN below, see data/measured-benchmark/PROVENANCE.md), every catalogue compound is in
 * exactly one half, each absorber with two or more compounds has compounds in both halves, and the
 * seeded procedure reproduces the file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCatalogue } from '../../lab/benchmark/load.ts';
import type { CatalogueEntry } from '../../lab/benchmark/schema.ts';
import { benchmarkSplit, compoundElements, keysSha256, makeSplit, nextSplit, SPLIT_FILE } from '../../lab/benchmark/split.ts';
import { mulberry32 } from '../../src/learn/index.ts';

/** The frozen split. Changing it is a new version: see PROVENANCE.md "Adding compounds later". */
const FROZEN = { version: 1, seed: 25, testSha256: '4118a1763edd7cadbc370e0fe07220ba6b7be7ff2336e5fcd56e1963f8371e8e', test: 34, dev: 36 };

const catalogue = readCatalogue();
const split = benchmarkSplit();

describe('split.json (frozen)', () => {
  it('is the frozen version: same version, seed, sizes and test-list hash', () => {
    expect(split.version).toBe(FROZEN.version);
    expect(split.seed).toBe(FROZEN.seed);
    expect(split.testSha256).toBe(FROZEN.testSha256);
    expect(keysSha256(split.test)).toBe(FROZEN.testSha256);
    expect(split.test.length).toBe(FROZEN.test);
    expect(split.dev.length).toBe(FROZEN.dev);
  });

  it('every catalogue compound is in exactly one half (new compounds go to the next frozen version)', () => {
    const compounds = [...new Set(catalogue.entries.map((e) => e.compound))];
    const neither = compounds.filter((c) => split.halfOf(c) === null);
    expect(neither, 'run `npm run benchmark:build -- --next-split` and update FROZEN (never add to test by hand)').toEqual([]);
    expect(split.dev.filter((c) => split.test.includes(c))).toEqual([]);
  });

  it('is stratified: each absorber with >= 2 compounds has compounds in both halves', () => {
    for (const [el, n] of countCompoundsByElement(catalogue.entries)) {
      if (n < 2) continue;
      const halves = new Set(catalogue.entries.filter((e) => e.element === el).map((e) => split.halfOf(e.compound)));
      expect([...halves].sort(), el).toEqual(['dev', 'test']);
    }
  });

  it('replicate scans of one compound never straddle the halves', () => {
    const byGroup = new Map<string, Set<string | null>>();
    for (const e of catalogue.entries) {
      const s = byGroup.get(e.replicateGroup) ?? new Set();
      s.add(split.halfOf(e.compound));
      byGroup.set(e.replicateGroup, s);
    }
    for (const [g, halves] of byGroup) expect(halves.size, g).toBe(1);
  });

  it('the seeded procedure reproduces the frozen file', () => {
    if (split.version !== 1) return; // later versions are reproduced by nextSplit from the previous one
    const again = makeSplit(catalogue.entries, split.seed);
    expect(again.dev).toEqual(split.dev);
    expect(again.test).toEqual(split.test);
  });

  it('a tampered file is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xasinv-split-'));
    const json = JSON.parse(readFileSync(SPLIT_FILE, 'utf8'));
    json.test = [...json.test, 'goethite'];
    writeFileSync(join(dir, 'split.json'), JSON.stringify(json));
    expect(() => benchmarkSplit(join(dir, 'split.json'))).toThrow(/testSha256 does not match/);
  });
});

describe('split procedure', () => {
  const entry = (compound: string, element: string): CatalogueEntry =>
    ({ id: `${compound}-${element}`, compound, element } as unknown as CatalogueEntry);
  const synthetic = [
    ...['a', 'b', 'c', 'd', 'e'].map((c) => entry(`fe-${c}`, 'Fe')),
    ...['a', 'b'].map((c) => entry(`mn-${c}`, 'Mn')),
    entry('co-a', 'Co'),
    entry('znse', 'Zn'),
    entry('znse', 'Se'),
    entry('zn-a', 'Zn'),
    entry('se-a', 'Se'),
  ];

  it('is deterministic for a seed and differs between seeds', () => {
    const a = makeSplit(synthetic, 7);
    expect(makeSplit(synthetic, 7)).toEqual(a);
    const differs = [8, 9, 10, 11, 12].some((s) => JSON.stringify(makeSplit(synthetic, s).test) !== JSON.stringify(a.test));
    expect(differs).toBe(true);
    expect(mulberry32(1)()).toBe(mulberry32(1)());
  });

  it('stratifies every absorber with >= 2 compounds, for many seeds', () => {
    for (let seed = 0; seed < 40; seed++) {
      const s = makeSplit(synthetic, seed);
      for (const [el, n] of countCompoundsByElement(synthetic)) {
        if (n < 2) continue;
        const comps = [...compoundElements(synthetic)].filter(([, els]) => els.has(el)).map(([c]) => c);
        expect(comps.some((c) => s.dev.includes(c)) && comps.some((c) => s.test.includes(c)), `seed ${seed} ${el}`).toBe(true);
      }
    }
  });

  it('a next version keeps every old compound in its half and assigns only the new ones', () => {
    const v1 = makeSplit(synthetic, 3);
    const v2 = nextSplit(v1, [...synthetic, entry('fe-new', 'Fe'), entry('cu-new', 'Cu')]);
    expect(v2.version).toBe(2);
    for (const c of v1.dev) expect(v2.dev).toContain(c);
    for (const c of v1.test) expect(v2.test).toContain(c);
    expect([...v2.dev, ...v2.test].sort()).toEqual([...v1.dev, ...v1.test, 'fe-new', 'cu-new'].sort());
    expect(v2.testSha256).toBe(keysSha256(v2.test));
  });
});

function countCompoundsByElement(entries: readonly CatalogueEntry[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const [, els] of compoundElements(entries)) for (const el of els) m.set(el, (m.get(el) ?? 0) + 1);
  return m;
}
