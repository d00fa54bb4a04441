/**
 * Early answers over a real socket: a 413 or 415 is sent after the rest of the body is drained, so
 * a Node client that is still writing sees the JSON answer and no EPIPE/ECONNRESET — also past the
 * 64 MB and 500 ms that @hono/node-server drains by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, createServerContext, type ServerContext } from '../../src/server/index.ts';
import { listen, send } from './http-client.ts';

let ctx: ServerContext;
let server: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  ctx = await createServerContext({ modelsDir: '/nonexistent/models', maxUploadBytes: 1 << 20 });
  server = await listen(createApp(ctx));
});

afterAll(async () => {
  await server?.close();
  await ctx?.close();
});

const code = (body: string) => (JSON.parse(body) as { error: { code: string } }).error.code;

describe('draining before an early answer', () => {
  it('a 100 MB upload against a 1 MB limit: the client writes it all and reads 413 JSON', async () => {
    const r = await send(server.port, { path: '/api/rdf', headers: { 'content-type': 'multipart/form-data; boundary=x' }, bodyBytes: 100 << 20 });
    expect(r.errors).toEqual([]);
    expect(r.written).toBe(100 << 20);
    expect(r.status).toBe(413);
    expect(code(r.body)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('the same with a chunked body (no Content-Length)', async () => {
    const r = await send(server.port, { path: '/api/inspect', headers: { 'content-type': 'multipart/form-data; boundary=x' }, chunked: true, bodyBytes: 100 << 20 });
    expect(r.errors).toEqual([]);
    expect(r.written).toBe(100 << 20);
    expect(r.status).toBe(413);
    expect(code(r.body)).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a slow client sending a wrong content type reads 415 JSON, not a reset', async () => {
    // 640 KB in 64 KB pieces 120 ms apart: ~1.2 s of sending after the answer is ready.
    const r = await send(server.port, { path: '/api/rdf', headers: { 'content-type': 'text/plain' }, bodyBytes: 640 * 1024, gapMs: 120 });
    expect(r.errors).toEqual([]);
    expect(r.written).toBe(640 * 1024); // the server did not close on it half-way
    expect(r.status).toBe(415);
    expect(code(r.body)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('fetch sees the 413 too, and the server keeps answering', async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/check`, { method: 'POST', body: new Uint8Array(80 << 20), headers: { 'content-type': 'multipart/form-data; boundary=x' } });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('PAYLOAD_TOO_LARGE');
    expect((await fetch(`http://127.0.0.1:${server.port}/api/health`)).status).toBe(200);
  });
});
