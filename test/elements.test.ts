import { describe, expect, it } from 'vitest';
import { atomicNumber, edgeEnergy, elementSymbol, getElement, guessEdge } from '../src/elements/index.ts';
import { InputError } from '../src/errors.ts';

describe('elements', () => {
  it('maps symbols and atomic numbers both ways', () => {
    expect(atomicNumber('Fe')).toBe(26);
    expect(atomicNumber('cu')).toBe(29);
    expect(elementSymbol(8)).toBe('O');
    expect(getElement('D').z).toBe(1);
  });
  it('has the K edges of the modelled absorbers (Elam table)', () => {
    expect(edgeEnergy('Fe')).toBeCloseTo(7112, 0);
    expect(edgeEnergy('Cu')).toBeCloseTo(8979, 0);
    expect(edgeEnergy('Co')).toBeCloseTo(7709, 0);
    expect(edgeEnergy('S')).toBeCloseTo(2472, 0);
  });
  it('guesses the edge from E0', () => {
    expect(guessEdge(8981)[0]).toMatchObject({ symbol: 'Cu', edge: 'K' });
    expect(guessEdge(7110)[0]).toMatchObject({ symbol: 'Fe', edge: 'K' });
  });
  it('rejects unknown symbols with a clear error', () => {
    expect(() => getElement('Xx')).toThrow(InputError);
    expect(() => getElement('Xx')).toThrow(/unknown element "Xx"/);
  });
});
