/**
 * Reading the shipped candidate libraries (`models/library/<El>/`, format.ts): one per absorber,
 * found without `../shared`, so `xasinv rank <spectrum>` on a fresh machine has candidates.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ParseError, UnsupportedError } from '../errors.ts';
import { MODELS_DIR } from '../paths.ts';
import { unpackHalf } from './half.ts';
import { LIBRARY_FILES, LIBRARY_FORMAT_VERSION, libraryMetaSchema, type LibraryMeta } from './format.ts';

/** A library in memory. */
export interface Library {
  dir: string;
  meta: LibraryMeta;
  /** Site descriptors, `meta.descriptor.length` floats per site, entries in order (null: not stored). */
  descriptors: Float32Array | null;
  /** Offset (in sites) of each entry's first site in `descriptors`. */
  siteOffsets: number[];
  /** Per entry μ then σ (2 × gridLength floats), when stored. */
  predictions: Float32Array | null;
  /** Per entry G2 (`meta.g2.n` floats), when stored. */
  g2: Float32Array | null;
}

/** Folder of the libraries: `models/library`. */
export const LIBRARIES_DIR = join(MODELS_DIR, 'library');

/**
 * Absorbers with a library, sorted.
 * @example listLibraries() // ['Co', 'Cr', 'Cu', 'Fe', 'Mn', 'Ni', 'Ti', 'V', 'Zn'] once built
 */
export function listLibraries(dir = LIBRARIES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => /^[A-Z][a-z]?$/.test(name) && metaPathOf(join(dir, name)) !== null)
    .sort();
}

/** What a library holds, for listings (`GET /api/models`, `xasinv models`). */
export interface LibrarySummary {
  absorber: string;
  structures: number;
  sites: number;
  /** Entries per source database. */
  sources: Record<string, number>;
  built: string;
  /** What its stored spectra are: forward predictions, the project's FEFF10 spectra, or none stored. */
  spectra: 'forward' | 'feff' | 'none';
  /** The predictor its stored spectra belong to (a calibration must name the same one), when stored. */
  predictorId: string | null;
}

/**
 * A summary of every library in `dir` (reads library.json only, not the descriptor files).
 * Damaged or foreign-format libraries are left out; reading them for a ranking says why.
 * @example librarySummaries()[0] // { absorber: 'Co', structures: 77, sites: 172, sources: { AMCSD: 15, … }, built: '…' }
 */
export function librarySummaries(dir = LIBRARIES_DIR): LibrarySummary[] {
  return listLibraries(dir).flatMap((absorber) => {
    try {
      const raw = JSON.parse(metaText(metaPathOf(join(dir, absorber))!)) as unknown;
      const parsed = libraryMetaSchema.safeParse(raw);
      if (!parsed.success || parsed.data.format !== LIBRARY_FORMAT_VERSION) return [];
      const m = parsed.data;
      return [{ absorber, structures: m.entries.length, sites: m.entries.reduce((n, e) => n + e.sites.length, 0), sources: Object.fromEntries(Object.entries(m.sources).map(([db, v]) => [db, v.count])), built: m.built, spectra: m.predictions ? (m.predictions.spectra ?? 'forward') : 'none', predictorId: m.predictions?.predictorId ?? null }];
    } catch {
      return [];
    }
  });
}

/** The library's metadata file in `folder` (gzip-compressed or plain), or null when there is none. */
function metaPathOf(folder: string): string | null {
  for (const f of [LIBRARY_FILES.metaGz, LIBRARY_FILES.meta]) if (existsSync(join(folder, f))) return join(folder, f);
  return null;
}

/** The metadata's JSON text (gunzipped when the file is). */
function metaText(path: string): string {
  const bytes = readFileSync(path);
  return (path.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8');
}

function floats(path: string, expected: number, what: string, bytesPerValue: 2 | 4 = 4): Float32Array {
  let bytes: Buffer;
  try {
    bytes = gunzipSync(readFileSync(path));
  } catch (err) {
    throw new ParseError(path, undefined, `${what} is not a readable gzip file (${(err as Error).message})`);
  }
  if (bytes.length !== expected * bytesPerValue) throw new ParseError(path, undefined, `${what} holds ${bytes.length / bytesPerValue} floats; library.json says ${expected}`);
  if (bytesPerValue === 2) return unpackHalf(bytes);
  const out = new Float32Array(expected);
  new Uint8Array(out.buffer).set(bytes);
  return out;
}

const cache = new Map<string, Library>();

/**
 * The library of `absorber` (cached per folder).
 * @throws UnsupportedError (NO_LIBRARY) when none is shipped; ParseError for a damaged one.
 * @example readLibrary('Cu').meta.entries.length // 2697 + the Cu minerals
 */
export function readLibrary(absorber: string, dir = LIBRARIES_DIR): Library {
  const folder = join(dir, absorber);
  const hit = cache.get(folder);
  if (hit) return hit;
  const metaPath = metaPathOf(folder);
  if (metaPath === null) {
    const have = listLibraries(dir);
    throw new UnsupportedError('NO_LIBRARY', `no candidate library for ${absorber} (libraries exist for: ${have.join(', ') || 'none'}); give candidate structures instead`, { absorber, available: have });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(metaText(metaPath));
  } catch (err) {
    throw new ParseError(metaPath, undefined, `not valid JSON (${(err as Error).message})`);
  }
  const format = (raw as { format?: unknown })?.format;
  if (format !== LIBRARY_FORMAT_VERSION) throw new ParseError(metaPath, undefined, `library format ${String(format)}; this xasinv reads format ${LIBRARY_FORMAT_VERSION} (rebuild it with npm run build:library)`);
  const parsed = libraryMetaSchema.safeParse(raw);
  if (!parsed.success) throw new ParseError(metaPath, undefined, `not a library: ${parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const meta = parsed.data;
  if (meta.absorber !== absorber) throw new ParseError(metaPath, undefined, `the library in ${folder} is for ${meta.absorber}, not ${absorber}`);
  const siteOffsets: number[] = [];
  let sites = 0;
  for (const e of meta.entries) {
    siteOffsets.push(sites);
    sites += e.sites.length;
  }
  const descriptors = meta.descriptor.stored === false ? null : floats(join(folder, LIBRARY_FILES.descriptors), sites * meta.descriptor.length, 'descriptors', 2);
  const half = meta.predictions?.precision === 'f16';
  const predictions = meta.predictions ? floats(join(folder, half ? LIBRARY_FILES.predictionsHalf : LIBRARY_FILES.predictions), meta.entries.length * 2 * meta.predictions.gridLength, 'predictions', half ? 2 : 4) : null;
  const g2 = meta.g2 ? floats(join(folder, LIBRARY_FILES.g2), meta.entries.length * meta.g2.n, 'G2') : null;
  const lib = { dir: folder, meta, descriptors, siteOffsets, predictions, g2 };
  cache.set(folder, lib);
  return lib;
}

/**
 * What a spectrum of `element` can still get from a shipped library when a model is missing (for
 * error messages): '' when no library ships for it.
 * @example libraryHint('Zn') // '; Zn K spectra can still be ranked against the shipped Zn library …'
 */
export function libraryHint(element: string, dir = LIBRARIES_DIR): string {
  return metaPathOf(join(dir, element)) !== null
    ? `; ${element} K spectra can still be ranked against the shipped ${element} library of candidate structures (xasinv rank <spectrum>, POST /api/rank, the Rank tab)`
    : '';
}
