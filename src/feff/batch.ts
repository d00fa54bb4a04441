/**
 * The batch runner: planned site jobs → FEFF10 runs, `processes` at a time, one JSON-lines record per
 * site appended as it finishes. Sites with a record for the same structure bytes, site and card set
 * are skipped, so a batch killed at any point resumes where it stopped (a torn last line is cut off).
 * A lock file beside the records keeps two runners off the same file.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError, XasinvError } from '../errors.ts';
import type { BatchJob } from './batch-plan.ts';
import { feffSiteSpectrum } from './site-spectrum.ts';
import type { FeffPreset } from './presets.ts';
import { appendBatchRecord, cardsHash, readBatchRecords, recordKey, roundTo, RECORD_DECIMALS, type BatchRecord, type OkRecord } from './records.ts';

/** Defaults of {@link runBatch}. */
export const BATCH_DEFAULTS = Object.freeze({
  processes: 1,
  /** Per-site FEFF timeout, s. */
  timeoutS: 3 * 3600,
});

/** One progress event: a site finished (or failed). */
export interface BatchProgress {
  job: BatchJob;
  record: BatchRecord;
  /** Sites finished in this session (ok + failed) and still to run. */
  done: number;
  failed: number;
  remaining: number;
  /** Seconds until the remaining sites finish at this session's mean wall time per site and `processes`. */
  etaS: number;
}

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  preset: FeffPreset;
  /** The JSON-lines file (created with its folder if missing). */
  recordsPath: string;
  binDir: string;
  processes?: number;
  timeoutS?: number;
  /** Run sites whose last record is a failure again (default: keep the failure). */
  retryFailed?: boolean;
  /** Stop after this many sites (for tests and trial runs). */
  limit?: number;
  signal?: AbortSignal;
  onStart?: (info: { total: number; alreadyDone: number; todo: number; repaired: boolean; previousMeanWallS: number | undefined }) => void;
  onProgress?: (p: BatchProgress) => void;
}

/** Result of {@link runBatch}. */
export interface BatchSummary {
  ok: number;
  failed: number;
  /** Sites already recorded before this session. */
  skippedDone: number;
  /** Sites not run because the batch was aborted or hit `limit`. */
  notRun: number;
  wallTimeS: number;
}

/** Cut the xmu.dat `omega − e` offset (FEFF's energy reference) from the text: the first data row. */
function feffEnergyReference(xmuText: string): number {
  for (const line of xmuText.split('\n')) {
    if (line.startsWith('#') || !line.trim()) continue;
    const [omega, e] = line.trim().split(/\s+/).map(Number);
    if (Number.isFinite(omega) && Number.isFinite(e)) return omega! - e!;
  }
  return NaN;
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

/**
 * Run the jobs not yet recorded in `recordsPath`.
 *
 * @example
 * const plan = planBatch(['structures/'], { absorber: 'Fe', preset });
 * await runBatch(plan.jobs, { preset, recordsPath: 'out/records.jsonl', binDir: findFeffBin(), processes: 1 });
 * @throws InputError when another live process holds the records file; ParseError for a corrupt complete line in it.
 */
export async function runBatch(jobs: readonly BatchJob[], options: RunBatchOptions): Promise<BatchSummary> {
  const { preset, recordsPath, binDir, processes = BATCH_DEFAULTS.processes, timeoutS = BATCH_DEFAULTS.timeoutS, retryFailed = false, limit = Infinity, signal } = options;
  if (!Number.isInteger(processes) || processes < 1) throw new InputError(`processes must be a positive integer; got ${processes}`);
  mkdirSync(dirname(recordsPath), { recursive: true });
  const release = takeLock(recordsPath);
  try {
    const started = Date.now();
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
    options.onStart?.({ total: jobs.length, alreadyDone: jobs.length - todo.length, todo: todo.length, repaired, previousMeanWallS });
    const queue = todo.slice(0, Math.min(todo.length, limit));
    let next = 0;
    let ok = 0;
    let failed = 0;
    let wallSum = 0;
    const worker = async (): Promise<void> => {
      while (next < queue.length && !signal?.aborted) {
        const job = queue[next++]!;
        const base = {
          source: job.source,
          structureSha256: job.structureSha256,
          absorber: job.absorber,
          site: job.site,
          multiplicity: job.multiplicity,
          ...(job.label ? { label: job.label } : {}),
          preset: preset.name,
          cardsSha256,
        };
        const t0 = Date.now();
        let record: BatchRecord;
        try {
          const r = await feffSiteSpectrum(job.structure, job.site, { preset, binDir, timeoutS, ...(signal ? { signal } : {}), title: `${job.source} site ${job.site}` });
          record = {
            status: 'ok',
            ...base,
            finishedAt: new Date().toISOString(),
            ...(job.structure.name ? { name: job.structure.name } : {}),
            formula: job.formula,
            cards: preset.cards,
            radiusAngstrom: preset.radiusAngstrom,
            clusterAtoms: r.input.cluster.species.length,
            feffVersion: r.feffVersion,
            wallTimeS: roundTo(r.wallTimeS, 1),
            cpuTimeS: roundTo(r.cpuTimeS, 1),
            warnings: r.input.warnings,
            spectrum: {
              energyEv: Array.from(r.spectrum.energyEv, (x) => roundTo(x, RECORD_DECIMALS.energyEv)),
              mu: Array.from(r.spectrum.mu, (x) => roundTo(x, RECORD_DECIMALS.mu)),
              e0FeffEv: roundTo(feffEnergyReference(r.xmuText), RECORD_DECIMALS.energyEv),
            },
          };
        } catch (err) {
          if (signal?.aborted) return; // an interrupted site is not a failure: it runs again on resume
          // Anything else is recorded, so that one bad structure cannot stop (or, on resume, block) the batch.
          const error = err instanceof XasinvError ? err.message : `internal error: ${err instanceof Error ? err.message : String(err)}`;
          record = { status: 'failed', ...base, finishedAt: new Date().toISOString(), error, wallTimeS: roundTo((Date.now() - t0) / 1000, 1) };
        }
        appendBatchRecord(recordsPath, record);
        if (record.status === 'ok') ok++;
        else failed++;
        wallSum += record.wallTimeS;
        const done = ok + failed;
        const remaining = queue.length - done;
        options.onProgress?.({ job, record, done, failed, remaining, etaS: ((wallSum / done) * remaining) / processes });
      }
    };
    await Promise.all(Array.from({ length: Math.min(processes, queue.length) }, worker));
    return { ok, failed, skippedDone: jobs.length - todo.length, notRun: todo.length - ok - failed, wallTimeS: (Date.now() - started) / 1000 };
  } finally {
    release();
  }
}
