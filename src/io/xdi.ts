/**
 * XDI 1.0 reader (https://github.com/XraySpectroscopy/XAS-Data-Interchange): `# XDI/1.0` version
 * line, `# Namespace.tag: value` fields (every one kept verbatim in `meta.headers`; a repeated key
 * keeps all values joined by a newline), free comments after `# ///` up to `# ----`, an optional
 * column-label line, then whitespace-separated data.
 */
import { ParseError } from '../errors.ts';
import { findElement } from '../elements/index.ts';
import { pickEnergy, pickMu, splitLabel, type ColumnInfo } from './column-roles.ts';
import { finishSpectrum, READ_SPECTRUM_DEFAULTS } from './finish-spectrum.ts';
import { column, readNumericBlock } from './numeric-block.ts';
import { splitLines } from './decode.ts';
import type { ReadSpectrumOptions, Spectrum, SpectrumMeta } from './types.ts';

/** True when the first non-blank line is an XDI version line (`# XDI/1.0 …`, `#XDI/1.1`). */
export function looksLikeXdi(text: string): boolean {
  return /^\s*#\s*XDI\/\d/i.test(text.slice(0, 200));
}

/** Header of an XDI file. */
export interface XdiHeader {
  version: string;
  headers: Record<string, string>;
  comments: string[];
  /** Labels of the last `#` line before the data (the column-label line), if any. */
  labelLine?: string;
  /** 0-based index of the first line after the header. */
  dataStart: number;
}

const FIELD = /^#\s*([A-Za-z_][\w-]*\.[\w.-]+)\s*:\s?(.*)$/;

/**
 * Read the `#` header of an XDI file.
 * @example parseXdiHeader(['# XDI/1.0', '# Element.symbol: Cu', '1 2'], 'a.xdi').headers['Element.symbol'] // 'Cu'
 */
export function parseXdiHeader(lines: string[], source: string): XdiHeader {
  const first = lines[0] ?? '';
  const vm = /^\s*#\s*XDI\/(\S+)/i.exec(first);
  if (!vm) throw new ParseError(source, 1, `not an XDI file: first line should start with "# XDI/1.0", found "${first.slice(0, 40)}"`);
  const headers: Record<string, string> = {};
  const comments: string[] = [];
  let inComments = false;
  let labelLine: string | undefined;
  let i = 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (!/^\s*#/.test(line)) break;
    const body = line.replace(/^\s*#\s?/, '');
    if (/^\s*\/{3,}/.test(body)) {
      inComments = true;
      continue;
    }
    if (/^\s*-{3,}/.test(body)) {
      inComments = false;
      continue;
    }
    const m = inComments ? null : FIELD.exec(line.trim());
    if (m) {
      const key = m[1]!;
      const value = m[2]!.trim();
      headers[key] = key in headers ? `${headers[key]}\n${value}` : value;
      labelLine = undefined;
    } else if (inComments) {
      comments.push(body.trim());
    } else {
      labelLine = body.trim();
    }
  }
  return { version: vm[1]!, headers, comments, labelLine, dataStart: i };
}

/**
 * Parse XDI text into a spectrum.
 *
 * @example
 * const s = parseXdi(text, 'cu_metal_rt.xdi');
 * s.meta.element // 'Cu'
 */
export function parseXdi(text: string, source: string, options: ReadSpectrumOptions = {}): Spectrum {
  const lines = splitLines(text);
  const head = parseXdiHeader(lines, source);
  const warnings: string[] = [];
  const block = readNumericBlock(lines, source, { from: head.dataStart, isComment: (l) => /^\s*#/.test(l) });
  const names: string[] = [];
  const units: (string | undefined)[] = [];
  for (let j = 0; j < block.ncols; j++) {
    const raw = head.headers[`Column.${j + 1}`] ?? head.headers[`column.${j + 1}`];
    if (raw !== undefined) {
      // `energy eV || 13BMA:E:Energy.VAL`: name, optional units, optional EPICS PV after `||`.
      const [name = '', unit] = raw.split('||')[0]!.trim().split(/\s+/);
      const sl = splitLabel(name);
      names.push(sl.name);
      units.push(unit ?? sl.unit);
    } else {
      const fromLabel = head.labelLine?.split(/\s+/);
      names.push(fromLabel && fromLabel.length === block.ncols ? splitLabel(fromLabel[j]!).name : '');
      units.push(undefined);
    }
  }
  const info: ColumnInfo = { names, units };
  const cols = Array.from({ length: block.ncols }, (_, j) => column(block, j));
  const dRaw = head.headers['Mono.d_spacing'];
  const ctx = { source, warnings, dSpacingAngstrom: dRaw ? Number.parseFloat(dRaw) : undefined, reference: options.reference };
  const energy = pickEnergy(info, cols, ctx);
  const mu = pickMu(info, cols, energy.index, ctx);

  const meta: SpectrumMeta = {
    format: 'xdi',
    source,
    headers: head.headers,
    comments: head.comments,
    columns: names,
    muSource: mu.muSource,
    isNormalized: mu.isNormalized,
  };
  const el = head.headers['Element.symbol'] ?? head.headers['Scan.element'];
  if (el) {
    const found = findElement(el);
    if (found) meta.element = found.symbol;
    else warnings.push(`unknown element "${el}" in header ignored`);
  }
  const edge = head.headers['Element.edge'] ?? head.headers['Scan.edge'];
  if (edge) meta.edge = edge.trim().toUpperCase();
  const label = head.headers['Sample.name'];
  if (label) meta.label = label;
  return finishSpectrum({ energyEv: energy.energyEv, mu: mu.mu, lineNumbers: block.lineNumbers, meta, warnings }, options.minPoints ?? READ_SPECTRUM_DEFAULTS.minPoints);
}
