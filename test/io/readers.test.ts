/** The shared case suite against every reader. */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseSpectrum } from '../../src/io/index.ts';
import { edgeRows, runReaderCases, type Row } from './common.case.ts';

const lines = (rows: Row[]) => rows.map(([e, m]) => `  ${e}  ${m}`).join('\n');

runReaderCases({
  format: 'xdi',
  firstDataLine: 9,
  build: (rows) =>
    ['# XDI/1.0 test/1', '# Column.1: energy eV', '# Column.2: mutrans', '# Element.symbol: Cu', '# Element.edge: K', '# ///', '# fake', '#----', lines(rows)].join('\n'),
});

runReaderCases({
  format: 'columns',
  firstDataLine: 3,
  build: (rows) => ['# fake Cu edge', '# energy mu', lines(rows)].join('\n'),
});

runReaderCases({
  format: 'feff',
  firstDataLine: 4,
  build: (rows) =>
    [
      '# Cu  FEFF 9.9.1',
      '# Abs   Z=29 Rmt= 1.221 Rnm= 1.321 K  shell',
      '#  omega    e    k    mu    mu0     chi     @#',
      rows.map(([e, m]) => `  ${e}  0.0  0.0  ${m}  ${m}  0.0`).join('\n'),
    ].join('\n'),
});

runReaderCases({
  format: 'fdmnes',
  firstDataLine: 3,
  build: (rows) => ['    FDMNES', '    energy     <xanes>', lines(rows)].join('\n'),
});

/** Athena Perl dump with the rows as one group. */
function athenaText(rows: Row[]): string {
  const q = (xs: string[]) => xs.map((x) => `'${x}'`).join(',');
  return [
    '# Athena project file -- Demeter version 0.9.26',
    "$old_group = 'abcd';",
    "@args = ('label','fake \\'Cu\\' foil','bkg_z','Cu','fft_edge','k','is_xmu',1,'is_nor',0,'titles',['one','two']);",
    `@x = (${q(rows.map((r) => r[0]))});`,
    `@y = (${q(rows.map((r) => r[1]))});`,
    '[record]   # create object',
    '',
    '1;',
  ].join('\n');
}

runReaderCases({
  format: 'athena',
  build: athenaText,
});

describe('gzip input', () => {
  it('reads gzip bytes of every format the same as the text', () => {
    const text = athenaText(edgeRows());
    const a = parseSpectrum(gzipSync(Buffer.from(text)), 'p.prj');
    const b = parseSpectrum(text, 'p.prj');
    expect(Array.from(a.mu)).toEqual(Array.from(b.mu));
    expect(a.meta.label).toBe("fake 'Cu' foil");
    expect(a.meta.comments).toEqual(['one', 'two']);
  });
});
