/**
 * @module server/context
 * What the routes share: the configuration, the manifests of the installed models (the models
 * themselves are loaded and run in the worker threads), the job queue, the worker lane for
 * synchronous work, the cache of spectrum answers, and request counters.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listInverseModels, readInverseManifest } from '../inverse/index.ts';
import type { InverseManifest } from '../inverse/index.ts';
import { DEFAULT_FORWARD_MODEL_ID, readForwardManifest, type ForwardManifest } from '../forward/index.ts';
import { expandCandidates } from '../structure/index.ts';
import { resolveConfig, type ServerConfig } from './config.ts';
import { BullJobQueue } from './bull-queue.ts';
import { InProcessJobQueue, type JobQueue } from './job-queue.ts';
import { ResultCache } from './result-cache.ts';
import { rootsOf } from './portable-input.ts';
import { WorkerPool } from './worker-pool.ts';

/** Shared server state. */
export interface ServerContext {
  config: ServerConfig;
  /** Installed inverse models by element: folder and manifest (the workers load the ONNX sessions). */
  inverse: Map<string, { dir: string; manifest: InverseManifest }>;
  /** The installed forward model (its folder and manifest; predictions load it in the workers). */
  forward?: { dir: string; manifest: ForwardManifest };
  /** Long jobs (rankings answered 202, series): in this process, or on the Redis queue with `--redis`. */
  jobs: JobQueue;
  /** Worker lane for synchronous work (spectra, structure, predict, small rankings), separate from the jobs. */
  sync: WorkerPool;
  /** Answers of the spectrum routes by content hash of the request (see result-cache.ts). */
  results: ResultCache;
  /** HTTP requests being answered right now. */
  requests: { inFlight: number };
  startedAt: number;
  /** Stops the workers. */
  close(): Promise<void>;
}

const poolCache = new Map<string, string[]>();

/** Structure files of a pool folder, recursively (as `xasinv rank` expands folders); listed once. */
export function poolFiles(dir: string): string[] {
  let files = poolCache.get(dir);
  if (!files) {
    files = expandCandidates([dir]).files;
    poolCache.set(dir, files);
  }
  return files;
}

/**
 * Reads the model manifests under `config.modelsDir` and sets up the worker lanes (workers start on
 * first use, or all at once with `warmSpectrumWorkers`), or connects to the Redis job queue when
 * `config.redisUrl` is set.
 * @example const ctx = await createServerContext({ modelsDir: 'models' });
 */
export async function createServerContext(partial: Partial<ServerConfig> = {}): Promise<ServerContext> {
  const config = resolveConfig(partial);
  const inverse = new Map<string, { dir: string; manifest: InverseManifest }>();
  for (const [el, dir] of listInverseModels(config.modelsDir)) inverse.set(el, { dir, manifest: readInverseManifest(dir) });
  const forwardDir = join(config.modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID);
  const forward = existsSync(join(forwardDir, 'manifest.json')) ? { dir: forwardDir, manifest: readForwardManifest(forwardDir) } : undefined;
  // With --redis, jobs wait in Redis for `xasinv worker` processes (checked now: a Redis that does not answer is an error at start-up).
  const jobs: JobQueue = config.redisUrl
    ? await BullJobQueue.connect({ url: config.redisUrl, queueName: config.queueName, ttlMs: config.jobTtlMs, maxQueued: config.maxQueuedJobs, roots: rootsOf(config) })
    : new InProcessJobQueue(new WorkerPool(config.workers, { maxQueued: config.maxQueuedJobs, name: 'jobs' }), { ttlMs: config.jobTtlMs, timeoutMs: config.jobTimeoutMs });
  const sync = new WorkerPool(config.syncWorkers, { maxQueued: config.maxQueuedSync, name: 'requests' });
  return {
    config,
    inverse,
    ...(forward ? { forward } : {}),
    jobs,
    sync,
    results: new ResultCache(config.resultCacheBytes),
    requests: { inFlight: 0 },
    startedAt: Date.now(),
    async close() {
      await Promise.all([jobs.close(), sync.close()]);
    },
  };
}
