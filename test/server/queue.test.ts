/**
 * The Redis job queue (`--redis`) behind the same API as the in-process one: a series job run by a
 * queue worker gives the embedded answer byte for byte; unknown ids are 404; waiting and running
 * jobs cancel; finished jobs expire after the TTL; the queue limit answers 429. A Redis that does
 * not answer is an error when the server starts. Needs XASINV_TEST_REDIS (bash .ci/run sets it).
 */
import { createServer } from 'node:net';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { createApp, createServerContext, rootsOf, startQueueWorker, type QueueWorker, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { freshQueue, REDIS_URL, until, warnIfNoRedis } from './redis-env.ts';

warnIfNoRedis('test/server/queue.test.ts');
const CU_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'cu.prj');
const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const root = mkdtempSync(join(tmpdir(), 'xasinv-queue-'));
const POOL = join(root, 'pool');
for (const mp of readdirSync(MATERIALS).sort().slice(0, 150)) cpSync(join(MATERIALS, mp), join(POOL, mp), { recursive: true });
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
  rmSync(root, { recursive: true, force: true });
});

/** A server app on a fresh queue (Redis) or in this process. */
async function server(extra: Partial<Parameters<typeof createServerContext>[0]> = {}): Promise<{ ctx: ServerContext; app: ReturnType<typeof createApp> }> {
  const ctx = await createServerContext({ modelsDir: MODELS_DIR, pools: { cu: POOL }, ...extra });
  open.push(ctx);
  return { ctx, app: createApp(ctx) };
}

async function worker(queueName: string, lockMs = 30_000): Promise<QueueWorker & { log: string[] }> {
  const log: string[] = [];
  const w = await startQueueWorker({ url: REDIS_URL!, queueName, roots: rootsOf({ modelsDir: MODELS_DIR, pools: { cu: POOL } }), lockMs, log: (l) => log.push(l) });
  const handle = { ...w, log, close: () => w.close(true) };
  open.push(handle);
  return handle;
}

const seriesForm = () => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(CU_PRJ)], 'cu.prj'));
  return fd;
};
const rankForm = () => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(CU_XDI)], 'CuO_tenorite_13K_01.xdi'));
  fd.append('pool', 'cu');
  fd.append('async', 'true');
  return fd;
};

async function submit(app: ReturnType<typeof createApp>, path: string, body: FormData): Promise<string> {
  const res = await app.request(path, { method: 'POST', body });
  const text = await res.text();
  expect(res.status, text).toBe(202);
  return JSON.parse(text).id as string;
}
const getJob = async (app: ReturnType<typeof createApp>, id: string) => (await app.request(`/api/jobs/${id}`)).json() as Promise<{ status: string; progress: { done: number; total: number }; result?: unknown; error?: { code: string } }>;
const finished = (j: { status: string }) => !['queued', 'running'].includes(j.status);

describe('Redis job queue: start-up', () => {
  it('a Redis URL that does not answer is an InputError at start-up, naming the URL and the reason', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const err = await createServerContext({ modelsDir: MODELS_DIR, redisUrl: `redis://127.0.0.1:${port}` }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`--redis redis://127.0.0.1:${port}: no answer from Redis (ECONNREFUSED); start redis-server there or correct the URL`);
  });
});

describe.skipIf(!REDIS_URL)('Redis job queue', () => {
  it('a series job run by a queue worker answers exactly what the embedded server answers, CSV included', async () => {
    const queueName = freshQueue();
    const redis = await server({ redisUrl: REDIS_URL, queueName });
    const embedded = await server();
    await worker(queueName);
    const [a, b] = [await submit(redis.app, '/api/series', seriesForm()), await submit(embedded.app, '/api/series', seriesForm())];
    const ja = await until(() => getJob(redis.app, a), finished);
    const jb = await until(() => getJob(embedded.app, b), finished);
    expect(ja.status, JSON.stringify(ja.error)).toBe('done');
    expect(JSON.stringify(ja.result)).toBe(JSON.stringify(jb.result));
    expect(ja.progress).toEqual(jb.progress);
    const [csvA, csvB] = [await (await redis.app.request(`/api/jobs/${a}/result.csv`)).text(), await (await embedded.app.request(`/api/jobs/${b}/result.csv`)).text()];
    expect(csvA).toBe(csvB);
    expect(csvA.split('\r\n')[0]).toMatch(/^index,label,source,group,temperature_K,.*,g2_1\.00,/);
    const health = await (await redis.app.request('/api/health')).json();
    expect(health.jobs).toMatchObject({ running: 0, queued: 0, workers: 1 });
  }, 120_000);

  it('an unknown job id is 404 JOB_NOT_FOUND for GET, CSV and DELETE', async () => {
    const { app } = await server({ redisUrl: REDIS_URL, queueName: freshQueue() });
    for (const [path, method] of [['/api/jobs/0123abc', 'GET'], ['/api/jobs/0123abc/result.csv', 'GET'], ['/api/jobs/0123abc', 'DELETE']] as const) {
      const res = await app.request(path, { method });
      expect(res.status).toBe(404);
      expect((await res.json()).error.code).toBe('JOB_NOT_FOUND');
    }
  });

  it('a waiting job cancels at once and is never run; the queue limit answers 429 with Retry-After', async () => {
    const queueName = freshQueue();
    const { app } = await server({ redisUrl: REDIS_URL, queueName, maxQueuedJobs: 1 });
    const id = await submit(app, '/api/series', seriesForm());
    const full = await app.request('/api/series', { method: 'POST', body: seriesForm() });
    expect(full.status).toBe(429);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const res = await app.request(`/api/jobs/${id}`, { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'cancelled', error: { code: 'JOB_CANCELLED' } });
    expect((await app.request(`/api/jobs/${id}`, { method: 'DELETE' })).status).toBe(409);
    const w = await worker(queueName);
    await new Promise((r) => setTimeout(r, 1500));
    expect((await getJob(app, id)).status).toBe('cancelled');
    expect(w.log.join('\n')).not.toContain(id);
  }, 60_000);

  it('a running job cancels: the worker stops its thread and takes the next job', async () => {
    const queueName = freshQueue();
    const { app } = await server({ redisUrl: REDIS_URL, queueName });
    const w = await worker(queueName);
    const id = await submit(app, '/api/rank', rankForm());
    await until(() => getJob(app, id), (j) => j.status === 'running' && j.progress.done > 0);
    const res = await app.request(`/api/jobs/${id}`, { method: 'DELETE' });
    expect(await res.json()).toMatchObject({ status: 'cancelled' });
    await until(async () => w.log.join('\n'), (l) => l.includes(`job ${id} (rank) failed: job ${id} was cancelled`), 20_000);
    expect((await getJob(app, id)).status).toBe('cancelled');
    const next = await submit(app, '/api/series', seriesForm());
    expect((await until(() => getJob(app, next), finished)).status).toBe('done');
  }, 120_000);

  it('a finished job stays fetchable for the TTL, then is 404', async () => {
    const queueName = freshQueue();
    const { app } = await server({ redisUrl: REDIS_URL, queueName, jobTtlMs: 2000 });
    await worker(queueName);
    const id = await submit(app, '/api/series', seriesForm());
    expect((await until(() => getJob(app, id), finished)).status).toBe('done');
    await new Promise((r) => setTimeout(r, 2200));
    expect((await app.request(`/api/jobs/${id}`)).status).toBe(404);
  }, 60_000);
});
