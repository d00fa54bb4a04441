/**
 * @module server/bull-queue
 * {@link JobQueue} on BullMQ and Redis (`npm start -- --redis redis://host:port`): jobs wait in
 * Redis and `xasinv worker --redis …` processes on any machine take them (queue-worker.ts). State,
 * progress and results live in Redis, so they survive a server restart; a finished job stays
 * fetchable for `ttlMs`. A job whose worker dies is moved back to the queue by BullMQ's stalled-job
 * check once its lock expires, and another worker runs it; the first worker, if it was only cut
 * off, cannot complete it any more (its lock token is gone), so a result is written once.
 *
 * Cancelling: a waiting job is removed (a record of the cancellation stays for `ttlMs`); a running
 * one is flagged in Redis and announced on a channel, and the worker running it stops its thread.
 * Either way the job reports `cancelled` at once, as in the in-process queue.
 */
import { randomUUID } from 'node:crypto';
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { XasinvError } from '../errors.ts';
import { ApiError, type ErrorBody } from './http-errors.ts';
import { jobKind } from './job-kinds.ts';
import type { JobQueue } from './job-queue.ts';
import type { Job, JobStatus } from './jobs.ts';
import { encodeInput, type Roots } from './portable-input.ts';
import { probeRedis, redactUrl, redisOptions } from './redis-connection.ts';
import type { PoolCounts, TaskProgress, WorkerTask } from './worker-pool.ts';

/** Defaults shared by the server and the workers. */
export const QUEUE_DEFAULTS = Object.freeze({
  queueName: 'xasinv-jobs',
  /**
   * Queue of FEFF batches (`xasinv feff-batch --redis`): their own, so that hundreds of minutes-long
   * FEFF sites never stand in front of the server's rank and series jobs (nor fill its queue limit).
   */
  feffQueueName: 'xasinv-feff',
  prefix: 'bull',
});

/** What a queued job carries. */
export interface QueuedJobData {
  fn: string;
  /** The task input made portable (portable-input.ts). */
  input: unknown;
  total: number;
}

/** Options of {@link BullJobQueue.connect}. */
export interface BullQueueOptions {
  url: string;
  /** Queue name: servers and workers with the same name share jobs. */
  queueName?: string;
  /** How long a finished job stays fetchable, ms. */
  ttlMs: number;
  /** Most jobs waiting for a worker (429 above). */
  maxQueued: number;
  /** Folders whose paths travel by name (the models folder, pools). */
  roots: Roots;
}

/** Redis keys and channel of the cancellation records of a queue. */
export function cancelKeys(queueName: string): { flag: (id: string) => string; record: (id: string) => string; channel: string } {
  const base = `${QUEUE_DEFAULTS.prefix}:${queueName}:xasinv`;
  return { flag: (id) => `${base}:cancel:${id}`, record: (id) => `${base}:cancelled:${id}`, channel: `${base}:cancel` };
}

/** An error as a worker stores it in `failedReason` (JSON), and back. */
export function encodeJobError(error: ErrorBody['error'] & { status?: number }): string {
  return JSON.stringify(error);
}

/** A worker's stored error back (`failedReason`), or what BullMQ wrote itself (a job that stalled too often: WORKER_LOST). */
export function decodeJobError(reason: string | undefined): ErrorBody['error'] {
  try {
    const e = JSON.parse(reason ?? '') as ErrorBody['error'];
    if (typeof e?.code === 'string' && typeof e.message === 'string') return { code: e.code, message: e.message, details: e.details ?? {} };
  } catch {
    /* a message BullMQ wrote itself, e.g. for a job that stalled too often */
  }
  const stalled = /stalled more than allowable limit/i.test(reason ?? '');
  return stalled ? { code: 'WORKER_LOST', message: 'the job was started by workers that stopped before finishing it too many times', details: {} } : { code: 'JOB_FAILED', message: reason || 'the job failed', details: {} };
}

/** What a view of a job needs from Redis (its input stays there). */
interface StoredJob {
  id: string;
  name: string;
  timestamp: number;
  progress: unknown;
  returnvalue?: unknown;
  failedReason?: string;
  finishedOn?: number;
}

const WAITING = new Set(['waiting', 'prioritized', 'delayed', 'waiting-children', 'wait']);

