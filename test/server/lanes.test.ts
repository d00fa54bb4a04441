/**
 * Work off the event loop, with limits: the job queue is capped (429 + Retry-After), jobs can be
 * cancelled (DELETE /api/jobs/:id stops a running worker), synchronous work has its own lane so it
 * never waits behind jobs and is stopped at the request time limit, /api/health counts everything
 * that runs and waits, and structures larger than --max-atoms are refused.
 */
import { fileURLToPath } from 'node:url';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, runSync, WorkerPool, type ServerContext } from '../../src/server/index.ts';
import { errorHandler } from '../../src/server/http-errors.ts';
import { requestClock } from '../../src/server/sync-lane.ts';
import { dataPath } from '../helpers/data.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/echo-job.ts', import.meta.url));
const spin = (ms: number) => ({ module: FIXTURE, fn: 'spinJob', input: { ms } });
const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');

let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

/** A cubic POSCAR of `n` atoms (half Fe, half O) on a 2.5 Å grid. */
function bigPoscar(n: number): string {
  const side = Math.ceil(Math.cbrt(n));
  const a = side * 2.5;
  const lines = ['big', '1.0', `${a} 0 0`, `0 ${a} 0`, `0 0 ${a}`, 'Fe O', `${Math.ceil(n / 2)} ${Math.floor(n / 2)}`, 'Direct'];
  for (let k = 0; k < n; k++) lines.push(`${Math.floor(k / (side * side)) / side} ${(Math.floor(k / side) % side) / side} ${(k % side) / side}`);
  return lines.join('\n') + '\n';
}

