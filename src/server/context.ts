/**
 * @module server/context
 * What the routes share: the configuration, the models (loaded once at start; ONNX sessions reused
 * across requests), the job registry and the worker pool.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { listInverseModels, loadInverseModelDir, type InverseModel } from '../inverse/ensemble-model.ts';
import { DEFAULT_FORWARD_MODEL_ID } from '../forward/manifest.ts';
import { closeForwardModel, loadForwardModel, type ForwardModel } from '../forward/predict.ts';
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

/** Structure files of a pool folder (CIF, POSCAR/CONTCAR/.vasp, xyz), sorted. */
export function poolFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /\.(cif|mcif|xyz|vasp|poscar)$/i.test(f) || /^(POSCAR|CONTCAR)/i.test(f))
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort()
    .map((f) => join(dir, f));
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
