/**
 * @module server/serve
 * The HTTP server around the Hono app (`@hono/node-server`'s request listener on `node:http`), with
 * what the adapter's own `serve` lacks: a request whose URL cannot even be built — e.g. an
 * unbracketed IPv6 `Host: ::1` — gets the API's JSON 400 (`BAD_HOST`) instead of an empty answer,
 * and Node's own whole-request timeout follows the server's time limit (a body trickled in
 * byte by byte is cut off too, see body-limit.ts for the answer it gets).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { Hono } from 'hono';
import type { ErrorBody } from './http-errors.ts';

/** Options of {@link serveApp}. */
export interface ServeOptions {
  port: number;
  hostname?: string;
  /** The request time limit, ms (Node closes a request still unfinished at twice this, as a last resort). */
  requestTimeoutMs?: number;
}

/** The answer to a request the adapter cannot turn into a `Request` (no valid URL from its Host). */
function badRequest(e: Error): Response {
  const body: ErrorBody = { error: { code: 'BAD_HOST', message: `the request cannot be read: ${e.message.replace(/^Invalid URL.*$/i, 'the Host header is not a valid host (an IPv6 address must be in brackets, e.g. [::1]:8787)')}`, details: {} } };
  return new Response(JSON.stringify(body), { status: 400, headers: { 'content-type': 'application/json; charset=utf-8', connection: 'close' } });
}

/**
 * Serves `app`; resolves once it listens.
 * @example const { server, port } = await serveApp(app, { port: 8787, hostname: 'localhost' });
 */
export async function serveApp(app: Hono, options: ServeOptions): Promise<{ server: Server; port: number }> {
  const listener = getRequestListener(app.fetch, { ...(options.hostname ? { hostname: options.hostname } : {}), errorHandler: (e) => badRequest(e as Error) });
  const server = createServer((req, res) => void listener(req, res));
  if (options.requestTimeoutMs !== undefined) server.requestTimeout = Math.max(server.headersTimeout + 1, 2 * options.requestTimeoutMs);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.hostname, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}
