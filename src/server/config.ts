/**
 * @module server/config
 * Server settings: port, models folder, candidate pools and the limits that keep bad or huge
 * requests from hurting the process. Every default is written once, in `SERVER_DEFAULTS`.
 */
import { existsSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { InputError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import { normaliseOrigin } from './origin-guard.ts';
import { checkRedisUrl } from './redis-connection.ts';

/** Everything `createApp` needs to know about its environment. */
export interface ServerConfig {
  port: number;
  /** Address the server listens on; with `localhost`/`127.0.0.1`/`::1` only local names pass the Host check. */
  host: string;
  /** Other origins whose pages may send requests here (`http://localhost:5173`); see origin-guard.ts. */
  allowOrigins: string[];
  /** Models root (holds `inverse/<el>-k`, `forward/<id>`). */
  modelsDir: string;
  /** Server-side candidate pools: name → folder of structure files. */
  pools: Record<string, string>;
  /** Largest accepted request body, bytes (413 above). */
  maxUploadBytes: number;
  /** A gzip'd upload (Athena project) may inflate to at most `maxUploadBytes × inflateFactor` bytes (413 above). */
  inflateFactor: number;
  /** An early answer (413, 415, 403) waits until the unread body is drained, up to this many bytes… */
  maxDrainBytes: number;
  /** …and this long, ms; past either the connection is closed. */
  drainTimeoutMs: number;
  /** Most uploaded candidate structures in one ranking (422 above); server pools are not limited (the operator chose them). */
  maxCandidates: number;
  /** Rankings with more candidates than this run as a job (202 + job id); smaller ones answer directly. */
  syncRankMax: number;
  /** Longest a request may take before the server answers 504, ms. */
  requestTimeoutMs: number;
  /** Longest a ranking may run on a worker before it is stopped (504 / failed job `JOB_TIMEOUT`), ms. */
  jobTimeoutMs: number;
  /** Worker threads for long jobs (rankings answered 202). */
  workers: number;
  /** Worker threads for synchronous work (spectra, structure, predict, small rankings): a lane of their own, so they never wait behind long jobs. */
  syncWorkers: number;
  /** Most jobs waiting for a worker (429 above, with Retry-After). */
  maxQueuedJobs: number;
  /** Most synchronous requests waiting for a worker (429 above, with Retry-After). */
  maxQueuedSync: number;
  /** Most atoms in an uploaded structure (422 `TOO_MANY_ATOMS` above; a ranking rejects that candidate). */
  maxAtoms: number;
  /** Memory for cached answers of the spectrum routes (inspect, rdf, check, groups), bytes; 0 = no cache. */
  resultCacheBytes: number;
  /** Most spectra in one series (all groups of all files; 422 `TOO_MANY_SPECTRA` above). */
  maxSeriesSpectra: number;
  /** How long finished jobs stay retrievable, ms. */
  jobTtlMs: number;
  /** Memory for the results of finished in-process jobs, bytes: past it the oldest finished jobs are dropped. */
  jobStoreBytes: number;
  /** With `--redis`: a job that no worker takes within this long, while no worker is connected, fails with `NO_WORKER`, ms. */
  workerWaitMs: number;
  /**
   * Heap limit of each worker thread, MB (V8 old generation): a task that needs more fails with 422
   * `OUT_OF_MEMORY` and only its worker is replaced, instead of the process running out of memory.
   * 0 = V8's own limit.
   */
  workerHeapMb: number;
  /** Redis URL of the job queue (`--redis`): jobs wait in Redis for `xasinv worker` processes; none = jobs run in this process. */
  redisUrl?: string;
  /** Name of the queue in Redis; servers and workers with the same name share jobs. */
  queueName: string;
  /** What ranks candidates: the forward model, or precomputed FEFF spectra beside pool structures (`<site>_<El>_xmu.dat`). */
  rankPredictor: 'forward' | 'feff';
  /** Folder of the built UI (`vite build` output); not served when missing. */
  uiDir?: string;
}

/** Defaults of {@link ServerConfig}. */
export const SERVER_DEFAULTS: Readonly<Omit<ServerConfig, 'uiDir' | 'redisUrl'>> = Object.freeze({
  port: 8787,
  host: 'localhost',
  allowOrigins: [],
  modelsDir: MODELS_DIR,
  pools: {},
  maxUploadBytes: 20 * 1024 * 1024,
  inflateFactor: 10,
  maxDrainBytes: 256 * 1024 * 1024,
  drainTimeoutMs: 10_000,
  maxCandidates: 500,
  syncRankMax: 8,
  requestTimeoutMs: 120_000,
  jobTimeoutMs: 30 * 60 * 1000,
  workers: 1,
  // One per core, at most 4 (2026-12: on 2 cores, 2 workers answer 20 concurrent /api/rdf clients
  // about twice as fast as 1; each worker holds its own copy of the models).
  syncWorkers: Math.min(4, availableParallelism()),
  maxQueuedJobs: 8,
  // Spectrum requests take ≈ 5–15 ms of a worker: 64 waiting is well under a second.
  maxQueuedSync: 64,
  maxAtoms: 5000,
  resultCacheBytes: 64 * 1024 * 1024,
  // A 2000-spectrum series result is ≈ 3 MB of JSON; 20 000 spectra held a job 45 s and 790 MB.
  maxSeriesSpectra: 2000,
  jobTtlMs: 60 * 60 * 1000,
  jobStoreBytes: 256 * 1024 * 1024,
  workerWaitMs: 5 * 60 * 1000,
  // Every reader bounds its rows and points before allocating; this is the backstop for what they
  // do not foresee (a worker holds its models, ≈ 100–300 MB, and one task's bounded work).
  workerHeapMb: 2048,
  queueName: 'xasinv-jobs',
  rankPredictor: 'forward',
});

/**
 * Fills in defaults and checks pool folders exist.
 * @example
 * resolveConfig({ pools: { 'cu-oxides': 'data/cu' } }).port // 8787
 */
export function resolveConfig(partial: Partial<ServerConfig> = {}): ServerConfig {
  const config: ServerConfig = { ...SERVER_DEFAULTS, ...partial, pools: { ...(partial.pools ?? SERVER_DEFAULTS.pools) }, allowOrigins: (partial.allowOrigins ?? SERVER_DEFAULTS.allowOrigins).map(normaliseOrigin) };
  for (const [name, dir] of Object.entries(config.pools)) {
    if (!/^[\w.-]+$/.test(name)) throw new InputError(`pool name "${name}" must use letters, digits, "_", "-" or "." only`);
    const abs = resolve(dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) throw new InputError(`pool "${name}": ${abs} is not a folder`);
    config.pools[name] = abs;
  }
  if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535) throw new InputError(`port must be an integer 0–65535, got ${config.port}`);
  for (const key of ['maxUploadBytes', 'requestTimeoutMs', 'jobTimeoutMs', 'jobTtlMs', 'jobStoreBytes', 'workerWaitMs'] as const) {
    if (!(config[key] > 0)) throw new InputError(`${key} must be > 0, got ${config[key]}`);
  }
  for (const key of ['maxCandidates', 'syncRankMax', 'workers', 'syncWorkers', 'maxQueuedJobs', 'maxQueuedSync', 'maxAtoms', 'maxSeriesSpectra'] as const) {
    if (!Number.isInteger(config[key]) || config[key] < 1) throw new InputError(`${key} must be a whole number ≥ 1, got ${config[key]}`);
  }
  if (config.redisUrl !== undefined) checkRedisUrl(config.redisUrl);
  if (!/^[\w.-]{1,100}$/.test(config.queueName)) throw new InputError(`queue name "${config.queueName}" must use letters, digits, "_", "-" or "." only`);
  if (!(config.inflateFactor >= 1)) throw new InputError(`inflateFactor must be ≥ 1, got ${config.inflateFactor}`);
  if (!(Number.isInteger(config.workerHeapMb) && (config.workerHeapMb === 0 || config.workerHeapMb >= 64))) throw new InputError(`workerHeapMb must be 0 (no limit) or a whole number ≥ 64, got ${config.workerHeapMb}`);
  if (!(config.resultCacheBytes >= 0)) throw new InputError(`resultCacheBytes must be ≥ 0, got ${config.resultCacheBytes}`);
  return config;
}

/**
 * Most bytes a gzip'd upload may inflate to.
 * @example maxInflatedBytes(resolveConfig()) // 209715200
 */
export function maxInflatedBytes(config: Pick<ServerConfig, 'maxUploadBytes' | 'inflateFactor'>): number {
  return Math.round(config.maxUploadBytes * config.inflateFactor);
}

/**
 * Parses `--pool name=folder` values.
 * @example parsePools(['cu=data/cu']) // { cu: 'data/cu' }
 */
export function parsePools(values: readonly string[]): Record<string, string> {
  const pools: Record<string, string> = {};
  for (const v of values) {
    const eq = v.indexOf('=');
    if (eq <= 0 || eq === v.length - 1) throw new InputError(`--pool expects name=folder, got "${v}"`);
    pools[v.slice(0, eq)] = v.slice(eq + 1);
  }
  return pools;
}
