/**
 * @module server/routes-rank
 * `POST /api/rank`: a measured spectrum against candidate structures (uploaded, or a server pool
 * named at start with `--pool name=folder`). Rankings run in worker threads: small ones on the
 * sync lane, answered directly within the request time limit; larger ones (or `async=true`) as a
 * job, answered 202 (see routes-jobs.ts).
 */
import type { Hono } from 'hono';
import type { z } from 'zod';
import { relative } from 'node:path';
import type { ServerContext } from './context.ts';
import { poolFiles } from './context.ts';
import { ApiError } from './http-errors.ts';
import type { RankCandidate, RankJobInput } from './rank-job.ts';
import { runSync } from './sync-lane.ts';
import { fileBytes, groupOption, knownElement, spectrumBytes, spectrumFromFile } from './inputs.ts';
import { maxInflatedBytes } from './config.ts';
import { BODY_ERRORS, sendJson, type RouteSpec } from './route-spec.ts';
import { RankForm } from './schemas.ts';
import { body } from './validate.ts';

export const rankRoute: RouteSpec = {
  method: 'post',
  path: '/api/rank',
  summary: 'Rank candidate structures against a measured spectrum (the `xasinv rank --json` shape); large rankings answer 202 with a job',
  body: { form: RankForm },
  responses: {
    200: 'the ranking (as `xasinv rank --json`): {absorber, primaryScore, combination, measured, candidates: [{rank, id, file, formula, score, scoreSigma, rFactor, shift, broadening, scale, rdfChi2, sites, fit?, g2?}], rejected, model, warnings}',
    202: 'job accepted: {id, status, progress, links: {self, csv}}; poll GET /api/jobs/{id}, cancel with DELETE /api/jobs/{id}',
    ...BODY_ERRORS,
    429: 'too many jobs or requests waiting for a worker (QUEUE_FULL); see Retry-After',
    504: 'a direct (small) ranking took longer than the request time limit (REQUEST_TIMEOUT); its work was stopped',
    422: 'no candidates (NO_CANDIDATES), unknown pool (UNKNOWN_POOL), too many uploaded candidates (TOO_MANY_CANDIDATES), unsupported absorber',
    501: 'no forward model on this server (NOT_AVAILABLE)',
  },
};

/** The module implementing rank jobs (run in the worker threads). */
export const RANK_JOB_MODULE = new URL('./rank-job.ts', import.meta.url).href;

/** Whether this server can rank: the forward model is loaded, or pools are ranked by FEFF look-up. */
export function rankAvailable(ctx: ServerContext): boolean {
  return ctx.config.rankPredictor === 'feff' || Boolean(ctx.forward);
}

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
      for (const path of poolFiles(dir)) candidates.push({ name: relative(dir, path), path });
    }
    const total = candidates.length + uploaded.length;
    if (total === 0) throw new ApiError(422, 'NO_CANDIDATES', 'give candidate structure files (field "candidates") or a server pool (field "pool")');
    // The limit is on uploads; a server pool is the operator's choice and is never refused for its size.
    if (uploaded.length > ctx.config.maxCandidates) throw new ApiError(422, 'TOO_MANY_CANDIDATES', `${uploaded.length} uploaded candidates; the limit is ${ctx.config.maxCandidates}`, { candidates: uploaded.length, limit: ctx.config.maxCandidates });
    const element = knownElement(v.element);
    if (!rankAvailable(ctx)) throw new ApiError(501, 'NOT_AVAILABLE', `ranking needs the forward model, and there is none in ${ctx.config.modelsDir}/forward (train one with npm run train:forward)`, { modelsDir: ctx.config.modelsDir });
    if (ctx.config.rankPredictor === 'feff' && uploaded.length > 0) throw new ApiError(422, 'UPLOADS_NOT_SUPPORTED', 'this server ranks with precomputed FEFF spectra (--predictor feff): only server pools can be ranked, not uploaded structures');
    // Read the spectrum here too, so an unreadable one is a 400 now rather than a failed job later.
    await spectrumFromFile(v.spectrum, maxInflatedBytes(ctx.config), v.group, element);
    for (const f of uploaded) candidates.push({ name: f.name || `candidate-${candidates.length}`, bytes: await fileBytes(f) });
    const input: RankJobInput = {
      spectrum: { name: v.spectrum.name || '<upload>', bytes: await spectrumBytes(v.spectrum, maxInflatedBytes(ctx.config)), ...(v.group ? { group: groupOption(v.group)! } : {}), ...(element ? { element } : {}) },
      candidates,
      modelsDir: ctx.config.modelsDir,
      predictor: ctx.config.rankPredictor,
      maxAtoms: ctx.config.maxAtoms,
    };
    const task = { module: RANK_JOB_MODULE, fn: 'rankJob', input };
    // Small rankings run on the sync lane under the request's time limit, never behind long jobs.
    if (v.async !== 'true' && total <= ctx.config.syncRankMax) return sendJson(c, await runSync(ctx, c, task));
    const job = await ctx.jobs.submit('rank', task, total);
    return c.json({ id: job.id, status: job.status, progress: job.progress, links: { self: `/api/jobs/${job.id}`, csv: `/api/jobs/${job.id}/result.csv` } }, 202, { location: `/api/jobs/${job.id}` });
  });
}
