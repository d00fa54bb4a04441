/**
 * @module version
 * The package version (from package.json), printed by `xasinv --version` and `npm start -- --version`
 * and reported by `GET /api/health`; the git commit of the checkout, written into the provenance of
 * what the code produces (FEFF batch folders, reports).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** The xasinv version, e.g. `0.1.0`. @example console.log(`xasinv ${VERSION}`) */
export const VERSION: string = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * HEAD of the repository (short with `short`), with " (with uncommitted changes)" when tracked files
 * differ from it (reports/ aside: a script writing several reports is not a code change); undefined outside
 * a git checkout.
 *
 * @example gitCommit({ short: true }) // 'a33e19b' or 'a33e19b (with uncommitted changes)'
 */
export function gitCommit({ short = false, cwd = REPO_ROOT }: { short?: boolean; cwd?: string } = {}): string | undefined {
  try {
    const head = execFileSync('git', ['rev-parse', ...(short ? ['--short'] : []), 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no', '--', '.', ':!reports'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return undefined;
  }
}
