/**
 * Other web pages and DNS rebinding, over a real socket: a Host that is not a name of this server is
 * 403 FORBIDDEN_HOST; a state-changing request from another origin (Origin, else Referer) is 403
 * CROSS_ORIGIN; clients sending neither (curl, scripts) pass; --allow-origin lets a listed origin in
 * and gives it CORS headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { listen, send } from './http-client.ts';

let ctx: ServerContext;
let server: Awaited<ReturnType<typeof listen>>;
let open: ServerContext;
let openServer: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  ctx = await createServerContext({ modelsDir: '/nonexistent/models', host: '127.0.0.1' });
  server = await listen(createApp(ctx));
  open = await createServerContext({ modelsDir: '/nonexistent/models', host: '127.0.0.1', allowOrigins: ['http://localhost:5173'] });
  openServer = await listen(createApp(open));
});

afterAll(async () => {
  await server?.close();
  await openServer?.close();
  await ctx?.close();
  await open?.close();
});

const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;
const text = (s: string) => new TextEncoder().encode(s);

describe('Host check', () => {
  it('a foreign Host is 403 FORBIDDEN_HOST for the API and the UI alike', async () => {
    for (const path of ['/api/health', '/', '/api/models']) {
      const r = await send(server.port, { method: 'GET', path, headers: { host: `rebind.attacker.example:${server.port}` } });
      expect(r.status, path).toBe(403);
      expect(code(r.body)).toBe('FORBIDDEN_HOST');
    }
  });

  it('localhost, 127.0.0.1 and [::1] are names of this server', async () => {
    for (const host of [`localhost:${server.port}`, `127.0.0.1:${server.port}`, `[::1]:${server.port}`, 'LOCALHOST']) {
      expect((await send(server.port, { method: 'GET', path: '/api/health', headers: { host } })).status, host).toBe(200);
    }
  });
});

describe('Origin check', () => {
  const post = (port: number, headers: Record<string, string>) => send(port, { path: '/api/rdf', headers: { 'content-type': 'text/plain', ...headers }, body: text('1 2\n') });

  it('a POST from another origin is 403 CROSS_ORIGIN (also "null" origins and foreign Referers)', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: 'http://evil.example' }, { origin: `http://localhost:${server.port + 1}` }, { origin: 'null' }, { referer: 'http://evil.example/page.html' }, { referer: 'not a url' }]) {
      const r = await post(server.port, headers);
      expect(r.status, JSON.stringify(headers)).toBe(403);
      expect(code(r.body)).toBe('CROSS_ORIGIN');
      expect(r.errors).toEqual([]);
    }
  });

  it('the server\'s own origin and clients without Origin/Referer pass the check', async () => {
    for (const headers of <Record<string, string>[]>[{ origin: `http://127.0.0.1:${server.port}` }, { referer: `http://127.0.0.1:${server.port}/index.html` }, { host: `localhost:${server.port}`, origin: `http://localhost:${server.port}` }, {}]) {
      const r = await post(server.port, headers);
      expect(r.status, JSON.stringify(headers)).toBe(415); // past the guard: the route's own answer
    }
  });

  it('GETs are not state-changing: a foreign Origin may read health (no CORS header, so a browser still hides it)', async () => {
    const r = await send(server.port, { method: 'GET', path: '/api/health', headers: { origin: 'http://evil.example' } });
    expect(r.status).toBe(200);
  });

  it('--allow-origin lets a listed origin in, with CORS headers and preflight', async () => {
    const r = await fetch(`http://127.0.0.1:${openServer.port}/api/rdf`, { method: 'POST', body: '1 2\n', headers: { 'content-type': 'text/plain', origin: 'http://localhost:5173' } });
    expect(r.status).toBe(415);
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    const pre = await fetch(`http://127.0.0.1:${openServer.port}/api/rank`, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toMatch(/POST/);
    const other = await post(openServer.port, { origin: 'http://evil.example' });
    expect(other.status).toBe(403);
    const host = await send(openServer.port, { method: 'GET', path: '/api/health', headers: { host: 'localhost:5173' } });
    expect(host.status).toBe(200); // the allowed origin's host is a name of this server too
  });
});
