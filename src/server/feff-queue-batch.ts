/**
 * @module server/feff-queue-batch
 * A FEFF batch on the Redis queue: every site still to run becomes a `feff` job (src/feff/site-job.ts,
 * carrying its `feff.inp`) on the queue `xasinv-feff` (its own, so the server's rank and series jobs
 * never wait behind FEFF sites), which any number of `xasinv worker --redis … --queue-name xasinv-feff`
 * processes on any machine take; this process — the only writer of the records — collects the results and appends one record
 * per site, as the embedded batch (src/feff/batch.ts) does.
 *
 * - Resume: a site's job id is fixed by its resume key (structure bytes, site, card set), and a
 *   finished job's result waits in Redis (`resultTtlS`) until a batch collects it. A batch started
 *   again after a crash or a kill skips what records.jsonl holds, finds the jobs it had queued still
 *   queued, running or finished (adding an existing id is a no-op), and collects them: nothing is
 *   computed twice, and at most a site whose worker died is run again.
 * - A worker that dies mid-site: BullMQ's stalled-job check gives the site to another worker after
 *   the worker's lock expires (`xasinv worker --lock-s`); the dead worker's FEFF is killed by its
 *   module shell (run.ts). One result, one record.
 * - Retries: a site whose FEFF crashed on a worker is submitted again (`retries` times; it may land
 *   on another machine), then recorded as failed with the log tail. FEFF's diagnosed stops are
 *   recorded at once.
 * - A worker without FEFF10 fails its `feff` jobs with FEFF_NOT_FOUND naming it; the batch says so
 *   once per worker and offers the site again after `bounceDelayMs` (another worker takes it). When
 *   `maxBounces` sites in a row come back so (no worker has FEFF), the batch stops with that error;
 *   nothing is recorded for those sites.
 * - Redis: unreachable at the start is one error naming the URL; lost during the batch, the batch
 *   waits and goes on when it is back (jobs lost with it are submitted again).
 * - Stopping (the signal): no new site is submitted; sites not yet started are taken off the queue;
 *   sites running stay with their workers, and their results wait in Redis for the next run.
 */
import { Queue, type ConnectionOptions } from 'bullmq';
import { Redis } from 'ioredis';
import { InputError, XasinvError } from '../errors.ts';
import { appendBatchRecord, BATCH_DEFAULTS, failedRecord, isRetryable, okRecord, openBatch, recordedError, siteTask, type BatchJob, type BatchOptions, type BatchRecord, type BatchSummary, type FeffSiteJobResult, type SiteTask } from '../feff/index.ts';
import { decodeJobError, QUEUE_DEFAULTS, type QueuedJobData } from './bull-queue.ts';
import { JOB_KINDS } from './job-kinds.ts';
import { probeRedis, redactUrl, redisOptions } from './redis-connection.ts';

/** Defaults of {@link runQueueBatch}. */
export const QUEUE_BATCH_DEFAULTS = Object.freeze({
  /** Most sites submitted and not yet collected. */
  window: 256,
  /** How often the batch looks at its jobs, ms. */
  pollMs: 1000,
  /** How long a finished site's result waits in Redis for its batch, s (a week). */
  resultTtlS: 7 * 24 * 3600,
  /** Delay before a site that came back from a worker without FEFF10 is offered again, ms. */
  bounceDelayMs: 10_000,
  /** Sites in a row that came back from workers without FEFF10 before the batch stops. */
  maxBounces: 25,
  /** How often a status line is reported while sites run, ms. */
  statusEveryMs: 60_000,
});

/** What is running, for a status line. */
export interface QueueBatchStatus {
  waiting: number;
  running: number;
  /** Workers running a site of this batch now. */
  workers: string[];
  done: number;
  remaining: number;
  etaS: number | undefined;
}

