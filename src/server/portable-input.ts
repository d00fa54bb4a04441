/**
 * @module server/portable-input
 * Job inputs as they travel through Redis to workers on other machines: bytes (`Uint8Array`)
 * become `{ $bytes: base64 }`, and paths under a named root (the models folder `models`, a pool
 * `pool:<name>`) become `{ $path: [root, relative] }`, resolved again against the worker's own
 * roots (`xasinv worker --models DIR --pool name=DIR`). A worker without that root fails the job
 * with a message saying which option it lacks.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import { XasinvError } from '../errors.ts';

/** Named folders: `models` → models folder, `pool:<name>` → pool folder. */
export type Roots = Readonly<Record<string, string>>;

/**
 * The roots of a server or worker configuration.
 * @example rootsOf({ modelsDir: '/srv/models', pools: { cu: '/srv/cu' } }) // { models: '/srv/models', 'pool:cu': '/srv/cu' }
 */
export function rootsOf(config: { modelsDir: string; pools: Record<string, string> }): Roots {
  const roots: Record<string, string> = { models: config.modelsDir };
  for (const [name, dir] of Object.entries(config.pools)) roots[`pool:${name}`] = dir;
  return roots;
}

/** The root holding `path` (the longest match), with the path relative to it. */
function underRoot(path: string, roots: Roots): [string, string] | undefined {
  let best: [string, string] | undefined;
  for (const [name, dir] of Object.entries(roots)) {
    if (path !== dir && !path.startsWith(dir.endsWith(sep) ? dir : dir + sep)) continue;
    if (!best || dir.length > roots[best[0]]!.length) best = [name, relative(dir, path)];
  }
  return best;
}

/**
 * A JSON-safe copy of a job input.
 * @example encodeInput({ bytes: new Uint8Array([1]), modelsDir: '/srv/models' }, { models: '/srv/models' }) // { bytes: { $bytes: 'AQ==' }, modelsDir: { $path: ['models', ''] } }
 */
export function encodeInput(value: unknown, roots: Roots): unknown {
  if (value instanceof Uint8Array) return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  if (typeof value === 'string') {
    const hit = isAbsolute(value) ? underRoot(value, roots) : undefined;
    return hit ? { $path: hit } : value;
  }
  if (Array.isArray(value)) return value.map((v) => encodeInput(v, roots));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeInput(v, roots)]));
  return value;
}

/**
 * The input again, with bytes restored and paths under this machine's roots.
 * @throws XasinvError `WORKER_MISSING_ROOT` when the job needs a root this worker lacks.
 * @example decodeInput({ $path: ['pool:cu', 'mp-1/POSCAR'] }, { 'pool:cu': '/data/cu' }) // '/data/cu/mp-1/POSCAR'
 */
export function decodeInput(value: unknown, roots: Roots): unknown {
  if (Array.isArray(value)) return value.map((v) => decodeInput(v, roots));
  if (!value || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  if (typeof o.$bytes === 'string' && Object.keys(o).length === 1) return new Uint8Array(Buffer.from(o.$bytes, 'base64'));
  if (Array.isArray(o.$path) && Object.keys(o).length === 1) {
    const [root, rel] = o.$path as [string, string];
    const dir = roots[root];
    if (dir === undefined) {
      const option = root.startsWith('pool:') ? `--pool ${root.slice(5)}=FOLDER` : '--models DIR';
      throw new XasinvError('WORKER_MISSING_ROOT', `this worker has no ${root.startsWith('pool:') ? `pool "${root.slice(5)}"` : root} folder; start it with ${option}`, { root });
    }
    return rel === '' ? dir : join(dir, rel);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, decodeInput(v, roots)]));
}
