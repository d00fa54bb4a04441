/**
 * @module server/pool-job
 * The element sets of a server pool's structures, read on the sync lane once per pool (the route
 * keeps them for the server's lifetime, as it keeps the pool's file list): what lets `POST
 * /api/rank` answer 422 `NO_COMPOSITION_MATCH` for a composition filter that keeps nothing of a
 * pool before a job is queued. Each file is read by the same reader as the ranking reads it; an
 * unreadable one has no element set (the ranking would reject it, and the filter does not count it).
 */
import { readFileSync } from 'node:fs';
import { parseStructure } from '../structure/index.ts';
import type { TaskProgress } from './worker-pool.ts';

/**
 * The sorted element set of each file (null: unreadable), in the order given.
 * @example poolElementSets({ files: ['/srv/cu/mp-1692/POSCAR'] }) // [['Cu', 'O']]
 */
export function poolElementSets({ files }: { files: readonly string[] }, progress?: (p: TaskProgress) => void): (string[] | null)[] {
  return files.map((file, i) => {
    if (i % 100 === 0) progress?.({ done: i, total: files.length });
    try {
      return [...new Set(parseStructure(readFileSync(file, 'utf8'), { name: file }).species)].sort();
    } catch {
      return null;
    }
  });
}
