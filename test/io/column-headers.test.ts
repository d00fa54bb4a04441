import { describe, expect, it } from 'vitest';
import { headerFields, parseColumns } from '../../src/io/columns.ts';

const ALS_LIKE = ['#%Name: Fe2O3/ Hematite', '#%Empirical formula: Fe3+2O3 /webmineral', '#%Edge: K', '#%Provider: Matthew A. Marcus, Yoo.', '#%======', ...Array.from({ length: 40 }, (_, i) => `${7080 + i} ${i < 20 ? 0.01 : 1}`)].join('\n');

describe('free-text headers of column files', () => {
  it('keeps `Key: value` comment lines as header fields', () => {
    expect(headerFields(['Name: Fe2O3/ Hematite', 'Edge: K', 'just a comment', 'Edge: L3'])).toEqual({ Name: 'Fe2O3/ Hematite', Edge: 'K' });
    const s = parseColumns(ALS_LIKE, 'x.e');
    expect(s.meta.headers['Name']).toBe('Fe2O3/ Hematite');
    expect(s.meta.headers['Empirical formula']).toBe('Fe3+2O3 /webmineral');
  });

  it('does not take a `Key: a, b` header line for column labels', () => {
    // The provider line splits at its comma into two "labels" for two columns; μ used to be "yoo.".
    const s = parseColumns(ALS_LIKE, 'x.e');
    expect(s.meta.muSource).toBe('column 2');
    expect(s.meta.columns).toBeUndefined();
  });
});
