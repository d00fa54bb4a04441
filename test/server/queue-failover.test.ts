/**
 * The Redis job queue when things die: a worker killed (SIGKILL) in the middle of a rank job — the
 * job completes on a second worker with the embedded server's result; the server restarted — a
 * finished job's result is still served; a worker cut off from Redis for a few seconds mid-job —
 * it reconnects and the job completes with the same result. Needs XASINV_TEST_REDIS.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR, REPO_ROOT } from '../../src/paths.ts';
import { createApp, createServerContext, rootsOf, startQueueWorker, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { freshQueue, outputMatches, REDIS_URL, spawnWorker, until, warnIfNoRedis } from './redis-env.ts';

warnIfNoRedis('test/server/queue-failover.test.ts');
const CU_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'cu.prj');
const CU_XDI = dataPath('experimental', 'xaslib', 'Cu', 'CuO_tenorite_13K_01.xdi');
const MATERIALS = dataPath('pairs', 'cu-k-feff-crystals', 'materials');
const root = mkdtempSync(join(tmpdir(), 'xasinv-failover-'));
const POOL = join(root, 'pool');
const open: { close(): Promise<void> }[] = [];
let reference: unknown;

type App = ReturnType<typeof createApp>;
type JobView = { status: string; progress: { done: number; total: number }; result?: Record<string, unknown>; error?: unknown };

const rankForm = () => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(CU_XDI)], 'CuO_tenorite_13K_01.xdi'));
  fd.append('pool', 'cu');
  fd.append('async', 'true');
  return fd;
};
async function submit(app: App, body: FormData): Promise<string> {
  const res = await app.request('/api/rank', { method: 'POST', body });
  expect(res.status).toBe(202);
  return ((await res.json()) as { id: string }).id;
}
const getJob = async (app: App, id: string) => (await app.request(`/api/jobs/${id}`)).json() as Promise<JobView>;
const finished = (j: JobView) => !['queued', 'running'].includes(j.status);
/** The ranking without its wall times and cache counters (they differ between any two runs), as a digest (a failure message stays short). */
const comparable = (r: Record<string, unknown> | undefined) => {
  const { timing: _t, cache: _c, ...rest } = r ?? {};
  const text = JSON.stringify(rest);
  return `${text.length} chars, sha256 ${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
};
async function server(extra: Partial<Parameters<typeof createServerContext>[0]> = {}): Promise<App> {
  const ctx: ServerContext = await createServerContext({ modelsDir: MODELS_DIR, pools: { cu: POOL }, ...extra });
  open.push(ctx);
  return createApp(ctx);
}

afterAll(async () => {
  for (const o of open.reverse()) await o.close().catch(() => {});
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!REDIS_URL)('Redis job queue failover', () => {
  beforeAll(async () => {
    for (const mp of readdirSync(MATERIALS).sort().slice(0, 200)) cpSync(join(MATERIALS, mp), join(POOL, mp), { recursive: true });
    const embedded = await server();
    const id = await submit(embedded, rankForm());
    const job = await until(() => getJob(embedded, id), finished, 120_000);
    expect(job.status).toBe('done');
    expect((job.result!.candidates as unknown[]).length).toBeGreaterThan(100);
    reference = comparable(job.result);
  }, 180_000);

  it('a worker killed mid rank job: the job completes on a second worker with the embedded result', async () => {
    const queueName = freshQueue();
    const app = await server({ redisUrl: REDIS_URL, queueName });
    const args = ['--redis', REDIS_URL!, '--queue-name', queueName, '--lock-s', '2', '--pool', `cu=${POOL}`];
    const first = spawnWorker(args);
    await outputMatches(first.output, /xasinv worker \S+ on /);
    const id = await submit(app, rankForm());
    const seen = await until(() => getJob(app, id), (j) => j.status === 'running' && j.progress.done >= 10, 60_000, 50);
    expect(seen.progress.done).toBeLessThan(seen.progress.total);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(first.output()).not.toMatch(/done in/);
    const second = spawnWorker(args);
    try {
      const job = await until(() => getJob(app, id), finished, 120_000);
      expect(job.status, JSON.stringify(job.error)).toBe('done');
      expect(comparable(job.result)).toBe(reference);
      expect(second.output()).toMatch(new RegExp(`job ${id} \\(rank\\) started again`));
      expect(second.output().match(/done in/g)).toHaveLength(1);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  }, 180_000);

  it('a worker cut off from Redis for 3 s mid-job reconnects; the job completes with the same result', async () => {
    const queueName = freshQueue();
    const app = await server({ redisUrl: REDIS_URL, queueName });
    const target = new URL(REDIS_URL!);
    const sockets = new Set<Socket>();
    let cut = false;
    const proxy: Server = createServer((client) => {
      if (cut) return void client.destroy();
      const upstream = connect(Number(target.port || 6379), target.hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => {});
        s.on('close', () => {
          sockets.delete(s);
          client.destroy();
          upstream.destroy();
        });
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    open.push({ close: () => new Promise<void>((r) => proxy.close(() => r())) });
    const log: string[] = [];
    const w = await startQueueWorker({ url: `redis://127.0.0.1:${(proxy.address() as { port: number }).port}`, queueName, roots: rootsOf({ modelsDir: MODELS_DIR, pools: { cu: POOL } }), lockMs: 15_000, log: (l) => log.push(l) });
    open.push({ close: () => w.close(true) });
    const id = await submit(app, rankForm());
    await until(() => getJob(app, id), (j) => j.status === 'running' && j.progress.done >= 10, 60_000, 50);
    cut = true;
    for (const s of sockets) s.destroy();
    await new Promise((r) => setTimeout(r, 3000));
    cut = false;
    const job = await until(() => getJob(app, id), finished, 120_000);
    expect(job.status, JSON.stringify(job.error)).toBe('done');
    expect(comparable(job.result)).toBe(reference);
    const text = log.join('\n');
    expect(text).toMatch(/redis redis:\/\/127\.0\.0\.1:\d+ lost/);
    expect(text).toMatch(/redis redis:\/\/127\.0\.0\.1:\d+ back/);
    expect(text.match(/done in/g)).toHaveLength(1);
  }, 180_000);

  it('the server restarted: a finished job is still served, result and CSV', async () => {
    const queueName = freshQueue();
    const w = await startQueueWorker({ url: REDIS_URL!, queueName, roots: rootsOf({ modelsDir: MODELS_DIR, pools: {} }) });
    open.push({ close: () => w.close(true) });
    const start = async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'src', 'server', 'main.ts'), '--port', '0', '--models', MODELS_DIR, '--redis', REDIS_URL!, '--queue-name', queueName], { env: { ...process.env, HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
      const exited = new Promise((r) => child.on('exit', r));
      await outputMatches(() => out, /jobs: Redis queue/);
      return { base: `http://127.0.0.1:${/localhost:(\d+)/.exec(out)![1]}`, stop: async () => (child.kill('SIGTERM'), await exited) };
    };
    const first = await start();
    const fd = new FormData();
    fd.append('spectrum', new File([readFileSync(CU_PRJ)], 'cu.prj'));
    const { id } = (await (await fetch(`${first.base}/api/series`, { method: 'POST', body: fd })).json()) as { id: string };
    const before = await until(async () => (await fetch(`${first.base}/api/jobs/${id}`)).text(), (t) => JSON.parse(t).status === 'done', 60_000);
    const csvBefore = await (await fetch(`${first.base}/api/jobs/${id}/result.csv`)).text();
    await first.stop();
    const second = await start();
    try {
      expect(await (await fetch(`${second.base}/api/jobs/${id}`)).text()).toBe(before);
      expect(await (await fetch(`${second.base}/api/jobs/${id}/result.csv`)).text()).toBe(csvBefore);
    } finally {
      await second.stop();
    }
  }, 120_000);
});
