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

/**
 * Split CIF text into tokens (handles `'…'`, `"…"`, `;…;` fields and `#` comments). Lines end at any
 * line ending ({@link splitLines}); every other Unicode whitespace separates tokens like a space.
 * Each pass of the inner loop consumes at least one character, so the loop always ends.
 */
function tokenize(text: string, file: string): Token[] {
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
      const c = line[p]!;
      if (SPACE.test(c)) {
        p++;
      } else if (c === '#') {
        break;
      } else if (c === "'" || c === '"') {
        // A quote closes only when followed by whitespace or the end of the line.
        let q = p + 1;
        while (q < line.length && !(line[q] === c && (q + 1 === line.length || SPACE.test(line[q + 1]!)))) q++;
        if (q >= line.length) throw new ParseError(file, i + 1, `unterminated quoted string starting ${line.slice(p, p + 20)}`);
        out.push({ kind: 'string', text: line.slice(p + 1, q), line: i + 1 });
        p = q + 1;
      } else {
        let q = p + 1; // line[p] is not whitespace: the word has at least one character
        while (q < line.length && !SPACE.test(line[q]!)) q++;
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
 * @throws ParseError for unterminated strings, a tag with no value, or a loop whose values do not fill its rows.
 */
export function parseCifBlocks(text: string, file = '<text>'): CifBlock[] {
  const tokens = tokenize(text, file);
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
