/**
 * @module server/routes-jobs
 * `GET /api/jobs/:id` (progress, then the result or the error), `GET /api/jobs/:id/result.csv` and
 * `DELETE /api/jobs/:id` (cancel). Everything goes through the {@link JobQueue} interface.
 */
import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { ServerContext } from './context.ts';
import { ApiError } from './http-errors.ts';
import { jobNotFound } from './job-queue.ts';
import { resultUtf8 } from './job-result.ts';
import { isFinished, jobJsonParts, jobJsonText, type Job } from './jobs.ts';
import { sendBytes, sendJsonText, type RouteSpec } from './route-spec.ts';
import { JobParams, JobSchema } from './schemas.ts';
import { check } from './validate.ts';

export const jobRoute: RouteSpec = {
  method: 'get',
  path: '/api/jobs/:id',
  summary: 'A job: status (queued, running, done, failed, cancelled), progress {done, total, message}, and the result or error when finished',
  params: JobParams,
  result: JobSchema,
  responses: { 200: 'the job', 400: 'malformed id (VALIDATION_ERROR)', 404: 'no such job, or expired (JOB_NOT_FOUND)' },
};

export const jobCsvRoute: RouteSpec = {
  method: 'get',
  path: '/api/jobs/:id/result.csv',
  summary: 'The result of a finished job as CSV (rank: one row per candidate, scalar fields; series: one row per spectrum with the pseudo-RDF as columns g2_<r>)',
  params: JobParams,
  produces: 'text/csv',
  responses: { 200: 'CSV text', 404: 'no such job (JOB_NOT_FOUND)', 409: 'job not finished or failed (JOB_NOT_DONE)' },
};

export const jobCancelRoute: RouteSpec = {
  method: 'delete',
  path: '/api/jobs/:id',
  summary: 'Cancel a queued or running job: a waiting job is dropped, a running one has its worker stopped; the job then reports status "cancelled"',
  params: JobParams,
  result: JobSchema,
  responses: { 200: 'the cancelled job', 400: 'malformed id (VALIDATION_ERROR)', 403: 'request from another origin (CROSS_ORIGIN)', 404: 'no such job (JOB_NOT_FOUND)', 409: 'the job had already finished (JOB_FINISHED)' },
};

/**
 * Registers the job routes.
 * @example registerJobRoutes(app, ctx);
 */
export function registerJobRoutes(app: Hono, ctx: ServerContext): void {
  const idOf = (c: Context) => (c.req.valid as (t: 'param') => z.infer<typeof JobParams>)('param').id;
  const found = (id: string, job: Job | undefined): Job => {
    if (!job) throw jobNotFound(id, ctx.config.jobTtlMs);
    return job;
  };
  // Stored results are sent as their UTF-8 bytes, large ones streamed: no GET serialises or encodes a
  // result again, nor holds the event loop for one big write (job-result.ts, route-spec.ts).
  app.get(jobRoute.path, check('param', JobParams), async (c) => sendBytes(c, jobJsonParts(found(idOf(c), await ctx.jobs.get(idOf(c)))), 'application/json; charset=utf-8'));
  app.get(jobCsvRoute.path, check('param', JobParams), async (c) => {
    const job = found(idOf(c), await ctx.jobs.get(idOf(c)));
    if (job.status !== 'done' || !job.result) throw new ApiError(409, 'JOB_NOT_DONE', `job ${job.id} is ${job.status}; the CSV exists once it is done`, { status: job.status });
    return sendBytes(c, [resultUtf8(job.result, '$csv')], 'text/csv; charset=utf-8', { 'content-disposition': `attachment; filename="${job.kind}-${job.id}.csv"` });
  });
  app.delete(jobCancelRoute.path, check('param', JobParams), async (c) => {
    const id = idOf(c);
    const before = found(id, await ctx.jobs.get(id));
    if (isFinished(before)) throw new ApiError(409, 'JOB_FINISHED', `job ${id} had already finished (${before.status}); nothing to cancel`, { status: before.status });
    return sendJsonText(c, jobJsonText(found(id, await ctx.jobs.cancel(id))));
  });
}
