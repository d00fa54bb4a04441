import { describe, expect, it } from 'vitest';
import { ParseError } from '../../src/errors.ts';
import { compareOperationSets, findHermannMauguin, parseCif, readCifSites, sitesOf, SPACE_GROUP_SETTINGS, spaceGroupOperations } from '../../src/structure/index.ts';

/** A CIF with the given cell, symmetry items (no operator list) and atom rows `label x y z`. */
function cif(cell: [number, number, number, number, number, number], symmetry: string[], rows: string[], extra: string[] = []): string {
  const [a, b, c, al, be, ga] = cell;
  return [
    'data_t',
    `_cell_length_a ${a}`,
    `_cell_length_b ${b}`,
    `_cell_length_c ${c}`,
    `_cell_angle_alpha ${al}`,
    `_cell_angle_beta ${be}`,
    `_cell_angle_gamma ${ga}`,
    ...extra,
    ...symmetry,
    'loop_',
    '_atom_site_label',
    '_atom_site_fract_x',
    '_atom_site_fract_y',
    '_atom_site_fract_z',
    ...rows,
    '',
  ].join('\n');
}

const opsOf = (name: string) => spaceGroupOperations(SPACE_GROUP_SETTINGS.find((s) => s.name === name)!.hall);

describe('space group by number: the cell decides what the number leaves open', () => {
  it('225 is F m -3 m (rock salt: 4 Na, 4 Cl)', () => {
    const s = parseCif(cif([5.64, 5.64, 5.64, 90, 90, 90], ['_space_group_IT_number 225'], ['Na1 0 0 0', 'Cl1 0.5 0.5 0.5']), 'n.cif');
    expect(sitesOf(s, 'Na')).toHaveLength(4);
    expect(sitesOf(s, 'Cl')).toHaveLength(4);
    expect(s.warnings!.join('\n')).toMatch(/generated the 192 operators of F m -3 m, space group 225 \(_space_group_it_number; Hall -F 4 2 3\)/);
  });

  it.each([
    [[5, 6, 7, 90, 100, 90], 'P 1 21/c 1'],
    [[5, 6, 7, 90, 90, 100], 'P 1 1 21/a'],
    [[5, 6, 7, 100, 90, 90], 'P 21/b 1 1'],
  ] as const)('14 with the cell %j is %s (the unique axis is the one whose angle is not 90°)', (cell, name) => {
    const r = readCifSites(cif([...cell], ['_symmetry_Int_Tables_number 14'], ['O1 0.1 0.2 0.3']), 'm.cif');
    expect(r.symmetry.setting).toBe(name);
    expect(r.sites).toHaveLength(4);
  });

  it('14 with a right-angled cell: unique axis b, with a warning', () => {
    const r = readCifSites(cif([5, 6, 7, 90, 90, 90], ['_space_group_IT_number 14'], ['O1 0.1 0.2 0.3']), 'm.cif');
    expect(r.symmetry.setting).toBe('P 1 21/c 1');
    expect(r.warnings.join('\n')).toMatch(/names no unique axis and the cell does not show one/);
  });

  it('148 in hexagonal axes is R -3 :H (18 atoms from a general position), in rhombohedral axes R -3 :R (6)', () => {
    expect(readCifSites(cif([6, 6, 17, 90, 90, 120], ['_space_group_IT_number 148'], ['O1 0.1 0.2 0.3']), 'h.cif').sites).toHaveLength(18);
    const r = readCifSites(cif([6.69, 6.69, 6.69, 52.3, 52.3, 52.3], ['_space_group_IT_number 148'], ['O1 0.1 0.2 0.3']), 'r.cif');
    expect(r.symmetry.setting).toBe('R -3 :R');
    expect(r.sites).toHaveLength(6);
    expect(() => readCifSites(cif([6, 7, 8, 90, 90, 90], ['_space_group_IT_number 148'], ['O1 0.1 0.2 0.3']), 'x.cif')).toThrow(/neither hexagonal .* nor rhombohedral/);
  });

  it('a number out of range or not a number is a ParseError with its line', () => {
    expect(() => parseCif(cif([5, 5, 5, 90, 90, 90], ['_space_group_IT_number 231'], ['O1 0 0 0']), 'x.cif')).toThrow(/^x\.cif:8: _space_group_it_number: space-group number 231 is not in 1–230/);
    expect(() => parseCif(cif([5, 5, 5, 90, 90, 90], ['_space_group_IT_number abc'], ['O1 0 0 0']), 'x.cif')).toThrow(ParseError);
  });
});

