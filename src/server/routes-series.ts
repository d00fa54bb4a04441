/**
 * @module server/routes-series
 * `POST /api/series`: a series of spectra — one Athena project (one spectrum per group), or several
 * files — as a job (202 with its id; poll `GET /api/jobs/:id`, CSV at `/api/jobs/:id/result.csv`).
 * The files are read first on the sync lane (never on the event loop), so a series with nothing
 * readable is a 400, and one of more than `--max-series-spectra` spectra a 422, at once — not a
 * failed job.
 */
import type { Hono } from 'hono';
import type { z } from 'zod';
import { HOW_TO_SET_ELEMENT } from '../elements/index.ts';
import { rankInstead } from '../inverse/index.ts';
import { maxInflatedBytes } from './config.ts';
import type { ServerContext } from './context.ts';
import { ApiError } from './http-errors.ts';
import { fileBytes, knownElement } from './inputs.ts';
import { JOB_KINDS } from './job-kinds.ts';
import { BODY_ERRORS, type RouteSpec } from './route-spec.ts';
import { SERIES_ALIASES, SeriesForm } from './schemas.ts';
import type { SeriesJobInput } from './series-job.ts';
import { submitJob } from './submit-job.ts';
import { runSync } from './sync-lane.ts';
import { body } from './validate.ts';

export const seriesRoute: RouteSpec = {
  method: 'post',
  path: '/api/series',
  summary: 'A series of spectra (an Athena project, or several files) → one row per spectrum: label, axis (time, temperature or index), E0, edge step, first shell ± σ, verdict and pseudo-RDF (the `xasinv series --json` shape), as a job',
  body: { form: SeriesForm },
  aliases: SERIES_ALIASES,
  responses: {
    202: 'job accepted: {id, status, progress, links: {self, csv}}; poll GET /api/jobs/{id} (the result: {element, model, r, k, axis, rows: [...], summary, warnings}), cancel with DELETE /api/jobs/{id}',
    ...BODY_ERRORS,
    400: 'no spectrum in the upload could be read (INPUT_ERROR, naming the files and why)',
    422: 'unknown element, no inverse model for it (NO_INVERSE_MODEL), or more spectra than the server takes in one series (TOO_MANY_SPECTRA)',
    429: 'too many jobs waiting for a worker (QUEUE_FULL); see Retry-After',
    501: 'no inverse model on this server (NOT_AVAILABLE)',
    503: 'the Redis job queue does not answer (QUEUE_UNAVAILABLE), or no worker is connected to it (NO_WORKER); see Retry-After',
  },
};

/**
 * Registers the series route.
 * @example registerSeriesRoutes(app, ctx);
 */
export function registerSeriesRoutes(app: Hono, ctx: ServerContext): void {
  app.post(seriesRoute.path, body(seriesRoute.body!, seriesRoute.aliases), async (c) => {
    const v = (c.req.valid as (t: 'form') => z.infer<typeof SeriesForm>)('form');
    if (ctx.inverse.size === 0) throw new ApiError(501, 'NOT_AVAILABLE', `a series needs an inverse model, and there is none in ${ctx.config.modelsDir}/inverse`, {});
    const element = knownElement(v.element);
    if (element && !ctx.inverse.has(element)) throw new ApiError(422, 'NO_INVERSE_MODEL', `no inverse model for ${element} (models: ${[...ctx.inverse.keys()].join(', ')})${rankInstead(element, ctx.config.modelsDir)}; if ${element} is not the absorber, ${HOW_TO_SET_ELEMENT}`, { element });
    const uploads = Array.isArray(v.spectrum) ? v.spectrum : [v.spectrum];
    const files = [];
    for (const [i, f] of uploads.entries()) files.push({ name: f.name || `spectrum-${i + 1}`, bytes: await fileBytes(f) });
    const input: SeriesJobInput = { files, modelsDir: ctx.config.modelsDir, maxInflatedBytes: maxInflatedBytes(ctx.config), maxSpectra: ctx.config.maxSeriesSpectra, ...(element ? { element } : {}) };
    // Read on the sync lane as the job will read them: nothing readable is a 400, too many spectra a 422, now.
    const { spectra } = (await runSync(ctx, c, { module: SERIES_JOB_MODULE, fn: 'seriesCheck', input }, { finishWhenClientGone: true })) as { spectra: number };
    return submitJob(ctx, c, 'series', { module: JOB_KINDS.series!.module, fn: JOB_KINDS.series!.fn, input }, spectra);
  });
}

/** The series job module (its `seriesCheck` runs on the sync lane). */
const SERIES_JOB_MODULE = JOB_KINDS.series!.module;
