/**
 * Where the FEFF10 module binaries live: `--feff-bin DIR` (option `feffBin`), else `$XASINV_FEFF`.
 * DIR is the folder holding `rdinp`, `pot`, `xsph`, `fms`, `ff2x` …, or the build folder of
 * ../shared/tools/build-feff10.sh (its `bin/Seq` is used).
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { FeffNotFoundError } from './errors.ts';

/**
 * The FEFF10 modules in the order a calculation runs them (build-feff10.sh; FEFF10's `feff` driver
 * script). Modules a card set does not need (e.g. `path`, `genfmt` with RPATH −1) return at once.
 */
export const FEFF_MODULES = Object.freeze(['rdinp', 'dmdw', 'atomic', 'pot', 'ldos', 'screen', 'crpa', 'opconsat', 'xsph', 'fms', 'mkgtr', 'path', 'genfmt', 'ff2x', 'sfconv'] as const);

/** One FEFF module name. */
export type FeffModule = (typeof FEFF_MODULES)[number];

/** Name of the environment variable that points at the FEFF10 binaries. */
export const FEFF_ENV = 'XASINV_FEFF';

const isExecutable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
};

/**
 * Absolute folder of the FEFF10 module binaries.
 *
 * @example
 * findFeffBin({ feffBin: '/opt/feff10/bin/Seq' }) // '/opt/feff10/bin/Seq'
 * findFeffBin() // from $XASINV_FEFF
 * @throws FeffNotFoundError naming what was tried and the modules that are missing.
 */
export function findFeffBin({ feffBin, env = process.env }: { feffBin?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const given = feffBin ?? env[FEFF_ENV];
  const how = feffBin !== undefined ? '--feff-bin' : `$${FEFF_ENV}`;
  if (given === undefined || given.trim() === '') {
    throw new FeffNotFoundError(
      `FEFF10 not found: pass --feff-bin DIR or set ${FEFF_ENV}=DIR, DIR being the folder of the FEFF10 modules (rdinp, pot, xsph, fms, ff2x …); build them with ../shared/tools/build-feff10.sh DIR`,
    );
  }
  const dir = resolve(given);
  if (!existsSync(dir)) throw new FeffNotFoundError(`FEFF10 not found: ${how} ${dir} does not exist`);
  const candidates = [dir, join(dir, 'bin', 'Seq')];
  for (const c of candidates) if (FEFF_MODULES.every((m) => isExecutable(join(c, m)))) return c;
  const missing = FEFF_MODULES.filter((m) => !isExecutable(join(dir, m)));
  throw new FeffNotFoundError(`FEFF10 not found: ${how} ${dir} lacks the executable module(s) ${missing.join(', ')} (also looked in ${join(dir, 'bin', 'Seq')})`);
}
