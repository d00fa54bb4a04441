import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FORWARD_SOURCES } from '../../src/forward/sources.ts';
import { REPO_ROOT } from '../../src/paths.ts';
import { DATA_DIR } from '../helpers/data.ts';
import { namesInSplit, writeFixture } from '../helpers/fe-feff-records.ts';

const dir = mkdtempSync(join(tmpdir(), 'xasinv-fe-crystals-scripts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const train = namesInSplit('train', 3);
const val = namesInSplit('val', 1);
const test = namesInSplit('test', 2);
const records = join(dir, 'records.jsonl');
// Structures outside the data folder: absolute record.source paths are used as they are.
writeFixture(dir, records, [...train, ...val, ...test].map((n, i) => ({ source: join(dir, 'structures', `${n}_COD-1.xyz`), e0Ev: 7124 + (i % 4), rAngstrom: 1.9 + 0.03 * i })));
const out = join(dir, 'model');

function run(script: string, args: string[]): { status: number | null; log: string } {
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const r = spawnSync(process.execPath, ['--import', tsx, join(REPO_ROOT, 'scripts', script), ...args, '--data', DATA_DIR], { cwd: REPO_ROOT, encoding: 'utf8' });
  return { status: r.status, log: `${r.stdout}${r.stderr}` };
}

describe('train:forward and eval:forward with fe-k-feff-crystals (tiny run)', () => {
  it('trains with the fifth source oversampled, records it in the manifest, and eval reports its held-out materials apart from the Fe molecules', () => {
    const sources = [...FORWARD_SOURCES, 'fe-k-feff-crystals'].join(',');
    const t = run('train-forward.ts', ['--sources', sources, '--fe-records', records, '--repeat', 'fe-k-feff-crystals=3', '--limit', '3', '--members', '1', '--epochs', '1', '--hidden', '8', '--out', out, '--resume-dir', join(dir, 'members')]);
    expect(t.status, t.log).toBe(0);
    // 4 default sources × 3 training rows + 3 crystal training rows, the crystals three times each.
    expect(t.log).toMatch(/oversampling \{"fe-k-feff-crystals":3\}: 21 training rows per epoch from 15/);
    expect(t.log).toMatch(/validation fe-k-feff-crystals \(n 1\)/);
    const m = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as {
      preprocessing: { sources: { source: string; format: string; lorentzianFwhmEv: number; offsetEv: number }[] };
      training: { sources: string[]; oversampling: Record<string, number>; feRecords: { sha256: string } };
      metrics: { validationBySource: Record<string, { n: number }> };
    };
    expect(m.preprocessing.sources.map((s) => s.source)).toEqual([...FORWARD_SOURCES, 'fe-k-feff-crystals']);
    expect(m.preprocessing.sources[4]).toMatchObject({ format: 'feff', lorentzianFwhmEv: 0 });
    expect(m.preprocessing.sources[4]!.offsetEv).toBeCloseTo(7125 - 7112, 0);
    expect(m.training.sources).toEqual([...FORWARD_SOURCES, 'fe-k-feff-crystals']);
    expect(m.training.oversampling).toEqual({ 'fe-k-feff-crystals': 3 });
    expect(m.training.feRecords.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(m.metrics.validationBySource).sort()).toEqual(['fe-k-fdmnes-molecules', 'fe-k-feff-crystals']);

    const e = run('eval-forward.ts', ['--model', out, '--fe-records', records, '--limit', '3', '--report-dir', join(dir, 'reports')]);
    expect(e.status, e.log).toBe(0);
    const rep = JSON.parse(readFileSync(join(dir, 'reports', 'forward.json'), 'utf8')) as {
      test: Record<string, { source: string; n: number }>;
      testBySource: { source: string; trainedWithSource: boolean; n: number; materials: number; trainingRows: number; validRange: { eta: number; medianRelativeSquareError: number } }[];
    };
    expect(rep.test.Fe).toMatchObject({ source: 'fe-k-fdmnes-molecules', n: 3 });
    expect(rep.testBySource).toHaveLength(1);
    expect(rep.testBySource[0]).toMatchObject({ source: 'fe-k-feff-crystals', trainedWithSource: true, n: 2, materials: 2, trainingRows: 3 });
    expect(Number.isFinite(rep.testBySource[0]!.validRange.eta)).toBe(true);
    expect(rep.testBySource[0]!.validRange.medianRelativeSquareError).toBeGreaterThan(0);
    expect(e.log).toMatch(/Fe \(fe-k-feff-crystals, model 1\.0\.0, trained with it\): n 2 sites of 2 held-out materials, η /);
    expect(readFileSync(join(dir, 'reports', 'forward.md'), 'utf8')).toMatch(/## Optional sources on their held-out materials/);
  }, 240_000);

  it('stops with a one-line error for an unknown source or a --repeat key that is neither absorber nor source', () => {
    const a = run('train-forward.ts', ['--sources', 'cu-k-feff-crystals,fe-k-nowhere', '--members', '0']);
    expect(a.status).toBe(2);
    expect(a.log).toMatch(/^error: unknown source "fe-k-nowhere"; known: .*fe-k-feff-crystals/m);
    const b = run('train-forward.ts', ['--repeat', 'fe-k-feff-crystals=4', '--members', '0']);
    expect(b.status).toBe(2);
    expect(b.log).toMatch(/^error: --repeat: fe-k-feff-crystals=4 is not <absorber or source>=<whole number ≥ 0>/m);
    expect(b.log).not.toMatch(/\n\s+at /);
  });
});
