/**
 * A ranking's uploaded candidates (issue 27): each is parsed once (the screening parses it; the
 * rank job reuses that structure for the top candidates' G2 instead of parsing again), refused with
 * the server's own atom limit — never the readers' 10 000 — or when too dense to search, and a
 * cancelled ranking leaves no temporary folder behind. `parseStructure` is counted through a mock
 * of the structure module; the job runs in this process (`rankJob` directly) for the count, and on
 * the server's worker lanes for the rest.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MODELS_DIR } from '../../src/paths.ts';
import { dataPath } from '../helpers/data.ts';

const parses = new Map<string, number>();
vi.mock('../../src/structure/index.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/structure/index.ts')>();
  return {
    ...real,
    parseStructure: (text: string, options: { name?: string } = {}) => {
      const name = (options.name ?? '').split('/').pop()!;
      parses.set(name, (parses.get(name) ?? 0) + 1);
      return real.parseStructure(text, options);
    },
  };
});

const { rankJob } = await import('../../src/server/rank-job.ts');
const { createApp, createServerContext } = await import('../../src/server/index.ts');

const CUO_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const upload = (mp: string, name: string) => ({ name, bytes: new Uint8Array(readFileSync(join(MATERIALS, mp, 'POSCAR'))) });

/** An xyz of `n` Cu and O atoms on a 2.5 Å grid (a real density). */
function grid(n: number): string {
  const side = Math.ceil(Math.cbrt(n));
  const lines = [String(n), 'grid'];
  for (let k = 0; k < n; k++) lines.push(`${k % 2 ? 'O' : 'Cu'} ${(k % side) * 2.5} ${(Math.floor(k / side) % side) * 2.5} ${Math.floor(k / side / side) * 2.5}`);
  return `${lines.join('\n')}\n`;
}

let scratch: string;
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  // A private temp folder, so that other processes' files never count (workers inherit it).
  scratch = mkdtempSync(join(tmpdir(), 'xasinv-rank-uploads-'));
  process.env.TMPDIR = scratch;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(scratch, { recursive: true, force: true });
});

describe('uploaded candidates', () => {
  it('are parsed once each, G2 of the top ones included', async () => {
    parses.clear();
    const result = await rankJob({ spectrum: { name: 'CuO.xdi', bytes: new Uint8Array(readFileSync(CUO_XDI)) }, candidates: [upload('mp-1692', 'cuo.poscar'), upload('mp-361', 'cu2o.poscar')], modelsDir: MODELS_DIR, predictor: 'forward', maxAtoms: 5000 }, () => {});
    expect(result.candidates.map((c) => (c as { g2?: number[] }).g2?.length)).toEqual([50, 50]);
    expect(Object.fromEntries(parses)).toEqual({ 'cuo.poscar': 1, 'cu2o.poscar': 1 });
  }, 120_000);

  it('over the server\'s atom limit or too dense: rejected citing the server\'s limits', async () => {
    const dense = ['4999', 'dense', ...Array.from({ length: 4999 }, (_, k) => `Cu ${(k % 17) * 0.55} ${(Math.floor(k / 17) % 17) * 0.55} ${Math.floor(k / 289) * 0.55}`)].join('\n');
    const enc = (s: string) => new TextEncoder().encode(s);
    const result = await rankJob(
      {
        spectrum: { name: 'CuO.xdi', bytes: new Uint8Array(readFileSync(CUO_XDI)) },
        candidates: [upload('mp-1692', 'cuo.poscar'), { name: 'six-thousand.xyz', bytes: enc(grid(6000)) }, { name: 'twelve-thousand.xyz', bytes: enc(grid(12_000)) }, { name: 'dense.xyz', bytes: enc(`${dense}\n`) }],
        modelsDir: MODELS_DIR,
        predictor: 'forward',
        maxAtoms: 5000,
      },
      () => {},
    );
    const reasons = Object.fromEntries(result.rejected.map((r) => [r.file, r.reason]));
    expect(reasons['six-thousand.xyz']).toBe('too many atoms: 6000 (the limit is 5000)');
    expect(reasons['twelve-thousand.xyz']).toBe('too many atoms: 12000 (the limit is 5000)');
    expect(reasons['dense.xyz']).toMatch(/^more than 1000000 atom pairs within 6 Å \(4999 atoms/);
    expect(result.rejected.filter((r) => /\b10000\b|10 000/.test(r.reason))).toEqual([]);
    expect(result.candidates.map((c) => c.file)).toEqual(['cuo.poscar']);
  }, 120_000);

  it('a cancelled ranking leaves no temporary folder behind', async () => {
    const ctx = await createServerContext({ modelsDir: MODELS_DIR, workers: 1, syncWorkers: 1 });
    try {
      const app = createApp(ctx);
      const fd = new FormData();
      fd.append('spectrum', new File([readFileSync(CUO_XDI)], 'CuO.xdi'));
      const ids = readdirSync(MATERIALS).slice(0, 40);
      for (const mp of ids) fd.append('candidates', new File([readFileSync(join(MATERIALS, mp, 'POSCAR'))], `${mp}.poscar`));
      const accepted = (await (await app.request('/api/rank', { method: 'POST', body: fd })).json()) as { id: string };
      // Cancel once the job is writing or ranking its uploads.
      for (let i = 0; i < 600; i++) {
        const job = (await (await app.request(`/api/jobs/${accepted.id}`)).json()) as { status: string; progress: { done: number } };
        if (job.status === 'running' && job.progress.done > 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(readdirSync(scratch).some((f) => f.startsWith('xasinv-worker-'))).toBe(true);
      expect((await app.request(`/api/jobs/${accepted.id}`, { method: 'DELETE' })).status).toBe(200);
      let left: string[] = [];
      for (let i = 0; i < 100; i++) {
        left = readdirSync(scratch).filter((f) => /^xasinv-(rank|worker)-/.test(f));
        if (left.length === 0) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(left).toEqual([]);
    } finally {
      await ctx.close();
    }
  }, 180_000);
});
