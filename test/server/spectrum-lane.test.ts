/**
 * The spectrum routes under load: their work runs on the sync lane's workers (so a full lane is a
 * 429 for them too, and the event loop stays free), answers are cached by content hash (a repeated
 * upload needs no worker; /api/health counts hits and misses; `resultCacheBytes: 0` turns it off),
 * the lane's workers can be started and loaded up front (`WorkerPool.warm`), and a short task whose
 * client went away is let finish instead of costing a worker.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, runSync, WorkerPool, type ServerContext } from '../../src/server/index.ts';
import { errorHandler } from '../../src/server/http-errors.ts';
import { ResultCache, resultKey } from '../../src/server/result-cache.ts';
import { SPECTRUM_JOB_MODULE, warmSpectrumWorkers } from '../../src/server/routes-spectrum.ts';
import { requestClock } from '../../src/server/sync-lane.ts';
import { dataPath } from '../helpers/data.ts';
import { writeTinyInverseModel } from './tiny-model.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/echo-job.ts', import.meta.url));
const spin = (ms: number) => ({ module: FIXTURE, fn: 'spinJob', input: { ms } });
const FE_XDI = dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi');
const FEO_XDI = dataPath('experimental', 'xaslib', 'Fe', 'FeO_rt_01.xdi');

let root: string;
let ctx: ServerContext;
let app: ReturnType<typeof createApp>;

const upload = (path: string, name: string) => {
  const fd = new FormData();
  fd.append('spectrum', new File([readFileSync(path)], name));
  return fd;
};
const post = (a: { request: Hono['request'] }, route: string, path: string, name: string) => a.request(route, { method: 'POST', body: upload(path, name) });
const health = async (a: { request: Hono['request'] } = app) => (await (await a.request('/api/health')).json()) as { cache: { hits: number; misses: number; entries: number; bytes: number; maxBytes: number }; sync: { running: number; queued: number } };
const until = async (ok: () => boolean, ms = 20_000) => {
  const t0 = Date.now();
  while (!ok()) {
    if (Date.now() - t0 > ms) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 20));
  }
};

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'xasinv-spectrum-lane-'));
  writeTinyInverseModel(join(root, 'models'));
  ctx = await createServerContext({ modelsDir: join(root, 'models'), syncWorkers: 1, maxQueuedSync: 1 });
  app = createApp(ctx);
});

afterAll(async () => {
  await ctx?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('spectrum routes on the sync lane', () => {
  it('warmSpectrumWorkers loads the models in every worker of the lane before any request', async () => {
    const pool = new WorkerPool(2, { name: 'warm-test' });
    try {
      await warmSpectrumWorkers({ config: ctx.config, sync: pool });
      expect(pool.counts()).toMatchObject({ running: 0, queued: 0 });
      // Each of the two workers answers a spectrum job at once (models already loaded).
      const answers = await Promise.all([0, 1].map(() => pool.run({ module: SPECTRUM_JOB_MODULE, fn: 'warmSpectrumWorker', input: { modelsDir: ctx.config.modelsDir } })));
      expect(answers).toEqual([['Fe'], ['Fe']]);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('a full lane is 429 QUEUE_FULL for /api/rdf, /api/inspect and /api/check, while a cached answer still comes back', async () => {
    const first = await post(app, '/api/rdf', FE_XDI, 'cached.xdi');
    expect(first.status, await first.clone().text()).toBe(200);
    const busy = ctx.sync.run(spin(20_000)).catch((e: unknown) => e); // the one worker
    const waiting = ctx.sync.run(spin(1)).catch((e: unknown) => e); // the one queue place
    await until(() => ctx.sync.counts().running === 1 && ctx.sync.counts().queued === 1);
    try {
      for (const route of ['/api/rdf', '/api/inspect', '/api/check']) {
        const res = await post(app, route, FEO_XDI, 'new.xdi');
        const text = await res.text();
        expect(res.status, `${route}: ${text}`).toBe(429);
        expect(JSON.parse(text).error.code).toBe('QUEUE_FULL');
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      }
      const again = await post(app, '/api/rdf', FE_XDI, 'cached.xdi');
      expect(again.status).toBe(200);
      expect(await again.text()).toBe(await first.text());
    } finally {
      await ctx.close();
      await Promise.all([busy, waiting]);
      ctx = await createServerContext({ ...ctx.config });
      app = createApp(ctx);
    }
  }, 60_000);
});

describe('the result cache', () => {
  it('answers a repeated upload from the cache; another name, group, element or route is computed', async () => {
    const before = (await health()).cache;
    const a = await post(app, '/api/rdf', FE_XDI, 'a.xdi');
    const b = await post(app, '/api/rdf', FE_XDI, 'a.xdi');
    expect(a.status).toBe(200);
    expect(await b.text()).toBe(await a.text());
    let after = (await health()).cache;
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(1);
    expect(after.entries).toBe(before.entries + 1);
    expect(after.bytes).toBeGreaterThan(before.bytes);
    // The file name is part of the answer (source, messages): a new name is a new entry.
    const c = await post(app, '/api/check', FE_XDI, 'b.xdi');
    expect(((await c.json()) as { file: string }).file).toBe('b.xdi');
    const d = await post(app, '/api/inspect', FE_XDI, 'a.xdi');
    expect(d.status).toBe(200);
    after = (await health()).cache;
    expect(after.hits - before.hits).toBe(1);
    expect(after.misses - before.misses).toBe(3);
  }, 60_000);

  it('JSON arrays are cached like uploads', async () => {
    const before = (await health()).cache;
    const energy = Array.from({ length: 200 }, (_, i) => 7000 + i);
    const mu = energy.map((e) => 1 / (1 + Math.exp(-(e - 7112) / 2)));
    const send = () => app.request('/api/inspect', { method: 'POST', body: JSON.stringify({ energy, mu, element: 'Fe', name: 'arrays' }), headers: { 'content-type': 'application/json' } });
    const [x, y] = [await send(), await send()];
    expect(x.status, await x.clone().text()).toBe(200);
    expect(await y.text()).toBe(await x.text());
    expect((await health()).cache.hits - before.hits).toBe(1);
  }, 60_000);

  it('resultCacheBytes 0 computes every request', async () => {
    const off = await createServerContext({ modelsDir: ctx.config.modelsDir, resultCacheBytes: 0, syncWorkers: 1 });
    try {
      const offApp = createApp(off);
      for (let i = 0; i < 2; i++) expect((await post(offApp, '/api/inspect', FE_XDI, 'same.xdi')).status).toBe(200);
      expect((await health(offApp)).cache).toMatchObject({ hits: 0, misses: 2, entries: 0, maxBytes: 0 });
    } finally {
      await off.close();
    }
  }, 60_000);

  it('keeps the most recently used answers within its byte limit', () => {
    const cache = new ResultCache(100); // answers of 10 code units = 20 bytes; at most 25 bytes per answer
    const key = (s: string) => resultKey('inspect', { name: s }, new Uint8Array([1, 2, 3]));
    expect(key('a')).not.toBe(key('b'));
    expect(key('a')).toBe(resultKey('inspect', { name: 'a', group: undefined }, new Uint8Array([1, 2, 3])));
    expect(key('a')).not.toBe(resultKey('rdf', { name: 'a' }, new Uint8Array([1, 2, 3])));
    for (const s of ['a', 'b', 'c', 'd', 'e']) cache.set(key(s), s.repeat(10)); // exactly 100 bytes
    expect(cache.get(key('a'))).toBe('aaaaaaaaaa');
    cache.set(key('f'), 'f'.repeat(10)); // 120 bytes: b, now the least recently used, goes
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))).toBe('aaaaaaaaaa');
    cache.set(key('big'), 'x'.repeat(20)); // 40 bytes > a quarter of the cache: not kept
    expect(cache.get(key('big'))).toBeUndefined();
    expect(cache.stats()).toMatchObject({ entries: 5, bytes: 100, maxBytes: 100, hits: 2, misses: 2 });
  });
});

describe('runSync finishWhenClientGone', () => {
  it('lets a started task finish when the client goes away; without it the worker is stopped', async () => {
    const pool = new WorkerPool(1, { name: 'client-gone-test' });
    try {
      const lane = { config: ctx.config, sync: pool, requests: { inFlight: 0 } };
      const outcomes: unknown[] = [];
      const mini = new Hono();
      mini.use(requestClock(lane));
      mini.get('/spin', async (c) => {
        try {
          outcomes.push(await runSync(lane, c, spin(600), { finishWhenClientGone: c.req.query('finish') === '1' }));
        } catch (err) {
          outcomes.push(err);
        }
        return c.json({});
      });
      mini.onError(errorHandler());
      for (const finish of ['1', '0']) {
        const client = new AbortController();
        const answered = mini.request(new Request(`http://localhost/spin?finish=${finish}`, { signal: client.signal }));
        await until(() => pool.counts().running === 1);
        client.abort();
        await answered;
      }
      expect(outcomes[0]).toMatchObject({ ranMs: expect.any(Number) });
      expect((outcomes[0] as { ranMs: number }).ranMs).toBeGreaterThanOrEqual(600);
      expect(outcomes[1]).toMatchObject({ code: 'CLIENT_GONE' });
    } finally {
      await pool.close();
    }
  }, 60_000);
});
