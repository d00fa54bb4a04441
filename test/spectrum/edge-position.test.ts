import { describe, expect, it } from 'vitest';
import { edgeAtFraction } from '../../src/spectrum/index.ts';
import { prepareMeasured } from '../../src/measured/index.ts';
import { dataPath } from '../helpers/data.ts';

/** A normalised arctan step centred at `centre` (½ there) on a 0.25 eV grid. */
function step(centre: number, width = 1.5) {
  const energyEv = Array.from({ length: 400 }, (_, i) => 7080 + 0.25 * i);
  const norm = energyEv.map((e) => 0.5 + Math.atan((e - centre) / width) / Math.PI);
  return { energyEv, norm };
}

describe('edgeAtFraction', () => {
  it('finds where the normalised μ reaches ½ (and another fraction) by linear interpolation', () => {
    const { energyEv, norm } = step(7120.1);
    expect(edgeAtFraction(energyEv, norm, 7120)).toBeCloseTo(7120.1, 2);
    const quarter = 7120.1 + 1.5 * Math.tan(Math.PI * (0.25 - 0.5));
    expect(edgeAtFraction(energyEv, norm, 7120, { level: 0.25 })).toBeCloseTo(quarter, 1);
  });

  it('skips a one-point spike through ½ before the edge and anything below E0 − 20 eV', () => {
    const { energyEv, norm } = step(7120.1);
    const spiked = [...norm];
    const i = energyEv.findIndex((e) => e >= 7110);
    spiked[i] = 0.9; // a glitch: the next points fall back below ½
    expect(edgeAtFraction(energyEv, spiked, 7120)).toBeCloseTo(7120.1, 2);
    const early = [...norm];
    early[5] = 0.8;
    early[6] = 0.8;
    early[7] = 0.8;
    early[8] = 0.8;
    expect(edgeAtFraction(energyEv, early, 7120)).toBeCloseTo(7120.1, 2);
  });

  it('is null when μ never reaches the level', () => {
    const { energyEv, norm } = step(7120.1);
    expect(edgeAtFraction(energyEv, norm.map((v) => 0.4 * v), 7120)).toBeNull();
  });

  it('puts measured Fe(II) edges ≈ 4 eV below Fe(III) ones (xaslib FeO and Fe2O3)', () => {
    const at = (file: string): number => {
      const p = prepareMeasured(dataPath('experimental', 'xaslib', 'Fe', file), { element: 'Fe' });
      return edgeAtFraction(p.spectrum.energyEv, p.preEdge.norm, p.e0Ev)!;
    };
    const feO = at('FeO_rt_01.xdi');
    const fe2O3 = at('Fe2O3_rt_01.xdi');
    expect(feO).toBeGreaterThan(7117);
    expect(fe2O3 - feO).toBeGreaterThan(3);
    expect(fe2O3 - feO).toBeLessThan(5);
  });
});
