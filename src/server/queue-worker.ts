/**
 * @module server/queue-worker
 * The worker side of the Redis job queue (`xasinv worker --redis …`): takes jobs from BullMQ, runs
 * each in a worker thread ({@link WorkerPool}: the event loop stays free to renew the job's lock in
 * Redis, and a cancelled or timed-out job is stopped by terminating its thread), reports progress
 * to Redis as it comes (at most every 250 ms) and stores the result or the error.
 *
 * A worker that dies mid-job holds the job's lock for at most `lockMs`; BullMQ's stalled-job check
 * (run by every worker every `lockMs`) then puts it back in the queue for another worker — up to
 * `maxStalled` times. A worker that loses Redis keeps its running jobs, reconnects (ioredis, with
 * back-off) and writes their results when Redis is back; if its lock expired meanwhile the job has
 * gone to another worker and the late result is refused, so nothing is lost or written twice.
 */
import { hostname } from 'node:os';
import { UnrecoverableError, Worker, type ConnectionOptions, type Job as BullJob } from 'bullmq';
import { Redis } from 'ioredis';
import { XasinvError } from '../errors.ts';
import { FeffNotFoundError, findFeffBin } from '../feff/index.ts';
import { cancelKeys, encodeJobError, QUEUE_DEFAULTS, type QueuedJobData } from './bull-queue.ts';
import { errorBody, statusOf } from './http-errors.ts';
import { jobKind } from './job-kinds.ts';
import { decodeInput, type Roots } from './portable-input.ts';
import { probeRedis, redactUrl, redisOptions } from './redis-connection.ts';
import { WorkerPool, type TaskProgress } from './worker-pool.ts';

/** Defaults of {@link startQueueWorker}. */
export const QUEUE_WORKER_DEFAULTS = Object.freeze({ concurrency: 1, lockMs: 30_000, maxStalled: 2, jobTimeoutMs: 30 * 60 * 1000, progressEveryMs: 250 });

/** Options of {@link startQueueWorker}. */
export interface QueueWorkerOptions {
  url: string;
  queueName?: string;
  /** Jobs run at once (one worker thread each). */
  concurrency?: number;
  /** Where this machine keeps the models folder and the pools jobs may name. */
  roots: Roots;
  /** Longest a job may run, ms (then it fails with `JOB_TIMEOUT`). */
  jobTimeoutMs?: number;
  /** How long a job's lock lasts without renewal, ms: a dead worker's job is retried after about this long (twice it at most). */
  lockMs?: number;
  /** How often a job may be restarted after its worker died before it fails (`WORKER_LOST`). */
  maxStalled?: number;
  /** Folder of the FEFF10 modules for `feff` jobs (default `$XASINV_FEFF`). */
  feffBin?: string;
  /** Log lines (job started, finished, failed; Redis lost and back). */
  log?: (line: string) => void;
}

/** A running queue worker. */
export interface QueueWorker {
  /** The BullMQ worker's name, `<host>:<pid>`. */
  name: string;
  /** Stops taking jobs; waits for running ones unless `force`. */
  close(force?: boolean): Promise<void>;
}

/** A result as plain JSON: typed arrays as arrays, non-finite numbers as null (what the API sends anyway). */
function plainJson(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_k, v: unknown) => (ArrayBuffer.isView(v) && !(v instanceof DataView) ? Array.from(v as unknown as ArrayLike<number>) : v)));
}

/**
 * Connects to Redis (an `InputError` when it does not answer) and starts taking jobs.
 * @example
 * const worker = await startQueueWorker({ url: 'redis://10.0.0.5:6379', roots: rootsOf({ modelsDir, pools }), log: console.log });
 * process.on('SIGTERM', () => worker.close());
 */
