/**
 * Test helpers for a real listening server: start the app with @hono/node-server on 127.0.0.1 and a
 * plain node:http client that writes a body of any size (optionally slowly), can set any Host or
 * Origin header, and records every client-side error (EPIPE, ECONNRESET) until the socket closes.
 */
import { request, type Server } from 'node:http';
import type { Hono } from 'hono';
import { serveApp } from '../../src/server/index.ts';

/** Serves `app` on a free port of 127.0.0.1, as `npm start` does (src/server/serve.ts). */
export async function listen(app: Hono, requestTimeoutMs?: number): Promise<{ port: number; server: Server; close: () => Promise<void> }> {
  const { server, port } = await serveApp(app, { port: 0, hostname: '127.0.0.1', ...(requestTimeoutMs !== undefined ? { requestTimeoutMs } : {}) });
  return { port, server, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** What {@link send} saw. */
export interface Sent {
  status: number | undefined;
  body: string;
  /** Client-side errors (e.g. `EPIPE`, `ECONNRESET`), in order. */
  errors: string[];
  /** Body bytes the client managed to write. */
  written: number;
}

/**
 * One request with a body of `bodyBytes` bytes ('1's), written in `chunkBytes` pieces, `gapMs` apart
 * (0: as fast as the socket takes them); `chunked` sends no Content-Length; `abortAfterBytes` destroys
 * the socket once that much is written (a client that goes away mid-upload). Resolves when the socket has closed.
 */
export function send(port: number, opts: { method?: string; path: string; headers?: Record<string, string>; bodyBytes?: number; body?: Uint8Array; chunkBytes?: number; gapMs?: number; chunked?: boolean; abortAfterBytes?: number }): Promise<Sent> {
  const body = opts.body;
  const size = body ? body.length : (opts.bodyBytes ?? 0);
  const chunkBytes = opts.chunkBytes ?? 64 * 1024;
  const filler = Buffer.alloc(chunkBytes, 0x31);
  return new Promise((resolve) => {
    const out: Sent = { status: undefined, body: '', errors: [], written: 0 };
    const req = request({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'POST', headers: { ...(opts.chunked ? {} : { 'content-length': String(size) }), ...opts.headers } });
    req.on('response', (res) => {
      out.status = res.statusCode;
      res.setEncoding('utf8');
      res.on('data', (d: string) => (out.body += d));
      res.on('error', (e: NodeJS.ErrnoException) => out.errors.push(e.code ?? e.message));
    });
    req.on('error', (e: NodeJS.ErrnoException) => out.errors.push(e.code ?? e.message));
    req.on('close', () => setTimeout(() => resolve(out), 20));
    const write = (): void => {
      while (out.written < size && !req.destroyed) {
        const n = Math.min(chunkBytes, size - out.written);
        const ok = req.write(body ? body.subarray(out.written, out.written + n) : n === chunkBytes ? filler : filler.subarray(0, n));
        out.written += n;
        if (opts.abortAfterBytes !== undefined && out.written >= opts.abortAfterBytes) return void setTimeout(() => req.destroy(), 50);
        if (opts.gapMs) return void setTimeout(write, opts.gapMs);
        if (!ok) return void req.once('drain', write);
      }
      if (!req.destroyed) req.end();
    };
    write();
  });
}
