/**
 * @module structure/candidate-files
 * Candidate structure files: paths given by the user, folders expanded recursively. Paths that do
 * not exist are returned as rejections (never dropped silently).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/** A candidate that cannot be used, with the reason. */
export interface Rejection {
  file: string;
  reason: string;
}

/** File names a folder expansion picks up: POSCAR/CONTCAR (any suffix), *.vasp, *.cif, *.xyz, *.pdb, *.mol2. */
export function isStructureFileName(name: string): boolean {
  return /^(POSCAR|CONTCAR)/i.test(name) || /\.(vasp|cif|xyz|pdb|mol2)$/i.test(name);
}

/**
 * Expand files and folders into a sorted list of structure files (folders recursively, by
 * {@link isStructureFileName}; files named explicitly are always kept). Duplicates are removed.
 *
 * @example
 * expandCandidates(['../shared/data/pairs/cu-k-feff-crystals/materials']).files.length // 2697
 */
export function expandCandidates(paths: readonly string[]): { files: string[]; rejected: Rejection[] } {
  const files: string[] = [];
  const rejected: Rejection[] = [];
  const seen = new Set<string>();
  const add = (f: string): void => {
    const abs = resolve(f);
    if (!seen.has(abs)) {
      seen.add(abs);
      files.push(f);
    }
  };
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && isStructureFileName(e.name)) add(p);
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) {
      rejected.push({ file: p, reason: 'file or folder not found' });
      continue;
    }
    if (statSync(p).isDirectory()) {
      const before = files.length;
      walk(p);
      if (files.length === before) rejected.push({ file: p, reason: 'folder holds no structure files (POSCAR, CONTCAR, *.vasp, *.cif, *.xyz, *.pdb, *.mol2)' });
    } else add(p);
  }
  return { files, rejected };
}

/**
 * A short id for a candidate: the folder name for POSCAR/CONTCAR files (`mp-1692/POSCAR` →
 * `mp-1692`), else the file name without extension.
 *
 * @example
 * candidateId('materials/mp-1692/POSCAR') // 'mp-1692'
 * candidateId('amcsd/cif/hematite_0000143.cif') // 'hematite_0000143'
 */
export function candidateId(file: string): string {
  const name = basename(file);
  if (/^(POSCAR|CONTCAR)$/i.test(name)) return basename(dirname(resolve(file)));
  return name.replace(/\.[^.]+$/, '');
}
