/**
 * Issue 27: an Athena project's own E0 and ranges (`bkg_e0`, `bkg_eshift`, `bkg_pre1/2`,
 * `bkg_nor1/2`) are offered in the API's vocabulary. Athena finds E0 on energies shifted by
 * `bkg_eshift`, the reader keeps the stored energies, so the offered E0 is bkg_e0 − eshift: on
 * Fe.prj's foil (eshift +5.81 eV) and Ge.prj (−8 eV) it lands where the derivative of the stored
 * data peaks, which bkg_e0 itself misses by the shift.
 */
import { describe, expect, it } from 'vitest';
import { athenaNormalisation } from '../../src/io/index.ts';
import { inspectJson, prepareMeasured, projectParameters } from '../../src/measured/index.ts';
import { dataPath } from '../helpers/data.ts';

const PRJ = (f: string) => dataPath('experimental', 'larch', 'xafsdata', 'AthenaProjectFiles', f);

describe('projectParameters', () => {
  it.each([
    ['Fe.prj', 7112, 5.81162],
    ['Ge.prj', 11103, -8],
  ])('%s: E0 on the stored energies is bkg_e0 − bkg_eshift, at the derivative maximum', (file, bkgE0, eshift) => {
    const p = prepareMeasured(PRJ(file));
    const pp = projectParameters(p)!;
    expect(pp.athena.e0).toBe(bkgE0);
    expect(pp.athena.eshift).toBeCloseTo(eshift, 5);
    expect(pp.e0).toBeCloseTo(bkgE0 - eshift, 5);
    // The stored data's own E0 (maximum of the derivative) agrees with the shifted-back E0 …
    expect(Math.abs(p.e0Ev - pp.e0)).toBeLessThan(0.5);
    // … and not with bkg_e0 as stored.
    expect(Math.abs(p.e0Ev - bkgE0)).toBeGreaterThan(Math.abs(eshift) - 0.5);
  });

  it('gives the ranges relative to E0 as stored, and the Athena normalisation order', () => {
    const pp = projectParameters(prepareMeasured(PRJ('FeO.prj')))!;
    expect(pp).toEqual({ e0: 7122.9272, pre1: -150, pre2: -30, norm1: 150, norm2: 861.1666, athena: { e0: 7122.9272, eshift: 0, nnorm: 3 } });
    // The same values sent back as overrides reproduce the project's E0 and ranges in the recipe.
    const again = prepareMeasured(PRJ('FeO.prj'), { preEdge: { e0Ev: pp.e0, pre1RelE0Ev: pp.pre1, pre2RelE0Ev: pp.pre2, norm1RelE0Ev: pp.norm1, norm2RelE0Ev: pp.norm2 } });
    expect(again.preEdge.recipe.pre1RelE0Ev).toBe(-150);
    expect(again.preEdge.recipe.norm1RelE0Ev).toBe(150);
  });

  it('is in the inspect JSON; null for files that are not Athena projects', () => {
    expect(inspectJson(prepareMeasured(PRJ('FeO.prj'))).projectParameters).toMatchObject({ e0: 7122.9272 });
    expect(inspectJson(prepareMeasured(dataPath('experimental', 'xaslib', 'Fe', 'Fe2O3_rt_01.xdi'))).projectParameters).toBeNull();
  });

  it('skips a group without a usable E0 and numbers it cannot read', () => {
    expect(athenaNormalisation({ bkg_pre1: '-150' })).toBeUndefined();
    expect(athenaNormalisation({ bkg_e0: '0' })).toBeUndefined();
    expect(athenaNormalisation({ bkg_e0: '7112', bkg_pre1: 'abc', bkg_nor2: '8.0D2' })).toEqual({ e0Ev: 7112, athenaE0Ev: 7112, eshiftEv: 0, norm2RelE0Ev: 800 });
  });
});
