/**
 * CIF 1.1 syntax: tokens (quoted strings, `;` text fields, comments) → data blocks of tag/value
 * items and loops. Tags are lower-cased; values keep their text and the 1-based line they came from.
 * No dictionary semantics here (see `cif.ts`).
 */
import { ParseError } from '../errors.ts';
import { splitLines } from './parse-number.ts';

/** A value with the line it was read from. */
export interface CifValue {
  text: string;
  line: number;
  /** True for quoted strings and text fields (never treated as `?`/`.`). */
  quoted: boolean;
}

/** A `loop_`: column tags and rows of values. */
export interface CifLoop {
  tags: string[];
  rows: CifValue[][];
  line: number;
}

/** One `data_` block. */
export interface CifBlock {
  name: string;
  line: number;
  items: Map<string, CifValue>;
  loops: CifLoop[];
}

interface Token {
  kind: 'word' | 'string';
  text: string;
  line: number;
}

/** Any Unicode whitespace (space, tab, NBSP, U+3000, BOM …): separates tokens like a space. */
const SPACE = /\s/;
/** The next whitespace / non-whitespace character from `lastIndex` (scans in the regex engine, not per character in JS). */
const SPACE_G = /\s/g;
const NON_SPACE = /\S/g;

/**
 * Split CIF text into tokens (handles `'…'`, `"…"`, `;…;` fields and `#` comments). Lines end at any
 * line ending ({@link splitLines}); every other Unicode whitespace separates tokens like a space.
 * Each pass of the inner loop consumes at least one character (or leaves the line), so the loop always ends.
 *
 * Quotes follow CIF 1.1 (International Tables Vol. G, 2.2.7): a quote opens a string only at the start of a
 * token, and closes it only when followed by whitespace or the end of the line, so `'it's'`, `Prewitt's`
 * and `O''` read as written. A string that no quote closes on its line is not CIF; the one slip files
 * really have is a pair of mismatched quotes (`"Acta Crystallographica, Section B'`, the 393 K troilite of
 * AMCSD). Such a string is read to the end of its line, less a trailing quote of the other kind, with a
 * warning naming the line, as Jmol and other lenient readers do.
 */
function tokenize(text: string, file: string, warnings: string[]): Token[] {
  const lines = splitLines(text);
  const out: Token[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith(';')) {
      const start = i;
      const parts = [line.slice(1)];
      i++;
      while (i < lines.length && !lines[i]!.startsWith(';')) parts.push(lines[i++]!);
      if (i >= lines.length) throw new ParseError(file, start + 1, 'text field opened with ";" is never closed');
      out.push({ kind: 'string', text: parts.join('\n').trim(), line: start + 1 });
      continue;
    }
    let p = 0;
    while (p < line.length) {
      NON_SPACE.lastIndex = p;
      const start = NON_SPACE.exec(line);
      if (!start) break;
      p = start.index;
      const c = line[p]!;
      if (c === '#') {
        break;
      } else if (c === "'" || c === '"') {
        // A quote closes only when followed by whitespace or the end of the line.
        let q = line.indexOf(c, p + 1);
        while (q >= 0 && q + 1 < line.length && !SPACE.test(line[q + 1]!)) q = line.indexOf(c, q + 1);
        if (q < 0) {
          let rest = line.slice(p + 1).trimEnd();
          const other = c === '"' ? "'" : '"';
          const mismatched = rest.endsWith(other);
          if (mismatched) rest = rest.slice(0, -1);
          warnings.push(
            mismatched
              ? `${file}:${i + 1}: the quoted string ${line.slice(p).trimEnd()} opens with ${c} but ends with ${other}: read as «${rest}»`
              : `${file}:${i + 1}: the quoted string starting ${line.slice(p, p + 24)} is never closed (CIF closes a string with the same quote followed by a space): read the rest of the line as its value`,
          );
          out.push({ kind: 'string', text: rest, line: i + 1 });
          break;
        }
        out.push({ kind: 'string', text: line.slice(p + 1, q), line: i + 1 });
        p = q + 1;
      } else {
        SPACE_G.lastIndex = p + 1; // line[p] is not whitespace: the word has at least one character
        const end = SPACE_G.exec(line);
        const q = end ? end.index : line.length;
        out.push({ kind: 'word', text: line.slice(p, q), line: i + 1 });
        p = q;
      }
    }
  }
  return out;
}