/**
 * Jobs in Redis.
 * @example
 * const jobs = await BullJobQueue.connect({ url: 'redis://127.0.0.1:6380', ttlMs: 3_600_000, maxQueued: 8, roots: { models: modelsDir } });
 * const job = await jobs.submit('rank', { module: JOB_KINDS.rank.module, fn: 'rankJob', input }, 40);
 */
export class BullJobQueue implements JobQueue {
  readonly queueName: string;
  private readonly queue: Queue;
  private readonly redis: Redis;
  private readonly keys: ReturnType<typeof cancelKeys>;

  private constructor(private readonly options: BullQueueOptions) {
    this.queueName = options.queueName ?? QUEUE_DEFAULTS.queueName;
    const connection = { ...redisOptions('server'), url: options.url } as ConnectionOptions;
    this.queue = new Queue(this.queueName, { connection, prefix: QUEUE_DEFAULTS.prefix });
    this.queue.on('error', () => {}); // commands fail and are answered 503; ioredis reconnects
    this.redis = new Redis(options.url, { ...redisOptions('server'), lazyConnect: true });
    this.redis.on('error', () => {});
    this.keys = cancelKeys(this.queueName);
  }

  /**
   * Connects, after checking that Redis answers (an `InputError` naming the URL otherwise).
   */
  static async connect(options: BullQueueOptions): Promise<BullJobQueue> {
    await probeRedis(options.url);
    const q = new BullJobQueue(options);
    await q.available(async () => {
      await q.redis.connect();
      await q.queue.waitUntilReady();
    });
    return q;
  }

  async submit(kind: string, task: WorkerTask, total: number): Promise<Job> {
    const k = jobKind(kind);
    if (!k || k.module !== task.module || k.fn !== task.fn) throw new XasinvError('BAD_JOB', `no job kind "${kind}" runs ${task.fn} of ${task.module} (see src/server/job-kinds.ts)`);
    return this.available(async () => {
      const c = await this.queue.getJobCounts('waiting', 'prioritized', 'delayed');
      const queued = (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0);
      if (queued >= this.options.maxQueued) {
        const retryAfterS = await this.retryEstimateS();
        throw new ApiError(429, 'QUEUE_FULL', `the server is busy: ${queued} jobs are waiting for a worker (the limit); retry in about ${retryAfterS} s`, { queued, limit: this.options.maxQueued, retryAfterS });
      }
      const id = randomUUID().replaceAll('-', '');
      const ageS = Math.ceil(this.options.ttlMs / 1000);
      const data: QueuedJobData = { fn: task.fn, input: encodeInput(task.input, this.options.roots), total };
      const job = await this.queue.add(kind, data, { jobId: id, attempts: 1, removeOnComplete: { age: ageS }, removeOnFail: { age: ageS } });
      // The total as the first progress: reading a job then never fetches its input (an upload of many MB).
      await this.redis.hset(this.queue.toKey(id), 'progress', JSON.stringify({ done: 0, total }));
      return this.view({ id, name: kind, timestamp: job.timestamp, progress: { done: 0, total } }, 'waiting', null);
    });
  }

  async get(id: string): Promise<Job | undefined> {
    return this.available(async () => {
      // The state first: a job read as completed has its result stored already (BullMQ sets both atomically).
      const [state, cancelledAt] = await Promise.all([this.queue.getJobState(id), this.redis.get(this.keys.flag(id))]);
      const stored = state === 'unknown' ? undefined : await this.stored(id);
      if (!stored) {
        const record = await this.redis.get(this.keys.record(id));
        return record ? (JSON.parse(record) as Job) : undefined;
      }
      if (stored.finishedOn !== undefined && stored.finishedOn + this.options.ttlMs < Date.now()) return undefined; // expired; BullMQ removes it lazily
      return this.view(stored, state, cancelledAt);
    });
  }

