/**
 * @module server/job-kinds
 * The kinds of long job, each a module and an exported function `(input, progress) => result`
 * (see {@link JobFunction}) that any backend runs: the in-process worker threads, or `xasinv worker`
 * processes taking jobs from Redis. A queue worker runs only the modules named here — never a
 * module path read from Redis — so a job names its kind and the worker finds its own copy.
 *
 * `feff`: one FEFF10 site of a batch (src/feff/site-job.ts). Its input carries the site's `feff.inp`
 * (no structure file is needed on the worker); the worker adds its name and FEFF folder
 * (`workerInput`), and the job may run as long as the site's own FEFF timeout (`timeoutMs`), not the
 * worker's default job timeout. Inputs must survive JSON (bytes as Uint8Array and paths under the
 * models folder or a pool are carried portably, see portable-input.ts).
 */
import { feffSiteCsv, type FeffSiteJobInput } from '../feff/index.ts';
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
  /** What the queue worker adds to the input before running it (its name, its FEFF folder). */
  workerInput?: (input: unknown, worker: WorkerInfo) => unknown;
  /** Longest run of this job on a worker, ms, from its input (default: the worker's `--job-timeout-s`). */
  timeoutMs?: (input: unknown) => number | undefined;
}

/** What a queue worker tells the jobs that want to know. */
export interface WorkerInfo {
  /** `<host>:<pid>`. */
  name: string;
  /** `xasinv worker --feff-bin DIR`, when given. */
  feffBin?: string;
}

/** Every job kind, by the name jobs carry (`rank`, `series`, `feff`). */
export const JOB_KINDS: Readonly<Record<string, Readonly<JobKind>>> = Object.freeze({
  rank: Object.freeze({ module: new URL('./rank-job.ts', import.meta.url).href, fn: 'rankJob', csv: toCsv }),
  series: Object.freeze({ module: new URL('./series-job.ts', import.meta.url).href, fn: 'seriesJob', csv: (r: unknown) => seriesCsv(r as SeriesResult) }),
  feff: Object.freeze({
    module: new URL('../feff/index.ts', import.meta.url).href,
    fn: 'feffSiteJob',
    csv: feffSiteCsv,
    workerInput: (input: unknown, worker: WorkerInfo) => ({ ...(input as FeffSiteJobInput), binDir: undefined, worker }),
    // FEFF's own timeout ends the run with a FeffRunError first; the minute on top is for starting and reporting.
    timeoutMs: (input: unknown) => {
      const t = (input as Partial<FeffSiteJobInput>).timeoutS;
      return typeof t === 'number' && t > 0 ? (t + 60) * 1000 : undefined;
    },
  }),
});

/**
 * The kind of a job by name, undefined when unknown.
 * @example jobKind('rank')?.fn // 'rankJob'
 */
export function jobKind(name: string): Readonly<JobKind> | undefined {
  return Object.hasOwn(JOB_KINDS, name) ? JOB_KINDS[name] : undefined;
}
