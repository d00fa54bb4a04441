import { describe, expect, it } from 'vitest';
import { coordinationLabel, formatCount, oxidationLabel, roman, valenceLabel } from '../../src/chemistry/index.ts';

describe('labels', () => {
  it('roman numerals', () => {
    expect([0, 1, 2, 3, 4, 7, 8].map(roman)).toEqual(['0', 'I', 'II', 'III', 'IV', 'VII', 'VIII']);
    expect(roman(-1)).toBe('-1');
  });

  it('oxidation labels, plain, between two states, uncertain, unknown', () => {
    expect(oxidationLabel('Cu', 2)).toBe('Cu(II)');
    expect(oxidationLabel('Fe', 3, { between: [2, 3], uncertain: true })).toBe('Fe(II/III)');
    expect(oxidationLabel('Fe', 3, { uncertain: true })).toBe('Fe(III)?');
    expect(oxidationLabel('Ga', null)).toBe('Ga(?)');
  });

  it('coordination labels', () => {
    expect(coordinationLabel({ O: 4 })).toBe('4-coordinate O');
    expect(coordinationLabel({ O: 4, N: 2 })).toBe('6-coordinate (4 O, 2 N)');
    expect(coordinationLabel({ S: 3, As: 3 })).toBe('6-coordinate (3 As, 3 S)');
    expect(coordinationLabel({ O: 2.5 })).toBe('2.5-coordinate O');
    expect(coordinationLabel({})).toBe('no anion bonds');
  });

  it('counts print whole or with one decimal', () => {
    expect([9, 8.99, 2.5, 0.333].map(formatCount)).toEqual(['9', '9', '2.5', '0.3']);
  });
});

describe('valenceLabel', () => {
  it('names the nearest tabulated state, or the two around a mid value, never a state the element does not take', () => {
    expect(valenceLabel('Fe', 1.6, [2, 3])).toBe('Fe(II)'); // wüstite's edge readout, once "Fe(I/II)"
    expect(valenceLabel('Fe', 3.4, [2, 3])).toBe('Fe(III)'); // aegirine's, once "Fe(III/IV)"
    expect(valenceLabel('Fe', 2.5, [2, 3])).toBe('Fe(II/III)');
    expect(valenceLabel('Fe', 2.2, [2, 3])).toBe('Fe(II)');
    expect(valenceLabel('Mn', 3.5, [2, 3, 4, 6, 7])).toBe('Mn(III/IV)');
    expect(valenceLabel('Cr', 5.0, [2, 3, 6])).toBe('Cr(III/VI)');
    expect(valenceLabel('X', 2.6, [])).toBe('X(II/III)');
    expect(valenceLabel('Fe', Number.NaN, [2, 3])).toBe('Fe(?)');
  });
});
