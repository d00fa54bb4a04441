/**
 * @module server/worker-scratch
 * A scratch folder per worker thread of a {@link WorkerPool}: jobs put their temporary files under it
 * (a ranking writes its uploaded candidates there), and the pool removes the whole folder when it
 * retires the worker. A job that is cancelled or times out is stopped by terminating its thread, so
 * its own `finally` never runs; its files go with the worker's folder instead of staying behind.
 * Outside a pool worker (tests calling a job directly) the system temp folder is used.
 */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { workerData } from 'node:worker_threads';

let seq = 0;

/** A new scratch folder name for a worker of this process (created on first use, by the worker). */
export function newScratchPath(): string {
  return join(tmpdir(), `xasinv-worker-${process.pid}-${++seq}`);
}

/**
 * This worker's scratch folder, created if needed (the system temp folder outside a pool worker).
 * @example const dir = mkdtempSync(join(workerScratchDir(), 'xasinv-rank-'));
 */
export function workerScratchDir(): string {
  const scratch = (workerData as { scratch?: string } | null | undefined)?.scratch;
  if (!scratch) return tmpdir();
  mkdirSync(scratch, { recursive: true });
  return scratch;
}