const isTag = (t: Token) => t.kind === 'word' && t.text.startsWith('_');
const isKeyword = (t: Token, kw: string) => t.kind === 'word' && t.text.toLowerCase().startsWith(kw);
const isReserved = (t: Token) =>
  t.kind === 'word' && /^(data_|loop_|save_|global_|stop_)/i.test(t.text);

/**
 * Parse CIF text into its data blocks.
 *
 * @example
 * const [block] = parseCifBlocks("data_x\n_cell_length_a 5.0(1)\nloop_\n_a _b\n1 'two words'\n", 'x.cif');
 * block.items.get('_cell_length_a')?.text; // '5.0(1)'
 * block.loops[0].rows[0][1].text; // 'two words'
 * @param warnings receives one line per recovered slip (a quoted string no quote closes).
 * @throws ParseError for an unterminated `;` text field, a tag with no value, or a loop whose values do not fill its rows.
 */
export function parseCifBlocks(text: string, file = '<text>', warnings: string[] = []): CifBlock[] {
  const tokens = tokenize(text, file, warnings);
  const blocks: CifBlock[] = [];
  let block: CifBlock | undefined;
  const current = (t: Token): CifBlock => {
    if (!block) {
      block = { name: '', line: t.line, items: new Map(), loops: [] };
      blocks.push(block);
    }
    return block;
  };
  const value = (t: Token): CifValue => ({ text: t.text, line: t.line, quoted: t.kind === 'string' });
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (isKeyword(t, 'data_')) {
      block = { name: t.text.slice(5), line: t.line, items: new Map(), loops: [] };
      blocks.push(block);
      i++;
    } else if (isKeyword(t, 'loop_')) {
      const b = current(t);
      i++;
      const tags: string[] = [];
      while (i < tokens.length && isTag(tokens[i]!)) tags.push(tokens[i++]!.text.toLowerCase());
      if (tags.length === 0) throw new ParseError(file, t.line, 'loop_ without tags');
      const vals: CifValue[] = [];
      while (i < tokens.length && !isTag(tokens[i]!) && !isReserved(tokens[i]!)) vals.push(value(tokens[i++]!));
      if (vals.length % tags.length !== 0) {
        const last = vals[vals.length - 1];
        throw new ParseError(file, last?.line ?? t.line, `loop of ${tags.length} columns (${tags[0]} …) has ${vals.length} values, not a multiple of ${tags.length}`);
      }
      const rows: CifValue[][] = [];
      for (let r = 0; r < vals.length; r += tags.length) rows.push(vals.slice(r, r + tags.length));
      b.loops.push({ tags, rows, line: t.line });
    } else if (isTag(t)) {
      const b = current(t);
      const v = tokens[i + 1];
      if (!v || isTag(v) || isReserved(v)) throw new ParseError(file, t.line, `tag ${t.text} has no value`);
      b.items.set(t.text.toLowerCase(), value(v));
      i += 2;
    } else if (isKeyword(t, 'save_') || isKeyword(t, 'global_')) {
      i++; // save frames (dictionaries) are not used by structure files
    } else {
      throw new ParseError(file, t.line, `unexpected value ${JSON.stringify(t.text)} outside a tag or loop`);
    }
  }
  return blocks;
}

/** True when a value is CIF's "unknown" (`?`) or "not applicable" (`.`). */
export function isCifNull(v: CifValue | undefined): boolean {
  return v === undefined || (!v.quoted && (v.text === '?' || v.text === '.'));
}
