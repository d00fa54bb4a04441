/**
 * @module server/jobs
 * In-memory job registry for long requests: `POST` answers 202 with an id, `GET /api/jobs/:id`
 * reports progress and, when done, the result (or the error). Finished jobs expire after a TTL.
 */
import { randomUUID } from 'node:crypto';
import { errorBody, type ErrorBody } from './http-errors.ts';
import type { TaskProgress } from './worker-pool.ts';

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

/** A job as stored (and, through {@link jobView}, as reported). */
export interface Job {
  id: string;
  kind: string;
  status: JobStatus;
  progress: TaskProgress;
  createdAt: string;
  finishedAt?: string;
  result?: unknown;
  error?: ErrorBody['error'];
}

/**
 * Jobs by id.
 * @example
 * const job = jobs.start('rank', (progress) => runRanking(progress));
 * jobs.get(job.id)?.status // 'running'
 */
export class JobStore {
  private readonly jobs = new Map<string, Job & { expires?: number }>();
  constructor(private readonly ttlMs: number) {}

  /** Creates a job and starts `work`, which reports progress and resolves to the result. */
  start(kind: string, work: (progress: (p: TaskProgress) => void) => Promise<unknown>, total = 0): Job {
    this.sweep();
    const job: Job = { id: randomUUID().replaceAll('-', ''), kind, status: 'queued', progress: { done: 0, total }, createdAt: new Date().toISOString() };
    this.jobs.set(job.id, job);
    const promise = work((p) => {
      job.status = 'running';
      job.progress = p;
    });
    promise.then(
      (result) => this.finish(job, { status: 'done', result }),
      (err: unknown) => this.finish(job, { status: 'failed', error: errorBody(err).error }),
    );
    return job;
  }

  get(id: string): Job | undefined {
    this.sweep();
    return this.jobs.get(id);
  }

  /** Number of jobs still queued or running. */
  get active(): number {
    let n = 0;
    for (const j of this.jobs.values()) if (j.status === 'queued' || j.status === 'running') n++;
    return n;
  }

  private finish(job: Job & { expires?: number }, patch: Partial<Job>): void {
    Object.assign(job, patch, { finishedAt: new Date().toISOString() });
    if (job.status === 'done') job.progress = { ...job.progress, done: job.progress.total || job.progress.done };
    job.expires = Date.now() + this.ttlMs;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, j] of this.jobs) if (j.expires !== undefined && j.expires < now) this.jobs.delete(id);
  }
}

/**
 * The public view of a job, with its links.
 * @example c.json(jobView(job))
 */
export function jobView(job: Job): Job & { links: { self: string; csv: string } } {
  const { id, kind, status, progress, createdAt, finishedAt, result, error } = job as Job;
  return { id, kind, status, progress, createdAt, ...(finishedAt ? { finishedAt } : {}), ...(result !== undefined ? { result } : {}), ...(error ? { error } : {}), links: { self: `/api/jobs/${id}`, csv: `/api/jobs/${id}/result.csv` } };
}
