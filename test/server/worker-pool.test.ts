/**
 * Worker threads for long jobs: progress and results cross the thread boundary, modules stay
 * loaded between tasks, errors keep their status, a crashed worker fails only its task, and the
 * event loop stays free while a job runs.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError, JobStore, WorkerPool, type TaskProgress } from '../../src/server/index.ts';

const MODULE = fileURLToPath(new URL('./fixtures/echo-job.ts', import.meta.url));
const pool = new WorkerPool(1);
afterAll(() => pool.close());

describe('WorkerPool', () => {
  it('runs a task with progress, keeps the module loaded, and leaves the event loop free', async () => {
    const seen: TaskProgress[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 20);
    const first = await pool.run({ module: MODULE, fn: 'countJob', input: { steps: 3, value: 21 } }, { onProgress: (p) => seen.push(p) });
    clearInterval(timer);
    expect(first).toEqual({ doubled: 42, calls: 1 });
    expect(seen.at(-1)).toEqual({ done: 3, total: 3, message: 'step 3' });
    expect(ticks).toBeGreaterThan(5);
    expect(await pool.run({ module: MODULE, fn: 'countJob', input: { steps: 0, value: 1 } })).toEqual({ doubled: 2, calls: 2 });
  });

  it('warm starts every worker and runs the task once on each', async () => {
    const three = new WorkerPool(3);
    try {
      const ids = (await three.warm({ module: MODULE, fn: 'threadJob', input: { ms: 50 } })) as { threadId: number }[];
      expect(ids).toHaveLength(3);
      expect(new Set(ids.map((r) => r.threadId)).size).toBe(3);
      expect(three.counts()).toMatchObject({ running: 0, queued: 0, workers: 3 });
    } finally {
      await three.close();
    }
  }, 60_000);

  it('passes errors back with their HTTP status and code', async () => {
    const err = await pool.run({ module: MODULE, fn: 'badJob', input: null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, code: 'INPUT_ERROR', message: 'bad candidate list' });
    await expect(pool.run({ module: MODULE, fn: 'noSuchExport', input: null })).rejects.toMatchObject({ code: 'BAD_JOB' });
  });

  it('a crashing worker fails its task only; the next task gets a fresh worker', async () => {
    await expect(pool.run({ module: MODULE, fn: 'crashJob', input: null })).rejects.toMatchObject({ code: 'WORKER_CRASHED', status: 500 });
    expect(await pool.run({ module: MODULE, fn: 'countJob', input: { steps: 0, value: 5 } })).toEqual({ doubled: 10, calls: 1 });
  });

  it('a task over its time limit fails with JOB_TIMEOUT and the worker is replaced', async () => {
    await expect(pool.run({ module: MODULE, fn: 'countJob', input: { steps: 20, value: 1 } }, { timeoutMs: 300 })).rejects.toMatchObject({ status: 504, code: 'JOB_TIMEOUT' });
    expect(await pool.run({ module: MODULE, fn: 'countJob', input: { steps: 1, value: 4 } }, { timeoutMs: 10_000 })).toEqual({ doubled: 8, calls: 1 });
  });

  it('JobStore + pool: a failed job reports the error body', async () => {
    const jobs = new JobStore(60_000);
    const job = jobs.start('test', ({ progress }) => pool.run({ module: MODULE, fn: 'badJob', input: null }, { onProgress: progress }));
    await new Promise((r) => setTimeout(r, 1500));
    expect(jobs.get(job.id)).toMatchObject({ status: 'failed', error: { code: 'INPUT_ERROR', message: 'bad candidate list' } });
  });

  it('a task over the worker heap limit fails with 422 OUT_OF_MEMORY; the pool goes on', async () => {
    const small = new WorkerPool(1, { maxHeapMb: 128 });
    try {
      await expect(small.run({ module: MODULE, fn: 'hogJob', input: {} })).rejects.toMatchObject({ status: 422, code: 'OUT_OF_MEMORY', message: expect.stringMatching(/more memory than a worker may use \(128 MB\)/) });
      expect(await small.run({ module: MODULE, fn: 'countJob', input: { steps: 0, value: 2 } })).toMatchObject({ doubled: 4 });
    } finally {
      await small.close();
    }
  }, 120_000);
});
