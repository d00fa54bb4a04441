/**
 * @module server/context
 * What the routes share: the configuration, the models (loaded once at start; ONNX sessions reused
 * across requests), the job registry and the worker pool.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listInverseModels, loadInverseModelDir, type InverseModel } from '../inverse/ensemble-model.ts';
import { DEFAULT_FORWARD_MODEL_ID } from '../forward/manifest.ts';
import { closeForwardModel, loadForwardModel, type ForwardModel } from '../forward/predict.ts';
import { expandCandidates } from '../screen/candidates.ts';
import { resolveConfig, type ServerConfig } from './config.ts';
import { JobStore } from './jobs.ts';
import { WorkerPool } from './worker-pool.ts';

/** Shared server state. */
export interface ServerContext {
  config: ServerConfig;
  /** Inverse models by element. */
  inverse: Map<string, InverseModel>;
  forward?: ForwardModel;
  jobs: JobStore;
  pool: WorkerPool;
  startedAt: number;
  /** Releases sessions and workers. */
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
 * Loads the models under `config.modelsDir` and starts the pool.
 * @example const ctx = await createServerContext({ modelsDir: 'models' });
 */
export async function createServerContext(partial: Partial<ServerConfig> = {}): Promise<ServerContext> {
  const config = resolveConfig(partial);
  const inverse = new Map<string, InverseModel>();
  for (const [el, dir] of listInverseModels(config.modelsDir)) inverse.set(el, await loadInverseModelDir(dir));
  const forwardDir = join(config.modelsDir, 'forward', DEFAULT_FORWARD_MODEL_ID);
  const forward = existsSync(join(forwardDir, 'manifest.json')) ? await loadForwardModel(forwardDir) : undefined;
  const pool = new WorkerPool(config.workers);
  return {
    config,
    inverse,
    ...(forward ? { forward } : {}),
    jobs: new JobStore(config.jobTtlMs),
    pool,
    startedAt: Date.now(),
    async close() {
      await pool.close();
      if (forward) await closeForwardModel(forward);
    },
  };
}
