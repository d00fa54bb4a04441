/**
 * @module data/fe-feff-crystals
 * The `fe-k-feff-crystals` training pairs: Fe K spectra that the project's own FEFF batch
 * (`npm run feff:batch`, src/feff) computed for every inequivalent Fe site of the Fe-bearing CIFs
 * in `<data>/structures/fe-standards` and `<data>/structures/amcsd`. The spectra live inline in the
 * batch's JSON-lines records (src/feff/records.ts, default `data/feff-fe-crystals/records.jsonl` in
 * the repository); the structures stay in the shared data folder (`record.source` is relative to it;
 * an absolute `source` is used as it is).
 *
 * Split rule (material level, seeded, stable): every site is keyed by its mineral name taken from
 * the file name — `amcsd_<id>_<Name>.cif` → Name, `<Name>_<database id>.cif` (fe-standards) → Name,
 * any other file → its stem — lower-cased with everything but letters and digits removed, so
 * `Pyrite_COD-5000115.cif` and `amcsd_0000006_Pyrite.cif` share the key `pyrite` and
 * `Ferro-actinolite` matches `ferroactinolite`. AMCSD files named `unknown` are keyed by their own
 * file stem (not lumped together). `record.name` is not used: it is often a CIF data-block name
 * (`global`, a database number). u = first 32 bits of sha256(`fe-feff-split:<key>`) / 2³² ∈ [0, 1)
 * picks the split (sha256 rather than the FNV-1a of pairs.ts `idUniform`, whose values for similar
 * short names such as `mineral1…3000` put only 16.8 % in a 20 % bucket):
 * u < 0.7 train, u < 0.8 val, else test. So all sites of one phase, and the same mineral under two
 * files, land in one split; adding records never moves an existing material.
 *
 * Records with `status: 'failed'` are skipped; when one (file, site) has several ok records (a
 * rerun), the last one counts. The file is only read (a torn last line, a batch writing right now,
 * is ignored — never repaired here).
 *
 * Site check: `record.site` indexes the structure as the batch's reader read it. Each record is
 * checked against the structure as src/structure reads it now: the atom at `site` must be Fe and
 * carry the record's label (when both have one); otherwise the first Fe atom with that label is
 * taken (same site group), and when there is none the record is left out with a message. This
 * matters for partially occupied CIFs: the batch of 2026-12 ran with a reader that stacked the
 * occupants of a mixed site (its FEFF cluster kept Fe there), while today's reader keeps each
 * site's majority species, so e.g. the Fe of augite's mixed sites is no longer in the structure.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { InputError, ParseError } from '../errors.ts';
import { readStructure, type Structure } from '../structure/index.ts';
import { REPO_ROOT } from '../paths.ts';
import type { Pair, Split } from './pairs.ts';

/** Where the records live in the repository, and the split fractions. */
export const FE_FEFF_CRYSTALS_DEFAULTS = Object.freeze({
  recordsPath: join(REPO_ROOT, 'data', 'feff-fe-crystals', 'records.jsonl'),
  trainFraction: 0.7,
  valFraction: 0.1,
});

/**
 * The material key of a structure file (see the module doc).
 * @example feffCrystalMaterialKey('structures/amcsd/cif/amcsd_0000006_Pyrite.cif') // 'pyrite'
 */
export function feffCrystalMaterialKey(source: string): string {
  const stem = basename(source).replace(/\.[^.]+$/, '');
  const amcsd = /^amcsd_\d+_(.+)$/i.exec(stem);
  const name = amcsd ? amcsd[1]! : stem.split('_')[0]!;
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return key === '' || key === 'unknown' ? `file:${stem.toLowerCase()}` : key;
}

/**
 * The split of a material key: seeded hash, ≈ 70 % train, 10 % val, 20 % test.
 * @example feffCrystalSplit('pyrite') // the same on every machine and run
 */
export function feffCrystalSplit(key: string): Split {
  const u = createHash('sha256').update(`fe-feff-split:${key}`).digest().readUInt32BE(0) / 2 ** 32;
  if (u < FE_FEFF_CRYSTALS_DEFAULTS.trainFraction) return 'train';
  return u < FE_FEFF_CRYSTALS_DEFAULTS.trainFraction + FE_FEFF_CRYSTALS_DEFAULTS.valFraction ? 'val' : 'test';
}

/** The fields of an ok record this source needs. */
interface CrystalRecord {
  source: string;
  structureSha256: string;
  site: number;
  label?: string;
  spectrum: { energyEv: number[]; mu: number[] };
}

function isNumberArray(a: unknown): a is number[] {
  return Array.isArray(a) && a.every((v) => typeof v === 'number' && Number.isFinite(v));
}

