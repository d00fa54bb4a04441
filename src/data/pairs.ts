/**
 * Enumerates the structure → spectrum training pairs under `<data>/pairs` (never copied into the
 * repository). One entry per absorbing site, with the split it belongs to.
 *
 * | source                     | absorber | theory | splits                                  |
 * |----------------------------|----------|--------|-----------------------------------------|
 * | fe-k-fdmnes-molecules      | Fe (K)   | FDMNES, unconvolved | train / test (4079 / 250)  |
 * | cu-k-feff-crystals         | Cu (K)   | FEFF 9 xmu.dat      | OmniXAS train / val / test |
 * | co-k-fdmnes-distortions    | Co (K)   | FDMNES, unconvolved | 90 % train / 10 % test (seeded) |
 * | s-k-orca-molecules         | S (K)    | ORCA TDDFT          | train / test (100 / 10)    |
 * | fe-k-feff-crystals         | Fe (K)   | FEFF 10, records.jsonl (the project's batch) | material-level ≈ 70 / 10 / 20 (seeded; fe-feff-crystals.ts) |
 * | ti-, v-, cr-, mn-, co-, ni-, zn-k-feff-crystals | Ti … Zn (K) | FEFF 10, data/feff-<el>-crystals/records.jsonl | the same material-level split |
 *
 * The last one is not under `<data>/pairs`: its spectra sit inline in the FEFF batch's records
 * file (option `feRecordsPath`, default `data/feff-fe-crystals/records.jsonl` of the repository)
 * and its structures in `<data>/structures`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.ts';
import { FEFF_3D_CRYSTAL_SOURCES, feFeffCrystalPairs, feffCrystalPairs, type Feff3dCrystalSource } from './fe-feff-crystals.ts';

export type PairSource = 'fe-k-fdmnes-molecules' | 'cu-k-feff-crystals' | 'co-k-fdmnes-distortions' | 's-k-orca-molecules' | 'fe-k-feff-crystals' | Feff3dCrystalSource;
export type Split = 'train' | 'val' | 'test';

export interface Pair {
  /** Unique id, e.g. `ABAXIK_C11H21FeIN3O2(1+)` or `mp-1692_000`. */
  id: string;
  source: PairSource;
  absorber: string;
  split: Split;
  structurePath: string;
  /** The spectrum file (for inline spectra: where they were read from, `<records file>#L<line>`). */
  spectrumPath: string;
  /** The spectrum itself (absolute eV), when it is not a file of its own (fe-k-feff-crystals). */
  spectrum?: { energyEv: readonly number[]; mu: readonly number[] };
  /** 0-based index of the absorbing atom in the structure file. */
  siteIndex: number;
  /** Material id when several sites share a structure (Cu and Fe crystals). */
  materialId?: string;
}

const stem = (f: string) => f.replace(/\.[^.]+$/, '');

function requireDir(dir: string): void {
  if (!existsSync(dir)) throw new InputError(`data folder not found: ${dir} (pass --data pointing at the shared data folder)`);
}

/** Pairs of a molecule set laid out as `xyz_<split>/<stem>.xyz` + `xanes_<split>/<stem>.txt`. */
function moleculePairs(root: string, source: PairSource, absorber: string, splits: Split[]): Pair[] {
  const out: Pair[] = [];
  for (const split of splits) {
    const xyzDir = join(root, `xyz_${split}`);
    const specDir = join(root, `xanes_${split}`);
    requireDir(xyzDir);
    const spectra = new Set(readdirSync(specDir).map(stem));
    for (const f of readdirSync(xyzDir).sort()) {
      if (!f.endsWith('.xyz') || !spectra.has(stem(f))) continue;
      out.push({ id: stem(f), source, absorber, split, structurePath: join(xyzDir, f), spectrumPath: join(specDir, `${stem(f)}.txt`), siteIndex: 0 });
    }
  }
  return out;
}

