/**
 * @module server/origin-guard
 * What keeps other web pages away from a server on localhost, as notebook servers do:
 * - **Host check** (DNS rebinding): the `Host` header must name this server — localhost,
 *   127.0.0.1, [::1], the bound host, or a host of an allowed origin; with a wildcard bind
 *   (0.0.0.0, ::) IP addresses pass too (a rebinding attack needs a DNS name). Else 403 `FORBIDDEN_HOST`.
 * - **Origin check** (cross-site requests): a state-changing request (POST, PUT, PATCH, DELETE)
 *   whose `Origin` — or, lacking it, `Referer` — is neither this server's own origin nor one given
 *   with `--allow-origin` is 403 `CROSS_ORIGIN`. Requests with neither header (curl, scripts) pass.
 * Allowed origins also get CORS headers, so a page there can read the answers.
 */
import { isIP } from 'node:net';
import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { InputError } from '../errors.ts';
import type { ServerConfig } from './config.ts';
import { ApiError } from './http-errors.ts';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARD_BINDS = ['0.0.0.0', '::', '[::]', ''];
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Host name without brackets, port or trailing dot, lower case (`[::1]:8787` → `::1`). */
export function bareHostname(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') >= 0 ? h.indexOf(']') : undefined);
  else if (h.split(':').length === 2) h = h.slice(0, h.indexOf(':'));
  return h.replace(/\.$/, '');
}

/**
 * An origin as written by a browser (`scheme://host[:port]`), checked: `--allow-origin` values must be one.
 * @example normaliseOrigin('http://LOCALHOST:5173/') // 'http://localhost:5173'
 * @throws InputError for anything that is not an http(s) origin.
 */
export function normaliseOrigin(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`--allow-origin expects an origin like http://localhost:5173, got "${value}"`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname.replace(/\/$/, '') !== '' || url.search || url.hash || url.username) {
    throw new InputError(`--allow-origin expects an origin like http://localhost:5173 (scheme, host and port only), got "${value}"`);
  }
  return url.origin;
}

/** The origin of an Origin/Referer value, or undefined when it has none (`null`, garbage). */
function originOf(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * The Host and Origin checks, and CORS headers for the allowed origins.
 * @example app.use('*', ...originGuard(config));
 */
export function originGuard(config: Pick<ServerConfig, 'host' | 'allowOrigins'>): MiddlewareHandler[] {
  const allowed = new Set(config.allowOrigins.map(normaliseOrigin));
  const hosts = new Set([...LOOPBACK_NAMES, bareHostname(config.host), ...[...allowed].map((o) => bareHostname(new URL(o).host))]);
  const wildcard = WILDCARD_BINDS.includes(config.host.trim());
  const guard: MiddlewareHandler = async (c, next) => {
    const url = new URL(c.req.url);
    const host = c.req.header('host') ?? url.host;
    const name = bareHostname(host);
    if (!hosts.has(name) && !(wildcard && isIP(name) !== 0)) {
      throw new ApiError(403, 'FORBIDDEN_HOST', `Host "${host}" is not a name of this server (allowed: ${[...hosts].join(', ')}${wildcard ? ', IP addresses' : ''}); start it with --host NAME or --allow-origin to add one`, { host });
    }
    if (STATE_CHANGING.has(c.req.method)) {
      const origin = c.req.header('origin');
      const referer = origin === undefined ? c.req.header('referer') : undefined;
      const claimed = origin ?? referer;
      if (claimed !== undefined) {
        const from = originOf(claimed);
        const own = originOf(`${url.protocol}//${host}`) ?? '';
        if (from === undefined || (from !== own && !allowed.has(from))) {
          throw new ApiError(403, 'CROSS_ORIGIN', `${origin !== undefined ? 'Origin' : 'Referer'} "${claimed}" is not this server (${own}); a page elsewhere may not send requests here unless the server is started with --allow-origin ${from ?? '<origin>'}`, { origin: claimed });
        }
      }
    }
    await next();
  };
  const corsHeaders = cors({ origin: (o) => (allowed.has(o) ? o : null), allowMethods: ['GET', 'POST', 'DELETE'], maxAge: 600 });
  return allowed.size > 0 ? [guard, corsHeaders] : [guard];
}
