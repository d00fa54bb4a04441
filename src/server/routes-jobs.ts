/**
 * @module server/routes-jobs
 * `GET /api/jobs/:id` (progress, then the result or the error) and `GET /api/jobs/:id/result.csv`.
 */
import type { Hono } from 'hono';
import type { z } from 'zod';
import type { ServerContext } from './context.ts';
import { toCsv } from './csv.ts';
import { ApiError } from './http-errors.ts';
import { jobView, type Job } from './jobs.ts';
import { sendJson, type RouteSpec } from './route-spec.ts';
import { JobParams, JobSchema } from './schemas.ts';
import { check } from './validate.ts';

export const jobRoute: RouteSpec = {
  method: 'get',
  path: '/api/jobs/:id',
  summary: 'A job: status (queued, running, done, failed), progress {done, total, message}, and the result or error when finished',
  params: JobParams,
  result: JobSchema,
  responses: { 200: 'the job', 400: 'malformed id (VALIDATION_ERROR)', 404: 'no such job, or expired (JOB_NOT_FOUND)' },
};

export const jobCsvRoute: RouteSpec = {
  method: 'get',
  path: '/api/jobs/:id/result.csv',
  summary: 'The result of a finished job as CSV (one row per candidate, scalar fields)',
  params: JobParams,
  produces: 'text/csv',
  responses: { 200: 'CSV text', 404: 'no such job (JOB_NOT_FOUND)', 409: 'job not finished or failed (JOB_NOT_DONE)' },
};

function findJob(ctx: ServerContext, id: string): Job {
  const job = ctx.jobs.get(id);
  if (!job) throw new ApiError(404, 'JOB_NOT_FOUND', `no job ${id} (unknown, or finished more than ${Math.round(ctx.config.jobTtlMs / 60000)} min ago)`, { id });
  return job;
}

/**
 * Registers the job routes.
 * @example registerJobRoutes(app, ctx);
 */
export function registerJobRoutes(app: Hono, ctx: ServerContext): void {
  const valid = (c: { req: { valid: unknown } }) => (c.req.valid as (t: 'param') => z.infer<typeof JobParams>)('param');
  app.get(jobRoute.path, check('param', JobParams), (c) => sendJson(c, jobView(findJob(ctx, valid(c).id))));
  app.get(jobCsvRoute.path, check('param', JobParams), (c) => {
    const job = findJob(ctx, valid(c).id);
    if (job.status !== 'done') throw new ApiError(409, 'JOB_NOT_DONE', `job ${job.id} is ${job.status}; the CSV exists once it is done`, { status: job.status });
    return c.body(toCsv(job.result), 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${job.kind}-${job.id}.csv"` });
  });
}
