import { describe, expect, it } from 'vitest';
import { BOND_VALENCE_REFERENCES, bondValence, bondValenceParameter, bondValenceTable, isTabulatedCation, tabulatedStates } from '../../src/chemistry/index.ts';

describe('bond valence parameter table', () => {
  it('has the well-known oxide and sulfide values (bvparm2013, with their sources)', () => {
    const r0 = (cation: string, state: number, anion: string) => {
      const p = bondValenceParameter(cation, state, anion)!;
      return [p.r0Angstrom, p.ref];
    };
    expect(r0('Cu', 2, 'O')).toEqual([1.679, 'a']);
    expect(r0('Cu', 1, 'O')).toEqual([1.61, 'e']);
    expect(r0('Fe', 3, 'O')).toEqual([1.759, 'a']);
    expect(r0('Fe', 2, 'O')).toEqual([1.734, 'a']);
    expect(r0('Fe', 3, 'S')).toEqual([2.149, 'a']);
    expect(r0('Fe', 2, 'S')).toEqual([2.16, 'b']);
    expect(r0('Co', 2, 'O')).toEqual([1.692, 'a']);
    expect(r0('Mn', 2, 'O')).toEqual([1.79, 'a']);
    expect(r0('Ni', 2, 'O')).toEqual([1.654, 'a']);
    expect(r0('Zn', 2, 'O')).toEqual([1.704, 'a']);
    expect(r0('Ti', 4, 'O')).toEqual([1.815, 'a']);
    expect(r0('V', 5, 'O')).toEqual([1.803, 'a']);
    expect(r0('Cr', 3, 'O')).toEqual([1.724, 'a']);
  });

  it('falls back to the any-state row, else nothing', () => {
    expect(bondValenceParameter('Fe', 2, 'Te')).toMatchObject({ state: null, r0Angstrom: 2.53, ref: 'b' });
    expect(bondValenceParameter('Cu', 1, 'N')).toBeUndefined();
    expect(bondValenceParameter('Xx', 1, 'O')).toBeUndefined();
  });

  it('every row is well formed: b = 0.37 Å, R0 in 1.4–2.8 Å, a known reference, one row per key', () => {
    const keys = new Set<string>();
    for (const r of bondValenceTable()) {
      expect(r.bAngstrom).toBe(0.37);
      expect(r.r0Angstrom).toBeGreaterThan(1.4);
      expect(r.r0Angstrom).toBeLessThan(2.8);
      expect(Object.keys(BOND_VALENCE_REFERENCES)).toContain(r.ref);
      const key = `${r.cation}|${r.state}|${r.anion}`;
      expect(keys.has(key), key).toBe(false);
      keys.add(key);
    }
    expect(keys.size).toBeGreaterThan(300);
  });

  it('lists the tabulated states of a cation', () => {
    expect(tabulatedStates('Fe')).toEqual([2, 3]);
    expect(tabulatedStates('Cu')).toEqual([1, 2, 3]);
    expect(tabulatedStates('Ga')).toEqual([]);
    expect(isTabulatedCation('Mn')).toBe(true);
    expect(isTabulatedCation('O')).toBe(false);
  });

  it('bond valence is exp((R0 − R)/b): 1 at R = R0, e⁻¹ one b longer', () => {
    expect(bondValence(1.679, 1.679)).toBe(1);
    expect(bondValence(1.679 + 0.37, 1.679)).toBeCloseTo(Math.exp(-1), 12);
  });
});
