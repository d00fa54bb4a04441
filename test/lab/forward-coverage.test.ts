/** The per-source coverage of a forward model's training spectra (lab/forward/coverage.ts). */
import { describe, expect, it } from 'vitest';
import { coverageBySource, coverageSteps } from '../../lab/forward/coverage.ts';

describe('forward training coverage', () => {
  const rows = [
    { source: 'cu', absorber: 'Cu', dataRangeEv: [-12, 140] as const },
    { source: 'cu', absorber: 'Cu', dataRangeEv: [-12, 140] as const },
    { source: 'fe', absorber: 'Fe', dataRangeEv: [-10, 49.1] as const },
    { source: 'fe', absorber: 'Fe', dataRangeEv: [-10, 51] as const },
  ];
  it('counts the rows of each source that reach an energy, within the tolerance', () => {
    const t = coverageBySource(rows, [-11, 49, 49.2, 50, 60], 0.125);
    expect(t.map((r) => r.bySource['fe (Fe)'])).toEqual([[0, 2], [2, 2], [2, 2], [1, 2], [0, 2]]);
    expect(t.map((r) => r.bySource['cu (Cu)']![0])).toEqual([2, 2, 2, 2, 2]);
  });
  it('finds where a source’s share changes', () => {
    const grid = Array.from({ length: 17 }, (_, i) => 48 + 0.25 * i);
    const steps = coverageSteps(coverageBySource(rows, grid, 0.125), 0.4);
    expect(steps).toEqual([
      { energyEv: 49.25, source: 'fe (Fe)', from: 1, to: 0.5 }, // 49.1 + 0.125 < 49.25
      { energyEv: 51.25, source: 'fe (Fe)', from: 0.5, to: 0 },
    ]);
  });
});
