/**
 * Every POST route × every hazard, over a real socket: a page of another origin, a foreign Host
 * (DNS rebinding), an unbracketed IPv6 Host, a gzip bomb .prj in every file field, a body over the
 * upload limit, broken percent-encoding in the path, a field the route does not know, a deeply
 * nested Athena project and a cut-off JSON project. Each answer is a 4xx JSON error, no client sees
 * a reset, and the server still answers /api/health afterwards. Then the cases of issue 27 that need
 * their own set-up: a chunked upload trickled slower than the time limit, a client that goes away
 * mid-upload (no 500, nothing logged), and the xaslib Fe references sent as JSON arrays and as plain
 * columns (read as Fe). The shipped models are used (the forward model's manifest is all the main
 * thread reads), so /api/predict and /api/rank get past "not available".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseSpectrum } from '../../src/io/index.ts';
import { MODELS_DIR } from '../../src/paths.ts';
import { ALL_ROUTES, createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { dataPath } from '../helpers/data.ts';
import { listen, send } from './http-client.ts';

let ctx: ServerContext;
let server: Awaited<ReturnType<typeof listen>>;
const LIMIT = 1 << 20;

beforeAll(async () => {
  ctx = await createServerContext({ modelsDir: MODELS_DIR, maxUploadBytes: LIMIT, inflateFactor: 4, host: '127.0.0.1' });
  server = await listen(createApp(ctx));
});

afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

/** The file fields of each route (one vocabulary: `spectrum`, `structure`, `candidates`). */
const FILE_FIELDS: Record<string, string[]> = { '/api/structure': ['structure'], '/api/predict': ['structure'], '/api/rank': ['spectrum', 'candidates'] };