/** Options of {@link runQueueBatch}. */
export interface QueueBatchOptions extends BatchOptions {
  redisUrl: string;
  queueName?: string;
  window?: number;
  pollMs?: number;
  resultTtlS?: number;
  bounceDelayMs?: number;
  maxBounces?: number;
  statusEveryMs?: number;
  /** Lines worth telling the user: a worker without FEFF, Redis lost and back, a vanished job. */
  onNotice?: (line: string) => void;
  onStatus?: (s: QueueBatchStatus) => void;
}

/** Result of {@link runQueueBatch}. */
export interface QueueBatchSummary extends BatchSummary {
  /** Workers that returned a site. */
  workers: string[];
  /** Sites still running on workers when the batch stopped (collected by the next run). */
  leftRunning: number;
}

/** The job id of a site: fixed by its resume key, so a batch run again finds its jobs. */
export function feffJobId(job: { structureSha256: string; site: number }, cardsSha256: string): string {
  return `feff-${job.structureSha256.slice(0, 20)}-${job.site}-${cardsSha256.slice(0, 20)}`;
}

/** Codes of a job that came back because of its worker, not its site. */
const WORKER_PROBLEMS = new Set(['FEFF_NOT_FOUND', 'UNKNOWN_JOB_KIND']);
/** Codes of a job whose worker was stopped while running it (`xasinv worker` signalled twice): the site is not at fault. */
const WORKER_STOPPED = new Set(['POOL_CLOSED', 'ABORTED']);

interface InFlight {
  task: SiteTask;
  id: string;
  /** Run of the site (1 = first). */
  attempt: number;
}

/**
 * Run the jobs not yet recorded in `recordsPath` on the queue's workers.
 *
 * @example
 * const plan = planBatch(['structures/'], { absorber: 'Zn', preset });
 * await runQueueBatch(plan.jobs, { preset, recordsPath: 'data/feff-zn-crystals/records.jsonl', redisUrl: 'redis://10.0.0.5:6379' });
 * @throws InputError when Redis does not answer or another process holds the records; XasinvError `FEFF_NOT_FOUND` when no worker has FEFF10.
 */
