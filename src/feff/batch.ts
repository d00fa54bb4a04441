/**
 * The embedded batch runner: planned site jobs → FEFF10 runs, `processes` at a time in this
 * process, one JSON-lines record per site appended as it finishes. The same site jobs run on Redis
 * workers with src/server/feff-queue-batch.ts; both share what is here: the lock and resume
 * ({@link openBatch}), the `feff.inp` of a site ({@link siteTask}), the retry rule and the records
 * ({@link okRecord}, {@link failedRecord}).
 *
 * Sites with a record for the same structure bytes, site and card set are skipped, so a batch
 * killed at any point resumes where it stopped (a torn last line is cut off). A lock file beside the
 * records keeps two runners off the same file: one process writes the records.
 *
 * A site whose FEFF crashed (the error says it may help to run it again, see run.ts) is run again up
 * to `retries` times before it is recorded as failed with the log tail; FEFF's own diagnosed stops
 * and timeouts are recorded at once (they come back the same).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, XasinvError } from '../errors.ts';
import type { BatchJob } from './batch-plan.ts';
import { feffInput, type FeffInput } from './input.ts';
import type { FeffPreset } from './presets.ts';
import { appendBatchRecord, cardsHash, readBatchRecords, recordKey, roundTo, type BatchRecord, type FailedRecord, type OkRecord } from './records.ts';
import { feffSiteJob, type FeffSiteJobInput, type FeffSiteJobResult } from './site-job.ts';

/** Defaults of {@link runBatch} (and of the queue batch). */
export const BATCH_DEFAULTS = Object.freeze({
  processes: 1,
  /** Per-site FEFF timeout, s. */
  timeoutS: 3 * 3600,
  /** Runs of a site whose FEFF crashed, after the first. */
  retries: 1,
});

/** One progress event: a site finished (or failed). */
export interface BatchProgress {
  job: BatchJob;
  record: BatchRecord;
  /** Sites finished in this session (ok + failed) and still to run. */
  done: number;
  failed: number;
  remaining: number;
  /** Seconds until the remaining sites finish, from this session's pace. */
  etaS: number;
}

/** What a batch knows when it starts. */
export interface BatchStart {
  total: number;
  alreadyDone: number;
  todo: number;
  /** A torn last line was cut off the records. */
  repaired: boolean;
  /** Mean wall time of the sites already recorded with these cards, s. */
  previousMeanWallS: number | undefined;
}

/** A site is run again (its FEFF crashed): which run comes next, and why. */
export interface BatchRetry {
  job: BatchJob;
  /** The run about to start (2 = the first retry). */
  attempt: number;
  error: string;
}

/** Options shared by the embedded and the queue batch. */
export interface BatchOptions {
  preset: FeffPreset;
  /** The JSON-lines file (created with its folder if missing). */
  recordsPath: string;
  timeoutS?: number;
  /** Runs of a crashed site after the first (default {@link BATCH_DEFAULTS}.retries). */
  retries?: number;
  /** Run sites whose last record is a failure again (default: keep the failure). */
  retryFailed?: boolean;
  /** Stop after this many sites (for tests and trial runs). */
  limit?: number;
  signal?: AbortSignal;
  onStart?: (info: BatchStart) => void;
  onProgress?: (p: BatchProgress) => void;
  onRetry?: (r: BatchRetry) => void;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions extends BatchOptions {
  binDir: string;
  processes?: number;
}

/** Result of {@link runBatch}. */
export interface BatchSummary {
  ok: number;
  failed: number;
  /** Sites already recorded before this session. */
  skippedDone: number;
  /** Sites not run because the batch was aborted or hit `limit`. */
  notRun: number;
  /** Extra runs of crashed sites. */
  retried: number;
  wallTimeS: number;
}

/** Take the lock beside `recordsPath`; a lock whose process is gone is taken over. */
function takeLock(recordsPath: string): () => void {
  const lock = `${recordsPath}.lock`;
  if (existsSync(lock)) {
    const pid = Number(readFileSync(lock, 'utf8').trim());
    let alive = false;
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid) {
      try {
        process.kill(pid, 0);
        alive = true;
      } catch (err) {
        alive = (err as NodeJS.ErrnoException).code === 'EPERM';
      }
    }
    if (alive) throw new InputError(`${recordsPath} is in use by process ${pid} (lock ${lock}); wait for it or stop it first`);
  }
  writeFileSync(lock, `${process.pid}\n`);
  return () => rmSync(lock, { force: true });
}

