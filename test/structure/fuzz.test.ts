import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { XasinvError } from '../../src/errors.ts';
import { parseStructure, structureSummary, wacsfG2, type Structure } from '../../src/structure/index.ts';
import { dataPath } from '../helpers/data.ts';
import { seededRandom } from '../helpers/seeded-random.ts';

/** Real files of every format the readers know (name decides the reader, as for an upload). */
const SEEDS = [
  ['x.cif', ['structures', 'amcsd', 'cif', 'amcsd_0000143_Hematite.cif']],
  ['x.cif', ['structures', 'amcsd', 'cif', 'amcsd_0000001_Augite.cif']],
  ['x.cif', ['structures', 'larch-structuredata', 'structure2feff', 'tBu3CpRu2H4.cif']],
  ['x.cif', ['structures', 'fe-standards', 'Troilite_AMCSD-KingPrewitt1982-393K.cif']], // mismatched quotes (issue 27)
  ['x.cif', ['structures', 'fe-standards', 'Ferrocene_COD-2101932.cif']], // space group by Hall and HM symbol only
  ['x.cif', ['structures', 'fe-standards', 'Molysite_COD-5910097.cif']], // HM symbol only, rhombohedral axes
  ['POSCAR', ['pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR']],
  ['x.poscar', ['structures', 'larch-structuredata', 'structure2feff', 'tBu3CpRu2H4.poscar']],
  ['x.xyz', ['structures', 'larch-structuredata', 'structure2feff', 'tBu3CpRu2H4.xyz']],
  ['x.xyz', ['pairs', 'fe-k-fdmnes-molecules', 'xyz_train', 'ABAXIK_C11H21FeIN3O2(1+).xyz']],
  ['x.pdb', ['structures', 'larch-structuredata', 'structure2feff', 'tBu3CpRu2H4.pdb']],
  ['x.mol2', ['structures', 'larch-structuredata', 'structure2feff', 'tBu3CpRu2H4.mol2']],
  ['<text>', ['pairs', 'cu-k-feff-crystals', 'materials', 'mp-1692', 'POSCAR']], // format sniffed from the damaged content
] as const;

const SPACES_AND_BREAKS = ['\r', '\r\n', '\n', '\u00a0', '\f', '\v', '\u2028', '\u0085', '\ufeff', '\t', '\u3000'];
const BAD_NUMBERS = ['1e300', '-1e300', '1e999', '1e-300', '9'.repeat(400), '0', '0.0', '-0', 'NaN', 'nan', 'Infinity', '-inf', '?', '.', '1/0'];

/** Apply 1–8 random kinds of damage: byte flips, inserted CR/NBSP/FF…, cut runs, truncation, bad numbers, duplicated lines. */
function damage(text: string, rnd: () => number): string {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  for (let e = 1 + Math.floor(rnd() * 8); e > 0 && text.length > 0; e--) {
    const p = Math.floor(rnd() * text.length);
    const op = rnd();
    if (op < 0.2) text = text.slice(0, p) + String.fromCharCode(Math.floor(rnd() * 128)) + text.slice(p + 1); // flip a byte (control characters too)
    else if (op < 0.35) text = text.slice(0, p) + pick(SPACES_AND_BREAKS) + text.slice(p);
    else if (op < 0.45) text = text.slice(0, p) + text.slice(p + 1 + Math.floor(rnd() * 40)); // cut a run
    else if (op < 0.5) text = text.slice(0, p); // truncate
    else if (op < 0.8) {
      // Replace a number (cell length, coordinate, count, occupancy …) with a huge, zero or NaN-like token.
      const numbers = [...text.matchAll(/\d+(\.\d*)?([eE][+-]?\d+)?/g)];
      if (numbers.length === 0) continue;
      const m = pick(numbers);
      text = text.slice(0, m.index) + pick(BAD_NUMBERS) + text.slice(m.index + m[0].length);
    } else {
      // Duplicate a line, up to 60 times (atoms piled on one point, or more atoms than declared).
      const lines = text.split('\n');
      const k = Math.floor(rnd() * lines.length);
      lines.splice(k, 0, ...Array<string>(1 + Math.floor(rnd() * 60)).fill(lines[k]!));
      text = lines.join('\n');
    }
  }
  return text;
}

/** What a downstream user does with a parsed structure: shells, site grouping and wACSF of the heaviest element. */
function useDownstream(s: Structure): void {
  let heaviest = 0;
  s.z.forEach((z, i) => (heaviest = z > s.z[heaviest]! ? i : heaviest));
  structureSummary(s, s.species[heaviest]!);
  wacsfG2(s, heaviest);
}

describe('every structure reader on damaged files', () => {
  const present = SEEDS.every(([, parts]) => existsSync(dataPath(...parts)));

  it.skipIf(!present)('1500 randomly damaged CIF, POSCAR, xyz, PDB and MOL2 files give a structure (usable downstream) or an XasinvError, never another exception', () => {
    const seeds = SEEDS.map(([name, parts]) => ({ name, text: readFileSync(dataPath(...parts), 'utf8') }));
    const rnd = seededRandom(20);
    const other: string[] = [];
    const readByFormat = new Map<string, number>();
    for (let it = 0; it < 1500; it++) {
      const { name, text } = seeds[it % seeds.length]!;
      const damaged = damage(text, rnd);
      try {
        // A small atom budget per case keeps the run fast; the limits themselves are tested in limits.test.ts.
        const s = parseStructure(damaged, { name, maxAtoms: 400 });
        useDownstream(s);
        readByFormat.set(name, (readByFormat.get(name) ?? 0) + 1);
      } catch (err) {
        if (!(err instanceof XasinvError)) other.push(`case ${it} (${name}): ${(err as Error).name}: ${(err as Error).message}`);
        else expect((err as Error).message).not.toMatch(/\n\s+at /); // a message, never a stack
      }
    }
    expect(other).toEqual([]);
    // Some damage (in a comment, a title, an unused column) leaves a readable file, in every format.
    for (const name of new Set(SEEDS.map(([n]) => n))) expect(readByFormat.get(name) ?? 0, name).toBeGreaterThan(0);
  });
});