export async function runQueueBatch(jobs: readonly BatchJob[], options: QueueBatchOptions): Promise<QueueBatchSummary> {
  const o = { ...QUEUE_BATCH_DEFAULTS, ...options };
  const { preset, recordsPath, timeoutS = BATCH_DEFAULTS.timeoutS, retries = BATCH_DEFAULTS.retries, signal } = options;
  if (!Number.isInteger(retries) || retries < 0) throw new InputError(`retries must be a whole number ≥ 0; got ${retries}`);
  const notice = options.onNotice ?? (() => {});
  const started = Date.now();
  await probeRedis(o.redisUrl);
  const batch = openBatch(jobs, options);
  const queueName = o.queueName ?? QUEUE_DEFAULTS.feffQueueName;
  const connection = { ...redisOptions('worker'), url: o.redisUrl } as ConnectionOptions;
  const queue = new Queue(queueName, { connection, prefix: QUEUE_DEFAULTS.prefix });
  const redis = new Redis(o.redisUrl, redisOptions('worker'));
  let down = false;
  const lost = (err: Error) => {
    if (!down) notice(`redis ${redactUrl(o.redisUrl)} lost (${(err as NodeJS.ErrnoException).code ?? err.message}); waiting for it (the records so far are safe)`);
    down = true;
  };
  queue.on('error', lost);
  redis.on('error', lost);
  redis.on('ready', () => {
    if (down) notice(`redis ${redactUrl(o.redisUrl)} back`);
    down = false;
  });
  const { cardsSha256 } = batch;
  const kind = JOB_KINDS.feff!;
  const inFlight = new Map<string, InFlight>();
  const workers = new Set<string>();
  const toldWorkerProblem = new Set<string>();
  let next = 0;
  let ok = 0;
  let failed = 0;
  let retried = 0;
  let bounces = 0;
  let firstResultAt: number | undefined;
  const remainingOf = () => batch.queue.length - next + inFlight.size;
  /** The pace of this session: the time per result since the first one (which took one site's time) × the sites left. */
  const etaS = (): number | undefined => {
    const done = ok + failed;
    const rem = remainingOf();
    if (rem === 0) return 0;
    if (firstResultAt === undefined) return undefined;
    return done > 1 ? ((Date.now() - firstResultAt) / 1000 / (done - 1)) * rem : ((firstResultAt - started) / 1000) * rem;
  };

  const add = async (f: InFlight, delayMs = 0): Promise<void> => {
    const data: QueuedJobData = { fn: kind.fn, input: f.task.jobInput, total: 15 };
    inFlight.set(f.id, f);
    await queue.add('feff', data, { jobId: f.id, attempts: 1, ...(delayMs > 0 ? { delay: delayMs } : {}), removeOnComplete: { age: o.resultTtlS }, removeOnFail: { age: o.resultTtlS } });
  };
  const record = (job: BatchJob, rec: BatchRecord) => {
    appendBatchRecord(recordsPath, rec);
    if (rec.status === 'ok') ok++;
    else failed++;
    firstResultAt ??= Date.now();
    options.onProgress?.({ job, record: rec, done: ok + failed, failed, remaining: remainingOf(), etaS: etaS() ?? 0 });
  };
  const forget = async (id: string) => {
    try {
      await queue.remove(id);
    } catch {
      /* gone already, or locked by a worker that took it a moment ago */
    }
  };

  /** Fill the window with sites not yet submitted. */
  const fill = async () => {
    while (!signal?.aborted && inFlight.size < o.window && next < batch.queue.length) {
      const job = batch.queue[next++]!;
      let task: SiteTask;
      try {
        task = siteTask(job, preset, timeoutS);
      } catch (err) {
        record(job, failedRecord(job, preset, cardsSha256, recordedError(err), 0, 1));
        continue;
      }
      await add({ task, id: feffJobId(job, cardsSha256), attempt: 1 });
    }
  };

  /** Look at every job in flight once: collect results, retry crashes, offer bounced sites again. */
  const poll = async (): Promise<{ waiting: number; running: string[] }> => {
    const ids = [...inFlight.keys()];
    const pipe = redis.pipeline();
    for (const id of ids) pipe.hmget(queue.toKey(id), 'timestamp', 'finishedOn', 'returnvalue', 'failedReason', 'processedOn', 'processedBy');
    const answers = (await pipe.exec()) ?? [];
    let waiting = 0;
    const running: string[] = [];
    for (let k = 0; k < ids.length; k++) {
      const f = inFlight.get(ids[k]!)!;
      const [err, value] = answers[k] ?? [new Error('no answer'), null];
      if (err) continue; // looked at again next time
      const [timestamp, finishedOn, returnvalue, failedReason, processedOn, processedBy] = value as (string | null)[];
      if (timestamp === null) {
        notice(`${f.task.jobInput.title}: its job vanished from Redis (restarted without persistence, or removed); submitted again`);
        await add(f);
        continue;
      }
      if (finishedOn === null) {
        if (processedOn !== null) running.push(processedBy ?? '?');
        else waiting++;
        continue;
      }
      inFlight.delete(f.id);
      await forget(f.id);
      if (failedReason === null) {
        let result: FeffSiteJobResult | undefined;
        try {
          result = JSON.parse(returnvalue ?? 'null') as FeffSiteJobResult;
        } catch {
          /* recorded as failed below */
        }
        if (!result || !Array.isArray(result.energyEv) || !Array.isArray(result.mu)) {
          record(f.task.job, failedRecord(f.task.job, preset, cardsSha256, `internal error: worker ${processedBy ?? '?'} returned no spectrum (an older xasinv?)`, 0, f.attempt, processedBy ?? undefined));
        } else {
          workers.add(result.worker);
          bounces = 0;
          record(f.task.job, okRecord(f.task, preset, cardsSha256, result));
        }
        continue;
      }
      const e = decodeJobError(failedReason);
      if (WORKER_PROBLEMS.has(e.code)) {
        bounces++;
        const message = e.code === 'UNKNOWN_JOB_KIND' && processedBy ? `worker ${processedBy}: ${e.message}` : e.message;
        if (!toldWorkerProblem.has(message)) {
          toldWorkerProblem.add(message);
          notice(`${message}; its sites go back to the queue for another worker`);
        }
        if (bounces >= o.maxBounces) throw new XasinvError(e.code, `${message} (${bounces} sites in a row came back from workers that cannot run them, so the batch stops; nothing was recorded for them: start a worker with FEFF10 and run the batch again)`);
        await add(f, o.bounceDelayMs);
        continue;
      }
      if (WORKER_STOPPED.has(e.code)) {
        notice(`${f.task.jobInput.title}: worker ${processedBy ?? '?'} was stopped while running it; the site goes back to the queue`);
        await add(f);
        continue;
      }
      if (e.code === 'FEFF_FAILED' && isRetryable(e.details) && f.attempt <= retries) {
        retried++;
        options.onRetry?.({ job: f.task.job, attempt: f.attempt + 1, error: e.message });
        await add({ ...f, attempt: f.attempt + 1 });
        continue;
      }
      const wallS = (Number(finishedOn) - Number(processedOn ?? finishedOn)) / 1000;
      record(f.task.job, failedRecord(f.task.job, preset, cardsSha256, e.message, Number.isFinite(wallS) ? wallS : 0, f.attempt, processedBy ?? undefined));
    }
    return { waiting, running };
  };

  /**
   * Sites not yet started are taken off the queue (no worker starts work nobody collects); running
   * ones stay with their workers and their results wait in Redis for the next run. Returns how many run.
   */
  const withdraw = async (): Promise<number> => {
    let running = 0;
    const ids = [...inFlight.keys()];
    const pipe = redis.pipeline();
    for (const id of ids) pipe.hmget(queue.toKey(id), 'processedOn', 'finishedOn');
    const answers = (await pipe.exec().catch(() => null)) ?? [];
    for (let k = 0; k < ids.length; k++) {
      const [processedOn, finishedOn] = (answers[k]?.[1] as (string | null)[] | undefined) ?? [null, null];
      if (processedOn === null && finishedOn === null) await forget(ids[k]!);
      else running++;
    }
    return running;
  };

  try {
    options.onStart?.(batch.start);
    if (batch.queue.length > 0 && (await queue.getWorkersCount()) === 0) {
      notice(`no worker is taking jobs from queue "${queueName}" on ${redactUrl(o.redisUrl)} yet: the sites wait until one starts (xasinv worker --redis ${redactUrl(o.redisUrl)} --queue-name ${queueName}, on a machine with FEFF10)`);
    }
    await fill();
    let lastStatus = Date.now();
    while (inFlight.size > 0 && !signal?.aborted) {
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(t);
          signal?.removeEventListener('abort', wake);
          resolve();
        };
        const t = setTimeout(wake, o.pollMs);
        signal?.addEventListener('abort', wake, { once: true });
      });
      if (signal?.aborted) break;
      const seen = await poll();
      await fill();
      if (options.onStatus && Date.now() - lastStatus >= o.statusEveryMs && inFlight.size > 0) {
        lastStatus = Date.now();
        options.onStatus({ waiting: seen.waiting, running: seen.running.length, workers: [...new Set(seen.running)].sort(), done: ok + failed, remaining: remainingOf(), etaS: etaS() });
      }
    }
    const leftRunning = inFlight.size > 0 ? await withdraw() : 0;
    return { ok, failed, skippedDone: batch.start.alreadyDone, notRun: batch.todo - ok - failed, retried, wallTimeS: (Date.now() - started) / 1000, workers: [...workers].sort(), leftRunning };
  } catch (err) {
    if (inFlight.size > 0) await withdraw();
    throw err;
  } finally {
    batch.release();
    await Promise.allSettled([queue.close(), redis.quit()]);
    redis.disconnect();
  }
}
