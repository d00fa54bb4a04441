/**
 * @module server/routes-rank
 * `POST /api/rank`: a measured spectrum against candidate structures (uploaded, or a server pool
 * named at start with `--pool name=folder`). Rankings run on the worker pool; small ones answer
 * directly, larger ones (or `async=true`) answer 202 with a job (see routes-jobs.ts).
 */
import type { Hono } from 'hono';
import type { z } from 'zod';
import type { ServerContext } from './context.ts';
import { poolFiles } from './context.ts';
import { ApiError, notAvailable } from './http-errors.ts';
import { fileBytes, groupOption, knownElement } from './inputs.ts';
import { BODY_ERRORS, type RouteSpec } from './route-spec.ts';
import { RankForm } from './schemas.ts';
import { body } from './validate.ts';

export const rankRoute: RouteSpec = {
  method: 'post',
  path: '/api/rank',
  summary: 'Rank candidate structures against a measured spectrum (the `xasinv rank --json` shape); large rankings answer 202 with a job',
  body: { form: RankForm },
  responses: {
    200: 'the ranking (as `xasinv rank --json`)',
    202: 'job accepted: {id, status, progress, links: {self, csv}}; poll GET /api/jobs/{id}',
    ...BODY_ERRORS,
    422: 'no candidates, unknown pool, too many candidates (TOO_MANY_CANDIDATES), unsupported element',
    501: 'ranking not in this build (NOT_AVAILABLE)',
  },
};

/** A candidate as sent to the worker: a name and either bytes or a server-side path. */
export interface RankCandidate {
  name: string;
  bytes?: Uint8Array;
  path?: string;
}

/** What the rank job receives in its worker. */
export interface RankJobInput {
  spectrum: { name: string; bytes: Uint8Array; group?: string | number; element?: string };
  candidates: RankCandidate[];
  modelsDir: string;
}

/** The module implementing rank jobs, or undefined while src/screen is not in this build. */
export const RANK_JOB_MODULE: string | undefined = undefined;

/**
 * Registers the rank route.
 * @example registerRankRoutes(app, ctx);
 */
export function registerRankRoutes(app: Hono, ctx: ServerContext): void {
  app.post(rankRoute.path, body(rankRoute.body!), async (c) => {
    const v = (c.req.valid as (t: 'form') => z.infer<typeof RankForm>)('form');
    const candidates: RankCandidate[] = [];
    const uploaded = v.candidates === undefined ? [] : Array.isArray(v.candidates) ? v.candidates : [v.candidates];
    if (v.pool !== undefined) {
      const dir = ctx.config.pools[v.pool];
      if (!dir) throw new ApiError(422, 'UNKNOWN_POOL', `no candidate pool "${v.pool}" (configured: ${Object.keys(ctx.config.pools).join(', ') || 'none'})`, { pool: v.pool, pools: Object.keys(ctx.config.pools) });
      for (const path of poolFiles(dir)) candidates.push({ name: path.slice(dir.length + 1), path });
    }
    const total = candidates.length + uploaded.length;
    if (total === 0) throw new ApiError(422, 'NO_CANDIDATES', 'give candidate structure files (field "candidates") or a server pool (field "pool")');
    if (total > ctx.config.maxCandidates) throw new ApiError(422, 'TOO_MANY_CANDIDATES', `${total} candidates; the limit is ${ctx.config.maxCandidates}`, { candidates: total, limit: ctx.config.maxCandidates });
    const element = knownElement(v.element);
    if (!RANK_JOB_MODULE) throw notAvailable('ranking', 'src/screen');
    for (const f of uploaded) candidates.push({ name: f.name || `candidate-${candidates.length}`, bytes: await fileBytes(f) });
    const input: RankJobInput = {
      spectrum: { name: v.spectrum.name || '<upload>', bytes: await fileBytes(v.spectrum), ...(v.group ? { group: groupOption(v.group)! } : {}), ...(element ? { element } : {}) },
      candidates,
      modelsDir: ctx.config.modelsDir,
    };
    const run = (progress: Parameters<Parameters<typeof ctx.jobs.start>[1]>[0]) => ctx.pool.run({ module: RANK_JOB_MODULE!, fn: 'rankJob', input }, progress);
    if (v.async !== 'true' && total <= ctx.config.syncRankMax) return c.json((await run(() => {})) as object);
    const job = ctx.jobs.start('rank', run, total);
    return c.json({ id: job.id, status: job.status, progress: job.progress, links: { self: `/api/jobs/${job.id}`, csv: `/api/jobs/${job.id}/result.csv` } }, 202, { location: `/api/jobs/${job.id}` });
  });
}
