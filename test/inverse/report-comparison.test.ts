import { describe, expect, it } from 'vitest';
import { buildComparison, type InverseReportSummary } from '../../lab/inverse/report-comparison.ts';

const metrics = (mse: number, fs: number): InverseReportSummary['metrics'] => ({
  mse: { median: mse, mean: 2 * mse },
  firstShellError: { median: fs, mean: 2 * fs },
  peakError1to3p5: { median: fs },
  peakError3p5to6: { median: 0.2 },
  coverageCalibrated: { median: 0.95 },
  pearsonSigmaMse: { calibrated: 0.3 },
});
const ref = (compound: string, errorAngstrom: number | undefined, feffCrystalSplit: string | null, group: string | null = null) => ({ compound, spectrum: `${compound}.xdi`, group, crystallographicAngstrom: 2, ...(errorAngstrom === undefined ? {} : { predictedAngstrom: 2 + errorAngstrom, errorAngstrom }), feffCrystalSplit });
const report = (id: string, measured: InverseReportSummary['measured'], crystalFs: number, trainedOn: boolean): InverseReportSummary => ({
  element: 'Fe',
  model: { id, version: '1.1.0', created: '2026-12-02T00:00:00Z' },
  training: { data: id },
  metrics: metrics(0.035, 0.019),
  testSplit: { source: 'fe-k-fdmnes-molecules', samples: 250 },
  measured,
  extraTestSplits: [{ source: 'fe-k-feff-crystals', trainedOn, samples: 18, medianMse: 1.8, firstShellErrorMedianAngstrom: crystalFs, firstShellErrorMeanAngstrom: 2 * crystalFs }],
});

describe('buildComparison', () => {
  const before = report('molecules', [ref('A', 0.1, 'train'), ref('B', 0.3, 'test'), ref('C', 0.05, null), ref('D', 0.2, 'train'), ref('E', 0.4, 'val', 'g')], 0.054, false);
  const after = report('crystals', [ref('A', 0.02, 'train'), ref('B', 0.25, 'test'), ref('C', 0.06, null), ref('D', undefined, 'train'), ref('E', 0.1, 'val', 'other-group')], 0.03, true);
  const md = buildComparison(before, after, 'reports/inverse-fe.json').join('\n');

  it('pairs the references by spectrum and group and takes medians over those both models scored', () => {
    // E has another group in the newer report: not paired. D has no error after: listed, not in the medians.
    expect(md).toMatch(/\| A \| train \| 2\.00 \| 2\.10 \/ 0\.100 \| 2\.02 \/ 0\.020 \| -0\.080 \|/);
    expect(md).not.toMatch(/\| E \|/);
    expect(md).toMatch(/\| D \| train \| 2\.00 \| 2\.20 \/ 0\.200 \| — \/ — \| — \|/);
    // A, B, C: before 0.1, 0.3, 0.05 → median 0.100; after 0.02, 0.25, 0.06 → 0.060.
    expect(md).toMatch(/\*\*median, all 3\*\* \| \| \| 0\.100 \| 0\.060 \|/);
    // Not a crystal training mineral: B (test) and C (not computed): before 0.175, after 0.155.
    expect(md).toMatch(/\*\*median, the 2 whose mineral is not a crystal training site\*\* \| \| \| 0\.175 \| 0\.155 \|/);
    expect(md).toMatch(/After is closer to the crystallographic first shell on 2 of 3 spectra\./);
  });

  it('puts the test splits side by side, saying when the earlier model never trained on the extra source', () => {
    expect(md).toMatch(/`fe-k-feff-crystals` held-out materials \(18 sites\): median MSE; first-shell error median \/ mean \(Å\) \| 1\.80; 0\.054 \/ 0\.108 \(never trained on the source\) \| 1\.80; 0\.030 \/ 0\.060 \|/);
    expect(md).toMatch(/`fe-k-fdmnes-molecules` \(250\): median \/ mean MSE of G2 \| 0\.0350 \/ 0\.0700 \| 0\.0350 \/ 0\.0700 \|/);
  });
});
