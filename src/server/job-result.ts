/**
 * @module server/job-result
 * A job's result as the API serves it, built once in the worker that computed it: its JSON text
 * (`jsonText`: numbers at 6 significant digits) and its CSV text. The main thread then never
 * serialises a result again: `GET /api/jobs/:id` splices the stored text into the job's view, and
 * `result.csv` sends the stored CSV, however often they are fetched (a 20 000-row series once built
 * 30 MB on the main thread per GET). The in-process queue and the Redis workers both run jobs
 * through {@link runEncoded}.
 */
import { pathToFileURL } from 'node:url';
import { XasinvError } from '../errors.ts';
import { toCsv } from './csv.ts';
import { jobKind } from './job-kinds.ts';
import { jsonText } from './route-spec.ts';
import type { JobFunction, TaskProgress, WorkerTask } from './worker-pool.ts';

/** A result as stored: its JSON and CSV texts. */
export interface EncodedResult {
  $json: string;
  $csv: string;
}

/** Whether `v` is an {@link EncodedResult} (what a worker of this version returns). */
export function isEncoded(v: unknown): v is EncodedResult {
  return typeof v === 'object' && v !== null && typeof (v as EncodedResult).$json === 'string' && typeof (v as EncodedResult).$csv === 'string';
}

/**
 * The stored form of a result of job kind `kind` (CSV by the kind's own columns, else {@link toCsv}).
 * @example encodeResult('rank', ranking).$json.startsWith('{"absorber"') // true
 */
export function encodeResult(kind: string, result: unknown): EncodedResult {
  if (isEncoded(result)) return result;
  return { $json: jsonText(result), $csv: (jobKind(kind)?.csv ?? toCsv)(result) };
}

/**
 * Bytes a stored result may hold: its texts (UTF-16, what V8 keeps for a string at most) and their
 * UTF-8 copies once sent ({@link resultUtf8}).
 */
export function encodedBytes(r: EncodedResult): number {
  return 2 * (r.$json.length + r.$csv.length) + Buffer.byteLength(r.$json, 'utf8') + Buffer.byteLength(r.$csv, 'utf8');
}

const utf8Cache = new WeakMap<EncodedResult, { $json?: Buffer<ArrayBuffer>; $csv?: Buffer<ArrayBuffer> }>();

/**
 * The UTF-8 bytes of a stored text, encoded once per stored result and then sent as they are: a
 * text sent as a string is measured (`Buffer.byteLength`) and encoded again on every GET, on the
 * event loop — 10 GETs of a 4 MB series result cost the main thread ≈ 430 ms that way (2026-12,
 * loaded machine), bytes ≈ 60 ms. For results of the Redis queue (a new object per GET) this still
 * saves the second pass.
 * @example c.body(resultUtf8(job.result, '$csv'))
 */
export function resultUtf8(r: EncodedResult, part: '$json' | '$csv'): Buffer<ArrayBuffer> {
  let cached = utf8Cache.get(r);
  if (!cached) utf8Cache.set(r, (cached = {}));
  return (cached[part] ??= Buffer.from(r[part], 'utf8'));
}

/** The module of {@link runEncoded}, for a {@link WorkerTask}. */
export const JOB_RESULT_MODULE = new URL('./job-result.ts', import.meta.url).href;

/**
 * Runs `task` (in a worker) and returns its result encoded for kind `kind`.
 * @example pool.run({ module: JOB_RESULT_MODULE, fn: 'runEncoded', input: { kind: 'rank', task } })
 */
export async function runEncoded({ kind, task }: { kind: string; task: WorkerTask }, progress: (p: TaskProgress) => void, signal?: AbortSignal): Promise<EncodedResult> {
  const url = task.module.startsWith('file:') ? task.module : pathToFileURL(task.module).href;
  const fn = ((await import(url)) as Record<string, unknown>)[task.fn];
  if (typeof fn !== 'function') throw new XasinvError('BAD_JOB', `${task.module} has no exported function ${task.fn}`);
  return encodeResult(kind, await (fn as JobFunction)(task.input, progress, signal));
}

/**
 * The task that runs `task` and encodes its result, for the worker pools.
 * @example await pool.run(encodedTask('series', task))
 */
export function encodedTask(kind: string, task: WorkerTask): WorkerTask {
  return { module: JOB_RESULT_MODULE, fn: 'runEncoded', input: { kind, task } };
}
