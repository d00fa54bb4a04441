/**
 * Find and read the block of numeric columns in a text file. Header lines before the block are
 * left to the caller; every line inside the block must hold the same number of numbers, otherwise a
 * `ParseError` names the line and the bad token (no line is dropped silently).
 */
import { ParseError } from '../errors.ts';
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
}

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
  const candidates: number[] = [];
  for (let i = options.from ?? 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() !== '' && !isComment(l)) candidates.push(i);
  }
  const numericLooking = candidates.filter((i) => /^\s*[-+.\d]/.test(lines[i]!));
  const pure = numericLooking.filter((i) => /^[\s\d.,;+\-eEdD]+$/.test(lines[i]!));
  const style = options.style ?? detectNumberStyle((pure.length > 0 ? pure : numericLooking).slice(-50).map((i) => lines[i]!));

  const tokens = candidates.map((i) => splitTokens(lines[i]!, style));
  const firstNumeric = tokens.map((t) => t.length > 0 && parseNumberToken(t[0]!, style.decimalComma).ok);
  const allNumeric = tokens.map((t) => t.length > 0 && t.every((x) => parseNumberToken(x, style.decimalComma).ok));

  const counts = new Map<number, number>();
  tokens.forEach((t, k) => {
    if (allNumeric[k] && t.length >= 2) counts.set(t.length, (counts.get(t.length) ?? 0) + 1);
  });
  if (counts.size === 0) {
    throw new ParseError(source, undefined, 'no numeric data: found no lines with two or more numeric columns (unknown format?)');
  }
  let ncols = 0;
  let best = -1;
  for (const [n, c] of counts) if (c > best || (c === best && n > ncols)) [ncols, best] = [n, c];

  const dataLike = (k: number) => k < tokens.length && firstNumeric[k] === true && tokens[k]!.length === ncols;
  let start = -1;
  for (let k = 0; k < tokens.length && start < 0; k++) {
    if (!dataLike(k)) continue;
    const run = [k, k + 1, k + 2].filter((j) => j < tokens.length);
    if (run.every(dataLike) && run.some((j) => allNumeric[j])) start = k;
  }
  if (start < 0) throw new ParseError(source, undefined, 'no block of numeric columns found (unknown format?)');

  const rows: number[][] = [];
  const lineNumbers: number[] = [];
  for (let k = start; k < tokens.length; k++) {
    const lineNo = candidates[k]! + 1;
    const t = tokens[k]!;
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
