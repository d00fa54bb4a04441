/**
 * Every POST route × every hazard, over a real socket: a page of another origin, a foreign Host
 * (DNS rebinding), a gzip bomb .prj in every file field, a body over the upload limit, and broken
 * percent-encoding in the path. Each answer is a 4xx JSON error, no client sees a reset, and the
 * server still answers /api/health afterwards. The shipped models are used (the forward model's
 * manifest is all the main thread reads), so /api/predict and /api/rank get past "not available".
 */
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODELS_DIR } from '../../src/paths.ts';
import { ALL_ROUTES, createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
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

/** A multipart body with `bytes` under every file field any route reads. */
async function multipart(bytes: Uint8Array<ArrayBuffer>, name: string): Promise<{ body: Uint8Array; type: string }> {
  const fd = new FormData();
  for (const field of ['file', 'spectrum', 'candidates']) fd.append(field, new File([bytes], name));
  const r = new Response(fd);
  return { body: new Uint8Array(await r.arrayBuffer()), type: r.headers.get('content-type')! };
}

const SPECTRUM = new TextEncoder().encode(`# energy mu\n${Array.from({ length: 40 }, (_, i) => `${7000 + 5 * i} ${Math.atan(i - 20) + 2}`).join('\n')}\n`);
const one = gzipSync(Buffer.alloc(1 << 20, 0x31));
const BOMB = new Uint8Array(Buffer.concat(Array.from({ length: 8 }, () => one))); // 8 KB → 8 MiB, limit 4 MiB

type Hazard = { name: string; path: (p: string) => string; headers: Record<string, string>; body: () => Promise<{ body: Uint8Array; type: string }>; status: number[] };
const HAZARDS: Hazard[] = [
  { name: 'cross-origin Origin', path: (p) => p, headers: { origin: 'http://evil.example' }, body: () => multipart(SPECTRUM, 'a.dat'), status: [403] },
  { name: 'foreign Referer', path: (p) => p, headers: { referer: 'http://evil.example/x.html' }, body: () => multipart(SPECTRUM, 'a.dat'), status: [403] },
  { name: 'bad Host', path: (p) => p, headers: { host: 'evil.example' }, body: () => multipart(SPECTRUM, 'a.dat'), status: [403] },
  { name: 'gzip bomb .prj', path: (p) => p, headers: {}, body: () => multipart(BOMB, 'bomb.prj'), status: [400, 413] },
  { name: 'oversize body', path: (p) => p, headers: {}, body: () => multipart(new Uint8Array(LIMIT + 1024).fill(0x31), 'big.dat'), status: [413] },
  { name: 'bad percent-encoding', path: (p) => `${p}%E0%A4%A`, headers: {}, body: () => multipart(SPECTRUM, 'a.dat'), status: [400] },
];

const POST_ROUTES = ALL_ROUTES.filter((r) => r.method === 'post').map((r) => r.path);

describe('fuzz: POST routes × hazards', () => {
  it('covers every POST route', () => {
    expect(POST_ROUTES.sort()).toEqual(['/api/check', '/api/groups', '/api/inspect', '/api/predict', '/api/rank', '/api/rdf', '/api/series', '/api/structure']);
  });

  for (const hazard of HAZARDS) {
    it(`${hazard.name}: every POST route answers ${hazard.status.join('/')} JSON`, async () => {
      const { body, type } = await hazard.body();
      for (const route of POST_ROUTES) {
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
    const { body, type } = await multipart(BOMB, 'bomb.prj');
    for (const route of ['/api/inspect', '/api/rdf', '/api/check', '/api/groups', '/api/rank']) {
      const r = await send(server.port, { path: route, headers: { 'content-type': type }, body });
      expect(r.status, `${route}: ${r.body}`).toBe(413);
      expect((JSON.parse(r.body) as { error: { code: string } }).error.code).toBe('INFLATED_TOO_LARGE');
    }
  }, 60_000);

  it('afterwards the server still answers /api/health, with nothing left running or waiting', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/health`);
    expect(res.status).toBe(200);
    const h = (await res.json()) as { jobs: { running: number; queued: number }; sync: { running: number; queued: number } };
    expect(h.jobs).toMatchObject({ running: 0, queued: 0 });
    expect(h.sync).toMatchObject({ running: 0, queued: 0 });
  });
});
