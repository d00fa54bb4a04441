/** A tiny FEFF Fe crystal records fixture (structures + records.jsonl) built in a temp folder. */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { feffCrystalMaterialKey, feffCrystalSplit } from '../../src/data/fe-feff-crystals.ts';
import type { Split } from '../../src/data/pairs.ts';

/** An FeO6 octahedron (Fe first) with Fe–O `rAngstrom`, as xyz text. */
export function feO6Xyz(rAngstrom: number): string {
  const o = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]].map((v) => `O ${v.map((c) => (c * rAngstrom).toFixed(4)).join(' ')}`);
  return `7\nFeO6\nFe 0 0 0\n${o.join('\n')}\n`;
}

/** A FEFF-like Fe K spectrum: edge step at `e0Ev` plus a white line, 7100…7180 eV by 0.5 eV. */
export function fakeFeffSpectrum(e0Ev: number, whiteLine = 0.4): { energyEv: number[]; mu: number[] } {
  const energyEv = Array.from({ length: 161 }, (_, i) => 7100 + 0.5 * i);
  const mu = energyEv.map((e) => Number((0.5 + 0.5 * Math.tanh((e - e0Ev) / 1.5) + whiteLine * Math.exp(-(((e - e0Ev - 4) / 3) ** 2))).toFixed(5)));
  return { energyEv, mu };
}

/** Material names whose seeded split is `split` (Mineral0, Mineral1, …), `count` of them. */
export function namesInSplit(split: Split, count: number, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const name = `Mineral${i}`;
    if (!skip.includes(name) && feffCrystalSplit(feffCrystalMaterialKey(`${name}_AMCSD-1.xyz`)) === split) out.push(name);
  }
  return out;
}

export interface FixtureSite {
  /** Path relative to `dataDir` (or absolute). */
  source: string;
  site?: number;
  e0Ev: number;
  rAngstrom?: number;
  status?: 'ok' | 'failed';
}

/**
 * Write each site's structure (an FeO6 xyz) under `dataDir` and the records to `recordsPath`.
 * @example writeFixture(dir, join(dir, 'records.jsonl'), [{ source: 'structures/fe-standards/Pyrite_COD-1.xyz', e0Ev: 7126 }])
 */
export function writeFixture(dataDir: string, recordsPath: string, sites: readonly FixtureSite[], tail = ''): void {
  const lines: string[] = [];
  for (const s of sites) {
    const path = s.source.startsWith('/') ? s.source : join(dataDir, s.source);
    mkdirSync(dirname(path), { recursive: true });
    const text = feO6Xyz(s.rAngstrom ?? 2);
    writeFileSync(path, text);
    const sha = createHash('sha256').update(text).digest('hex');
    const base = { source: s.source, structureSha256: sha, absorber: 'Fe', site: s.site ?? 0, multiplicity: 1, preset: 'test', cardsSha256: 'c'.repeat(64), finishedAt: '2026-12-02T00:00:00Z' };
    lines.push(JSON.stringify(s.status === 'failed' ? { ...base, status: 'failed', error: 'pot gave up', wallTimeS: 1 } : { ...base, status: 'ok', formula: 'FeO6', spectrum: { ...fakeFeffSpectrum(s.e0Ev), e0FeffEv: s.e0Ev } }));
  }
  mkdirSync(dirname(recordsPath), { recursive: true });
  writeFileSync(recordsPath, lines.join('\n') + '\n' + tail);
}
