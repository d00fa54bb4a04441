/**
 * The small structure folder the batch tests run on: rock-salt FeO (one Fe site ×4), a molecule with
 * two different Fe, an O2 molecule (no Fe), a broken CIF and a byte copy of FeO — 3 Fe sites to run,
 * one file without Fe, two left out.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FEO_POSCAR = 'FeO rock salt\n4.3\n1 0 0\n0 1 0\n0 0 1\nFe O\n4 4\nDirect\n0 0 0\n0 .5 .5\n.5 0 .5\n.5 .5 0\n.5 .5 .5\n.5 0 0\n0 .5 0\n0 0 .5\n';

/** Writes the folder `dir` (created) and returns it. */
export function writeBatchStructures(dir: string): string {
  mkdirSync(join(dir, 'feo'), { recursive: true });
  writeFileSync(join(dir, 'feo', 'POSCAR'), FEO_POSCAR);
  writeFileSync(join(dir, 'fe2.xyz'), '4\ntwo Fe\nFe 0 0 0\nO 0 0 1.9\nFe 0 0 5.0\nCl 0 0 7.2\n');
  writeFileSync(join(dir, 'o2.xyz'), '2\nO2\nO 0 0 0\nO 0 0 1.21\n');
  writeFileSync(join(dir, 'broken.cif'), 'data_x\n_cell_length_a 5\n');
  mkdirSync(join(dir, 'zcopy'), { recursive: true });
  copyFileSync(join(dir, 'feo', 'POSCAR'), join(dir, 'zcopy', 'POSCAR'));
  return dir;
}
