/**
 * @module server/worker-pool
 * A fixed pool of worker threads, so CPU-heavy work (parsing and featurising structures,
 * predicting, ranking) never blocks the HTTP event loop. A task names a module and an exported
 * function `(input, progress) => result`; each worker imports modules once and keeps their state
 * (e.g. loaded ONNX sessions) between tasks.
 *
 * Limits: at most `maxQueued` tasks wait (more is 429 `QUEUE_FULL` with a retry estimate); a task
 * running longer than its `timeoutMs` fails with 504 `JOB_TIMEOUT`; aborting a task's `signal`
 * removes it from the queue or, when it runs, fails it at once and stops its worker: the worker is
 * asked to stop (its next progress report throws) and terminated when it has, or after
 * `stopGraceMs` (synchronous JavaScript that never reports can only be stopped so). A fresh worker
 * takes its place at once. Terminating a thread in the middle of an ONNX Runtime call aborts the
 * whole process ("terminate called after throwing an instance of 'Napi::Error'", seen on a cancelled
 * ranking), hence the request first, and a terminate waits until the worker is out of any ONNX
 * Runtime call (onnx/native-guard.ts). A crashed worker fails its task with `WORKER_CRASHED` and is replaced.
 */
import { Worker } from 'node:worker_threads';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { XasinvError } from '../errors.ts';
import { newNativeState, stopWhenOutOfNative } from '../onnx/index.ts';
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

/** Signature of a job function run inside a worker; `signal` is aborted when the pool stops the task (cancel, timeout, close). */
export type JobFunction<I = unknown, O = unknown> = (input: I, progress: (p: TaskProgress) => void, signal?: AbortSignal) => O | Promise<O>;

/** Options of {@link WorkerPool.run}. */
export interface RunOptions {
  onProgress?: (p: TaskProgress) => void;
  /** Called when the task starts on a worker. */
  onStart?: () => void;
  /** Longest run on a worker, counted from its start, ms (504 `JOB_TIMEOUT`). Default: none. */
  timeoutMs?: number;
  /** Aborting drops the waiting task or stops the running one; it rejects with the abort reason. */
  signal?: AbortSignal;
}

/** Options of the {@link WorkerPool} constructor. */
export interface PoolOptions {
  /** Most tasks waiting for a worker; more is 429 `QUEUE_FULL`. Default: unlimited. */
  maxQueued?: number;
  /** Name used in messages (`jobs`, `requests`). */
  name?: string;
  /** Node flags of the workers (the entry registers tsx itself, see job-worker-boot.mjs). */
  execArgv?: string[];
  /** How long a stopped task's worker may take to stop by itself before it is terminated, ms. Default 2000. */
  stopGraceMs?: number;
}

/** Running and waiting tasks of a pool, for `/api/health`. */
export interface PoolCounts {
  running: number;
  queued: number;
  workers: number;
  maxQueued: number | null;
}

interface Pending {
  task: WorkerTask;
  options: RunOptions;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  onAbort?: () => void;
  startedAt?: number;
}

interface Slot {
  worker: Worker;
  /** Shared with the worker: whether it is inside native code (onnx/native-guard.ts). */
  native: Int32Array;
  exited?: boolean;
  busy?: Pending;
  timer?: NodeJS.Timeout;
  /** Asked to stop: terminated at its next message, or when the grace period ends. */
  stopping?: boolean;
}

/** Task duration assumed before any task has finished, s (for Retry-After). */
const FIRST_GUESS_S = 5;

/**
 * A pool of `size` worker threads.
 * @example
 * const pool = new WorkerPool(1, { maxQueued: 8 });
 * const result = await pool.run({ module: jobFile, fn: 'rankJob', input }, { onProgress: (p) => console.log(p.done) });
 * await pool.close();
 */
export class WorkerPool {
  readonly size: number;
  readonly maxQueued: number;
  readonly name: string;
  private readonly execArgv: string[];
  private readonly stopGraceMs: number;
  private readonly slots: Slot[] = [];
  /** Workers asked to stop, not yet terminated. */
  private readonly stopping = new Set<Slot>();
  private readonly queue: Pending[] = [];
  private closed = false;
  /** Moving average of task durations, s. */
  private averageS = FIRST_GUESS_S;

