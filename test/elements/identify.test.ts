import { describe, expect, it } from 'vitest';
import { HOW_TO_SET_ELEMENT, identifyAbsorber, namedElements } from '../../src/elements/index.ts';

describe('namedElements', () => {
  it('reads formula tokens and lower-case file-name words', () => {
    expect(namedElements('Fe2O3_rt_01.xdi')).toEqual(expect.arrayContaining(['Fe', 'O']));
    expect(namedElements('k2cr2o7_rt_001')).toEqual(expect.arrayContaining(['K', 'Cr', 'O']));
    expect(namedElements('cu_metal_rt.xdi')).toContain('Cu');
    expect(namedElements('Hematite FeXANES.e')).toContain('Fe');
    expect(namedElements('upload.txt')).not.toContain('Fe');
  });
});

describe('identifyAbsorber', () => {
  // A ferric oxide's E0 (7126 eV) is nearer Nd L1 (7126 eV) than Fe K (7112 eV).
  it('takes an element the file names over a nearer edge', () => {
    const g = identifyAbsorber(7126, { hints: ['Hematite FeXANES.e'] });
    expect(g).toMatchObject({ symbol: 'Fe', edge: 'K', evidence: 'named', deltaEv: 14 });
    expect(g!.reason).toMatch(/Nd L1/);
  });

  it('prefers an element with a model when the file names none', () => {
    expect(identifyAbsorber(7126, { modelled: ['Cu', 'Fe'] })).toMatchObject({ symbol: 'Fe', evidence: 'modelled' });
    // Mn2O3 (E0 ≈ 6549 eV) next to Ce L1 (6549 eV)
    expect(identifyAbsorber(6549, { modelled: ['Mn'] })).toMatchObject({ symbol: 'Mn', evidence: 'modelled' });
  });

  it('falls back to the nearest tabulated edge, and to nothing far from every edge', () => {
    expect(identifyAbsorber(7126)).toMatchObject({ symbol: 'Nd', edge: 'L1', evidence: 'nearest' });
    expect(identifyAbsorber(7126, { modelled: ['Cu'] })).toMatchObject({ symbol: 'Nd', evidence: 'nearest' });
    expect(identifyAbsorber(Number.NaN)).toBeUndefined();
  });

  it('ignores named elements whose K edge is far from E0', () => {
    // "XANES" names N and S, "Fe2O3" names O: none has a K edge near 8990 eV; Cu is the model.
    expect(identifyAbsorber(8990, { hints: ['Fe2O3 XANES'], modelled: ['Cu'] })).toMatchObject({ symbol: 'Cu', evidence: 'modelled' });
  });

  it('the how-to sentence names all three front ends', () => {
    expect(HOW_TO_SET_ELEMENT).toMatch(/--element/);
    expect(HOW_TO_SET_ELEMENT).toMatch(/"element" field/);
    expect(HOW_TO_SET_ELEMENT).toMatch(/Element box/);
  });
});
