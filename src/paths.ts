/**
 * @module paths
 * Where xasinv finds its shipped models and the (never committed) reference data.
 */
import { resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Root of the xasinv checkout (the folder holding package.json). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Shipped models: `models/` in the checkout. */
export const MODELS_DIR = resolve(REPO_ROOT, 'models');

/**
 * The reference data folder: `$XASINV_DATA`, else `../shared/data` beside the checkout.
 * Scripts take `--data DIR` to override it.
 */
export function defaultDataDir(): string {
  return resolve(process.env.XASINV_DATA ?? resolve(REPO_ROOT, '..', 'shared', 'data'));
}
