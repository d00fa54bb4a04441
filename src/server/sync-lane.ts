/**
 * @module server/sync-lane
 * Synchronous work off the event loop: a request's CPU-heavy part (parsing and featurising a
 * structure, predicting, a small ranking) runs on the `sync` worker lane under the request's own
 * time limit — time spent waiting in the queue counts — and when the limit passes or the client
 * goes away, the task is dropped or its worker terminated, so nothing runs on unseen. Short tasks
 * (spectra, a few ms) may ask to finish once started when the client goes away: stopping one would
 * cost a fresh worker that loads its models again, more than the task itself.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { XasinvError } from '../errors.ts';
import type { ServerContext } from './context.ts';
import { ApiError } from './http-errors.ts';
import type { WorkerTask } from './worker-pool.ts';

const deadlines = new WeakMap<Context, number>();

/** When the request must be answered (ms since the epoch), once {@link requestClock} has seen it. */
export function deadlineOf(c: Context): number | undefined {
  return deadlines.get(c);
}

/**
 * Notes when a request must be answered (now + `limitMs`) and counts requests in flight.
 * @example app.use('/api/*', requestClock(ctx));
 */
export function requestClock(ctx: Pick<ServerContext, 'config' | 'requests'>): MiddlewareHandler {
  return async (c, next) => {
    deadlines.set(c, Date.now() + ctx.config.requestTimeoutMs);
    ctx.requests.inFlight++;
    try {
      await next();
    } finally {
      ctx.requests.inFlight--;
    }
  };
}

/** Options of {@link runSync}. */
export interface RunSyncOptions {
  /** When the client goes away after the task started, let it finish (it is still dropped while it waits, and stopped at the time limit). */
  finishWhenClientGone?: boolean;
}

/**
 * Runs `task` on the sync lane within the request's time limit (504 `REQUEST_TIMEOUT` after it,
 * 429 `QUEUE_FULL` when too many requests wait).
 * @example const result = await runSync(ctx, c, { module: STRUCTURE_JOB_MODULE, fn: 'structureJob', input });
 */
export async function runSync(ctx: Pick<ServerContext, 'config' | 'sync'>, c: Context, task: WorkerTask, { finishWhenClientGone = false }: RunSyncOptions = {}): Promise<unknown> {
  const limitMs = ctx.config.requestTimeoutMs;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new ApiError(504, 'REQUEST_TIMEOUT', `request took longer than ${limitMs / 1000} s; its work was stopped`, { limitMs })), Math.max(0, (deadlines.get(c) ?? Date.now() + limitMs) - Date.now()));
  const clientSignal = c.req.raw.signal;
  let started = false;
  const onClientGone = () => {
    if (!(finishWhenClientGone && started)) controller.abort(new XasinvError('CLIENT_GONE', 'the client closed the connection'));
  };
  clientSignal.addEventListener('abort', onClientGone, { once: true });
  if (clientSignal.aborted) onClientGone();
  try {
    return await ctx.sync.run(task, { signal: controller.signal, onStart: () => void (started = true) });
  } finally {
    clearTimeout(timer);
    clientSignal.removeEventListener('abort', onClientGone);
  }
}
