/**
 * @module server/job-queue
 * The job API behind the routes — submit, status with progress, result, cancel — as a small
 * interface, so that a persistent queue (e.g. BullMQ on Redis) can replace the in-process one
 * without touching the routes. Tasks are serialisable ({@link WorkerTask}: module, function, input),
 * so any backend can run them.
 */
import { ApiError } from './http-errors.ts';
import { encodedTask } from './job-result.ts';
import { JobStore, type Job } from './jobs.ts';
import type { PoolCounts, WorkerPool, WorkerTask } from './worker-pool.ts';

/** A queue of long jobs. */
export interface JobQueue {
  /** Queues a task; 429 `QUEUE_FULL` (an `ApiError` with `details.retryAfterS`) when the queue is at its limit. */
  submit(kind: string, task: WorkerTask, total: number): Promise<Job>;
  /** A job with its progress, and its result or error once finished; undefined when unknown or expired. */
  get(id: string): Promise<Job | undefined>;
  /** Cancels a queued or running job (a finished one is returned unchanged); undefined when unknown. */
  cancel(id: string): Promise<Job | undefined>;
  /** Jobs running and waiting, for `/api/health`. */
  counts(): Promise<PoolCounts>;
  close(): Promise<void>;
}

/**
 * Jobs in this process: a {@link JobStore} for status and results, a {@link WorkerPool} to run them.
 * @example
 * const jobs = new InProcessJobQueue(new WorkerPool(1, { maxQueued: 8 }), { ttlMs: 3_600_000, timeoutMs: 1_800_000 });
 * const job = await jobs.submit('rank', { module, fn: 'rankJob', input }, 40);
 */
export class InProcessJobQueue implements JobQueue {
  /** The registry (exposed for tests that drive a job by hand). */
  readonly store: JobStore;
  private readonly pool: WorkerPool;
  private readonly timeoutMs: number;

  constructor(pool: WorkerPool, options: { ttlMs: number; timeoutMs: number; maxResultBytes?: number }) {
    this.pool = pool;
    this.store = new JobStore(options.ttlMs, options.maxResultBytes);
    this.timeoutMs = options.timeoutMs;
  }

  async submit(kind: string, task: WorkerTask, total: number): Promise<Job> {
    if (this.pool.full) throw this.pool.queueFullError();
    // The worker returns the result as JSON and CSV texts (job-result.ts): the main thread never serialises it.
    return this.store.start(kind, ({ progress, started, signal }) => this.pool.run(encodedTask(kind, task), { onProgress: progress, onStart: started, signal, timeoutMs: this.timeoutMs }), total);
  }

  async get(id: string): Promise<Job | undefined> {
    return this.store.get(id);
  }

  async cancel(id: string): Promise<Job | undefined> {
    return this.store.cancel(id);
  }

  async counts(): Promise<PoolCounts> {
    return this.pool.counts();
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

/** The answer for an id no queue knows. */
export function jobNotFound(id: string, ttlMs: number): ApiError {
  return new ApiError(404, 'JOB_NOT_FOUND', `no job ${id} (unknown, finished more than ${Math.round(ttlMs / 60000)} min ago, or dropped to keep the stored results within the server's limit)`, { id });
}
