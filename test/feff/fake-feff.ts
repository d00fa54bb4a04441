/**
 * A stand-in for the FEFF10 binaries: one shell script per module, so that the runner's folder
 * handling, failure detection and the batch can be tested without FEFF. Each script logs its name to
 * `modules.txt` in the run folder; `rdinp` prints FEFF10's banner and writes its BLAS/OpenMP thread
 * settings to `threads.txt`; `ff2x` copies the committed
 * xmu.dat fixture (written by a real FEFF10 run) into the folder. One module can be made to misbehave.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FEFF_MODULES } from '../../src/feff/index.ts';

export const XMU_FIXTURE = join(import.meta.dirname, 'fixtures', 'bcc-fe-noscf-xmu.dat');

export type Misbehaviour =
  | { module: string; exitCode: number }
  | { module: string; stop: true }
  | { module: string; crashNote: true }
  | { module: string; sleepS: number; pidFile: string }
  | { module: 'ff2x'; noXmu: true }
  | { module: string; badCounts: true }
  | { module: string; fortranError: true }
  /** Crashes (exit 139, as a segfault) the first time only: the marker file remembers it across runs. */
  | { module: string; crashOnce: string };

/**
 * Folder of fake module scripts under `root` (the caller removes it); every module sleeps `delayS`
 * first (default none). With `trace`, the first module appends `start` and the last `end` to that
 * file, so a test can see how many runs overlapped.
 */
export function fakeFeff(root: string, { misbehave, delayS = 0, trace }: { misbehave?: Misbehaviour; delayS?: number; trace?: string } = {}): string {
  const dir = mkdtempSync(join(root, 'fake-feff-'));
  for (const m of FEFF_MODULES) {
    const lines = ['#!/bin/sh', `echo ${m} >> modules.txt`];
    if (trace && m === FEFF_MODULES[0]) lines.push(`echo start >> '${trace}'`);
    if (delayS > 0) lines.push(`sleep ${delayS}`);
    if (trace && m === FEFF_MODULES[FEFF_MODULES.length - 1]) lines.push(`echo end >> '${trace}'`);
    if (m === 'rdinp') lines.push('echo "Launching FEFF version FEFF 10.0.0"', 'echo " Core hole lifetime is   1.309 eV."', 'echo "$OPENBLAS_NUM_THREADS $OMP_NUM_THREADS" > threads.txt');
    if (m === 'ff2x' && !(misbehave && 'noXmu' in misbehave)) lines.push(`cp '${XMU_FIXTURE}' xmu.dat`);
    if (misbehave?.module === m) {
      lines.push(`echo " ${m}: line one of the log"`, `echo " ${m}: the last line before trouble"`);
      if ('exitCode' in misbehave) lines.push(`exit ${misbehave.exitCode}`);
      if ('stop' in misbehave) lines.push('echo " Keyword unrecognized."', 'echo "RDINP-2"', 'echo "STOP  " >&2', 'exit 0');
      if ('crashNote' in misbehave) lines.push(`echo " Starting FEFF9 module ${m}.  If this message is still here after the module finishes running, it must have crashed." > .feff.error`);
      if ('badCounts' in misbehave) lines.push('echo " Found bad counts."', 'echo "Bad counts found repeatedly - pot will exit now."');
      if ('fortranError' in misbehave) {
        lines.push(`printf "At line 108 of file rdpot.f90 (unit = 3)\\nFortran runtime error: Cannot open file 'pot.bin': No such file or directory\\n\\nError termination. Backtrace:\\n" >&2`);
        for (let k = 0; k < 14; k++) lines.push(`echo "#${k}  0x7f999e8218c2 in ???" >&2`);
        lines.push(`printf "\\tat ../csu/libc-start.c:360\\n" >&2`, 'exit 2');
      }
      if ('crashOnce' in misbehave) lines.push(`if [ ! -e '${misbehave.crashOnce}' ]; then : > '${misbehave.crashOnce}'; echo " ${m}: segmentation fault" >&2; exit 139; fi`);
      if ('sleepS' in misbehave) lines.push(`echo $$ > '${misbehave.pidFile}'`, `exec sleep ${misbehave.sleepS}`);
    }
    if (m !== 'ff2x' || !misbehave || misbehave.module !== 'ff2x') lines.push(`echo "Done with module: ${m.toUpperCase()}."`);
    const path = join(dir, m);
    writeFileSync(path, `${lines.join('\n')}\n`);
    chmodSync(path, 0o755);
  }
  return dir;
}
