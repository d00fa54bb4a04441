/**
 * The Redis job queue when Redis pauses and workers are missing (issue 27), against a redis-server
 * of its own (it is paused with SIGSTOP): the queue routes answer 503 with Retry-After while Redis
 * is paused instead of waiting for it; a submission Redis may have received although the client
 * heard 503 never runs; a job submitted with no worker connected says so and fails with NO_WORKER
 * when nobody takes it; a full queue with no worker says that no worker is connected; a worker that
 * cannot renew a job's lock stops that job (it never runs on two workers at once) and the job is run
 * once to its end; and the server can tell that this Redis keeps nothing on disk. Skipped (with a
 * message) when redis-server is not installed.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../src/paths.ts';
import { BullJobQueue, createApp, createServerContext, redisSafetyProblems, rootsOf, startQueueWorker, type QueueWorker, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { freshQueue, until } from './redis-env.ts';

const HAVE_REDIS = spawnSync('redis-server', ['--version']).status === 0;
if (!HAVE_REDIS) console.warn('test/server/queue-reliability.test.ts: skipped — redis-server is not installed');

const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const root = mkdtempSync(join(tmpdir(), 'xasinv-queue-reliability-'));
const POOL = join(root, 'pool');
let redis: ChildProcess | undefined;
let url = '';
const open: { close(): Promise<void> }[] = [];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}

beforeAll(async () => {
  if (!HAVE_REDIS) return;
  for (const mp of readdirSync(MATERIALS).sort().slice(0, 120)) cpSync(join(MATERIALS, mp), join(POOL, mp), { recursive: true });
  const port = await freePort();
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  url = `redis://127.0.0.1:${port}`;
  const answers = async () => {
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      return (await probe.ping()) === 'PONG';
    } catch {
      return false;
    } finally {
      probe.disconnect();
    }
  };
  await until(answers, Boolean, 20_000, 100);
}, 60_000);

afterAll(async () => {
  redis?.kill('SIGCONT');
  for (const o of open.reverse()) await o.close().catch(() => {});
  redis?.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

async function server(queueName: string, extra: Partial<Parameters<typeof createServerContext>[0]> = {}): Promise<{ ctx: ServerContext; app: ReturnType<typeof createApp> }> {
  const ctx = await createServerContext({ modelsDir: MODELS_DIR, pools: { cu: POOL }, redisUrl: url, queueName, ...extra });
  open.push(ctx);
  return { ctx, app: createApp(ctx) };
}

async function worker(queueName: string, lockMs = 30_000): Promise<QueueWorker & { log: string[] }> {
  const log: string[] = [];
  const w = await startQueueWorker({ url, queueName, roots: rootsOf({ modelsDir: MODELS_DIR, pools: { cu: POOL } }), lockMs, log: (l) => log.push(l) });
  const handle = { ...w, log, close: () => w.close(true) };
  open.push(handle);
  return handle;
}

const rankForm = () => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(CU_XDI)], 'CuO_tenorite_13K_01.xdi'));
  fd.append('pool', 'cu');
  fd.append('async', 'true');
  return fd;
};
const getJob = async (app: ReturnType<typeof createApp>, id: string) => (await app.request(`/api/jobs/${id}`)).json() as Promise<{ status: string; error?: { code: string; message: string } }>;

describe.skipIf(!HAVE_REDIS)('Redis paused, workers missing', () => {
  it('with Redis paused, health, GET of a job and POST answer 503 with Retry-After before Redis is back', async () => {
    const queue = freshQueue();
    const { app } = await server(queue);
    await worker(queue);
    const first = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    expect(first.status).toBe(202);
    const id = ((await first.json()) as { id: string }).id;
    let paused = true;
    redis!.kill('SIGSTOP');
    const resume = new Promise<void>((resolve) =>
      setTimeout(() => {
        paused = false;
        redis!.kill('SIGCONT');
        resolve();
      }, 12_000),
    );
    try {
      const answers = await Promise.all([app.request('/api/health'), app.request(`/api/jobs/${id}`), app.request('/api/rank', { method: 'POST', body: rankForm() })].map(async (p) => {
        const res = await p;
        return { status: res.status, retryAfter: res.headers.get('retry-after'), code: ((await res.json()) as { error?: { code: string } }).error?.code, whilePaused: paused };
      }));
      for (const a of answers) expect(a).toEqual({ status: 503, retryAfter: '5', code: 'QUEUE_UNAVAILABLE', whilePaused: true });
    } finally {
      await resume;
    }
    expect((await app.request('/api/health')).status).toBe(200);
    await app.request(`/api/jobs/${id}`, { method: 'DELETE' });
  }, 120_000);

  it('a submission whose answer was 503 never runs, although Redis received the job', async () => {
    const queue = freshQueue();
    const { ctx, app } = await server(queue);
    const w = await worker(queue);
    // Redis takes the job, then the next command of the submission fails: the client hears 503.
    const jobs = ctx.jobs as BullJobQueue;
    const client = (jobs as unknown as { redis: Redis }).redis;
    const hset = client.hset.bind(client);
    let added = '';
    (client as unknown as { hset: unknown }).hset = async (key: string) => {
      added = key.split(':').pop()!;
      (client as unknown as { hset: unknown }).hset = hset;
      throw new Error('Command timed out');
    };
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(added).toMatch(/^[0-9a-f]{32}$/);
    // However the worker and the abandonment race, the job never runs to a result.
    await until(async () => (await getJob(app, added)).status, (s) => s === 'cancelled' || s === 'unknown' || s === undefined, 30_000).catch(() => {});
    await new Promise((r) => setTimeout(r, 1500));
    expect(w.log.filter((l) => l.includes(added) && / done in /.test(l))).toEqual([]);
    const view = await app.request(`/api/jobs/${added}`);
    if (view.status === 200) expect(((await view.json()) as { status: string }).status).not.toBe('done');
  }, 120_000);

  it('no worker connected: the 202 says so and a full queue says no worker is connected', async () => {
    const { app } = await server(freshQueue(), { maxQueuedJobs: 1 });
    const health = (await (await app.request('/api/health')).json()) as { jobs: { workers: number } };
    expect(health.jobs.workers).toBe(0);
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    const accepted = (await res.json()) as { id: string; warning?: string };
    expect(res.status).toBe(202);
    expect(accepted.warning).toMatch(/^no worker is connected to the job queue ".*": the job fails with NO_WORKER unless one connects within 300 s$/);
    const full = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    const body = (await full.json()) as { error: { code: string; message: string } };
    expect(full.status).toBe(429);
    expect(full.headers.get('retry-after')).toBe('60');
    expect(body.error).toMatchObject({ code: 'QUEUE_FULL', message: expect.stringMatching(/^1 jobs are waiting \(the limit\) and no worker is connected to the job queue/) });
  }, 60_000);

  it('a job nobody takes while no worker is connected fails with NO_WORKER', async () => {
    const { app } = await server(freshQueue(), { workerWaitMs: 1000 });
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    const accepted = (await res.json()) as { id: string };
    const failed = await until(() => getJob(app, accepted.id), (j) => j.status === 'failed', 30_000, 200);
    expect(failed.error).toMatchObject({ code: 'NO_WORKER', message: expect.stringMatching(/^no worker took the job within 1 s, and none is connected/) });
  }, 60_000);

  it('a worker that cannot renew its lock stops the job; the job then runs once to its end', async () => {
    const queue = freshQueue();
    const { app } = await server(queue);
    const w = await worker(queue, 2000);
    const res = await app.request('/api/rank', { method: 'POST', body: rankForm() });
    const id = ((await res.json()) as { id: string }).id;
    await until(() => getJob(app, id), (j) => j.status === 'running', 60_000, 100);
    redis!.kill('SIGSTOP');
    await until(async () => w.log.some((l) => l.includes(`job ${id}: no lock renewal`)), Boolean, 30_000, 100).finally(() => redis!.kill('SIGCONT'));
    const done = await until(() => getJob(app, id), (j) => j.status === 'done' || j.status === 'failed', 300_000, 500);
    expect(done.status).toBe('done');
    expect(w.log.filter((l) => l.startsWith(`job ${id} (rank) done`))).toHaveLength(1);
  }, 400_000);

  it('the server can tell that this Redis keeps nothing on disk', async () => {
    const client = new Redis(url);
    try {
      const problems = await redisSafetyProblems(client);
      expect(problems[0]).toMatch(/^Redis keeps no copy on disk \(appendonly no, no save points\): a Redis restart loses every job/);
    } finally {
      client.disconnect();
    }
  });
});