/**
 * The text of a records file, or of its first `bytes` bytes: the batch only appends, so the
 * records a model was trained on stay the file's first bytes while the batch goes on.
 */
function recordsText(path: string, bytes?: number): string {
  const all = readFileSync(path);
  if (bytes === undefined) return all.toString('utf8');
  if (!Number.isInteger(bytes) || bytes < 0) throw new InputError(`${path}: a records snapshot of ${bytes} bytes is not a whole number ≥ 0`);
  if (all.length < bytes) throw new InputError(`${path} has ${all.length} bytes, fewer than the ${bytes} of the snapshot asked for (the file was cut or replaced)`);
  if (bytes > 0 && all[bytes - 1] !== 0x0a) throw new InputError(`${path}: byte ${bytes} does not end a record (a snapshot ends at a newline)`);
  return all.subarray(0, bytes).toString('utf8');
}

/** The ok records of a batch file (or of its first `bytes` bytes), read only; errors name the file and line. */
function readOkRecords(path: string, bytes?: number): { record: CrystalRecord; line: number }[] {
  if (!existsSync(path)) throw new InputError(`FEFF Fe crystal records not found: ${path} (pass --fe-records pointing at the batch's records.jsonl)`);
  const text = recordsText(path, bytes);
  // A line without its newline is a record being written right now: leave it out.
  const complete = text.endsWith('\n') ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  const out: { record: CrystalRecord; line: number }[] = [];
  complete.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      throw new ParseError(path, i + 1, 'not a JSON record');
    }
    if (r === null || typeof r !== 'object' || r.status === 'failed') return;
    const sp = r.spectrum as { energyEv?: unknown; mu?: unknown } | undefined;
    if (r.status !== 'ok' || typeof r.source !== 'string' || typeof r.structureSha256 !== 'string' || !Number.isInteger(r.site) || !sp || !isNumberArray(sp.energyEv) || !isNumberArray(sp.mu)) {
      throw new ParseError(path, i + 1, 'record lacks status, source, structureSha256, site or spectrum {energyEv, mu}');
    }
    if (sp.energyEv.length !== sp.mu.length || sp.energyEv.length < 2) throw new ParseError(path, i + 1, `spectrum has ${sp.energyEv.length} energies and ${sp.mu.length} μ values`);
    out.push({ record: { source: r.source, structureSha256: r.structureSha256, site: r.site as number, ...(typeof r.label === 'string' ? { label: r.label } : {}), spectrum: { energyEv: sp.energyEv, mu: sp.mu } }, line: i + 1 });
  });
  return out;
}

/**
 * The index of the record's Fe site in `structure` as read now (see the module doc), or a reason
 * why it is not there.
 *
 * @example matchSite(readStructure('hematite.cif'), { site: 0, label: 'Fe' }) // 0
 */
export function matchSite(structure: Pick<Structure, 'species' | 'labels'>, record: { site: number; label?: string }, absorber = 'Fe'): number | string {
  const { species, labels } = structure;
  const labelOk = (i: number): boolean => record.label === undefined || labels?.[i] === undefined || labels[i] === record.label;
  if (species[record.site] === absorber && labelOk(record.site)) return record.site;
  if (record.label !== undefined && labels) {
    const i = species.findIndex((el, k) => el === absorber && labels[k] === record.label);
    if (i >= 0) return i;
  }
  const found = species[record.site] === undefined ? `the structure has ${species.length} atoms` : `atom ${record.site} is ${species[record.site]}${labels?.[record.site] ? ` (${labels[record.site]})` : ''}`;
  return `site ${record.site}${record.label ? ` (${record.label})` : ''} is not an ${absorber} site of the structure as read now: ${found}${record.label ? `, and no ${absorber} atom is labelled ${record.label}` : ''}`;
}

/**
 * The pairs of the FEFF Fe crystal records, one per computed site, with their spectra inline and
 * the material-level split. The structure file must still hold the bytes FEFF ran on; records whose
 * site the current reader does not hold are left out, each with a message to `onSkip`. `bytes`
 * reads only the file's first bytes (the snapshot a model was trained on, manifest training.feRecords).
 *
 * @example
 * feFeffCrystalPairs('../shared/data').filter((p) => p.split === 'test').length
 */
export function feFeffCrystalPairs(dataDir: string, recordsPath: string = FE_FEFF_CRYSTALS_DEFAULTS.recordsPath, { onSkip, bytes }: { onSkip?: (message: string) => void; bytes?: number } = {}): Pair[] {
  return feffCrystalPairs(dataDir, { absorber: 'Fe', recordsPath, ...(onSkip ? { onSkip } : {}), ...(bytes !== undefined ? { bytes } : {}) });
}

