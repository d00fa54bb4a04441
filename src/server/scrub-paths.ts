/**
 * @module server/scrub-paths
 * Server-side paths never leave the server: a temp file of an upload becomes the name it was
 * uploaded under, a pool file its path inside the pool, the models folder `models`. Used on rank
 * results (worker side) and on every error message (the error handler).
 */
import { tmpdir } from 'node:os';
import { sep } from 'node:path';

/** A server path and what a client sees instead. */
export interface PathAlias {
  path: string;
  name: string;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A function replacing each alias path (the longest first, so a file wins over its folder) by its
 * name, then any other path under the system temp folder by its last component.
 *
 * @example
 * pathScrubber([{ path: '/tmp/x/1/bad.mol2', name: 'bad.mol2' }])('unreadable: /tmp/x/1/bad.mol2:3: …')
 * // 'unreadable: bad.mol2:3: …'
 */
export function pathScrubber(aliases: readonly PathAlias[] = []): (text: string) => string {
  const sorted = aliases.filter((a) => a.path.length > 1).sort((a, b) => b.path.length - a.path.length);
  const temp = new RegExp(`${escape(tmpdir().replace(/[\\/]+$/, ''))}[\\\\/](?:[^\\s:'"\`]*[\\\\/])?([^\\s:'"\`\\\\/]+)`, 'g');
  return (text) => {
    let out = text;
    for (const { path, name } of sorted) {
      if (!out.includes(path)) continue;
      // A folder alias keeps what follows it: `<pool>/a/POSCAR` → `a/POSCAR` under name ''.
      out = out.replaceAll(path + sep, name ? `${name}/` : '').replaceAll(path, name);
    }
    return out.replace(temp, '$1');
  };
}

/**
 * Applies `scrub` to every string inside `value` (objects and arrays, in place; typed arrays are
 * left alone) and returns it.
 * @example scrubDeep({ rejected: [{ reason: '/tmp/x/a.cif: bad' }] }, pathScrubber())
 */
export function scrubDeep<T>(value: T, scrub: (text: string) => string): T {
  if (typeof value === 'string') return scrub(value) as T;
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = scrubDeep(value[i], scrub);
    return value;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) record[key] = scrubDeep(record[key], scrub);
  return value;
}