/** A multipart body with `bytes` under every file field `route` reads. */
async function multipart(bytes: Uint8Array<ArrayBuffer>, name: string, route = ''): Promise<{ body: Uint8Array; type: string }> {
  const fd = new FormData();
  for (const field of FILE_FIELDS[route] ?? ['spectrum']) fd.append(field, new File([bytes], name));
  const r = new Response(fd);
  return { body: new Uint8Array(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}

const SPECTRUM = new TextEncoder().encode(`# energy mu\n${Array.from({ length: 40 }, (_, i) => `${7000 + 5 * i} ${Math.atan(i - 20) + 2}`).join('\n')}\n`);
const one = gzipSync(Buffer.alloc(1 << 20, 0x31));
const BOMB = new Uint8Array(Buffer.concat(Array.from({ length: 8 }, () => one))); // 8 KB → 8 MiB, limit 4 MiB
/** An Athena project whose args nest 100 000 brackets deep (a stack overflow for a recursive reader). */
const NESTED = new TextEncoder().encode(`# Athena project file\n$old_group = 'a';\n@args = ('label','x','extra',${'['.repeat(100_000)}${']'.repeat(100_000)});\n@x = ('7000','7010');\n@y = ('1','2');\n[record]\n`);
/** A JSON Athena project cut off in the middle of its first group. */
const CUT_JSON = new Uint8Array(readFileSync(dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'json_unzipped.prj')).subarray(0, 4000));

/** A multipart body under the route's own file fields plus a field no route knows. */
async function withUnknownField(route: string): Promise<{ body: Uint8Array; type: string }> {
  const fd = new FormData();
  for (const field of FILE_FIELDS[route] ?? ['spectrum']) fd.append(field, new File([SPECTRUM], 'a.dat'));
  fd.append('absorbr', 'Fe');
  const r = new Response(fd);
  return { body: new Uint8Array(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}

type Hazard = { name: string; path: (p: string) => string; headers: Record<string, string>; body: (route: string) => Promise<{ body: Uint8Array; type: string }>; status: number[] };
const HAZARDS: Hazard[] = [
  { name: 'cross-origin Origin', path: (p) => p, headers: { origin: 'http://evil.example' }, body: (route) => multipart(SPECTRUM, 'a.dat', route), status: [403] },
  { name: 'foreign Referer', path: (p) => p, headers: { referer: 'http://evil.example/x.html' }, body: (route) => multipart(SPECTRUM, 'a.dat', route), status: [403] },
  { name: 'bad Host', path: (p) => p, headers: { host: 'evil.example' }, body: (route) => multipart(SPECTRUM, 'a.dat', route), status: [403] },
  { name: 'gzip bomb .prj', path: (p) => p, headers: {}, body: (route) => multipart(BOMB, 'bomb.prj', route), status: [400, 413] },
  { name: 'oversize body', path: (p) => p, headers: {}, body: (route) => multipart(new Uint8Array(LIMIT + 1024).fill(0x31), 'big.dat', route), status: [413] },
  { name: 'bad percent-encoding', path: (p) => `${p}%E0%A4%A`, headers: {}, body: (route) => multipart(SPECTRUM, 'a.dat', route), status: [400] },
  { name: 'unbracketed IPv6 Host', path: (p) => p, headers: { host: '::1' }, body: (route) => multipart(SPECTRUM, 'a.dat', route), status: [400] },
  { name: 'a field the route does not know', path: (p) => p, headers: {}, body: withUnknownField, status: [400] },
  { name: 'deeply nested Athena project', path: (p) => p, headers: {}, body: (route) => multipart(NESTED, 'deep.prj', route), status: [400] },
  { name: 'cut-off JSON Athena project', path: (p) => p, headers: {}, body: (route) => multipart(CUT_JSON, 'cut.prj', route), status: [400] },
];

const POST_ROUTES = ALL_ROUTES.filter((r) => r.method === 'post').map((r) => r.path);

describe('fuzz: POST routes × hazards', () => {
  it('covers every POST route', () => {
    expect(POST_ROUTES.sort()).toEqual(['/api/check', '/api/groups', '/api/inspect', '/api/predict', '/api/rank', '/api/rdf', '/api/series', '/api/structure']);
  });

  for (const hazard of HAZARDS) {
    it(`${hazard.name}: every POST route answers ${hazard.status.join('/')} JSON`, async () => {
      for (const route of POST_ROUTES) {
        const { body, type } = await hazard.body(route);
        const r = await send(server.port, { path: hazard.path(route), headers: { 'content-type': type, ...hazard.headers }, body });
        const where = `${hazard.name} → ${route}: ${r.status} ${r.body.slice(0, 200)}`;
        expect(r.errors, where).toEqual([]);
        expect(hazard.status, where).toContain(r.status);
        const parsed = JSON.parse(r.body) as { error: { code: string; message: string } };
        expect(parsed.error.code, where).toMatch(/^[A-Z_]+$/);
        expect(parsed.error.message, where).not.toMatch(/\bat .+\.ts:\d+/);
      }
    }, 60_000);
  }

  it('the gzip bomb is refused for its inflated size on the spectrum routes', async () => {
    for (const route of ['/api/inspect', '/api/rdf', '/api/check', '/api/groups', '/api/rank', '/api/series']) {
      const { body, type } = await multipart(BOMB, 'bomb.prj', route);
      const r = await send(server.port, { path: route, headers: { 'content-type': type }, body });
      expect(r.status, `${route}: ${r.body}`).toBe(413);
      expect((JSON.parse(r.body) as { error: { code: string } }).error.code).toBe('INFLATED_TOO_LARGE');
    }
  }, 60_000);

  it('the new hazards are answered with the codes that say what happened', async () => {
    const host = await send(server.port, { path: '/api/inspect', headers: { host: '::1', 'content-type': 'application/json' }, body: new TextEncoder().encode('{}') });
    expect(JSON.parse(host.body)).toMatchObject({ error: { code: 'BAD_HOST', message: expect.stringMatching(/IPv6 address must be in brackets/) } });
    for (const route of POST_ROUTES) {
      const { body, type } = await withUnknownField(route);
      const r = await send(server.port, { path: route, headers: { 'content-type': type }, body });
      expect(JSON.parse(r.body).error, route).toMatchObject({ code: 'UNKNOWN_FIELD', details: { fields: ['absorbr'] } });
    }
    for (const route of ['/api/inspect', '/api/rdf', '/api/check', '/api/groups', '/api/rank', '/api/series']) {
      const { body, type } = await multipart(NESTED, 'deep.prj', route);
      const r = await send(server.port, { path: route, headers: { 'content-type': type }, body });
      // The series names every spectrum it could not read (INPUT_ERROR), with the reader's message.
      expect(JSON.parse(r.body).error, route).toMatchObject({ code: route === '/api/series' ? 'INPUT_ERROR' : 'PARSE_ERROR', message: expect.stringMatching(/deep\.prj:3: Athena project: brackets nested more than 32 levels deep/) });
    }
  }, 120_000);

  it('afterwards the server still answers /api/health, with nothing left running or waiting', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/health`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as { jobs: { running: number; queued: number }; sync: { running: number; queued: number } };
    expect(h.jobs).toMatchObject({ running: 0, queued: 0 });
    expect(h.sync).toMatchObject({ running: 0, queued: 0 });
  });
});

describe('fuzz: uploads that trickle or stop', () => {
  let slow: Awaited<ReturnType<typeof listen>>;
  beforeAll(async () => {
    slow = await listen(createApp({ ...ctx, config: { ...ctx.config, requestTimeoutMs: 1500 } }), 1500);
  });
  afterAll(async () => {
    await slow?.close();
  });

  it('a chunked upload slower than the request time limit is cut off with 408 JSON', async () => {
    // 64 bytes every 200 ms with no Content-Length: it would take ~5 min to send 100 KB.
    const r = await send(slow.port, { path: '/api/inspect', headers: { 'content-type': 'multipart/form-data; boundary=x' }, bodyBytes: 100_000, chunkBytes: 64, gapMs: 200, chunked: true });
    expect(r.status).toBe(408);
    expect(JSON.parse(r.body)).toMatchObject({ error: { code: 'REQUEST_TIMEOUT', message: expect.stringMatching(/request body had not arrived after 1.5 s/) } });
  }, 30_000);

  it('a client that goes away mid-upload ends its request quietly: no 500, nothing logged', async () => {
    const errors = vi.spyOn(console, 'error');
    try {
      for (const chunked of [true, false]) {
        await send(server.port, { path: '/api/rdf', headers: { 'content-type': 'multipart/form-data; boundary=x' }, bodyBytes: 1 << 19, chunkBytes: 4096, gapMs: 5, chunked, abortAfterBytes: 64 * 1024 });
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(errors.mock.calls.map((c) => String(c[0]))).toEqual([]);
    } finally {
      errors.mockRestore();
    }
    expect((await fetch(`http://127.0.0.1:${server.port}/api/health`)).status).toBe(200);
  }, 30_000);
});

describe('fuzz: element guessing through the API (xaslib Fe references)', () => {
  const dir = dataPath('experimental', 'xaslib', 'Fe');
  const refs = readdirSync(dir).filter((f) => /\.xdi?$/.test(f)).sort();

  it('each reference sent as JSON {energy, mu} and as plain columns, without its name, reads as Fe', async () => {
    expect(refs.length).toBeGreaterThanOrEqual(22);
    const read: string[] = [];
    for (const [i, name] of refs.entries()) {
      const s = parseSpectrum(readFileSync(`${dir}/${name}`), name);
      const energy = Array.from(s.energyEv);
      const mu = Array.from(s.mu);
      const asJson = await fetch(`http://127.0.0.1:${server.port}/api/inspect`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ energy, mu }) });
      const fd = new FormData();
      fd.append('spectrum', new File([`# energy mu\n${energy.map((e, k) => `${e} ${mu[k]}`).join('\n')}\n`], `spectrum-${i}.dat`));
      const asColumns = await fetch(`http://127.0.0.1:${server.port}/api/inspect`, { method: 'POST', body: fd });
      for (const [how, res] of [['json', asJson], ['columns', asColumns]] as const) {
        const body = (await res.json()) as { element?: string; error?: { message: string } };
        read.push(`${name} (${how}): ${body.element ?? body.error?.message}`);
      }
    }
    expect(read.filter((r) => !r.endsWith(': Fe'))).toEqual([]);
  }, 300_000);
});
