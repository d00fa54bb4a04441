import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import {
  CompositionTally,
  compositionFailure,
  compositionRejection,
  matchesComposition,
  noCompositionMatchMessage,
  parseCompositionFilter,
  parseElementList,
} from '../../src/screen/composition.ts';

describe('parseElementList', () => {
  it('canonicalises symbols, drops blanks and duplicates, keeps the order given', () => {
    expect(parseElementList('cu, O ,,Cu,zn', '--elements')).toEqual(['Cu', 'O', 'Zn']);
  });

  it('names the unknown symbol and the option', () => {
    expect(() => parseElementList('Cu,Xx', '--elements')).toThrow(InputError);
    expect(() => parseElementList('Cu,Xx', '--elements')).toThrow("unknown element 'Xx' in --elements");
    expect(() => parseElementList('O,12', '--contains')).toThrow("unknown element '12' in --contains");
  });

  it('reads a formula as its elements, and names a bad symbol inside one', () => {
    expect(parseElementList('FeO(OH)', '--elements')).toEqual(['Fe', 'O', 'H']);
    expect(parseElementList('CuSO4·5H2O', '--elements')).toEqual(['Cu', 'S', 'O', 'H']);
    expect(parseElementList('Fe2O3, Ti', '--contains')).toEqual(['Fe', 'O', 'Ti']);
    expect(() => parseElementList('FeQ2', '--elements')).toThrow("unknown element 'Q' (in 'FeQ2') in --elements");
  });

  it('rejects an empty list', () => {
    expect(() => parseElementList(' , ', '--contains')).toThrow('--contains needs at least one element symbol');
  });
});

describe('parseCompositionFilter', () => {
  it('is undefined without options', () => {
    expect(parseCompositionFilter({})).toBeUndefined();
  });

  it('parses either option or both', () => {
    expect(parseCompositionFilter({ elements: 'Cu,O' })).toEqual({ elements: ['Cu', 'O'] });
    expect(parseCompositionFilter({ contains: 'o' })).toEqual({ contains: ['O'] });
    expect(parseCompositionFilter({ elements: 'Cu,O,Zn', contains: 'Zn' })).toEqual({ elements: ['Cu', 'O', 'Zn'], contains: ['Zn'] });
  });

  it('refuses a --contains element outside --elements (nothing could match)', () => {
    expect(() => parseCompositionFilter({ elements: 'Cu,O', contains: 'Zn,O' })).toThrow('--contains Zn is not among --elements Cu,O');
  });
});

describe('matching', () => {
  const cuo = ['Cu', 'Cu', 'O', 'O'];
  const cuzno = ['Cu', 'Zn', 'O', 'O', 'O'];

  it('--elements wants exactly the set, in any order and multiplicity', () => {
    expect(matchesComposition(cuo, { elements: ['O', 'Cu'] })).toBe(true);
    expect(matchesComposition(cuzno, { elements: ['Cu', 'O'] })).toBe(false);
    expect(matchesComposition(['Cu'], { elements: ['Cu', 'O'] })).toBe(false);
  });

  it('H in an exact set is optional for a structure that lists no H (X-ray CIFs omit it), and the tally says so', () => {
    const lepidocrociteCif = ['Fe', 'Fe', 'O', 'O', 'O', 'O'];
    expect(matchesComposition(lepidocrociteCif, { elements: ['Fe', 'O', 'H'] })).toBe(true);
    expect(matchesComposition(['Fe', 'O', 'H'], { elements: ['Fe', 'O', 'H'] })).toBe(true);
    expect(matchesComposition(['Fe', 'O', 'H', 'C'], { elements: ['Fe', 'O', 'H'] })).toBe(false);
    expect(matchesComposition(['Fe', 'O'], { elements: ['Fe', 'O', 'H', 'C'] })).toBe(false);
    // --contains H stays strict
    expect(matchesComposition(lepidocrociteCif, { contains: ['H'] })).toBe(false);
    const tally = new CompositionTally({ elements: ['Fe', 'O', 'H'] });
    for (const s of [lepidocrociteCif, ['Fe', 'O', 'H'], ['Cu', 'O']]) tally.record(s);
    expect(tally.kept).toBe(2);
    expect(tally.notes()).toEqual(['H was counted as optional in the exact element set: 1 of the 2 kept candidates list no H (crystal structures from X-ray diffraction usually omit it)']);
    expect(new CompositionTally({ elements: ['Cu', 'O'] }).notes()).toEqual([]);
  });

  it('--contains wants a subset', () => {
    expect(matchesComposition(cuzno, { contains: ['Cu', 'O'] })).toBe(true);
    expect(matchesComposition(cuo, { contains: ['Zn'] })).toBe(false);
  });

  it('combines both with AND and reports the first failed condition', () => {
    const filter = { elements: ['Cu', 'O', 'Zn'], contains: ['Zn'] };
    expect(compositionFailure(cuzno, filter)).toBeNull();
    expect(compositionFailure(cuo, filter)).toBe('elements');
    expect(compositionFailure(cuo, { contains: ['Zn'] })).toBe('contains');
  });

  it('says why a candidate was dropped', () => {
    expect(compositionRejection(cuzno, { elements: ['Cu', 'O'] })).toBe('composition: holds Cu, O, Zn, not exactly Cu, O (--elements)');
    expect(compositionRejection(cuo, { contains: ['Zn', 'O', 'Li'] })).toBe('composition: holds Cu, O, lacks Zn, Li (--contains)');
    expect(compositionRejection(cuo, { contains: ['O'] })).toBeNull();
  });
});

describe('CompositionTally and the no-match message', () => {
  it('counts kept and dropped candidates per condition and names the common element sets', () => {
    const tally = new CompositionTally({ elements: ['Cu', 'O', 'Zn'] });
    const pool = [['Cu', 'O'], ['O', 'Cu'], ['Cu', 'O'], ['Cu', 'Li', 'O'], ['Cu', 'O', 'Zn', 'Li']];
    expect(pool.map((s) => tally.record(s))).toEqual([false, false, false, false, false]);
    expect(tally).toMatchObject({ total: 5, kept: 0, failedElements: 5, failedContains: 0 });
    expect(tally.noMatchMessage()).toBe('no candidate has exactly the elements Cu, O, Zn: 5 candidates read, 5 with another element set (most common: Cu O ×3, Cu Li O ×1, Cu Li O Zn ×1)');
  });

  it('reports the contains condition and both together', () => {
    const contains = new CompositionTally({ contains: ['Zn'] });
    contains.record(['Cu', 'O']);
    expect(contains.noMatchMessage()).toBe('no candidate contains Zn: 1 candidate read, 1 lacking it (most common: Cu O ×1)');

    const both = new CompositionTally({ elements: ['Cu', 'O', 'Zn'], contains: ['Zn', 'O'] });
    expect(both.record(['Cu', 'O'])).toBe(false);
    expect(both.record(['Cu', 'Zn', 'O'])).toBe(true);
    expect(both).toMatchObject({ total: 2, kept: 1, failedElements: 1, failedContains: 0 });
  });

  it('handles an empty pool', () => {
    expect(noCompositionMatchMessage({ filter: { contains: ['Cu'] }, total: 0, failedElements: 0, failedContains: 0, sets: new Map() })).toBe(
      'no candidate contains Cu: no candidate structure was read',
    );
  });
});
