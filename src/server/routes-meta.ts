/**
 * @module server/routes-meta
 * `GET /api/health`, `GET /api/models` (models, elements, grids, metrics, pools, features) and
 * `GET /api/openapi.json`.
 */
import { join } from 'node:path';
import type { Hono } from 'hono';
import { VERSION } from '../version.ts';
import { validRangeEv } from '../forward/index.ts';
import { librarySummaries, type LibrarySummary } from '../library/index.ts';
import { elementSupport, SUPPORT_NOTE, supportCells, type ElementSupport } from '../support/index.ts';
import { poolFiles, type ServerContext } from './context.ts';
import { InProcessJobQueue } from './job-queue.ts';
import { openApiDocument } from './openapi.ts';
import { sendJson, type RouteSpec } from './route-spec.ts';
import { rankAvailable } from './routes-rank.ts';

export const healthRoute: RouteSpec = {
  method: 'get',
  path: '/api/health',
  summary: 'Liveness and load: {status: "ok", version, uptimeS, jobs: {running, queued, workers, maxQueued, stored?: {jobs, resultBytes, maxResultBytes}}, sync: {…the same for synchronous work}, requests: {inFlight}, cache: {hits, misses, entries, bytes, maxBytes}, memory: {rssMb, heapUsedMb}}',
  responses: { 200: 'ok', 503: 'the Redis job queue does not answer (QUEUE_UNAVAILABLE); see Retry-After' },
};
export const modelsRoute: RouteSpec = {
  method: 'get',
  path: '/api/models',
  summary: 'Loaded models (inverse per element, forward), their grids, calibration and held-out metrics; candidate pools; shipped candidate libraries; available features',
  responses: { 200: '{inverse: [...], forward, pools: [{name, candidates}], libraries: [{absorber, structures, sites, sources, built, spectra: forward|feff|none, predictorId}], support: [{element, inverse, forward, library, calibration, edgeValence}] (what each element supports, as `xasinv models`), supportTable: {head, body, note} (the same as the text table), features: {rdf, predict, rank, check}}' },
};
export const openApiRoute: RouteSpec = { method: 'get', path: '/api/openapi.json', summary: 'This document', responses: { 200: 'OpenAPI 3.1' } };

/** The package version. */
export { VERSION };

const listings = new WeakMap<ServerContext, { libraries: LibrarySummary[]; support: ElementSupport[] }>();

/** The shipped libraries and the per-element support table of the server's models folder, read once per server (the Cu library's metadata is 3 MB of JSON). */
function listingsOf(ctx: ServerContext): { libraries: LibrarySummary[]; support: ElementSupport[] } {
  let l = listings.get(ctx);
  if (!l) listings.set(ctx, (l = { libraries: librarySummaries(join(ctx.config.modelsDir, 'library')), support: elementSupport(ctx.config.modelsDir) }));
  return l;
}

/** Summary of the loaded models and features. */
export function modelsView(ctx: ServerContext): Record<string, unknown> {
  const inverse = [...ctx.inverse.values()].map(({ manifest: m }) => ({
    id: m.id,
    kind: m.kind,
    version: m.version,
    created: m.created,
    element: m.element,
    edge: m.edge,
    members: m.members,
    grid: m.recipe.grid,
    input: { postWindowEv: m.recipe.postWindowEv, halfStepLevel: m.recipe.halfStepLevel },
    g2: { n: m.g2.n, rMinAngstrom: m.g2.rMinAngstrom, rMaxAngstrom: m.g2.rMaxAngstrom },
    calibration: { k: m.calibration.k, coverage: m.calibration.coverage, coverageAfter: m.calibration.coverageAfter },
    training: { data: m.training.data, samples: m.training.samples },
    metrics: m.metrics,
    ...(m.confidence ? { confidence: m.confidence } : {}),
  }));
  const f = ctx.forward?.manifest;
  const forward = f
    ? { id: f.id, kind: f.kind, version: f.version, created: f.created, elements: f.elements, edge: f.edge, grid: { n: f.grid.n, startEv: f.grid.energyEv[0], stopEv: f.grid.energyEv[f.grid.n - 1] }, validRangeEv: Object.fromEntries(f.elements.map((el) => [el, validRangeEv(f, el)])), members: f.architecture.members, calibration: { k: f.calibration.k, coverage: f.calibration.coverage }, metrics: f.metrics }
    : null;
  const pools = Object.entries(ctx.config.pools).map(([name, dir]) => ({ name, candidates: poolFiles(dir).length }));
  const { libraries, support } = listingsOf(ctx);
  return {
    inverse,
    forward,
    elements: [...ctx.inverse.keys()],
    pools,
    libraries,
    support,
    supportTable: { ...supportCells(support), note: SUPPORT_NOTE },
    limits: { maxUploadBytes: ctx.config.maxUploadBytes, maxCandidates: ctx.config.maxCandidates, maxAtoms: ctx.config.maxAtoms, syncRankMax: ctx.config.syncRankMax, requestTimeoutMs: ctx.config.requestTimeoutMs, jobTimeoutMs: ctx.config.jobTimeoutMs },
    features: { inspect: true, rdf: ctx.inverse.size > 0, predict: Boolean(ctx.forward), rank: rankAvailable(ctx), check: true, series: ctx.inverse.size > 0 }, jobs: ctx.config.redisUrl ? 'redis' : 'in-process', rankPredictor: ctx.config.rankPredictor,
  };
}

/**
 * Registers the meta routes; `routes` is every route spec, for the OpenAPI document.
 * @example registerMetaRoutes(app, ctx, ALL_ROUTES);
 */
export function registerMetaRoutes(app: Hono, ctx: ServerContext, routes: readonly RouteSpec[]): void {
  const doc = openApiDocument(routes, VERSION);
  app.get(healthRoute.path, async (c) => {
    const jobs = { ...(await ctx.jobs.counts()), ...(ctx.jobs instanceof InProcessJobQueue ? { stored: ctx.jobs.store.stored() } : {}) };
    const m = process.memoryUsage();
    const memory = { rssMb: Math.round(m.rss / 1048576), heapUsedMb: Math.round(m.heapUsed / 1048576) };
    return c.json({ status: 'ok', version: VERSION, uptimeS: Math.round((Date.now() - ctx.startedAt) / 1000), jobs, sync: ctx.sync.counts(), requests: { inFlight: ctx.requests.inFlight }, cache: ctx.results.stats(), memory });
  });
  app.get(modelsRoute.path, (c) => sendJson(c, modelsView(ctx)));
  app.get(openApiRoute.path, (c) => c.json(doc));
}
