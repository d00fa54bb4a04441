/**
 * @module cli/output-dir
 * A folder a command writes into (`--out DIR`), made and checked before any work: each missing level
 * is created one at a time (never `mkdir -p`, which spins for ever on a path under `/proc` in
 * Node 20), and every failure — a path through a file (`/etc/passwd/x`), a read-only or special
 * file system, no permission — is one `InputError` naming the option, the path and why.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { InputError } from '../errors.ts';

/** File systems that hold no files of ours (kernel views of processes, devices and settings). */
const SPECIAL = /^\/(proc|sys|dev)(\/|$)/;

/**
 * Makes `path` a writable folder (creating missing levels) and returns it.
 * @throws InputError `--out /etc/passwd/x: cannot create the folder: /etc/passwd is a file, not a folder`.
 * @example ensureOutputDir('results/fe', '--out') // 'results/fe'
 */
export function ensureOutputDir(path: string, option: string): string {
  const abs = resolve(path);
  const fail = (why: string) => new InputError(`${option} ${path}: cannot write there: ${why}`, { path });
  if (SPECIAL.test(abs)) throw fail(`${abs.split('/')[1] === 'proc' ? '/proc' : abs.split('/').slice(0, 2).join('/')} is a kernel file system, not a place for results`);
  const missing: string[] = [];
  let at = abs;
  for (;;) {
    let isDir: boolean;
    try {
      isDir = statSync(at).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw fail(`${at}: ${code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : code}`);
      missing.unshift(at);
      const up = dirname(at);
      if (up === at) throw fail('no existing folder above it');
      at = up;
      continue;
    }
    if (!isDir) throw fail(`${at} is a file, not a folder`);
    break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw fail(`cannot create ${dir} (${code ?? (err as Error).message})`);
    }
  }
  try {
    accessSync(abs, constants.W_OK);
  } catch (err) {
    throw fail(`the folder is not writable (${(err as NodeJS.ErrnoException).code})`);
  }
  return path;
}
