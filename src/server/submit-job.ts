/**
 * @module server/submit-job
 * Queues a job for a request and answers 202 — unless the request's client has gone: a POST whose
 * client closed the connection before the job was queued is not queued, and one whose client left
 * while it was being queued is cancelled at once, so no worker runs a job nobody will fetch.
 */
import type { Context } from 'hono';
import { XasinvError } from '../errors.ts';
import type { ServerContext } from './context.ts';
import { jsonText, sendJsonText } from './route-spec.ts';
import type { WorkerTask } from './worker-pool.ts';

const clientGone = () => new XasinvError('CLIENT_GONE', 'the client closed the connection before its job was queued; nothing was queued');

/**
 * Submits `task` as a job of `kind` and answers 202 `{id, status, progress, links}` with `Location`.
 * @example return submitJob(ctx, c, 'series', task, entries);
 */
export async function submitJob(ctx: Pick<ServerContext, 'jobs'>, c: Context, kind: string, task: WorkerTask, total: number): Promise<Response> {
  const signal = c.req.raw.signal;
  if (signal.aborted) throw clientGone();
  const job = await ctx.jobs.submit(kind, task, total);
  if (signal.aborted) {
    await ctx.jobs.cancel(job.id).catch(() => {});
    throw clientGone();
  }
  const view = { id: job.id, status: job.status, progress: job.progress, ...(job.notice ? { warning: job.notice } : {}), links: { self: `/api/jobs/${job.id}`, csv: `/api/jobs/${job.id}/result.csv` } };
  return sendJsonText(c, jsonText(view), 202, { location: `/api/jobs/${job.id}` });
}
