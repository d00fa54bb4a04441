/**
 * FEFF10 for real, on one tiny structure (bcc Fe, 15-atom cluster, FMS 3 Å, no SCF: ≈ 5 s CPU).
 * Runs only where the binaries are: set XASINV_FEFF to the folder printed by
 * ../shared/tools/build-feff10.sh (CI can build it with that script); skipped otherwise.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { feffPreset, feffSiteSpectrum, findFeffBin } from '../../src/feff/index.ts';
import { parseFeffXmu } from '../../src/io/feff.ts';
import { Lattice, makeStructure } from '../../src/structure/index.ts';

const binDir = process.env.XASINV_FEFF ? findFeffBin() : undefined;
const fixtures = join(import.meta.dirname, 'fixtures');

describe.skipIf(!binDir)('FEFF10 run (XASINV_FEFF set)', () => {
  it('bcc Fe: writes the committed feff.inp and reproduces the committed xmu.dat', async () => {
    const fe = makeStructure({ lattice: Lattice.cubic(2.8665), species: ['Fe', 'Fe'], fracCoords: [0, 0, 0, 0.5, 0.5, 0.5], name: 'bcc Fe' });
    const preset = feffPreset('noscf', { radiusAngstrom: 4, cards: { FMS: '3.0 0' } });
    const r = await feffSiteSpectrum(fe, 0, { preset, binDir: binDir! });
    expect(r.input.text).toBe(readFileSync(join(fixtures, 'bcc-fe-noscf-feff.inp'), 'utf8'));
    expect(r.feffVersion).toMatch(/^FEFF 10\./);
    const ref = parseFeffXmu(readFileSync(join(fixtures, 'bcc-fe-noscf-xmu.dat'), 'latin1'), 'fixture');
    expect(r.spectrum.energyEv).toHaveLength(ref.energyEv.length);
    for (let i = 0; i < ref.energyEv.length; i++) {
      expect(Math.abs(r.spectrum.energyEv[i]! - ref.energyEv[i]!)).toBeLessThan(0.01);
      expect(Math.abs(r.spectrum.mu[i]! - ref.mu[i]!)).toBeLessThan(1e-3);
    }
  });
});