/** An opened batch: the lock held, the jobs still to run, and what the records say. */
export interface OpenBatch {
  cardsSha256: string;
  /** Jobs without a record (or with a failed one, with `retryFailed`), at most `limit`. */
  queue: BatchJob[];
  /** Jobs without a record before `limit` was applied. */
  todo: number;
  start: BatchStart;
  release: () => void;
}

/**
 * Lock the records file, cut a torn last line, and find the jobs still to run.
 * @throws InputError when another live process holds the records file; ParseError for a corrupt complete line in it.
 */
export function openBatch(jobs: readonly BatchJob[], { preset, recordsPath, retryFailed = false, limit = Infinity }: BatchOptions): OpenBatch {
  mkdirSync(dirname(recordsPath), { recursive: true });
  const release = takeLock(recordsPath);
  try {
    const { records, repaired } = readBatchRecords(recordsPath);
    const cardsSha256 = cardsHash(preset.cards, preset.radiusAngstrom);
    const last = new Map<string, BatchRecord>();
    for (const r of records) last.set(recordKey(r), r);
    const isDone = (j: BatchJob) => {
      const r = last.get(recordKey({ ...j, cardsSha256 }));
      return r !== undefined && (r.status === 'ok' || !retryFailed);
    };
    const todo = jobs.filter((j) => !isDone(j));
    const previous = records.filter((r): r is OkRecord => r.status === 'ok' && r.cardsSha256 === cardsSha256);
    const previousMeanWallS = previous.length ? previous.reduce((s, r) => s + r.wallTimeS, 0) / previous.length : undefined;
    return {
      cardsSha256,
      queue: todo.slice(0, Math.min(todo.length, limit)),
      todo: todo.length,
      start: { total: jobs.length, alreadyDone: jobs.length - todo.length, todo: todo.length, repaired, previousMeanWallS },
      release,
    };
  } catch (err) {
    release();
    throw err;
  }
}

/** A site ready to run: its `feff.inp` and the job input a worker gets. */
export interface SiteTask {
  job: BatchJob;
  input: FeffInput;
  jobInput: FeffSiteJobInput;
}

/**
 * The `feff.inp` of a job and the `feff` job input carrying it.
 * @throws InputError when FEFF cannot take the cluster (e.g. more than 31 elements).
 */
export function siteTask(job: BatchJob, preset: FeffPreset, timeoutS: number): SiteTask {
  const title = `${job.source} site ${job.site}`;
  const input = feffInput(job.structure, job.site, preset, { title });
  return { job, input, jobInput: { feffInp: input.text, title, timeoutS } };
}

/** What every record of a job says. */
function recordBase(job: BatchJob, preset: FeffPreset, cardsSha256: string) {
  return {
    source: job.source,
    structureSha256: job.structureSha256,
    absorber: job.absorber,
    site: job.site,
    multiplicity: job.multiplicity,
    ...(job.label ? { label: job.label } : {}),
    preset: preset.name,
    cardsSha256,
  };
}

/** The record of a computed site. */
export function okRecord(task: SiteTask, preset: FeffPreset, cardsSha256: string, r: FeffSiteJobResult): OkRecord {
  const { job, input } = task;
  return {
    status: 'ok',
    ...recordBase(job, preset, cardsSha256),
    finishedAt: new Date().toISOString(),
    ...(job.structure.name ? { name: job.structure.name } : {}),
    formula: job.formula,
    cards: preset.cards,
    radiusAngstrom: preset.radiusAngstrom,
    clusterAtoms: input.cluster.species.length,
    feffVersion: r.feffVersion,
    wallTimeS: roundTo(r.wallTimeS, 1),
    cpuTimeS: roundTo(r.cpuTimeS, 1),
    warnings: input.warnings,
    worker: r.worker,
    spectrum: { energyEv: r.energyEv, mu: r.mu, e0FeffEv: r.e0FeffEv },
  };
}

