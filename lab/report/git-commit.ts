/**
 * @module lab/report/git-commit
 * The commit a report was measured at, for its provenance line.
 */
import { execFileSync } from 'node:child_process';
import { REPO_ROOT } from '../../src/paths.ts';

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
