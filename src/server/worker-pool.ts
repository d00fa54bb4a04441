/**
 * @module server/worker-pool
 * A fixed pool of worker threads for long jobs (rankings), so the HTTP event loop stays free.
 * A task names a module and an exported function `(input, progress) => result`; each worker
 * imports modules once and keeps their state (e.g. loaded ONNX sessions) between tasks.
 * A crashed worker fails its task with `WORKER_CRASHED` and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { XasinvError } from '../errors.ts';
import { ApiError } from './http-errors.ts';

/** One unit of work for a worker. */
export interface WorkerTask {
  /** Absolute path or file URL of the module. */
  module: string;
  /** Name of the exported function `(input, progress) => result | Promise<result>`. */
  fn: string;
  input: unknown;
}

/** Progress report from a task. */
export interface TaskProgress {
  done: number;
  total: number;
  message?: string;
}

/** Signature of a job function run inside a worker. */
export type JobFunction<I = unknown, O = unknown> = (input: I, progress: (p: TaskProgress) => void) => O | Promise<O>;

interface Pending {
  task: WorkerTask;
  timeoutMs: number;
  onProgress: (p: TaskProgress) => void;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Slot {
  worker: Worker;
  busy?: Pending;
  timer?: NodeJS.Timeout;
}


/**
 * A pool of `size` worker threads.
 * @example
 * const pool = new WorkerPool(1);
 * const result = await pool.run({ module: jobFile, fn: 'rankJob', input }, (p) => console.log(p.done));
 * await pool.close();
 */
export class WorkerPool {
  readonly size: number;
  /** Node flags of the workers (the entry registers tsx itself, see job-worker-boot.mjs). */
  private readonly execArgv: string[];
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(size = 1, execArgv: string[] = []) {
    this.size = Math.max(1, Math.floor(size));
    this.execArgv = execArgv;
  }

  /**
   * Runs a task on the next free worker. A task running longer than `timeoutMs` (counted from its
   * start on a worker) fails with 504 `JOB_TIMEOUT` and its worker is replaced.
   */
  run(task: WorkerTask, onProgress: (p: TaskProgress) => void = () => {}, timeoutMs = Infinity): Promise<unknown> {
    if (this.closed) return Promise.reject(new XasinvError('POOL_CLOSED', 'the worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ task, timeoutMs, onProgress, resolve, reject });
      this.pump();
    });
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Terminates all workers; queued tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new XasinvError('POOL_CLOSED', 'the worker pool was closed'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
    this.slots.length = 0;
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      slot.busy = job;
      if (Number.isFinite(job.timeoutMs)) {
        slot.timer = setTimeout(() => {
          if (slot.busy !== job) return;
          slot.busy = undefined;
          this.slots.splice(this.slots.indexOf(slot), 1); // retired: never given another task
          job.reject(new ApiError(504, 'JOB_TIMEOUT', `the job took longer than ${job.timeoutMs / 1000} s and was stopped`, { limitMs: job.timeoutMs }));
          void slot.worker.terminate();
          this.pump();
        }, job.timeoutMs);
      }
      slot.worker.postMessage(job.task);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(new URL('./job-worker-boot.mjs', import.meta.url), { execArgv: this.execArgv });
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (msg: { type: string; progress?: TaskProgress; result?: unknown; error?: { status: ContentfulStatusCode; code: string; message: string; details: Record<string, unknown> } }) => {
      const job = slot.busy;
      if (!job) return;
      if (msg.type === 'progress') return job.onProgress(msg.progress!);
      slot.busy = undefined;
      clearTimeout(slot.timer);
      if (msg.type === 'done') job.resolve(msg.result);
      else job.reject(new ApiError(msg.error!.status, msg.error!.code, msg.error!.message, msg.error!.details));
      this.pump();
    });
    const fail = (why: string) => {
      clearTimeout(slot.timer);
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      if (slot.busy) slot.busy.reject(new ApiError(500, 'WORKER_CRASHED', `the job worker stopped: ${why}`));
      slot.busy = undefined;
      if (!this.closed) this.pump();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit code ${code}`));
    this.slots.push(slot);
    return slot;
  }
}
