/**
 * A small parser for the Perl data dumps in Athena project files — no `eval`. Understands
 * statements `$name = value;`, `@name = (list);`, `[record]` markers, `#` comments, and values:
 * single/double-quoted strings (with `\\` and `\'` escapes), bare numbers, `undef`, nested
 * `[ … ]` arrays and `{ k => v }` hashes.
 */
import { ParseError } from '../errors.ts';

/** A Perl value as read. */
export type PerlValue = string | number | null | PerlValue[] | { [key: string]: PerlValue };

/** One statement of the dump. */
export type PerlStatement =
  | { kind: 'scalar'; name: string; value: PerlValue; line: number }
  | { kind: 'array'; name: string; value: PerlValue[]; line: number }
  | { kind: 'record'; line: number };

/**
 * Parse a whole dump into statements. Unknown statements (`1;`) are skipped.
 *
 * @example
 * parsePerlDump("$old_group = 'ab';\n@x = ('1','2');\n[record]")
 * // [{ kind: 'scalar', name: 'old_group', value: 'ab', line: 1 }, { kind: 'array', name: 'x', value: ['1', '2'], line: 2 }, { kind: 'record', line: 3 }]
 */
export function parsePerlDump(text: string, source = '<text>'): PerlStatement[] {
  const p = new PerlParser(text, source);
  return p.statements();
}

/** Statement names that carry data: a syntax error inside them fails the parse. */
const DATA_NAMES = new Set(['old_group', 'args', 'x', 'y', 'i0', 'signal', 'stddev']);

class PerlParser {
  private pos = 0;
  private line = 1;
  constructor(
    private readonly s: string,
    private readonly source: string,
  ) {}

  statements(): PerlStatement[] {
    const out: PerlStatement[] = [];
    for (;;) {
      this.skipSpaceAndComments();
      if (this.pos >= this.s.length) return out;
      const c = this.s[this.pos]!;
      const line = this.line;
      if (c === '$' || c === '@' || c === '%') {
        this.pos++;
        const name = this.ident();
        this.skipSpace();
        if (this.s[this.pos] !== '=') {
          this.skipStatement();
          continue;
        }
        this.pos++;
        this.skipSpace();
        const start = this.pos;
        try {
          if (c === '@' && this.s[this.pos] === '(') {
            this.pos++;
            out.push({ kind: 'array', name, value: this.list(')'), line });
          } else if (c === '@') {
            const v = this.value();
            out.push({ kind: 'array', name, value: Array.isArray(v) ? v : [], line });
          } else {
            out.push({ kind: 'scalar', name, value: this.value(), line });
          }
        } catch (err) {
          // Anything that is not plain data (e.g. `@journal = system("…")`) is never run: a
          // statement that carries no spectrum data is skipped, one that does is an error.
          if (!(err instanceof ParseError) || DATA_NAMES.has(name)) throw err;
          this.pos = start;
          this.line = line;
          this.skipStatement();
          continue;
        }
        this.skipSpace();
        if (this.s[this.pos] === ';') this.pos++;
      } else if (c === '[' && this.s.startsWith('[record]', this.pos)) {
        this.pos += '[record]'.length;
        out.push({ kind: 'record', line });
      } else {
        this.skipStatement();
      }
    }
  }

  private fail(problem: string): never {
    throw new ParseError(this.source, this.line, `Athena project: ${problem}`);
  }

  private advance(): string {
    const c = this.s[this.pos++]!;
    if (c === '\n') this.line++;
    return c;
  }

  private skipSpace(): void {
    while (this.pos < this.s.length && /\s/.test(this.s[this.pos]!)) this.advance();
  }

  private skipSpaceAndComments(): void {
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] === '#') {
        while (this.pos < this.s.length && this.s[this.pos] !== '\n') this.pos++;
      } else return;
    }
  }

  /** Skip to the end of the line or statement (used for `1;` and anything unknown). */
  private skipStatement(): void {
    while (this.pos < this.s.length && this.s[this.pos] !== ';' && this.s[this.pos] !== '\n') this.pos++;
    if (this.s[this.pos] === ';') this.pos++;
  }

  private ident(): string {
    const m = /^[A-Za-z_]\w*/.exec(this.s.slice(this.pos, this.pos + 200));
    if (!m) this.fail('expected a variable name');
    this.pos += m[0].length;
    return m[0];
  }

  private list(close: string): PerlValue[] {
    const out: PerlValue[] = [];
    for (;;) {
      this.skipSpaceAndComments();
      if (this.pos >= this.s.length) this.fail(`unterminated list (missing "${close}")`);
      if (this.s[this.pos] === close) {
        this.pos++;
        return out;
      }
      out.push(this.value());
      this.skipSpaceAndComments();
      const c = this.s[this.pos];
      if (c === ',' || (c === '=' && this.s[this.pos + 1] === '>')) this.pos += c === ',' ? 1 : 2;
      else if (c !== close) this.fail(`expected "," or "${close}", found "${this.s.slice(this.pos, this.pos + 20)}"`);
    }
  }

  private value(): PerlValue {
    this.skipSpaceAndComments();
    const c = this.s[this.pos];
    if (c === "'" || c === '"') return this.quoted(c);
    if (c === '[') {
      this.pos++;
      return this.list(']');
    }
    if (c === '{') {
      this.pos++;
      const items = this.list('}');
      const obj: { [key: string]: PerlValue } = {};
      for (let k = 0; k + 1 < items.length; k += 2) obj[String(items[k])] = items[k + 1]!;
      return obj;
    }
    const m = /^(undef\b|[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?|[A-Za-z_]\w*)/.exec(this.s.slice(this.pos, this.pos + 100));
    if (!m) this.fail(`unexpected "${this.s.slice(this.pos, this.pos + 20)}"`);
    this.pos += m[0].length;
    if (m[0] === 'undef') return null;
    const n = Number(m[0]);
    return Number.isNaN(n) ? m[0] : n;
  }

  private quoted(q: string): string {
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unterminated string');
      const c = this.advance();
      if (c === q) return out;
      if (c === '\\' && this.pos < this.s.length) {
        const nx = this.advance();
        // Single-quoted Perl strings only unescape \\ and \'; double-quoted ones a few more.
        if (nx === q || nx === '\\') out += nx;
        else if (q === '"' && nx === 'n') out += '\n';
        else if (q === '"' && nx === 't') out += '\t';
        else out += c + nx;
      } else out += c;
    }
  }
}