describe('space group by symbol', () => {
  it('a short monoclinic symbol takes its unique axis from the cell', () => {
    expect(readCifSites(cif([5, 6, 7, 100, 90, 90], ["_symmetry_space_group_name_H-M 'P21/c'"], ['O1 0.1 0.2 0.3']), 'a.cif').symmetry.setting).toBe('P 21/c 1 1');
    expect(readCifSites(cif([5, 6, 7, 90, 95, 90], ["_symmetry_space_group_name_H-M 'P21/c'"], ['O1 0.1 0.2 0.3']), 'b.cif').symmetry.setting).toBe('P 1 21/c 1');
  });

  it('the Hall symbol wins over the HM symbol; a disagreement is a warning', () => {
    const r = readCifSites(cif([5, 6, 7, 90, 95, 90], ["_symmetry_space_group_name_Hall '-P 2yn'", "_symmetry_space_group_name_H-M 'P 1 21/c 1'"], ['O1 0.1 0.2 0.3']), 'h.cif');
    expect(r.symmetry).toEqual({ source: 'hall', setting: 'Hall -P 2yn', operations: 4 });
    expect(r.warnings.join('\n')).toMatch(/h\.cif:9: the Hermann–Mauguin symbol "P 1 21\/c 1" \(Hall -P 2ybc\) does not give the operators of the Hall symbol "-P 2yn"; used the Hall symbol/);
  });

  it('an unreadable Hall symbol falls back to the HM symbol with a warning; alone, it is a ParseError with its line', () => {
    const r = readCifSites(cif([5, 6, 7, 90, 95, 90], ["_symmetry_space_group_name_Hall '-P 2yq'", "_symmetry_space_group_name_H-M 'P 1 21/n 1'"], ['O1 0.1 0.2 0.3']), 'h.cif');
    expect(r.symmetry.setting).toBe('P 1 21/n 1');
    expect(r.warnings.join('\n')).toMatch(/h\.cif:8: Hall symbol "-P 2yq": "2yq": unknown character "q".*using the Hermann–Mauguin symbol instead/);
    expect(() => readCifSites(cif([5, 6, 7, 90, 95, 90], ["_space_group_name_Hall '-P 2yq'"], ['O1 0.1 0.2 0.3']), 'h.cif')).toThrow(/^h\.cif:8: Hall symbol "-P 2yq"/);
  });

  it('the HM symbol disagrees with the number: the symbol is used, with a warning', () => {
    const r = readCifSites(cif([5, 6, 7, 90, 90, 90], ["_symmetry_space_group_name_H-M 'P n m a'", '_space_group_IT_number 61'], ['O1 0.1 0.2 0.3']), 'n.cif');
    expect(r.symmetry.setting).toBe('P n m a');
    expect(r.warnings.join('\n')).toMatch(/n\.cif:9: _space_group_it_number is 61 but the Hermann–Mauguin symbol P n m a is space group 62; used the symbol/);
  });

  it('an unconventional centring with a short monoclinic symbol still takes its unique axis from the cell', () => {
    const r = readCifSites(cif([5, 6, 7, 90, 90, 104], ["_symmetry_space_group_name_H-M 'B 21/m'"], ['O1 0.1 0.2 0.3']), 'b.cif');
    expect(r.symmetry.setting).toBe('B 1 1 21/m');
    expect(r.sites).toHaveLength(8);
    expect(r.warnings.join('\n')).not.toMatch(/unique axis/);
  });

  it('C -1 (an albite cell): the P -1 operators with the C centring', () => {
    const r = readCifSites(cif([8.1, 12.8, 7.1, 94, 116, 88], ["_symmetry_space_group_name_H-M 'C -1'"], ['Na1 0.27 0.0 0.14']), 'ab.cif');
    expect(r.sites).toHaveLength(4);
    expect(compareOperationSets(spaceGroupOperations(findHermannMauguin('C -1')!.settings[0]!.hall), [...opsOf('P -1'), ...opsOf('P -1').map((o) => ({ ...o, translation: Float64Array.from([o.translation[0]! + 0.5, o.translation[1]! + 0.5, o.translation[2]!]) }))]).same).toBe(true);
  });
});

describe('an open origin choice is settled by the atoms', () => {
  // Magnetite-type spinel (F d -3 m): in origin choice 2, A at 1/8 1/8 1/8, B at 1/2 1/2 1/2, O at u u u (u = 0.2549);
  // in origin choice 1 the same crystal has A at 0 0 0, B at 5/8 5/8 5/8, O at u + 1/8.
  const spinel = (rows: string[]) => cif([8.396, 8.396, 8.396, 90, 90, 90], ["_symmetry_space_group_name_H-M 'F d -3 m'"], rows, ["_chemical_formula_sum 'Fe3 O4'", '_cell_formula_units_Z 8']);
  const two = ['Fe1 0.125 0.125 0.125', 'Fe2 0.5 0.5 0.5', 'O1 0.2549 0.2549 0.2549'];
  const one = ['Fe1 0 0 0', 'Fe2 0.625 0.625 0.625', 'O1 0.3799 0.3799 0.3799'];

  it.each([
    ['origin choice 2 coordinates', two, 'F d -3 m :2'],
    ['origin choice 1 coordinates', one, 'F d -3 m :1'],
  ])('%s → %s: 24 Fe and 32 O, a warning saying why (the wrong choice has the right composition but atoms 0.12 Å apart)', (_what, rows, setting) => {
    const r = readCifSites(spinel(rows), 'sp.cif');
    expect(r.symmetry.setting).toBe(setting);
    expect(r.sites.filter((s) => s.symbol === 'Fe')).toHaveLength(24);
    expect(r.sites.filter((s) => s.symbol === 'O')).toHaveLength(32);
    expect(r.warnings.join('\n')).toMatch(new RegExp(`does not say which origin choice: used ${setting}, which fits the atoms best \\(F d -3 m :1 gives \\d+ atom positions`));
  });

  it('an explicit choice is obeyed even when the atoms fit the other one', () => {
    const r = readCifSites(spinel(two).replace("'F d -3 m'", "'F d -3 m :1'"), 'sp.cif');
    expect(r.symmetry.setting).toBe('F d -3 m :1');
    // Origin-2 coordinates read with origin-1 operators: A at 1/8 1/8 1/8 is no special position there (16 copies, not 8).
    expect(r.sites.filter((s) => s.label === 'Fe1')).toHaveLength(16);
    expect(r.warnings.join('\n')).not.toMatch(/origin choice/);
  });
});
