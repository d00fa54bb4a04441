/**
 * @module lab/inverse/member-files
 * Where ensemble members live: `<outDir>/member-XX.{json,bin}`. A member counts as finished only
 * when its `.json` exists (weights are written tmp-then-rename, `.json` last).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../src/errors.ts';
import type { CnnConfig } from '../../src/inverse/index.ts';
import { loadModelWeights, type ModelWeights } from '../../src/learn/index.ts';

/**
 * Base path (without extension) of member `index` (0-based).
 *
 * @example
 * memberBasePath('runs/fe', 3); // 'runs/fe/member-03'
 */
export function memberBasePath(outDir: string, index: number): string {
  return join(outDir, `member-${String(index).padStart(2, '0')}`);
}

/**
 * True when member `index` has been written completely.
 *
 * @example
 * if (!isMemberDone('runs/fe', 3)) { ... }
 */
export function isMemberDone(outDir: string, index: number): boolean {
  const base = memberBasePath(outDir, index);
  return existsSync(`${base}.json`) && existsSync(`${base}.bin`);
}

/**
 * Load every finished member of `outDir`, in index order.
 *
 * @example
 * const members = loadEnsemble('runs/fe'); // ModelWeights<CnnConfig>[]
 */
export function loadEnsemble(outDir: string): ModelWeights<CnnConfig>[] {
  if (!existsSync(outDir)) throw new InputError(`ensemble folder ${outDir} does not exist`);
  const names = readdirSync(outDir)
    .filter((f) => /^member-\d+\.json$/.test(f))
    .sort((a, b) => Number(a.slice(7, -5)) - Number(b.slice(7, -5)));
  if (names.length === 0) throw new InputError(`no member-XX.json files in ${outDir}`);
  return names.map((f) => loadModelWeights<CnnConfig>(join(outDir, f.slice(0, -5))));
}