/** The record of a site that failed `attempts` times (the error of the last run, with its log tail). */
export function failedRecord(job: BatchJob, preset: FeffPreset, cardsSha256: string, error: string, wallTimeS: number, attempts: number, worker?: string): FailedRecord {
  return { status: 'failed', ...recordBase(job, preset, cardsSha256), finishedAt: new Date().toISOString(), error, wallTimeS: roundTo(wallTimeS, 1), attempts, ...(worker ? { worker } : {}) };
}

/** The error text a record keeps: an XasinvError's message (with FEFF's log tail), anything else as an internal error. */
export function recordedError(err: unknown): string {
  return err instanceof XasinvError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
}

/** True when running the site again may help (a crashed FEFF module, see run.ts). */
export function isRetryable(details: Record<string, unknown> | undefined): boolean {
  return details?.retryable === true;
}

/**
 * Run the jobs not yet recorded in `recordsPath`, `processes` FEFF runs at a time in this process.
 *
 * @example
 * const plan = planBatch(['structures/'], { absorber: 'Fe', preset });
 * await runBatch(plan.jobs, { preset, recordsPath: 'out/records.jsonl', binDir: findFeffBin(), processes: 1 });
 * @throws InputError when another live process holds the records file; ParseError for a corrupt complete line in it.
 */
export async function runBatch(jobs: readonly BatchJob[], options: RunBatchOptions): Promise<BatchSummary> {
  const { preset, recordsPath, binDir, processes = BATCH_DEFAULTS.processes, timeoutS = BATCH_DEFAULTS.timeoutS, retries = BATCH_DEFAULTS.retries, signal } = options;
  if (!Number.isInteger(processes) || processes < 1) throw new InputError(`processes must be a positive integer; got ${processes}`);
  if (!Number.isInteger(retries) || retries < 0) throw new InputError(`retries must be a whole number ≥ 0; got ${retries}`);
  const started = Date.now();
  const batch = openBatch(jobs, options);
  try {
    const { queue, cardsSha256 } = batch;
    options.onStart?.(batch.start);
    let next = 0;
    let ok = 0;
    let failed = 0;
    let retried = 0;
    let wallSum = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length && !signal?.aborted) {
        const job = queue[next++]!;
        const t0 = Date.now();
        let record: BatchRecord | undefined;
        let task: SiteTask | undefined;
        try {
          task = siteTask(job, preset, timeoutS);
        } catch (err) {
          record = failedRecord(job, preset, cardsSha256, recordedError(err), (Date.now() - t0) / 1000, 1);
        }
        for (let attempt = 1; task && !record; attempt++) {
          try {
            const r = await feffSiteJob({ ...task.jobInput, binDir }, undefined, signal);
            record = okRecord(task, preset, cardsSha256, r);
          } catch (err) {
            if (signal?.aborted) return; // an interrupted site is not a failure: it runs again on resume
            const error = recordedError(err);
            if (attempt <= retries && err instanceof XasinvError && isRetryable(err.details)) {
              retried++;
              options.onRetry?.({ job, attempt: attempt + 1, error });
              continue;
            }
            // Anything else is recorded, so that one bad structure cannot stop (or, on resume, block) the batch.
            record = failedRecord(job, preset, cardsSha256, error, (Date.now() - t0) / 1000, attempt);
          }
        }
        appendBatchRecord(recordsPath, record!);
        if (record!.status === 'ok') ok++;
        else failed++;
        wallSum += record!.wallTimeS;
        const done = ok + failed;
        const remaining = queue.length - done;
        options.onProgress?.({ job, record: record!, done, failed, remaining, etaS: ((wallSum / done) * remaining) / processes });
      }
    };
    await Promise.all(Array.from({ length: Math.min(processes, queue.length) }, worker));
    return { ok, failed, skippedDone: batch.start.alreadyDone, notRun: batch.todo - ok - failed, retried, wallTimeS: (Date.now() - started) / 1000 };
  } finally {
    batch.release();
  }
}
