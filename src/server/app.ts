/**
 * @module server/app
 * The Hono application: limits (body size with draining, request time), the routes, the single error handler,
 * and the built UI as static files. Testable without a port through `app.request()`.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';
import { Hono, type MiddlewareHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { timeout } from 'hono/timeout';
import { drainUnreadBody, limitBody } from './body-limit.ts';
import type { ServerContext } from './context.ts';
import { originGuard } from './origin-guard.ts';
import { deadlineOf, requestClock } from './sync-lane.ts';
import { securityHeaders } from './security-headers.ts';
import { ApiError, errorHandler, notFound } from './http-errors.ts';
import { pathScrubber } from './scrub-paths.ts';
import type { RouteSpec } from './route-spec.ts';
import { jobCancelRoute, jobCsvRoute, jobRoute, registerJobRoutes } from './routes-jobs.ts';
import { healthRoute, modelsRoute, openApiRoute, registerMetaRoutes } from './routes-meta.ts';
import { rankRoute, registerRankRoutes } from './routes-rank.ts';
import { registerSeriesRoutes, seriesRoute } from './routes-series.ts';
import { checkRoute, groupsRoute, inspectRoute, rdfRoute, registerSpectrumRoutes } from './routes-spectrum.ts';
import { predictRoute, registerStructureRoutes, structureRoute } from './routes-structure.ts';

/** Every route, in documentation order. */
export const ALL_ROUTES: readonly RouteSpec[] = Object.freeze([
  healthRoute,
  modelsRoute,
  openApiRoute,
  groupsRoute,
  inspectRoute,
  rdfRoute,
  checkRoute,
  structureRoute,
  predictRoute,
  rankRoute,
  seriesRoute,
  jobRoute,
  jobCsvRoute,
  jobCancelRoute,
]);

const MIME: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.json': 'application/json', '.woff2': 'font/woff2' };

/**
 * The application for a server context.
 * @example
 * const app = createApp(await createServerContext({ modelsDir }));
 * await app.request('/api/health');
 */
export function createApp(ctx: ServerContext): Hono {
  const app = new Hono();
  const { config } = ctx;
  app.use('*', drainUnreadBody(config));
  app.use('*', securityHeaders());
  app.use('*', rejectBadPath);
  app.use('*', ...originGuard(config));
  // The time limit counts from the first byte: a body trickled in slowly is cut off at it (408).
  app.use('/api/*', requestClock(ctx));
  app.use('/api/*', limitBody(config.maxUploadBytes, config, deadlineOf));
  app.use('/api/*', timeout(config.requestTimeoutMs, () => new HTTPException(504, { message: `request took longer than ${config.requestTimeoutMs / 1000} s` })));
  registerMetaRoutes(app, ctx, ALL_ROUTES);
  registerSpectrumRoutes(app, ctx);
  registerStructureRoutes(app, ctx);
  registerRankRoutes(app, ctx);
  registerSeriesRoutes(app, ctx);
  registerJobRoutes(app, ctx);
  app.all('/api/*', notFound);
  if (config.uiDir && existsSync(join(config.uiDir, 'index.html'))) serveUi(app, config.uiDir);
  app.notFound(notFound);
  app.onError(errorHandler(pathScrubber([{ path: config.modelsDir, name: 'models' }, ...Object.entries(config.pools).map(([name, path]) => ({ path, name }))])));
  return app;
}

/** A path whose percent-encoding does not decode (`/%E0%A4%A`) is 400 `BAD_PATH`, before any route. */
const rejectBadPath: MiddlewareHandler = async (c, next) => {
  const raw = c.req.url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/s, '');
  try {
    decodeURIComponent(raw);
  } catch {
    throw new ApiError(400, 'BAD_PATH', 'the request path has invalid percent-encoding', {});
  }
  await next();
};

/** Static files of the built UI (index.html for `/`); no path escapes `dir`. */
function serveUi(app: Hono, dir: string): void {
  const root = normalize(dir + sep);
  app.get('/*', (c) => {
    const rel = decodeURIComponent(c.req.path) === '/' ? 'index.html' : decodeURIComponent(c.req.path).replace(/^\/+/, '');
    const file = normalize(join(root, rel));
    if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) return notFound(c);
    const type = MIME[extname(file)] ?? 'application/octet-stream';
    return c.body(readFileSync(file), 200, { 'content-type': type, 'cache-control': rel === 'index.html' ? 'no-cache' : 'public, max-age=3600' });
  });
}
