/**
 * The number formats of the UI (src/ui/format.ts): `fmt` with fixed decimals, `sig` at 3
 * significant digits (issue 27: the rank table's numbers), an em dash for what is not a number.
 */
import { describe, expect, it } from 'vitest';
import { fmt, sig } from '../../src/ui/format.ts';

describe('fmt', () => {
  it('fixed decimals, an em dash for null, undefined and non-finite values', () => {
    expect(fmt(1.234)).toBe('1.23');
    expect(fmt(1.25, 1)).toBe('1.3');
    expect([fmt(null), fmt(undefined), fmt(NaN), fmt(Infinity)]).toEqual(['—', '—', '—', '—']);
  });
});

describe('sig', () => {
  it('3 significant digits without trailing zeros', () => {
    expect(sig(0.0123456)).toBe('0.0123');
    expect(sig(1234.5)).toBe('1230');
    expect(sig(0.5)).toBe('0.5');
    expect(sig(-0.000987654)).toBe('-0.000988');
    expect(sig(2.0004)).toBe('2');
    expect(sig(0)).toBe('0');
  });

  it('other digit counts; exponent form beyond 1e±6', () => {
    expect(sig(0.0123456, 2)).toBe('0.012');
    expect(sig(1.5e-7)).toBe('1.50e-7');
    expect(sig(-2.5e9)).toBe('-2.50e+9');
  });

  it('an em dash for what is not a number', () => {
    expect([sig(null), sig(undefined), sig(NaN), sig(-Infinity)]).toEqual(['—', '—', '—', '—']);
  });
});
