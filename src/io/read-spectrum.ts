/**
 * The one entry point of the readers: `readSpectrum(pathOrText)` reads a file (gzip detected by its
 * magic bytes) or takes the string as the content itself; `parseSpectrum` is the pure core;
 * `listGroups` lists the groups of an Athena project.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { ParseError, XasinvError } from '../errors.ts';
import { athenaGroupToSpectrum, parseAthenaGroups, selectAthenaGroup, type AthenaGroupInfo } from './athena.ts';
import type { DecodeOptions } from './decode.ts';
import { parseColumns } from './columns.ts';
import { decodeText } from './decode.ts';
import { parseFdmnes } from './fdmnes.ts';
import { parseFeffXmu } from './feff.ts';
import { sniffFormat } from './sniff.ts';
import { parseXdi } from './xdi.ts';
import type { ReadSpectrumOptions, Spectrum, SpectrumFormat } from './types.ts';

/**
 * Parse file content (text, or bytes that may be gzip'd) into a spectrum. Every failure a user can
 * cause is a `ParseError` naming `name`, the line and the problem (or an `InputError` for a bad
 * `group` option).
 *
 * @example
 * const s = parseSpectrum('# energy mu\n' + rows, 'mine.dat');
 * s.meta.format // 'columns'
 */
export function parseSpectrum(content: string | Uint8Array, name: string = '<text>', options: ReadSpectrumOptions = {}): Spectrum {
  const source = options.name ?? name;
  return guard(source, () => {
    const text = decodeText(content, source);
    const format = options.format ?? sniffFormat(text);
    switch (format) {
      case 'xdi':
        return parseXdi(text, source, options);
      case 'athena': {
        const groups = parseAthenaGroups(text, source);
        const g = selectAthenaGroup(groups, options.group, source);
        const s = athenaGroupToSpectrum(g, source, options);
        s.meta.group = { index: g.index, count: groups.length };
        if (options.group === undefined && groups.length > 1) s.warnings.push(`the project holds ${groups.length} groups; read the first, "${g.label}" (choose another by label or index with the group option; \`xasinv inspect --groups\` lists them)`);
        return s;
      }
      case 'fdmnes':
        return parseFdmnes(text, source, options);
      case 'feff':
        return parseFeffXmu(text, source, options);
      case 'columns':
        return parseColumns(text, source, options);
      default:
        throw new ParseError(source, undefined, `unknown format "${String(format)}" (expected xdi, athena, columns, fdmnes or feff)`);
    }
  });
}

/**
 * Read a spectrum from a file path, or from the string itself when it is not an existing file.
 *
 * @example
 * readSpectrum('../shared/data/experimental/larch/xafsdata/cu_metal_rt.xdi').meta.element // 'Cu'
 * readSpectrum('# energy mu\n8970 0.1\n…', { name: 'pasted' }).meta.source // 'pasted'
 */
export function readSpectrum(pathOrText: string, options: ReadSpectrumOptions = {}): Spectrum {
  const file = resolveFile(pathOrText);
  if (file === undefined) return parseSpectrum(pathOrText, options.name ?? '<text>', options);
  return parseSpectrum(readBytes(file), options.name ?? file, options);
}

/** One spectrum of a file: the one spectrum of a plain file, or one group of an Athena project. */
export interface SpectrumEntry {
  /** The Athena group label; for other files the sample name the file gives, else undefined. */
  label?: string;
  /** Athena group: its 0-based index and the number of groups in the project. */
  group?: { index: number; count: number };
  /** Absorbing element the file states for it. */
  element?: string;
  /** Points as stored (before repeated energies are merged). */
  points: number;
  /** The spectrum, as `parseSpectrum` reads it… */
  spectrum?: Spectrum;
  /** …or why it cannot be read (an Athena group; a plain file that cannot be read is an error)… */
  error?: string;
  /** …as the reader's error itself. */
  cause?: XasinvError;
}

