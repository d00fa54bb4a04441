/**
 * The maml-rfxas rows taken from the XAS Data Library are excluded as copies of xaslib spectra
 * (lab/benchmark/sources.ts): for the rows below the copy matches the xaslib file of shared/data in
 * shape (both scaled to their maximum over the row's 60 eV window, after edge-step normalisation of
 * the file), which backs that reason.
 */
import { describe, expect, it } from 'vitest';
import { readBenchmarkSpectrum } from '../../lab/benchmark/load.ts';
import { readSpectrum } from '../../src/io/index.ts';
import { defaultDataDir } from '../../src/paths.ts';
import { interpolate, normalize } from '../../src/spectrum/index.ts';

const dataDir = defaultDataDir();
const MATCHED: [string, string][] = [
  ['1:mp-714885-V', 'xaslib/V/VO.xdi'],
  ['2:mp-25787-V', 'xaslib/V/V2O3.xdi'],
  ['3:mp-19094-V', 'xaslib/V/VO2.xdi'],
  ['12:mp-715262-Fe', 'xaslib/Fe/FeO_rt_01.xdi'],
  ['14:mp-1692-Cu', 'xaslib/Cu/CuO_tenorite_13K_01.xdi'],
  ['15:mp-2133-Zn', 'xaslib/Zn/ZnO.xdi'],
];

function shapeDifference(row: string, file: string): number {
  const m = readBenchmarkSpectrum({ path: 'experimental/maml-rfxas/experiment.csv', row }, dataDir);
  const x = readSpectrum(`${dataDir}/experimental/${file}`);
  const xi = interpolate(x.energyEv, normalize(x.energyEv, x.mu).norm, m.energyEv, { outside: 'clamp' });
  const mx = Math.max(...xi);
  const mm = Math.max(...m.mu);
  let d = 0;
  for (let i = 0; i < xi.length; i++) d = Math.max(d, Math.abs(xi[i]! / mx - m.mu[i]! / mm));
  return d;
}

describe('maml-rfxas rows from the XAS Data Library are copies of xaslib files', () => {
  it.each(MATCHED)('%s matches %s within 0.03', (row, file) => {
    expect(shapeDifference(row, file)).toBeLessThan(0.03);
  });

  it('a different compound does not match (the comparison can fail)', () => {
    expect(shapeDifference('1:mp-714885-V', 'xaslib/V/V2O5.xdi')).toBeGreaterThan(0.1);
  });
});