  /** The fields of a stored job that a view needs (not its input), undefined when there is none. */
  private async stored(id: string): Promise<StoredJob | undefined> {
    const [name, timestamp, progress, returnvalue, failedReason, finishedOn] = await this.redis.hmget(this.queue.toKey(id), 'name', 'timestamp', 'progress', 'returnvalue', 'failedReason', 'finishedOn');
    if (name === null || timestamp === null) return undefined;
    const parse = (text: string | null): unknown => {
      if (text === null) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        return undefined;
      }
    };
    return { id, name, timestamp: Number(timestamp), progress: parse(progress), ...(returnvalue !== null ? { returnvalue: parse(returnvalue) } : {}), ...(failedReason !== null ? { failedReason } : {}), ...(finishedOn !== null ? { finishedOn: Number(finishedOn) } : {}) };
  }

  async cancel(id: string): Promise<Job | undefined> {
    return this.available(async () => {
      const before = await this.get(id);
      if (!before || before.status === 'done' || before.status === 'failed' || before.status === 'cancelled') return before;
      const at = new Date().toISOString();
      await this.redis.set(this.keys.flag(id), at, 'PX', this.options.ttlMs);
      await this.redis.publish(this.keys.channel, id);
      const job = WAITING.has(await this.queue.getJobState(id)) ? await this.queue.getJob(id) : undefined;
      if (job) {
        try {
          await job.remove();
          const record: Job = { ...before, status: 'cancelled', finishedAt: at, error: cancelledError(id) };
          await this.redis.set(this.keys.record(id), JSON.stringify(record), 'PX', this.options.ttlMs);
        } catch {
          /* a worker took it a moment ago: the flag stops it */
        }
      }
      return this.get(id);
    });
  }

  async counts(): Promise<PoolCounts> {
    return this.available(async () => {
      const c = await this.queue.getJobCounts('active', 'waiting', 'prioritized', 'delayed');
      return { running: c.active ?? 0, queued: (c.waiting ?? 0) + (c.prioritized ?? 0) + (c.delayed ?? 0), workers: await this.queue.getWorkersCount(), maxQueued: this.options.maxQueued };
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.queue.close(), this.redis.quit()]);
    this.redis.disconnect();
  }

  /** The job as the API reports it. */
  private view(job: StoredJob, state: string, cancelledAt: string | null): Job {
    const p = job.progress as TaskProgress | undefined;
    const progress: TaskProgress = p && typeof p === 'object' && typeof p.done === 'number' ? p : { done: 0, total: 0 };
    let status: JobStatus;
    let error: ErrorBody['error'] | undefined;
    if (state === 'completed') status = 'done';
    else if (state === 'failed') {
      error = decodeJobError(job.failedReason);
      status = error.code === 'JOB_CANCELLED' ? 'cancelled' : 'failed';
    } else if (cancelledAt) {
      status = 'cancelled';
      error = cancelledError(job.id);
    } else status = state === 'active' ? 'running' : 'queued';
    const finishedAt = job.finishedOn !== undefined ? new Date(job.finishedOn).toISOString() : status === 'cancelled' ? (cancelledAt ?? undefined) : undefined;
    return {
      id: job.id,
      kind: job.name,
      status,
      progress: status === 'done' ? { ...progress, done: progress.total || progress.done } : progress,
      createdAt: new Date(job.timestamp).toISOString(),
      ...(finishedAt ? { finishedAt } : {}),
      ...(status === 'done' ? { result: job.returnvalue } : {}),
      ...(error ? { error } : {}),
    };
  }

  /** Average run time of the last finished jobs ÷ workers, s (for Retry-After). */
  private async retryEstimateS(): Promise<number> {
    const done = await this.queue.getJobs(['completed'], 0, 9);
    const times = done.filter((j) => j.processedOn && j.finishedOn).map((j) => (j.finishedOn! - j.processedOn!) / 1000);
    const mean = times.length ? times.reduce((a, b) => a + b, 0) / times.length : 5;
    return Math.min(3600, Math.max(1, Math.ceil(mean / Math.max(1, await this.queue.getWorkersCount()))));
  }

  /** Runs a Redis operation; a connection failure is 503 `QUEUE_UNAVAILABLE`. */
  private async available<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof XasinvError) throw err;
      throw new ApiError(503, 'QUEUE_UNAVAILABLE', `the job queue (Redis at ${redactUrl(this.options.url)}) does not answer: ${(err as Error).message}`, { retryAfterS: 5 });
    }
  }
}

function cancelledError(id: string): ErrorBody['error'] {
  return { code: 'JOB_CANCELLED', message: `job ${id} was cancelled`, details: {} };
}
