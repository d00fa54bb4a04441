/**
 * POST /api/rank end to end through the worker pool, on a tiny pool of Cu FEFF crystals (the FEFF
 * look-up predictor, so no forward model is needed): direct answer, 202 job with progress and CSV,
 * rejected candidates named, file names as in the pool.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, JobSchema, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';

const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

const rankForm = (extra: Record<string, string> = {}) => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(CU_XDI)], 'CuO_tenorite_13K_01.xdi'));
  fd.append('pool', 'cu');
  for (const [k, v] of Object.entries(extra)) fd.append(k, v);
  return fd;
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-rank-'));
  for (const mp of ['mp-14549', 'mp-361', 'mp-1692']) cpSync(join(MATERIALS, mp), join(root, 'pool', mp), { recursive: true });
  mkdirSync(join(root, 'pool', 'broken'));
  writeFileSync(join(root, 'pool', 'broken', 'POSCAR'), 'not a poscar\n');
  ctx = await createServerContext({ modelsDir: join(root, 'models'), pools: { cu: join(root, 'pool') }, rankPredictor: 'feff', syncRankMax: 4 });
  app = createApp(ctx);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('POST /api/rank', () => {
  it('ranks a small pool directly, naming files as in the pool', async () => {
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const r = JSON.parse(text);
    expect(r.absorber).toBe('Cu');
    expect(r.candidates).toHaveLength(3);
    expect(r.candidates.map((c: { rank: number }) => c.rank).sort()).toEqual([1, 2, 3]);
    expect(r.candidates.map((c: { id: string }) => c.id).sort()).toEqual(['mp-14549', 'mp-1692', 'mp-361']);
    expect(r.candidates[0].file).toMatch(/^mp-\d+\/POSCAR$/);
    const best = r.candidates.find((c: { rank: number }) => c.rank === 1);
    expect(best.fit.energy.length).toBe(best.fit.predicted.length);
    expect(best.g2).toHaveLength(50);
    expect(r.g2r).toHaveLength(50);
    expect(r.rejected).toEqual([{ file: 'broken/POSCAR', reason: expect.stringMatching(/^unreadable: broken\/POSCAR\b/) }]);
    expect(text).not.toContain(root); // no server path anywhere in the answer
    expect(r.measured.source).toBe('CuO_tenorite_13K_01.xdi');
  }, 60_000);

  it('async=true answers 202; the job reports progress, then the result and a CSV', async () => {
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm({ async: 'true' }) });
    expect(res.status).toBe(202);
    const accepted = (await res.json()) as { id: string; links: { self: string; csv: string } };
    expect(res.headers.get('location')).toBe(accepted.links.self);
    let job: Record<string, any> = {};
    for (let i = 0; i < 200; i++) {
      job = (await (await app.request(accepted.links.self)).json()) as Record<string, any>;
      if (job.status === 'done' || job.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(job.status).toBe('done');
    expect(() => JobSchema.parse(job)).not.toThrow(); // the documented job shape
    expect(job.progress).toMatchObject({ done: 4, total: 4 });
    expect(job.result.candidates).toHaveLength(3);
    const csv = await (await app.request(accepted.links.csv)).text();
    const [header, ...lines] = csv.trim().split('\r\n');
    expect(header).toMatch(/^id,file,formula,score,scoreSigma,/);
    expect(lines).toHaveLength(3);
  }, 60_000);

  it('the event loop stays free while a larger job runs in the worker', async () => {
    const big = join(root, 'big');
    const all = readdirSync(MATERIALS).sort().slice(0, 40);
    for (const mp of all) cpSync(join(MATERIALS, mp), join(big, mp), { recursive: true });
    const local = await createServerContext({ modelsDir: join(root, 'models'), pools: { big }, rankPredictor: 'feff' });
    try {
      const a = createApp(local);
      const fd = rankForm();
      fd.set('pool', 'big');
      const res = await a.request('/api/rank', { method: 'POST', body: fd });
      expect(res.status).toBe(202);
      const { links } = (await res.json()) as { links: { self: string } };
      const t0 = performance.now();
      expect((await a.request('/api/health')).status).toBe(200);
      const healthMs = performance.now() - t0;
      const during = (await (await a.request(links.self)).json()) as { status: string };
      expect(['queued', 'running']).toContain(during.status);
      expect(healthMs).toBeLessThan(500);
      let job: { status: string; progress: { done: number; total: number } } = { status: '', progress: { done: 0, total: 0 } };
      for (let i = 0; i < 600 && job.status !== 'done' && job.status !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        job = (await (await a.request(links.self)).json()) as typeof job;
      }
      expect(job).toMatchObject({ status: 'done', progress: { done: all.length, total: all.length } });
    } finally {
      await local.close();
    }
  }, 120_000);

  it('an unreadable spectrum is a 400 before any job starts', async () => {
    const fd = new FormData();
    fd.append('spectrum', new File(['nothing useful here\n'], 'bad.xdi'));
    fd.append('pool', 'cu');
    fd.append('async', 'true');
    const res = await app.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PARSE_ERROR');
  });

  it('uploaded structures are refused with the FEFF look-up predictor', async () => {
    const fd = rankForm();
    fd.append('candidates', new File([readFileSync(join(MATERIALS, 'mp-361', 'POSCAR'))], 'POSCAR'));
    const res = await app.request('/api/rank', { method: 'POST', body: fd });
    expect(res.status).toBe(422);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('UPLOADS_NOT_SUPPORTED');
  });
});