/**
 * A uniform number in [0, 1) from an id (FNV-1a): seeded hold-out picks that are stable across
 * runs and machines. @example idUniform('trans_00042') < 0.1 // in the 10 % hold-out?
 */
export function idUniform(id: string): number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}

/** A seeded 90/10 split by id hash. */
function hashSplit(id: string, testFraction: number): Split {
  return idUniform(id) < testFraction ? 'test' : 'train';
}

/** Options of {@link listPairs}. */
export interface ListPairsOptions {
  /** Records file of fe-k-feff-crystals (default: the repository's data/feff-fe-crystals/records.jsonl). */
  feRecordsPath?: string;
  /** Read only the first bytes of that file (the snapshot a model was trained on; the batch appends). */
  feRecordsBytes?: number;
  /** Told about each record of fe-k-feff-crystals that is left out, and why. */
  onSkip?: (message: string) => void;
}

/**
 * All pairs of one source.
 * @example listPairs('../shared/data', 'cu-k-feff-crystals').filter((p) => p.split === 'test').length // 416
 */
export function listPairs(dataDir: string, source: PairSource, opts: ListPairsOptions = {}): Pair[] {
  if (source in FEFF_3D_CRYSTAL_SOURCES) {
    requireDir(dataDir);
    return feffCrystalPairs(dataDir, { absorber: FEFF_3D_CRYSTAL_SOURCES[source as Feff3dCrystalSource], ...(opts.onSkip ? { onSkip: opts.onSkip } : {}) });
  }
  if (source === 'fe-k-feff-crystals') {
    requireDir(dataDir);
    return feFeffCrystalPairs(dataDir, opts.feRecordsPath, { ...(opts.onSkip ? { onSkip: opts.onSkip } : {}), ...(opts.feRecordsBytes !== undefined ? { bytes: opts.feRecordsBytes } : {}) });
  }
  const root = join(dataDir, 'pairs', source);
  requireDir(root);
  switch (source) {
    case 'fe-k-fdmnes-molecules':
      return moleculePairs(root, source, 'Fe', ['train', 'test']);
    case 's-k-orca-molecules':
      return moleculePairs(root, source, 'S', ['train', 'test']);
    case 'cu-k-feff-crystals': {
      const out: Pair[] = [];
      for (const split of ['train', 'val', 'test'] as Split[]) {
        const ids = readFileSync(join(root, 'splits', `Cu_FEFF_${split}.txt`), 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
        for (const id of ids) {
          const m = /^(.*)_(\d{3})$/.exec(id);
          if (!m) throw new InputError(`unexpected id "${id}" in splits/Cu_FEFF_${split}.txt`);
          const [, materialId, site] = m as unknown as [string, string, string];
          const dir = join(root, 'materials', materialId);
          out.push({ id, source, absorber: 'Cu', split, structurePath: join(dir, 'POSCAR'), spectrumPath: join(dir, `${site}_Cu_xmu.dat`), siteIndex: Number(site), materialId });
        }
      }
      return out;
    }
    case 'co-k-fdmnes-distortions': {
      const xyzDir = join(root, 'xyz');
      const specDir = join(root, 'txt_int');
      const out: Pair[] = [];
      for (const f of readdirSync(xyzDir).sort()) {
        if (!f.endsWith('.xyz')) continue;
        const id = stem(f);
        out.push({ id, source, absorber: 'Co', split: hashSplit(id, 0.1), structurePath: join(xyzDir, f), spectrumPath: join(specDir, `${id}.txt`), siteIndex: 0 });
      }
      return out;
    }
    default:
      throw new InputError(`unknown pair source "${source}"`);
  }
}

/**
 * sha256 of an inline spectrum's numbers (what data hashes use in place of a file size).
 * @example inlineSpectrumHash(pair.spectrum!) // '3f…' (64 hex digits)
 */
export function inlineSpectrumHash(spectrum: NonNullable<Pair['spectrum']>): string {
  return createHash('sha256').update(JSON.stringify([spectrum.energyEv, spectrum.mu])).digest('hex');
}
