/**
 * Find and read the block of numeric columns in a text file. Header lines before the block are
 * left to the caller; every line inside the block must hold the same number of numbers, otherwise a
 * `ParseError` names the line and the bad token (no line is dropped silently). The rows and numbers
 * are bounded (`READ_SPECTRUM_DEFAULTS.maxPoints`, `maxValues`) before any row is stored, and no
 * line's tokens are kept while the block is looked for.
 */
import { ParseError } from '../errors.ts';
import { READ_SPECTRUM_DEFAULTS } from './finish-spectrum.ts';
import { detectNumberStyle, parseNumberToken, splitTokens, type NumberStyle } from './numbers.ts';

/** The numeric data of a file, row-major, with the 1-based line number of every row. */
export interface NumericBlock {
  style: NumberStyle;
  ncols: number;
  rows: number[][];
  lineNumbers: number[];
  /** 0-based index (into `lines`) of the first data line. */
  startIndex: number;
}

export interface NumericBlockOptions {
  /** First line index to look at (0-based). Default 0. */
  from?: number;
  /** Lines skipped everywhere (comments). Default: lines starting with `#`, `;`, `!` or `%`. */
  isComment?: (line: string) => boolean;
  /** Force a style instead of guessing it. */
  style?: NumberStyle;
  /** Most data rows (default `READ_SPECTRUM_DEFAULTS.maxPoints`); more is refused before the rows are read. */
  maxRows?: number;
  /** Most numbers in the block (default `READ_SPECTRUM_DEFAULTS.maxValues`). */
  maxValues?: number;
}

/** Non-comment lines allowed above the data besides the rows (labels, free-text headers). */
const HEADER_LINES = 10_000;

/** Comment lines of plain column files. */
export const isCommentLine = (line: string): boolean => /^\s*[#;!%]/.test(line);

/**
 * Read the numeric block of `lines`.
 *
 * @example
 * readNumericBlock(['# e mu', '1 2', '3 4', '5 6'], 'a.dat').rows // [[1, 2], [3, 4], [5, 6]]
 */
export function readNumericBlock(lines: string[], source: string, options: NumericBlockOptions = {}): NumericBlock {
  const isComment = options.isComment ?? isCommentLine;
  const maxRows = options.maxRows ?? READ_SPECTRUM_DEFAULTS.maxPoints;
  const maxValues = options.maxValues ?? READ_SPECTRUM_DEFAULTS.maxValues;
  const candidates: number[] = [];
  for (let i = options.from ?? 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() !== '' && !isComment(l)) candidates.push(i);
  }
  // Every non-comment line is a data row or one of a few header lines: refused before any is split.
  if (candidates.length > maxRows + HEADER_LINES) {
    throw new ParseError(source, undefined, `${candidates.length} lines of data or text; the limit is ${maxRows} points per spectrum; not read`);
  }
  const numericLooking = candidates.filter((i) => /^\s*[-+.\d]/.test(lines[i]!));
  const pure = numericLooking.filter((i) => /^[\s\d.,;+\-eEdD]+$/.test(lines[i]!));
  const style = options.style ?? detectNumberStyle((pure.length > 0 ? pure : numericLooking).slice(-50).map((i) => lines[i]!));

  // What each line holds, without keeping its tokens: how many, whether the first and all are numbers.
  const counts = new Int32Array(candidates.length);
  const firstNumeric = new Uint8Array(candidates.length);
  const allNumeric = new Uint8Array(candidates.length);
  candidates.forEach((i, k) => {
    const t = splitTokens(lines[i]!, style);
    counts[k] = t.length;
    firstNumeric[k] = t.length > 0 && parseNumberToken(t[0]!, style.decimalComma).ok ? 1 : 0;
    allNumeric[k] = t.length > 0 && t.every((x) => parseNumberToken(x, style.decimalComma).ok) ? 1 : 0;
  });

  const columnCounts = new Map<number, number>();
  counts.forEach((n, k) => {
    if (allNumeric[k] && n >= 2) columnCounts.set(n, (columnCounts.get(n) ?? 0) + 1);
  });
  if (columnCounts.size === 0) {
    throw new ParseError(source, undefined, 'no numeric data: found no lines with two or more numeric columns (unknown format?)');
  }
  let ncols = 0;
  let best = -1;
  for (const [n, c] of columnCounts) if (c > best || (c === best && n > ncols)) [ncols, best] = [n, c];

  const dataLike = (k: number) => k < candidates.length && firstNumeric[k] === 1 && counts[k] === ncols;
  let start = -1;
  for (let k = 0; k < candidates.length && start < 0; k++) {
    if (!dataLike(k)) continue;
    const run = [k, k + 1, k + 2].filter((j) => j < candidates.length);
    if (run.every(dataLike) && run.some((j) => allNumeric[j])) start = k;
  }
  if (start < 0) throw new ParseError(source, undefined, 'no block of numeric columns found (unknown format?)');

  const nRows = candidates.length - start;
  if (nRows > maxRows) throw new ParseError(source, candidates[start]! + 1, `${nRows} data rows; the limit is ${maxRows} points per spectrum; not read`);
  if (nRows * ncols > maxValues) throw new ParseError(source, candidates[start]! + 1, `${nRows} rows × ${ncols} columns = ${nRows * ncols} numbers; the limit is ${maxValues} numbers per file; not read`);
  const rows: number[][] = [];
  const lineNumbers: number[] = [];
  for (let k = start; k < candidates.length; k++) {
    const lineNo = candidates[k]! + 1;
    const t = splitTokens(lines[candidates[k]!]!, style);
    if (t.length !== ncols) {
      throw new ParseError(source, lineNo, `expected ${ncols} columns like the lines above, found ${t.length}: "${truncate(lines[candidates[k]!]!)}"`);
    }
    const row = new Array<number>(ncols);
    for (let j = 0; j < ncols; j++) {
      const r = parseNumberToken(t[j]!, style.decimalComma);
      if (!r.ok) {
        const what = r.nonFinite ? 'NaN/Inf value' : 'non-numeric value';
        throw new ParseError(source, lineNo, `${what} "${truncate(t[j]!)}" in column ${j + 1}`);
      }
      row[j] = r.value;
    }
    rows.push(row);
    lineNumbers.push(lineNo);
  }
  return { style, ncols, rows, lineNumbers, startIndex: candidates[start]! };
}

/** Column `j` of a block as a plain array. */
export function column(block: NumericBlock, j: number): number[] {
  return block.rows.map((r) => r[j]!);
}

function truncate(s: string, n = 40): string {
  const t = s.trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}
