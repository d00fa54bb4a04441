/**
 * Plain column files (`.dat`, `.txt`, `.xmu`, `.nor`, `.csv`, beamline exports): comment lines
 * starting with `#`, `;`, `!` or `%`, free header lines, an optional label line (the line just
 * before the data, or the last comment line, when it has one label per column), then numbers
 * separated by spaces, tabs, `,` or `;`, with `.` or `,` decimal marks.
 */
import { isKnownColumnName, pickEnergy, pickMu, splitLabel, type ColumnInfo } from './column-roles.ts';
import { isNumberToken } from './numbers.ts';
import { finishSpectrum, READ_SPECTRUM_DEFAULTS } from './finish-spectrum.ts';
import { column, isCommentLine, readNumericBlock, type NumericBlock } from './numeric-block.ts';
import { splitLines } from './decode.ts';
import type { ReadSpectrumOptions, Spectrum, SpectrumFormat, SpectrumMeta } from './types.ts';

/** Extra choices for readers built on the column reader (FEFF, FDMNES). */
export interface ColumnReadOptions extends ReadSpectrumOptions {
  /** 0-based energy column; skips detection. */
  energyColumn?: number;
  /** 0-based μ column; skips detection. */
  muColumn?: number;
  /** Added to every energy (FDMNES energies relative to `E_edge`). */
  energyOffsetEv?: number;
  formatName?: SpectrumFormat;
  reference?: boolean;
}

/** A free-text header line `Key: value` (ALS `#%Name: Fe2O3/ Hematite`, `# Sample: CuO`). */
const HEADER_LINE = /^([A-Za-z][A-Za-z0-9 ._&/()-]{0,40}?)\s*:\s+(\S.*)$/;

/**
 * `Key: value` pairs of the comment lines above the data, first occurrence of each key kept.
 * @example headerFields(['Name: Fe2O3/ Hematite', 'Edge: K']) // { Name: 'Fe2O3/ Hematite', Edge: 'K' }
 */
export function headerFields(comments: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of comments) {
    const m = HEADER_LINE.exec(c.trim());
    if (m && !(m[1]!.trim() in out)) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

/**
 * Labels for a block: tries the line just before the data, then the last comment line, split by
 * the data separator, tabs, runs of 2+ spaces, or single spaces; keeps the first split with one
 * label per column.
 *
 * @example findColumnLabels(['# energy  mu', '1 2', '2 3'], 0, 2) // ['energy', 'mu']
 */
export function findColumnLabels(lines: string[], dataStart: number, ncols: number): string[] | undefined {
  const candidates: string[] = [];
  for (let i = dataStart - 1; i >= 0 && candidates.length < 3; i--) {
    if (lines[i]!.trim() !== '') candidates.push(lines[i]!);
  }
  for (let i = dataStart - 1; i >= 0; i--) {
    const l = lines[i]!;
    if (isCommentLine(l) && l.replace(/^\s*[#;!%]+/, '').trim().replace(/^-+$/, '') !== '') {
      candidates.splice(1, 0, l);
      break;
    }
  }
  const fits: string[][] = [];
  for (const c of candidates) {
    let body = c.replace(/^\s*[#;!%]+\s*/, '').trim();
    // A `Key: value` header line (`#%Provider: M. Marcus, Yoo.`) names no columns.
    if (HEADER_LINE.test(body)) continue;
    body = body.replace(/\s+@#$/, ''); // FEFF's trailing marker
    for (const split of [/\t+/, /\s*;\s*/, /\s*,\s*/, /\s*\*\s*|\s{2,}/, /\s{2,}/, /\s+(?=\d+_)/, /\s+/]) {
      let parts = body.split(split).map((p) => p.trim()).filter((p) => p !== '');
      // SPEC `#C 1_Energy (keV) 2_sec …`: numbered labels
      if (split.source.includes('(?=')) parts = parts.map((p) => p.replace(/^\d+_/, ''));
      // SPEC `#L` and `#C` prefixes
      if (parts.length === ncols + 1 && /^[A-Z]$/.test(parts[0]!)) parts = parts.slice(1);
      if (parts.length === ncols && !parts.every((p) => isNumberToken(p) || isNumberToken(p, true))) {
        fits.push(parts);
        break;
      }
    }
  }
  // Prefer a line that names a known role (energy, μ, i0, …) over any line with the right count.
  return fits.find((parts) => parts.some((p) => isKnownColumnName(splitLabel(p).name))) ?? fits[0];
}

/**
 * Parse plain column text into a spectrum.
 *
 * @example
 * parseColumns('# energy mu\n8979 0.1\n8980 0.5\n…', 'cu.dat').meta.muSource // 'mu'
 */
export function parseColumns(text: string, source: string, options: ColumnReadOptions = {}): Spectrum {
  const lines = splitLines(text);
  const block: NumericBlock = readNumericBlock(lines, source);
  const warnings: string[] = [];
  if (block.style.decimalComma) warnings.push('decimal commas read as decimal points');
  const rawLabels = findColumnLabels(lines, block.startIndex, block.ncols);
  const info: ColumnInfo = { names: [], units: [] };
  for (let j = 0; j < block.ncols; j++) {
    const sl = rawLabels ? splitLabel(rawLabels[j]!) : { name: '' };
    info.names.push(sl.name);
    info.units.push(sl.unit);
  }
  const cols = Array.from({ length: block.ncols }, (_, j) => column(block, j));
  const ctx = { source, warnings, reference: options.reference };
  const energy =
    options.energyColumn !== undefined
      ? { index: options.energyColumn, energyEv: cols[options.energyColumn]!.slice(), how: 'fixed' }
      : pickEnergy(info, cols, ctx);
  if (options.energyOffsetEv) energy.energyEv = energy.energyEv.map((e) => e + options.energyOffsetEv!);
  const mu =
    options.muColumn !== undefined
      ? { mu: cols[options.muColumn]!.slice(), muSource: info.names[options.muColumn] || `column ${options.muColumn + 1}`, isNormalized: false }
      : pickMu(info, cols, energy.index, ctx);

  const comments = lines.slice(0, block.startIndex).filter((l) => l.trim() !== '').map((l) => l.replace(/^\s*[#;!%]+\s?/, '').trimEnd());
  const meta: SpectrumMeta = {
    format: options.formatName ?? 'columns',
    source,
    headers: headerFields(comments),
    comments,
    columns: rawLabels ? info.names : undefined,
    muSource: mu.muSource,
    isNormalized: mu.isNormalized || /\.nor$/i.test(source) || undefined,
  };
  return finishSpectrum({ energyEv: energy.energyEv, mu: mu.mu, lineNumbers: block.lineNumbers, meta, warnings }, options.minPoints ?? READ_SPECTRUM_DEFAULTS.minPoints);
}
