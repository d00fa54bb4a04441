/**
 * Reader limits (issue 27): a spectrum file is refused for its size before the readers allocate it
 * — lines counted before the text is split, data rows and numbers before they are stored, Athena
 * arrays and nesting while the project is parsed — with a message naming the limit. And one reader:
 * `readSpectrumEntries` gives each group of a project exactly the verdict `parseSpectrum` gives it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkLineCount, listGroups, parseSpectrum, READ_SPECTRUM_DEFAULTS, readSpectrumEntries } from '../../src/io/index.ts';
import { dataPath } from '../helpers/data.ts';

const FE_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'FeO.prj');
const JSON_PRJ = dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', 'json_unzipped.prj');

/** A plain two-column spectrum of `n` points (an arctan edge at 7112 eV). */
function columns(n: number, step = 0.01): string {
  const rows: string[] = ['# energy mu'];
  for (let i = 0; i < n; i++) rows.push(`${(7000 + i * step).toFixed(3)} ${(Math.atan((i * step - 112) / 2) + 2).toFixed(5)}`);
  return `${rows.join('\n')}\n`;
}

/** A Perl-dump Athena project whose one group holds `depth` nested brackets in its args. */
function nestedPerl(depth: number): string {
  const x = Array.from({ length: 40 }, (_, i) => `'${7000 + 5 * i}'`).join(',');
  const y = Array.from({ length: 40 }, (_, i) => `'${(Math.atan(i - 20) + 2).toFixed(4)}'`).join(',');
  return `# Athena project file\n$old_group = 'a';\n@args = ('label','deep', 'extra', ${'['.repeat(depth)}${']'.repeat(depth)});\n@x = (${x});\n@y = (${y});\n[record]\n`;
}

describe('reader limits', () => {
  it('refuses more lines than the limit before splitting the text, naming the limit', () => {
    expect(() => checkLineCount('a\nb\nc\n', 'x.dat', 3)).toThrow(/x\.dat: more than 3 lines; the limit is 3 lines per file/);
    expect(() => checkLineCount('a\nb\n', 'x.dat', 3)).not.toThrow();
    expect(() => checkLineCount('a\rb\rc\rd', 'mac.dat', 3)).toThrow(/more than 3 lines/); // old-Mac CR line ends
    const text = '1 2\n'.repeat(READ_SPECTRUM_DEFAULTS.maxLines + 1);
    expect(() => parseSpectrum(text, 'many.dat')).toThrow(/many\.dat: more than 1000000 lines; the limit is 1000000 lines per file/);
  });

  it('refuses more data rows than points per spectrum, naming the limit', () => {
    const n = READ_SPECTRUM_DEFAULTS.maxPoints + 1;
    expect(() => parseSpectrum(columns(n, 0.001), 'long.dat')).toThrow(new RegExp(`long\\.dat:\\d+: ${n} data rows; the limit is ${READ_SPECTRUM_DEFAULTS.maxPoints} points per spectrum`));
    expect(parseSpectrum(columns(2000), 'fine.dat').energyEv.length).toBe(2000);
  });

  it('refuses more numbers than the limit (rows × columns) before storing them', () => {
    const cols = 40;
    const rows = Math.ceil(READ_SPECTRUM_DEFAULTS.maxValues / cols) + 1;
    const line = Array.from({ length: cols }, (_, j) => String(j + 1)).join(' ');
    const text = `# many columns\n${Array.from({ length: rows }, (_, i) => `${7000 + i * 0.001} ${line.slice(2)}`).join('\n')}\n`;
    expect(() => parseSpectrum(text, 'wide.dat')).toThrow(/wide\.dat:\d+: \d+ rows × 40 columns = \d+ numbers; the limit is 5000000 numbers per file/);
  });

  it('Athena projects: nesting and array lengths are bounded while parsing (no stack overflow)', () => {
    expect(() => parseSpectrum(nestedPerl(100_000), 'deep.prj')).toThrow(/deep\.prj:3: Athena project: brackets nested more than 32 levels deep; the limit is 32 levels of nested brackets/);
    expect(parseSpectrum(nestedPerl(3), 'shallow.prj').energyEv.length).toBe(40);
    const deepJson = `{"_____order": ["a"], "a": {"args": {"label": "x", "deep": ${'['.repeat(100_000)}${']'.repeat(100_000)}}, "x": [1,2], "y": [1,2]}}`;
    expect(() => parseSpectrum(deepJson, 'deep.prj')).toThrow(/Athena JSON project: brackets nested more than 32 levels deep/);
    const longJson = `{"_____order": ["a"], "a": {"args": {"label": "x"}, "x": [${Array.from({ length: READ_SPECTRUM_DEFAULTS.maxPoints + 5 }, () => '1').join(',')}], "y": [1]}}`;
    expect(() => parseSpectrum(longJson, 'long.prj')).toThrow(/Athena JSON project: an array of more than 200000 values; the limit is 200000 points per spectrum/);
    const longPerl = `# Athena project file\n$old_group = 'a';\n@args = ('label','x');\n@x = (${Array.from({ length: READ_SPECTRUM_DEFAULTS.maxPoints + 5 }, () => "'1'").join(',')});\n[record]\n`;
    expect(() => parseSpectrum(longPerl, 'long.prj')).toThrow(/Athena project: a list of more than 200000 values; the limit is 200000 points per spectrum/);
  });
});

describe('one reader, one verdict', () => {
  it('each group of a project is read as parseSpectrum reads it', () => {
    const bytes = readFileSync(FE_PRJ);
    const { format, entries } = readSpectrumEntries(bytes, 'FeO.prj');
    expect(format).toBe('athena');
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) {
      const single = parseSpectrum(bytes, 'FeO.prj', { group: e.group!.index });
      expect(e.spectrum?.energyEv).toEqual(single.energyEv);
      expect(e.label).toBe(single.meta.label);
    }
    expect(listGroups(bytes).map((g) => g.label)).toEqual(entries.map((e) => e.label));
  });

  it('a group parseSpectrum refuses carries that error; listGroups says it', () => {
    // A JSON project cut inside its first group's y array, then closed: valid JSON, x longer than y.
    const doc = JSON.parse(readFileSync(JSON_PRJ, 'utf8')) as Record<string, { y?: unknown[] }>;
    const first = (doc['_____order'] as unknown as string[] | undefined)?.[0] ?? Object.keys(doc).find((k) => !k.startsWith('_____'))!;
    doc[first]!.y = doc[first]!.y!.slice(0, 5);
    const text = JSON.stringify(doc);
    let refused = '';
    try {
      parseSpectrum(text, 'cut.prj');
    } catch (err) {
      refused = (err as Error).message;
    }
    expect(refused).toMatch(/x has \d+ values but y has 5/);
    const { entries } = readSpectrumEntries(text, 'cut.prj');
    expect(entries[0]).toMatchObject({ error: refused });
    expect(listGroups(text)[0]).toMatchObject({ error: refused.replace('cut.prj', '<text>') });
  });

  it('a project the reader cannot parse at all is the same error from both', () => {
    const nested = nestedPerl(100_000);
    expect(() => readSpectrumEntries(nested, 'deep.prj')).toThrow(/brackets nested more than 32 levels deep/);
    expect(() => listGroups(nested)).toThrow(/brackets nested more than 32 levels deep/);
  });
});
