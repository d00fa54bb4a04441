/**
 * @module series/entries
 * The spectra of a series, in order: every group of an Athena project (one group per scan), every
 * file of a folder (natural order: `scan2` before `scan10`), or the files as given. Each entry
 * is read on its own, so one unreadable scan becomes an entry with its error and the others go on;
 * a series in which nothing can be read is an `InputError` naming the files and why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError, ParseError, XasinvError } from '../errors.ts';
import { athenaGroupToSpectrum, parseAthenaGroups } from '../io/index.ts';
import { decodeText } from '../io/index.ts';
import { parseSpectrum, sniffFormat, type Spectrum } from '../io/index.ts';

/** One file of a series as bytes (an upload, or a file read from disk). */
export interface SeriesFile {
  name: string;
  bytes: Uint8Array;
}

/** One spectrum of a series: read, or the reason it could not be. */
export interface SeriesEntry {
  /** Scan label: the Athena group label, else the file name. */
  label: string;
  /** File the entry comes from (as given or uploaded). */
  source: string;
  /** Athena group index within its project. */
  group?: number;
  spectrum?: Spectrum;
  error?: string;
}

/** Extensions never read as spectra when a folder is expanded (notes, pictures, archives of other tools). */
const SKIPPED = /\.(md|txt~|pdf|png|jpe?g|gif|svg|html?|zip|tar|tgz|py|ipynb|json|inp|log)$/i;

/**
 * Natural sort key comparison: digit runs compare as numbers (`scan2` < `scan10`).
 * @example ['s10', 's2'].sort(naturalCompare) // ['s2', 's10']
 */
export function naturalCompare(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true, sensitivity: 'base' });
}

/**
 * The entries of files already in memory: an Athena project gives one entry per group, any other
 * file one entry.
 * @throws InputError when no entry can be read (the message lists the first problems).
 * @example seriesEntries([{ name: 'cu.prj', bytes }]).map((e) => e.label) // ['cu010k.dat', 'cu050k.dat', 'cu150k.dat']
 */
export function seriesEntries(files: readonly SeriesFile[]): SeriesEntry[] {
  if (files.length === 0) throw new InputError('series: no spectrum files given');
  const entries = files.flatMap(fileEntries);
  if (!entries.some((e) => e.spectrum)) {
    const why = entries.slice(0, 5).map((e) => `${e.label === e.source ? e.source : `${e.source} [${e.label}]`}: ${e.error}`);
    throw new InputError(`series: none of the ${entries.length} spectra could be read (${why.join('; ')}${entries.length > 5 ? '; …' : ''})`, { spectra: entries.length });
  }
  return entries;
}

function fileEntries(file: SeriesFile): SeriesEntry[] {
  let text: string;
  try {
    text = decodeText(file.bytes, file.name);
  } catch (err) {
    return [failed(file.name, file.name, err)];
  }
  if (sniffFormat(text) !== 'athena') {
    try {
      const spectrum = parseSpectrum(text, file.name);
      return [{ label: basename(file.name), source: file.name, spectrum }];
    } catch (err) {
      return [failed(basename(file.name), file.name, err)];
    }
  }
  let groups;
  try {
    groups = parseAthenaGroups(text, file.name);
  } catch (err) {
    return [failed(basename(file.name), file.name, err)];
  }
  return groups.map((g) => {
    try {
      return { label: g.label, source: file.name, group: g.index, spectrum: athenaGroupToSpectrum(g, file.name) };
    } catch (err) {
      return { ...failed(g.label, file.name, err), group: g.index };
    }
  });
}

function failed(label: string, source: string, err: unknown): SeriesEntry {
  if (!(err instanceof XasinvError)) throw err;
  return { label, source, error: err.message };
}

/**
 * The files behind command-line arguments: a folder gives its files (not recursive, natural order,
 * hidden files and obvious non-spectra skipped), a file itself.
 * @throws ParseError for a path that does not exist or a folder without files.
 * @example seriesFilesFromPaths(['scans/']).map((f) => f.name) // ['scans/scan1.xdi', 'scans/scan2.xdi', …]
 */
export function seriesFilesFromPaths(paths: readonly string[]): SeriesFile[] {
  const files: SeriesFile[] = [];
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      throw new ParseError(p, undefined, 'no such file or folder');
    }
    if (!isDir) {
      files.push({ name: p, bytes: readFileSync(p) });
      continue;
    }
    const names = readdirSync(p)
      .filter((n) => !n.startsWith('.') && !SKIPPED.test(n) && statSync(join(p, n)).isFile())
      .sort(naturalCompare);
    if (names.length === 0) throw new ParseError(p, undefined, 'the folder holds no spectrum files');
    for (const n of names) files.push({ name: join(p, n), bytes: readFileSync(join(p, n)) });
  }
  return files;
}