const form = (fields: Record<string, string | File>) => {
  const fd = new FormData();
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  return fd;
};
const until = async (ok: () => boolean | Promise<boolean>, ms = 20_000) => {
  const t0 = Date.now();
  while (!(await ok())) {
    if (Date.now() - t0 > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-lanes-'));
  mkdirSync(join(root, 'pool'));
  writeFileSync(join(root, 'pool', 'fe.xyz'), '1\nFe\nFe 0 0 0\n');
  ctx = await createServerContext({ modelsDir: join(root, 'models'), pools: { p: join(root, 'pool') }, rankPredictor: 'feff', maxQueuedJobs: 1, maxAtoms: 1000 });
  app = createApp(ctx);
});

afterEach(async () => {
  // Stop whatever a test left running (cancelling unknown/finished ids is harmless).
  for (const id of started.splice(0)) await ctx.jobs.cancel(id);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

const started: string[] = [];
async function submitSpin(ms: number) {
  const job = await ctx.jobs.submit('test', spin(ms), 1);
  started.push(job.id);
  return job;
}

describe('worker pool limits', () => {
  it('a full queue refuses with 429 QUEUE_FULL and a retry estimate; an aborted task leaves the queue or stops its worker', async () => {
    const pool = new WorkerPool(1, { maxQueued: 1, name: 'tests' });
    try {
      const stopRunning = new AbortController();
      // The spin outlasts the test's time limit: only terminating the worker lets the test finish.
      const running = pool.run(spin(600_000), { signal: stopRunning.signal }).catch((e: unknown) => e);
      const stopQueued = new AbortController();
      const queued = pool.run(spin(10), { signal: stopQueued.signal }).catch((e: unknown) => e);
      expect(pool.counts()).toMatchObject({ running: 1, queued: 1, workers: 1, maxQueued: 1 });
      await expect(pool.run(spin(10))).rejects.toMatchObject({ status: 429, code: 'QUEUE_FULL', details: { retryAfterS: expect.any(Number) } });
      stopQueued.abort(new Error('not needed'));
      expect(await queued).toMatchObject({ code: 'ABORTED', message: 'the task was stopped: not needed' });
      stopRunning.abort(new Error('stop'));
      expect(await running).toMatchObject({ code: 'ABORTED' });
      expect(pool.counts()).toMatchObject({ running: 0, queued: 0 });
      expect(await pool.run(spin(1))).toMatchObject({ ranMs: expect.any(Number) }); // a fresh worker
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe('jobs: queue cap and cancel', () => {
  it('POST /api/rank async=true answers 429 with Retry-After once the job queue is full', async () => {
    await submitSpin(60_000); // runs
    await submitSpin(60_000); // waits (maxQueuedJobs 1)
    const res = await app.request('/api/rank', { method: 'POST', body: form({ spectrum: new File([readFileSync(FE_XDI)], 'fe.xdi'), pool: 'p', async: 'true' }) });
    const text = await res.text();
    expect(res.status, text).toBe(429);
    expect(JSON.parse(text).error.code).toBe('QUEUE_FULL');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('DELETE /api/jobs/:id cancels a running job (its worker stops) and a queued one; finished jobs are 409', async () => {
    const running = await submitSpin(60_000);
    const queued = await submitSpin(60_000);
    await until(async () => ((await ctx.jobs.get(running.id))?.status ?? '') === 'running');
    const del = await app.request(`/api/jobs/${queued.id}`, { method: 'DELETE' });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ id: queued.id, status: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    expect((await app.request(`/api/jobs/${running.id}`, { method: 'DELETE' })).status).toBe(200);
    expect((await (await app.request(`/api/jobs/${running.id}`)).json()) as { status: string }).toMatchObject({ status: 'cancelled' });
    await until(async () => (await ctx.jobs.counts()).running === 0, 5000); // the spinning worker was terminated
    const again = await app.request(`/api/jobs/${running.id}`, { method: 'DELETE' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('JOB_FINISHED');
    expect((await app.request('/api/jobs/nosuchjob', { method: 'DELETE' })).status).toBe(404);
    const next = await submitSpin(1); // the lane works again
    await until(async () => (await ctx.jobs.get(next.id))?.status === 'done');
  }, 60_000);
});

describe('the sync lane', () => {
  it('a structure request is answered while a long job occupies the job worker; health counts both', async () => {
    const job = await submitSpin(60_000);
    await until(async () => ((await ctx.jobs.get(job.id))?.status ?? '') === 'running');
    // Something long on the sync lane, so health sees it whatever the machine's speed (a structure
    // request alone can finish between two polls).
    const lane = new Hono();
    lane.get('/spin', async (c) => c.json(await runSync(ctx, c, spin(5000))));
    const spinning = lane.request('/spin');
    await until(() => ctx.sync.counts().running + ctx.sync.counts().queued > 0);
    const pending = app.request('/api/structure', { method: 'POST', body: form({ structure: new File(['2\nFeO\nFe 0 0 0\nO 2 0 0\n'], 'feo.xyz') }) });
    const health = (await (await app.request('/api/health')).json()) as Record<string, any>;
    expect(health.jobs).toMatchObject({ running: 1, queued: 0, workers: 1, maxQueued: 1 });
    expect(health.sync.running + health.sync.queued).toBeGreaterThanOrEqual(1);
    expect(health.requests.inFlight).toBeGreaterThanOrEqual(1); // this one
    const res = await pending;
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { absorber: string }).absorber).toBe('Fe');
    // A small synchronous ranking does not wait behind the job either.
    const rank = await app.request('/api/rank', { method: 'POST', body: form({ spectrum: new File([readFileSync(FE_XDI)], 'fe.xdi'), pool: 'p' }) });
    expect(rank.status, await rank.clone().text()).toBe(200);
    expect(((await rank.json()) as { rejected: { file: string }[] }).rejected.map((r) => r.file)).toEqual(['fe.xyz']);
    expect((await ctx.jobs.get(job.id))?.status).toBe('running'); // neither waited for the job
    expect((await spinning).status).toBe(200);
  }, 60_000);

  it('synchronous work is stopped at the request time limit (504), its worker terminated', async () => {
    const limited = { ...ctx, config: { ...ctx.config, requestTimeoutMs: 400 } };
    const mini = new Hono();
    mini.use(requestClock(limited));
    // The spin outlasts the test's time limit: the 504 can only come from the request time limit.
    mini.get('/spin', async (c) => c.json(await runSync(limited, c, spin(600_000))));
    mini.onError(errorHandler());
    const res = await mini.request('/spin');
    expect(res.status).toBe(504);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REQUEST_TIMEOUT');
    await until(() => ctx.sync.counts().running === 0, 5000);
  }, 60_000);

  it('a structure with more atoms than --max-atoms is 422 TOO_MANY_ATOMS naming the file', async () => {
    const res = await app.request('/api/structure', { method: 'POST', body: form({ structure: new File([bigPoscar(40_000)], 'POSCAR') }) });
    const text = await res.text();
    expect(res.status, text).toBe(422);
    const { error } = JSON.parse(text) as { error: { code: string; message: string; details: Record<string, number> } };
    expect(error).toMatchObject({ code: 'TOO_MANY_ATOMS', details: { atoms: 40_000, limit: 1000 } });
    expect(error.message).toMatch(/^POSCAR: 40000 atoms; the limit is 1000/);
  }, 60_000);
});
