/**
 * @module server/jobs
 * In-memory job registry for long requests: `POST` answers 202 with an id, `GET /api/jobs/:id`
 * reports progress and, when done, the result (or the error); `DELETE /api/jobs/:id` cancels.
 * Finished jobs expire after a TTL; the results kept are bounded in bytes (the oldest finished jobs
 * are dropped first), so a stream of jobs cannot grow the server without bound.
 */
import { randomUUID } from 'node:crypto';
import { XasinvError } from '../errors.ts';
import { errorBody, type ErrorBody } from './http-errors.ts';
import { encodedBytes, encodeResult, resultUtf8, type EncodedResult } from './job-result.ts';
import { jsonText } from './route-spec.ts';
import type { TaskProgress } from './worker-pool.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

/** A job as stored (and, through {@link jobView}, as reported). */
export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: TaskProgress;
  createdAt: string;
  finishedAt?: string;
  /** The result as stored (JSON and CSV texts), once done. */
  result?: EncodedResult;
  error?: ErrorBody['error'];
  /** Something the submitter should know (e.g. no worker is connected to take the job). */
  notice?: string;
}

/** What a job's work function gets: progress reports, a start notice, and the cancel signal. */
export interface JobControl {
  progress: (p: TaskProgress) => void;
  started: () => void;
  signal: AbortSignal;
}

type Stored = Job & { expires?: number; controller: AbortController; bytes?: number };

/** True for a job that will not change any more. */
export function isFinished(job: Job): boolean {
  return job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
}

/**
 * Jobs by id.
 * @example
 * const job = jobs.start('rank', ({ progress, signal }) => runRanking(progress, signal));
 * jobs.get(job.id)?.status // 'queued', then 'running'
 * jobs.cancel(job.id)?.status // 'cancelled'
 */
export class JobStore {
  private readonly jobs = new Map<string, Stored>();
  /** Bytes of the results held. */
  private resultBytes = 0;
  /**
   * @param ttlMs how long a finished job stays fetchable
   * @param maxResultBytes most bytes of finished results kept; past it the oldest finished jobs are dropped
   */
  constructor(
    private readonly ttlMs: number,
    readonly maxResultBytes: number = Infinity,
  ) {}

  /** Creates a job and starts `work`, which reports progress and resolves to the result. */
  start(kind: string, work: (control: JobControl) => Promise<unknown>, total = 0): Job {
    this.sweep();
    const job: Stored = { id: randomUUID().replaceAll('-', ''), kind, status: 'queued', progress: { done: 0, total }, createdAt: new Date().toISOString(), controller: new AbortController() };
    this.jobs.set(job.id, job);
    const promise = work({
      progress: (p) => {
        if (isFinished(job)) return;
        job.status = 'running';
        job.progress = p;
      },
      started: () => {
        if (!isFinished(job)) job.status = 'running';
      },
      signal: job.controller.signal,
    });
    promise.then(
      (result) => this.finish(job, { status: 'done', result: encodeResult(kind, result) }),
      (err: unknown) => this.finish(job, { status: 'failed', error: errorBody(err).error }),
    );
    return job;
  }

  get(id: string): Job | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  /**
   * Cancels a queued or running job: its work is told through the signal (a pool task is dropped or
   * its worker stopped) and the job is `cancelled` at once. A finished job is returned unchanged.
   */
  cancel(id: string): Job | undefined {
    const job = this.jobs.get(id);
    if (!job || isFinished(job)) return job;
    this.finish(job, { status: 'cancelled', error: { code: 'JOB_CANCELLED', message: `job ${id} was cancelled`, details: {} } });
    job.controller.abort(new XasinvError('JOB_CANCELLED', `job ${id} was cancelled`));
    return job;
  }

  /** Finished jobs kept and the bytes of their results (for /api/health). */
  stored(): { jobs: number; resultBytes: number; maxResultBytes: number | null } {
    return { jobs: this.jobs.size, resultBytes: this.resultBytes, maxResultBytes: Number.isFinite(this.maxResultBytes) ? this.maxResultBytes : null };
  }

  /** Jobs waiting to start and jobs running. */
  counts(): { queued: number; running: number } {
    let queued = 0;
    let running = 0;
    for (const j of this.jobs.values()) {
      if (j.status === 'queued') queued++;
      else if (j.status === 'running') running++;
    }
    return { queued, running };
  }

  private finish(job: Stored, patch: Partial<Job>): void {
    if (isFinished(job)) return; // a cancelled job keeps that status when its work rejects
    Object.assign(job, patch, { finishedAt: new Date().toISOString() });
    if (job.status === 'done') job.progress = { ...job.progress, done: job.progress.total || job.progress.done };
    job.expires = Date.now() + this.ttlMs;
    if (job.result) {
      job.bytes = encodedBytes(job.result);
      this.resultBytes += job.bytes;
      // The oldest finished jobs go first (a Map iterates in insertion order), this one last.
      for (const [id, j] of this.jobs) {
        if (this.resultBytes <= this.maxResultBytes) break;
        if (j.expires !== undefined && j !== job) this.drop(id, j);
      }
      if (this.resultBytes > this.maxResultBytes) this.drop(job.id, job);
    }
  }

  private drop(id: string, job: Stored): void {
    this.resultBytes -= job.bytes ?? 0;
    this.jobs.delete(id);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.expires !== undefined && j.expires < now) this.drop(id, j);
  }
}

/** The public view of a job without its result, with its links. */
export function jobView(job: Job): Omit<Job, 'result'> & { links: { self: string; csv: string } } {
  const { id, kind, status, progress, createdAt, finishedAt, error } = job;
  return { id, kind, status, progress, createdAt, ...(finishedAt ? { finishedAt } : {}), ...(error ? { error } : {}), links: { self: `/api/jobs/${id}`, csv: `/api/jobs/${id}/result.csv` } };
}

/**
 * The public view of a job as JSON text, its stored result spliced in as it is (never parsed or
 * serialised again).
 * @example return sendJsonText(c, jobJsonText(job));
 */
export function jobJsonText(job: Job): string {
  const head = jsonText(jobView(job));
  return job.result ? `${head.slice(0, -1)},"result":${job.result.$json}}` : head;
}

/**
 * {@link jobJsonText} as UTF-8 byte parts: the job's view around the stored result's bytes (encoded
 * once per result, see `resultUtf8`), not copied together — what `GET /api/jobs/:id` sends.
 * @example return sendBytes(c, jobJsonParts(job), 'application/json; charset=utf-8');
 */
export function jobJsonParts(job: Job): Uint8Array[] {
  const head = jsonText(jobView(job));
  if (!job.result) return [Buffer.from(head, 'utf8')];
  return [Buffer.from(`${head.slice(0, -1)},"result":`, 'utf8'), resultUtf8(job.result, '$json'), Buffer.from('}')];
}
