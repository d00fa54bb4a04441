/**
 * @module lab/benchmark/load
 * Loading the measured benchmark: the catalogue and excluded list (validated with schema.ts), the
 * spectrum of an entry (src/io readSpectrum, with the Athena group or the CSV row), and the path of
 * a structure file (shared data or repository).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../../src/errors.ts';
import { parseSpectrum, readSpectrum, type Spectrum } from '../../src/io/index.ts';
import { defaultDataDir, REPO_ROOT } from '../../src/paths.ts';
import { catalogueSchema, excludedSchema, type Catalogue, type CatalogueEntry, type Excluded, type SpectrumRef, type StructureRef } from './schema.ts';

/** The benchmark's folder in the repository. */
export const BENCHMARK_DIR = join(REPO_ROOT, 'data', 'measured-benchmark');
export const CATALOGUE_FILE = join(BENCHMARK_DIR, 'catalogue.json');
export const EXCLUDED_FILE = join(BENCHMARK_DIR, 'excluded.json');

function readJson(file: string): unknown {
  if (!existsSync(file)) throw new InputError(`${file} does not exist: run \`npm run benchmark:build\``);
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new InputError(`${file}: not valid JSON (${(err as Error).message})`);
  }
}

function validated<T>(file: string, parse: () => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } }): T {
  const r = parse();
  if (r.success) return r.data;
  const first = r.error.issues.slice(0, 5).map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  throw new InputError(`${file}: ${r.error.issues.length} schema problem(s): ${first.join('; ')}`);
}

/** The catalogue, validated. @throws InputError naming the file and the first problems. */
export function readCatalogue(file = CATALOGUE_FILE): Catalogue {
  const json = readJson(file);
  return validated(file, () => catalogueSchema.safeParse(json));
}

/** The excluded list, validated. */
export function readExcluded(file = EXCLUDED_FILE): Excluded {
  const json = readJson(file);
  return validated(file, () => excludedSchema.safeParse(json));
}

/** Options of {@link loadBenchmark}. */
export interface LoadBenchmarkOptions {
  /** The shared data folder (default ../shared/data or $XASINV_DATA). */
  dataDir?: string;
  /** Keep only these absorbers / edges. */
  elements?: readonly string[];
  edges?: readonly string[];
}

/** A catalogue entry with absolute paths resolved. */
export interface BenchmarkEntry extends CatalogueEntry {
  /** Absolute path of the spectrum file. */
  spectrumFile: string;
  /** Absolute paths of the structure files, in catalogue order. */
  structureFiles: string[];
}

/** Absolute path of a structure file of the catalogue. */
export function structurePath(ref: StructureRef, dataDir: string = defaultDataDir()): string {
  return ref.root === 'repo' ? join(REPO_ROOT, ref.path) : join(resolve(dataDir), ref.path);
}

/**
 * The benchmark's entries with absolute paths (the files are not read).
 *
 * @example
 * loadBenchmark({ elements: ['Fe'] }).filter((e) => e.compound === 'hematite').length // 8
 */
export function loadBenchmark(options: LoadBenchmarkOptions = {}): BenchmarkEntry[] {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  if (!existsSync(dataDir)) throw new InputError(`the shared data folder ${dataDir} does not exist: pass dataDir (or set XASINV_DATA)`);
  const cat = readCatalogue();
  return cat.entries
    .filter((e) => (!options.elements || options.elements.includes(e.element)) && (!options.edges || options.edges.includes(e.edge)))
    .map((e) => ({ ...e, spectrumFile: join(dataDir, e.spectrum.path), structureFiles: e.structures.map((s) => structurePath(s, dataDir)) }));
}

/** Split a CSV line, honouring double-quoted fields. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Rows of a maml-rfxas style CSV, keyed `<n>:<id>` (n = 1-based data row, id = first column): ids
 * repeat in that file (mp-25620-V is both an XAS Data Library and a "Louis" V2O5 spectrum).
 */
export function csvRows(file: string): Map<string, Record<string, string>> {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = csvFields(lines[0] ?? '');
  const rows = new Map<string, Record<string, string>>();
  lines.slice(1).forEach((line, n) => {
    const f = csvFields(line);
    const rec: Record<string, string> = {};
    header.forEach((h, i) => (rec[h] = f[i] ?? ''));
    rows.set(`${n + 1}:${f[0] ?? ''}`, rec);
  });
  return rows;
}

const tuple = (s: string): number[] =>
  s
    .replace(/^[\s(]+|[\s)]+$/g, '')
    .split(',')
    .map((v) => Number(v.trim()));

/**
 * Read the spectrum a reference points at with src/io: a file, an Athena group (by index, checked
 * against its label) or a CSV row (maml-rfxas: the `x_axis_energy` and `interp_spectrum` tuples, read
 * as two columns by the same reader).
 *
 * @throws InputError / ParseError naming the file, group or row.
 */
export function readBenchmarkSpectrum(ref: SpectrumRef, dataDir: string = defaultDataDir()): Spectrum {
  const file = join(resolve(dataDir), ref.path);
  if (!existsSync(file)) throw new InputError(`${file} does not exist`);
  if (ref.row !== undefined) {
    const rec = csvRows(file).get(ref.row);
    if (!rec) throw new InputError(`${file}: no row "${ref.row}"`);
    const e = tuple(rec['x_axis_energy'] ?? '');
    const mu = tuple(rec['interp_spectrum'] ?? '');
    if (e.length !== mu.length || e.length < 10 || [...e, ...mu].some((v) => !Number.isFinite(v))) throw new InputError(`${file} row ${ref.row}: x_axis_energy and interp_spectrum are not matching numeric tuples`);
    const text = ['# energy mu', ...e.map((v, i) => `${v} ${mu[i]}`)].join('\n');
    return parseSpectrum(text, `${ref.path}@${ref.row}`, { format: 'columns' });
  }
  if (ref.groupIndex !== undefined) {
    const s = readSpectrum(file, { group: ref.groupIndex });
    if (ref.group !== undefined && s.meta.label !== undefined && s.meta.label !== ref.group) throw new InputError(`${file}: group ${ref.groupIndex} is "${s.meta.label}", the catalogue says "${ref.group}"`);
    return s;
  }
  return readSpectrum(file);
}