export async function startQueueWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const o = { ...QUEUE_WORKER_DEFAULTS, ...options };
  const log = o.log ?? (() => {});
  await probeRedis(o.url);
  const queueName = o.queueName ?? QUEUE_DEFAULTS.queueName;
  const keys = cancelKeys(queueName);
  const name = `${hostname()}:${process.pid}`;
  // A worker without FEFF still takes every kind of job; its `feff` jobs fail with FEFF_NOT_FOUND
  // (naming this worker) and the batch that submitted them puts them back for another worker.
  try {
    findFeffBin(o.feffBin !== undefined ? { feffBin: o.feffBin } : {});
  } catch (err) {
    if (!(err instanceof FeffNotFoundError)) throw err;
    log(`no FEFF10 on this worker (${err.message.replace(/^FEFF10 not found: /, '')}): the feff jobs it takes go back to their batch; set XASINV_FEFF or --feff-bin to run them`);
  }
  const pool = new WorkerPool(o.concurrency, { name: 'jobs' });
  const running = new Map<string, AbortController>();
  const flags = new Redis(o.url, redisOptions('worker'));
  const subscriber = new Redis(o.url, redisOptions('worker'));
  let down = false;
  const onRedisError = (err: Error) => {
    if (!down) log(`redis ${redactUrl(o.url)} lost (${(err as NodeJS.ErrnoException).code ?? err.message}); reconnecting`);
    down = true;
  };
  flags.on('error', onRedisError);
  subscriber.on('error', onRedisError);
  flags.on('ready', () => {
    if (down) log(`redis ${redactUrl(o.url)} back`);
    down = false;
  });
  await subscriber.subscribe(keys.channel);
  subscriber.on('message', (_channel: string, id: string) => running.get(id)?.abort(new XasinvError('JOB_CANCELLED', `job ${id} was cancelled`)));

  const fail = (err: unknown): UnrecoverableError => new UnrecoverableError(encodeJobError({ ...errorBody(err).error, status: statusOf(err) }));
  const processor = async (job: BullJob): Promise<unknown> => {
    const id = job.id!;
    const data = job.data as QueuedJobData;
    const kind = jobKind(job.name);
    if (!kind || kind.fn !== data.fn) throw fail(new XasinvError('UNKNOWN_JOB_KIND', `this worker cannot run "${job.name}" jobs (${data.fn}); update it to the server's version`));
    if (await flags.get(keys.flag(id))) throw fail(new XasinvError('JOB_CANCELLED', `job ${id} was cancelled`));
    const controller = new AbortController();
    running.set(id, controller);
    const started = performance.now();
    const title = (data.input as { title?: unknown } | null)?.title;
    const what = typeof title === 'string' ? `${job.name}: ${title}` : job.name;
    log(`job ${id} (${what}) started${job.attemptsStarted > 1 || job.stalledCounter > 0 ? ` again (a worker before this one stopped)` : ''}`);
    let last = 0;
    try {
      const decoded = decodeInput(data.input, o.roots);
      const input = kind.workerInput ? kind.workerInput(decoded, { name, ...(o.feffBin !== undefined ? { feffBin: o.feffBin } : {}) }) : decoded;
      const result = await pool.run(
        { module: kind.module, fn: data.fn, input },
        {
          signal: controller.signal,
          timeoutMs: kind.timeoutMs?.(input) ?? o.jobTimeoutMs,
          onProgress: (p: TaskProgress) => {
            const now = performance.now();
            if (now - last < o.progressEveryMs && p.done < p.total) return;
            last = now;
            job.updateProgress({ ...p }).catch(() => {});
          },
        },
      );
      log(`job ${id} (${what}) done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return plainJson(result);
    } catch (err) {
      log(`job ${id} (${what}) failed: ${errorBody(err).error.message}`);
      throw fail(err);
    } finally {
      running.delete(id);
    }
  };

  const worker = new Worker(queueName, processor, {
    connection: { ...redisOptions('worker'), url: o.url } as ConnectionOptions,
    prefix: QUEUE_DEFAULTS.prefix,
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    maxStalledCount: o.maxStalled,
    name,
  });
  worker.on('error', (err) => onRedisError(err));
  await worker.waitUntilReady();
  return {
    name,
    async close(force = false) {
      await worker.close(force);
      await pool.close();
      subscriber.disconnect();
      flags.disconnect();
    },
  };
}
