/**
 * @module server/job-kinds
 * The kinds of long job, each a module and an exported function `(input, progress) => result`
 * (see {@link JobFunction}) that any backend runs: the in-process worker threads, or `xasinv worker`
 * processes taking jobs from Redis. A queue worker runs only the modules named here — never a
 * module path read from Redis — so a job names its kind and the worker finds its own copy.
 *
 * Extension point for FEFF batches (src/feff, being built on another branch): add
 * `feff: { module: new URL('../feff/batch-job.ts', import.meta.url).href, fn: 'feffBatchJob' }`
 * and submit `{ module: JOB_KINDS.feff.module, fn: 'feffBatchJob', input }` with kind `feff`;
 * nothing else in the queue changes. Inputs must survive JSON (bytes as Uint8Array and paths under
 * the models folder or a pool are carried portably, see portable-input.ts).
 */
import { seriesCsv, type SeriesResult } from '../series/index.ts';
import { toCsv } from './csv.ts';

/** One kind of job. */
export interface JobKind {
  /** File URL of the module, as on this machine. */
  module: string;
  /** Exported function run by the worker. */
  fn: string;
  /** The result as CSV (`GET /api/jobs/:id/result.csv`). */
  csv: (result: unknown) => string;
}

/** Every job kind, by the name jobs carry (`rank`, `series`). */
export const JOB_KINDS: Readonly<Record<string, Readonly<JobKind>>> = Object.freeze({
  rank: Object.freeze({ module: new URL('./rank-job.ts', import.meta.url).href, fn: 'rankJob', csv: toCsv }),
  series: Object.freeze({ module: new URL('./series-job.ts', import.meta.url).href, fn: 'seriesJob', csv: (r: unknown) => seriesCsv(r as SeriesResult) }),
});

/**
 * The kind of a job by name, undefined when unknown.
 * @example jobKind('rank')?.fn // 'rankJob'
 */
export function jobKind(name: string): Readonly<JobKind> | undefined {
  return Object.hasOwn(JOB_KINDS, name) ? JOB_KINDS[name] : undefined;
}
