import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { parseCif, parseCifBlocks, parseStructure, type Structure } from '../../src/structure/index.ts';

/** A CIF using every syntax element whose meaning depends on lines: comments, a text field, quotes, loops. */
const CIF_LINES = [
  '#\\#CIF_1.1',
  '# a comment line',
  'data_mixed',
  "_chemical_name_mineral 'test oxide'   # trailing comment",
  '_publ_section_title',
  ';',
  ' A text field, two lines,',
  ' with a # that is not a comment',
  ';',
  '_cell_length_a 4.2(1)',
  '_cell_length_b 4.2',
  '_cell_length_c 5.0',
  '_cell_angle_alpha 90',
  '_cell_angle_beta 90',
  '_cell_angle_gamma 90',
  'loop_',
  '_symmetry_equiv_pos_as_xyz',
  "'x, y, z'",
  "'-x, -y, z+1/2'",
  'loop_',
  '_atom_site_label',
  '_atom_site_type_symbol',
  '_atom_site_fract_x',
  '_atom_site_fract_y',
  '_atom_site_fract_z',
  '_atom_site_occupancy',
  'Fe1 Fe 0.1 0.2 0.0 1.0',
  'O1 O 0.3 0.25 0.3 0.95',
];

/** The parts of a structure that must not depend on how the file was saved. */
function essence(s: Structure) {
  return { species: s.species, frac: Array.from(s.fracCoords ?? s.cartCoords), labels: s.labels, occupancy: s.occupancy && Array.from(s.occupancy), name: s.name };
}

describe('every line ending and every Unicode space alike', () => {
  const reference = essence(parseCif(CIF_LINES.join('\n'), 'lf.cif'));

  it.each([
    ['CR', '\r'],
    ['CRLF', '\r\n'],
    ['form feed', '\f'],
    ['vertical tab', '\v'],
    ['NEL', '\u0085'],
    ['line separator U+2028', '\u2028'],
    ['paragraph separator U+2029', '\u2029'],
  ])('a CIF with %s line endings reads as with LF', (_, eol) => {
    expect(essence(parseCif(CIF_LINES.join(eol), 'x.cif'))).toEqual(reference);
  });

  it('a CIF with mixed line endings reads as with LF', () => {
    const eols = ['\n', '\r', '\r\n', '\f', '\v', '\u2028'];
    const text = CIF_LINES.map((l, k) => l + eols[k % eols.length]).join('');
    expect(essence(parseCif(text, 'mixed.cif'))).toEqual(reference);
  });

  it.each([
    ['NBSP', '\u00a0'],
    ['tab', '\t'],
    ['ideographic space', '\u3000'],
    ['en space', '\u2002'],
  ])('a CIF whose tokens are separated by %s (and a BOM in front) reads as with spaces', (_, space) => {
    // Spaces inside quoted strings and text fields are content: keep those.
    const text = '\ufeff' + CIF_LINES.map((l) => (/^[;']|^ [A-Z]|_chemical_name/.test(l) ? l : l.replaceAll(' ', space) + space)).join('\n');
    expect(essence(parseCif(text, 'spaces.cif'))).toEqual(reference);
  });

  it('a quoted string keeps a non-breaking space as content and still closes', () => {
    const [block] = parseCifBlocks("data_x\n_name 'iron\u00a0oxide'\u00a0\n_next 1\n", 'q.cif');
    expect(block!.items.get('_name')!.text).toBe('iron\u00a0oxide');
    expect(block!.items.get('_next')!.text).toBe('1');
  });

  it.each([
    ['CR', 'data_x\r_cell_length_a 5.0\r'],
    ['NBSP', 'data_x\u00a0_cell_length_a\u00a05.0\u00a0'],
    ['form feed', 'data_x\f_cell_length_a 5.0\f'],
    ['vertical tab', 'data_x\v_cell_length_a\v5.0'],
  ])('the issue-20 hazard with %s gives a ParseError at once (it used to loop for ever)', (_, text) => {
    expect(() => parseCif(text, 'cr.cif')).toThrow(ParseError);
    expect(() => parseCif(text, 'cr.cif')).toThrow(/cr\.cif: no data block has an _atom_site_ loop/);
  });

  it.each([
    ['xyz', 'feo.xyz', '3\nFeO2\nFe 0 0 0\nO 2.0 0 0\nO 0 2.1 0\n'],
    ['POSCAR', 'POSCAR', 'CuO\n1.0\n2.93 0 0\n0 2.93 0\n0 0 5.13\nCu O\n2 2\nDirect\n0 .5 .5\n.5 0 0\n.5 .5 .75\n.5 .5 .25\n'],
    ['PDB', 'x.pdb', 'COMPND    TEST\nHETATM    1 FE   LIG A   1       0.000   0.000   0.000  1.00  0.00          FE\nHETATM    2 O1   LIG A   1       2.000   0.000   0.000  1.00  0.00           O\nEND\n'],
    ['MOL2', 'x.mol2', '@<TRIPOS>MOLECULE\nFeCl\n2 1\n@<TRIPOS>ATOM\n1 Fe1 0 0 0 Fe\n2 Cl1 2.2 0 0 Cl\n'],
  ])('%s with CR, CRLF, form-feed or U+2028 line endings reads as with LF', (_, name, text) => {
    const lf = essence(parseStructure(text, { name }));
    for (const eol of ['\r', '\r\n', '\f', '\u2028']) {
      expect(essence(parseStructure(text.replaceAll('\n', eol), { name }))).toEqual(lf);
      // and recognised from the content alone
      expect(essence(parseStructure(text.replaceAll('\n', eol), { name: '<text>' }))).toEqual(lf);
    }
  });
});
