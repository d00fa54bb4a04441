/** Test access to the shared reference data (read in place, never copied). */
import { join } from 'node:path';
import { defaultDataDir } from '../../src/paths.ts';

export const DATA_DIR = defaultDataDir();

/** Absolute path of a file under the shared data folder. */
export function dataPath(...parts: string[]): string {
  return join(DATA_DIR, ...parts);
}