/** The FEFF crystal sources of the 3d absorbers besides Fe (`<el>-k-feff-crystals`, records in data/feff-<el>-crystals). */
export const FEFF_3D_CRYSTAL_SOURCES = Object.freeze({
  'ti-k-feff-crystals': 'Ti',
  'v-k-feff-crystals': 'V',
  'cr-k-feff-crystals': 'Cr',
  'mn-k-feff-crystals': 'Mn',
  'co-k-feff-crystals': 'Co',
  'ni-k-feff-crystals': 'Ni',
  'zn-k-feff-crystals': 'Zn',
} as const);
export type Feff3dCrystalSource = keyof typeof FEFF_3D_CRYSTAL_SOURCES;

/**
 * The repository's records file of an absorber's FEFF crystals.
 * @example feffCrystalRecordsPath('Zn') // '<repo>/data/feff-zn-crystals/records.jsonl'
 */
export function feffCrystalRecordsPath(absorber: string): string {
  return join(REPO_ROOT, 'data', `feff-${absorber.toLowerCase()}-crystals`, 'records.jsonl');
}

/**
 * The pairs of one absorber's FEFF crystal records (Fe: {@link feFeffCrystalPairs}), by the same
 * rules: one per computed site, spectra inline, the material-level split — the same split key for
 * every absorber, so a phase holding two absorbers lands in one split for both. A record's
 * structure is looked up in the data folder, then in the repository (the project's own reference
 * phases, data/structures).
 *
 * @example feffCrystalPairs('../shared/data', { absorber: 'Zn' }).length // the Zn sites computed so far
 */
export function feffCrystalPairs(
  dataDir: string,
  { absorber, recordsPath = feffCrystalRecordsPath(absorber), onSkip = () => {}, bytes }: { absorber: string; recordsPath?: string; onSkip?: (message: string) => void; bytes?: number },
): Pair[] {
  // The source name comes from the table, never built from the element: Cu's would be the OmniXAS set's.
  const source = absorber === 'Fe' ? 'fe-k-feff-crystals' : (Object.entries(FEFF_3D_CRYSTAL_SOURCES).find(([, el]) => el === absorber)?.[0] as Feff3dCrystalSource | undefined);
  if (source === undefined) throw new InputError(`no FEFF crystal source for ${absorber}: known ${['Fe', ...Object.values(FEFF_3D_CRYSTAL_SOURCES)].join(', ')}`);
  const bySite = new Map<string, { record: CrystalRecord; line: number }>();
  for (const r of readOkRecords(recordsPath, bytes)) bySite.set(`${r.record.source}#${r.record.site}`, r);
  const shaChecked = new Map<string, string>();
  const structures = new Map<string, Structure>();
  const out: Pair[] = [];
  for (const { record: r, line } of [...bySite.values()].sort((a, b) => (a.record.source < b.record.source ? -1 : a.record.source > b.record.source ? 1 : a.record.site - b.record.site))) {
    const inData = resolve(dataDir, r.source);
    const structurePath = existsSync(inData) || isAbsolute(r.source) ? inData : resolve(REPO_ROOT, r.source);
    let sha = shaChecked.get(structurePath);
    if (sha === undefined) {
      if (!existsSync(structurePath)) throw new InputError(`${recordsPath} line ${line}: structure ${structurePath} not found (record.source is relative to the data folder; pass --data)`);
      sha = createHash('sha256').update(readFileSync(structurePath)).digest('hex');
      shaChecked.set(structurePath, sha);
    }
    if (sha !== r.structureSha256) throw new InputError(`${recordsPath} line ${line}: ${structurePath} changed since FEFF ran on it (sha256 ${sha.slice(0, 12)}… ≠ record's ${r.structureSha256.slice(0, 12)}…)`);
    let structure = structures.get(structurePath);
    if (!structure) {
      structure = readStructure(structurePath);
      structures.set(structurePath, structure);
    }
    const site = matchSite(structure, r, absorber);
    if (typeof site === 'string') {
      onSkip(`${recordsPath} line ${line}: ${r.source} ${site}; record left out`);
      continue;
    }
    const materialId = basename(r.source).replace(/\.[^.]+$/, '');
    out.push({
      id: `${materialId}_${String(r.site).padStart(3, '0')}`,
      source,
      absorber,
      split: feffCrystalSplit(feffCrystalMaterialKey(r.source)),
      structurePath,
      spectrumPath: `${recordsPath}#L${line}`,
      spectrum: r.spectrum,
      siteIndex: site,
      materialId,
    });
  }
  return out;
}