/**
 * Every spectrum of a file, each read exactly as {@link parseSpectrum} reads it (one reader, one
 * verdict): each group of an Athena project, a group that cannot be read carrying its error; or the
 * one spectrum of any other file. A file that cannot be read at all is the `ParseError`
 * `parseSpectrum` gives for it.
 *
 * @example
 * readSpectrumEntries(bytes, 'athena4.prj').entries.map((e) => e.label) // ['cufoil.001', 'cu_tenorite.001', …]
 */
export function readSpectrumEntries(content: string | Uint8Array, name: string = '<text>', options: DecodeOptions = {}): { format: SpectrumFormat; entries: SpectrumEntry[] } {
  return guard(name, () => {
    const text = decodeText(content, name, options);
    const format = sniffFormat(text);
    if (format !== 'athena') {
      const spectrum = parseSpectrum(text, name, { format });
      return { format, entries: [{ ...(spectrum.meta.label ? { label: spectrum.meta.label } : {}), ...(spectrum.meta.element ? { element: spectrum.meta.element } : {}), points: spectrum.energyEv.length, spectrum }] };
    }
    const groups = parseAthenaGroups(text, name);
    const entries = groups.map((g): SpectrumEntry => {
      const base = { label: g.label, group: { index: g.index, count: groups.length }, ...(g.element ? { element: g.element } : {}), points: g.points };
      try {
        const spectrum = guard(name, () => athenaGroupToSpectrum(g, name));
        spectrum.meta.group = base.group;
        return { ...base, spectrum };
      } catch (err) {
        if (!(err instanceof XasinvError)) throw err;
        return { ...base, error: err.message, cause: err };
      }
    });
    return { format, entries };
  });
}

/**
 * Groups of an Athena project (file path or content), each with the reader's verdict: a group that
 * cannot be read as a spectrum carries its `error` (what `parseSpectrum` with that group says).
 *
 * @example
 * listGroups('athena4.prj').find((g) => g.label === 'cu_cuprite.001') // { index: 2, label: 'cu_cuprite.001', element: 'Cu', points: … }
 */
export function listGroups(pathOrContent: string | Uint8Array): (AthenaGroupInfo & { error?: string })[] {
  let source = '<text>';
  let content: string | Uint8Array = pathOrContent;
  if (typeof pathOrContent === 'string') {
    const file = resolveFile(pathOrContent);
    if (file !== undefined) {
      source = file;
      content = readBytes(file);
    }
  }
  const { format, entries } = readSpectrumEntries(content, source);
  if (format !== 'athena') throw new ParseError(source, undefined, 'not an Athena project file (no "Athena project file" banner, $old_group or JSON groups)');
  return entries.map((e) => ({ index: e.group!.index, label: e.label!, ...(e.element ? { element: e.element } : {}), points: e.points, ...(e.error ? { error: e.error } : {}) }));
}

/** A string that names a file: no newline, short, and exists (or looks like a path but is missing → error). */
function resolveFile(s: string): string | undefined {
  if (s.length > 4096 || /[\n\r]/.test(s) || s.trim() === '') return undefined;
  if (existsSync(s)) {
    if (statSync(s).isDirectory()) throw new ParseError(s, undefined, 'is a directory, not a spectrum file: give one XDI, Athena project, column, FDMNES or FEFF file');
    return s;
  }
  if (/[/\\]/.test(s) || /^[^\s]+\.[A-Za-z][A-Za-z0-9]{0,4}$/.test(s)) throw new ParseError(s, undefined, 'no such file');
  return undefined;
}

function readBytes(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ParseError(file, undefined, `cannot read file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { cause: err });
  }
}

/** Turn any unexpected exception into a `ParseError` so users never see a raw stack trace. */
function guard<T>(source: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof XasinvError) throw err;
    throw new ParseError(source, undefined, `could not read the file (${(err as Error)?.message ?? String(err)})`, { cause: err });
  }
}