  constructor(size = 1, options: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(size));
    this.maxQueued = options.maxQueued ?? Infinity;
    this.name = options.name ?? 'tasks';
    this.execArgv = options.execArgv ?? [];
    this.stopGraceMs = options.stopGraceMs ?? 2000;
  }

  /** Runs a task on the next free worker (see {@link RunOptions}). */
  run(task: WorkerTask, options: RunOptions = {}): Promise<unknown> {
    if (this.closed) return Promise.reject(new XasinvError('POOL_CLOSED', 'the worker pool is closed'));
    if (options.signal?.aborted) return Promise.reject(abortError(options.signal.reason));
    if (this.full) return Promise.reject(this.queueFullError());
    return new Promise((resolve, reject) => {
      const job: Pending = { task, options, resolve, reject };
      if (options.signal) {
        job.onAbort = () => this.abort(job, abortError(options.signal!.reason));
        options.signal.addEventListener('abort', job.onAbort, { once: true });
      }
      this.queue.push(job);
      this.pump();
    });
  }

  /**
   * Starts every worker and runs `task` once on each (e.g. to load models before the first request
   * needs them); resolves to the results, one per worker. Call it while the pool is idle (at start).
   * @example await pool.warm({ module: SPECTRUM_JOB_MODULE, fn: 'warmSpectrumWorker', input: { modelsDir } });
   */
  warm(task: WorkerTask): Promise<unknown[]> {
    // Tasks queued in one go while every worker is idle each get a worker of their own (pump spawns
    // a new one whenever none is idle).
    return Promise.all(Array.from({ length: this.size }, () => this.run(task)));
  }

  /** True when a new task would have to wait and the queue is at its limit. */
  get full(): boolean {
    const idle = this.slots.some((s) => !s.busy) || this.slots.length < this.size;
    return !(idle && this.queue.length === 0) && this.queue.length >= this.maxQueued;
  }

  /** Tasks waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Running and waiting tasks. */
  counts(): PoolCounts {
    return { running: this.slots.filter((s) => s.busy).length, queued: this.queue.length, workers: this.size, maxQueued: Number.isFinite(this.maxQueued) ? this.maxQueued : null };
  }

  /** 429 answer with an estimate of when a place frees up (the average task time ÷ workers). */
  queueFullError(): ApiError {
    const retryAfterS = Math.min(3600, Math.max(1, Math.ceil(this.averageS / this.size)));
    return new ApiError(429, 'QUEUE_FULL', `the server is busy: ${this.queue.length} ${this.name} are waiting (the limit); retry in about ${retryAfterS} s`, { queued: this.queue.length, limit: this.maxQueued, retryAfterS });
  }

  /** Terminates all workers; queued and running tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) this.settle(p, () => p.reject(new XasinvError('POOL_CLOSED', 'the worker pool was closed')));
    const slots = this.slots.splice(0);
    for (const s of slots) if (s.busy) this.settle(s.busy, () => s.busy!.reject(new XasinvError('POOL_CLOSED', 'the worker pool was closed')));
    // Running tasks are asked to stop first (see the module note), then every worker is terminated
    // once it is out of native code.
    const running = slots.filter((s) => s.busy);
    for (const s of running) s.worker.postMessage({ type: 'stop' });
    if (running.length > 0 || this.stopping.size > 0) await new Promise((r) => setTimeout(r, Math.min(this.stopGraceMs, 500)));
    const all = [...slots, ...this.stopping];
    this.stopping.clear();
    await Promise.all(all.map((s) => stopWorker(s)));
  }

  /** Removes a waiting task, or stops the worker running it. */
  private abort(job: Pending, err: unknown): void {
    const i = this.queue.indexOf(job);
    if (i >= 0) {
      this.queue.splice(i, 1);
      this.settle(job, () => job.reject(err));
      return;
    }
    const slot = this.slots.find((s) => s.busy === job);
    if (slot) this.retire(slot, err);
  }

  /**
   * Fails the slot's task with `err` and never gives its worker another task: the worker is asked
   * to stop and terminated when it answers or after the grace period (at once with `now`, e.g. when it crashed).
   */
  private retire(slot: Slot, err: unknown, now = false): void {
    const job = slot.busy;
    clearTimeout(slot.timer);
    slot.busy = undefined;
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (job) this.settle(job, () => job.reject(err));
    if (now || !job) void stopWorker(slot);
    else {
      slot.stopping = true;
      this.stopping.add(slot);
      slot.worker.postMessage({ type: 'stop' });
      slot.timer = setTimeout(() => this.terminate(slot), this.stopGraceMs);
    }
    if (!this.closed) this.pump();
  }

  /** Terminates a worker that was asked to stop. */
  private terminate(slot: Slot): void {
    clearTimeout(slot.timer);
    if (!this.stopping.delete(slot)) return;
    void stopWorker(slot);
  }

  /** Runs `fn` (resolve/reject) once, detaching the abort listener and updating the average time. */
  private settle(job: Pending, fn: () => void): void {
    if (job.onAbort) job.options.signal?.removeEventListener('abort', job.onAbort);
    if (job.startedAt !== undefined) this.averageS = 0.8 * this.averageS + 0.2 * ((performance.now() - job.startedAt) / 1000);
    fn();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      const job = this.queue.shift()!;
      const active = slot;
      active.busy = job;
      job.startedAt = performance.now();
      const { timeoutMs } = job.options;
      if (timeoutMs !== undefined && Number.isFinite(timeoutMs)) {
        active.timer = setTimeout(() => {
          if (active.busy === job) this.retire(active, new ApiError(504, 'JOB_TIMEOUT', `the job took longer than ${timeoutMs / 1000} s and was stopped`, { limitMs: timeoutMs }));
        }, timeoutMs);
      }
      job.options.onStart?.();
      active.worker.postMessage(job.task);
    }
  }

  private spawn(): Slot {
    const native = newNativeState();
    const worker = new Worker(new URL('./job-worker-boot.mjs', import.meta.url), { execArgv: this.execArgv, workerData: { native } });
    worker.unref();
    const slot: Slot = { worker, native };
    worker.on('message', (msg: { type: string; progress?: TaskProgress; result?: unknown; error?: { status: ContentfulStatusCode; code: string; message: string; details: Record<string, unknown> } }) => {
      if (slot.stopping) {
        if (msg.type !== 'progress') this.terminate(slot); // its task has ended: terminating an idle thread is safe
        return;
      }
      const job = slot.busy;
      if (!job) return;
      if (msg.type === 'progress') return job.options.onProgress?.(msg.progress!);
      slot.busy = undefined;
      clearTimeout(slot.timer);
      if (msg.type === 'done') this.settle(job, () => job.resolve(msg.result));
      else this.settle(job, () => job.reject(new ApiError(msg.error!.status, msg.error!.code, msg.error!.message, msg.error!.details)));
      this.pump();
    });
    const fail = (why: string) => {
      if (slot.stopping) return this.terminate(slot);
      if (!this.slots.includes(slot)) return; // retired on purpose (timeout, abort, close)
      this.retire(slot, new ApiError(500, 'WORKER_CRASHED', `the job worker stopped: ${why}`), true);
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => {
      slot.exited = true;
      fail(`exit code ${code}`);
    });
    this.slots.push(slot);
    return slot;
  }
}

/** Terminates a slot's worker once it is out of native code (see onnx/native-guard.ts). */
async function stopWorker(slot: Slot): Promise<void> {
  await stopWhenOutOfNative(slot.native, () => slot.exited === true);
  await slot.worker.terminate();
}

/** The error a task rejects with when its signal is aborted. */
function abortError(reason: unknown): unknown {
  if (reason instanceof XasinvError) return reason;
  return new XasinvError('ABORTED', `the task was stopped${reason instanceof Error ? `: ${reason.message}` : typeof reason === 'string' ? `: ${reason}` : ''}`);
}
